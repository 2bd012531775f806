import type { PolicySettings } from './policy.js';

/**
 * Contract constants without zod, so that the core client and the widget can use them at run time
 * without pulling schema code. The schemas in the sibling files are built from these.
 */

export const MAX_RADIUS_KM = 200;
export const MAX_K = 50;
export const MAX_HISTORY = 20;
/** Most venues a request may leave out (`excludeVenue`). */
export const MAX_EXCLUDED_VENUES = 20;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The longest time window a request may ask for (recommendations, similar shows, search), in days. */
export const MAX_WINDOW_DAYS = 366;

/** Named time windows of a recommendation request. */
export const PERIODS = ['tonight', 'weekend', 'week', 'month'] as const;

/** The facets editors steer: each value of a facet can get a target share of the picks. */
export const FACETS = ['discipline', 'sizeClass', 'priceBand', 'audience'] as const;

/** Safe ranges shown to editors and enforced by validation. */
export const POLICY_RANGES = {
  lambda: { min: 0, max: 0.75 },
  redundancy: { min: 0, max: 1 },
  venueCap: { min: 1, max: 10 },
  discoverySlots: { min: 0, max: 10 },
  fairnessStrength: { min: 0, max: 0.3 },
  halfLifeDays: { min: 1, max: 90 },
  radiusKm: { min: 1, max: 200 },
} as const;

/** The policy Détour ships with, as measured in the recommender design. */
export const DEFAULT_POLICY_SETTINGS: PolicySettings = {
  facets: {
    discipline: { weight: 1, targets: {} },
    // Tuned on bench/quality (see bench/results/quality.md): small venues are half of all venues but
    // only ~38 % of a typical candidate pool (they play less often), so the spec's 40 % target was
    // neutral and did not lift them. 75 % with weight 1 gives them ~1.55× their relevance-only share of
    // slots at ~88 % relevance retained (70 % sat exactly on 1.5×).
    sizeClass: { weight: 1, targets: { petit: 0.75, moyen: 0.17, grand: 0.06, institution: 0.02 } },
    priceBand: { weight: 0.3, targets: {} },
    audience: { weight: 0.3, targets: {} },
  },
  lambda: 0.5,
  redundancy: 0.3,
  venueCap: 1,
  discoverySlots: 2,
  fairness: { strength: 0.15, merit: 'relevance', halfLifeDays: 14 },
  defaults: { radiusKm: 20, period: 'week' },
};
