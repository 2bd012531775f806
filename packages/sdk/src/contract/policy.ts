import * as z from 'zod';
import { DateTimeSchema } from './catalogue.js';

/** The facets editors steer: each value of a facet can get a target share of the picks. */
export const FACETS = ['discipline', 'sizeClass', 'priceBand', 'audience'] as const;
export const FacetSchema = z.enum(FACETS);
export type Facet = z.infer<typeof FacetSchema>;

export const FacetPolicySchema = z
  .object({
    /** How much this facet weighs in the coverage term (0 = ignored). */
    weight: z.number().min(0).max(1),
    /** Target share per facet value; shares sum to 1. Values left out get no target. */
    targets: z.record(z.string(), z.number().min(0).max(1)),
  })
  .meta({ id: 'FacetPolicy' });
export type FacetPolicy = z.infer<typeof FacetPolicySchema>;

export const MeritSchema = z.enum(['relevance', 'equal', 'size-class']);
export type Merit = z.infer<typeof MeritSchema>;

export const PeriodSchema = z.enum(['tonight', 'weekend', 'week', 'month']);
export type Period = z.infer<typeof PeriodSchema>;

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

const r = POLICY_RANGES;

/** The tunable part of a policy, what an editor drafts. */
export const PolicySettingsSchema = z
  .object({
    facets: z.object({
      discipline: FacetPolicySchema,
      sizeClass: FacetPolicySchema,
      priceBand: FacetPolicySchema,
      audience: FacetPolicySchema,
    }),
    /** Diversity strength λ: 0 = relevance only. */
    lambda: z.number().min(r.lambda.min).max(r.lambda.max),
    /** Redundancy penalty ρ against picks too similar to those already chosen. */
    redundancy: z.number().min(r.redundancy.min).max(r.redundancy.max),
    /** At most this many picks per venue in one list. */
    venueCap: z.number().int().min(r.venueCap.min).max(r.venueCap.max),
    /** Of k picks, this many come from disciplines absent from the viewed show and the history. */
    discoverySlots: z.number().int().min(r.discoverySlots.min).max(r.discoverySlots.max),
    fairness: z.object({
      /** μ: weight of amortised venue-exposure fairness. */
      strength: z.number().min(r.fairnessStrength.min).max(r.fairnessStrength.max),
      /** How "deserved" attention is spread among venues. */
      merit: MeritSchema,
      /** Half-life of exposure counters, in days. */
      halfLifeDays: z.number().min(r.halfLifeDays.min).max(r.halfLifeDays.max),
    }),
    defaults: z.object({
      radiusKm: z.number().min(r.radiusKm.min).max(r.radiusKm.max),
      period: PeriodSchema,
    }),
  })
  .superRefine((p, ctx) => {
    for (const facet of FACETS) {
      const targets = Object.values(p.facets[facet].targets);
      if (targets.length === 0) continue;
      const sum = targets.reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > 0.01) {
        ctx.addIssue({
          code: 'custom',
          path: ['facets', facet, 'targets'],
          message: `target shares must sum to 100 % (they sum to ${Math.round(sum * 1000) / 10} %)`,
        });
      }
    }
  })
  .meta({ id: 'PolicySettings' });
export type PolicySettings = z.infer<typeof PolicySettingsSchema>;

/** A published, immutable policy version. */
export const PolicySchema = z
  .object({
    network: z.string(),
    version: z.number().int().min(1),
    settings: PolicySettingsSchema,
    publishedAt: DateTimeSchema,
    publishedBy: z.string(),
    comment: z.string().max(2000),
    restoredFrom: z.number().int().nullable(),
  })
  .meta({ id: 'Policy' });
export type Policy = z.infer<typeof PolicySchema>;

const Localised = z.object({ fr: z.string(), en: z.string() });

/** `GET /v1/policy`: the policy in force, in machine form and in plain words, with its history. */
export const PublicPolicySchema = z
  .object({
    policy: PolicySchema,
    description: z.object({
      objective: Localised,
      targets: z.array(Localised),
      dataUsed: z.array(Localised),
      dataNotUsed: z.array(Localised),
    }),
    lastChanged: DateTimeSchema,
    history: z.array(
      z.object({
        version: z.number().int(),
        publishedAt: DateTimeSchema,
        publishedBy: z.string(),
        comment: z.string(),
        restoredFrom: z.number().int().nullable(),
      }),
    ),
  })
  .meta({ id: 'PublicPolicy' });
export type PublicPolicy = z.infer<typeof PublicPolicySchema>;

/** The policy Détour ships with, as measured in the recommender design. */
export const DEFAULT_POLICY_SETTINGS: PolicySettings = {
  facets: {
    discipline: { weight: 1, targets: {} },
    sizeClass: { weight: 0.8, targets: { petit: 0.4, moyen: 0.3, grand: 0.2, institution: 0.1 } },
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
