import {
  DISCIPLINE_IDS,
  DISCIPLINES,
  type Facet,
  PERIODS,
  type Period,
  type Policy,
  type PolicySettings,
  type PreviewMetrics,
  type PreviewPool,
  type RecommendationResponse,
  type Share,
  SIZE_CLASS_IDS,
  SIZE_CLASSES,
} from '@detour/sdk';
import type { CatalogueView } from '../../app-state.js';
import { lowerBound } from '../../engine/exposure.js';
import { distanceKm } from '../../engine/geo.js';
import { fnv1a } from '../../engine/hash.js';
import {
  type CatalogueIndex,
  EngineInputError,
  type EnginePick,
  type EngineRequest,
  type EngineResult,
  positionWeight,
  recommend,
  showSimilarity,
} from '../../engine/index.js';
import type { ExposureSnapshot } from '../../store/store.js';
import { periodWindow } from '../period.js';
import { invalidField } from '../problem.js';
import { jensenShannon, lorenz, mean, round } from './metrics.js';
import { previewPool } from './pool.js';

/** Points sampled around the preview's place (the place itself included). */
export const SAMPLE_POINTS = 12;
/** Sampled points lie within this fraction of the radius around the place. */
const SAMPLE_SPREAD = 0.5;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * Seeded points around a place: the place, then a golden-angle spiral out to half the radius, rotated by
 * a hash of the place so that two places do not share one pattern. Same place and radius ⇒ same points.
 */
export function samplePoints(lat: number, lon: number, radiusKm: number, n = SAMPLE_POINTS) {
  const rotation = (fnv1a(`${lat.toFixed(3)},${lon.toFixed(3)}`) / 0x1_0000_0000) * 2 * Math.PI;
  const kmPerDegLat = 111.32;
  const kmPerDegLon = 111.32 * Math.cos((lat * Math.PI) / 180) || 1e-6;
  const points = [{ lat, lon }];
  for (let i = 1; i < n; i++) {
    const r = radiusKm * SAMPLE_SPREAD * Math.sqrt(i / (n - 1));
    const a = rotation + i * GOLDEN_ANGLE;
    points.push({
      lat: Math.max(-90, Math.min(90, lat + (r * Math.sin(a)) / kmPerDegLat)),
      lon: lon + (r * Math.cos(a)) / kmPerDegLon,
    });
  }
  return points;
}

export interface PreviewInput {
  view: CatalogueView;
  current: Policy;
  /** The draft, already validated. */
  draft: PolicySettings;
  exposure: ExposureSnapshot | null;
  place: { lat: number; lon: number };
  radiusKm: number;
  period: Period;
  k: number;
  now: Date;
}

export interface PreviewRun {
  window: { from: string; to: string };
  current: EngineResult;
  draft: EngineResult;
  metrics: { current: PreviewMetrics; draft: PreviewMetrics };
  /** Venue ids of the area (with something on in the next 30 days, or picked), for exposure charts. */
  areaVenues: string[];
  /** What the area offers per facet value (the sampled lists' reach: the radius plus the sample's spread). */
  pool: PreviewPool;
  contexts: number;
}

function run(
  index: CatalogueIndex,
  request: EngineRequest,
  policy: Policy,
  exposure: ExposureSnapshot | null,
) {
  try {
    return recommend(index, request, policy, exposure);
  } catch (error) {
    if (error instanceof EngineInputError) throw invalidField(error.field, error.message);
    throw error;
  }
}

/**
 * Runs the engine under the policy in force and under the draft: the main list at the place, and a
 * sample of contexts (seeded points × every period) on which list metrics are averaged. The draft runs
 * under the current version number, so the seeded tie-breaks match and only the settings differ.
 */
export function runPreview(input: PreviewInput): PreviewRun {
  const { view, current, draft, exposure, place, radiusKm, period, k, now } = input;
  const index = view.index;
  const draftPolicy: Policy = { ...current, settings: draft };
  const nowIso = now.toISOString();
  const window = periodWindow(period, now.getTime());
  const base = { radiusKm, k, now: nowIso };
  const main = { ...base, lat: place.lat, lon: place.lon, ...window };

  const points = samplePoints(place.lat, place.lon, radiusKm);
  const contexts: EngineRequest[] = [];
  for (const point of points) {
    for (const p of PERIODS) contexts.push({ ...base, ...point, ...periodWindow(p, now.getTime()) });
  }
  const sample = (policy: Policy) => contexts.map((request) => run(index, request, policy, exposure).picks);
  const currentLists = sample(current);
  const draftLists = sample(draftPolicy);

  const month = periodWindow('month', now.getTime());
  const area = areaOf(index, place, radiusKm * (1 + SAMPLE_SPREAD), month);
  for (const list of [...currentLists, ...draftLists]) for (const pick of list) area.add(pick.venueId);
  const areaVenues = [...area].sort();
  const targets = {
    discipline: targetShares(
      draft,
      'discipline',
      DISCIPLINE_IDS,
      availableDisciplines(index, place, radiusKm, month),
    ),
    sizeClass: targetShares(draft, 'sizeClass', SIZE_CLASS_IDS, null),
  };
  return {
    window,
    current: run(index, main, current, exposure),
    draft: run(index, main, draftPolicy, exposure),
    metrics: {
      current: measure(index, currentLists, targets, areaVenues),
      draft: measure(index, draftLists, targets, areaVenues),
    },
    areaVenues,
    pool: previewPool(index, place, radiusKm * (1 + SAMPLE_SPREAD), month),
    contexts: contexts.length,
  };
}

/** Venues within `radiusKm` of the place with a bookable performance in the window. */
function areaOf(
  index: CatalogueIndex,
  place: { lat: number; lon: number },
  radiusKm: number,
  window: { from: string; to: string },
): Set<string> {
  const out = new Set<string>();
  const from = Math.ceil(Date.parse(window.from) / 60_000);
  const to = Math.ceil(Date.parse(window.to) / 60_000);
  const venues = index.snapshot.venues;
  for (let v = 0; v < venues.length; v++) {
    if (distanceKm(place.lat, place.lon, index.venueLat[v]!, index.venueLon[v]!) > radiusKm) continue;
    const lo = lowerBound(index.perfStart, index.venueOffset[v]!, index.venueOffset[v + 1]!, from);
    if (lo < index.venueOffset[v + 1]! && index.perfStart[lo]! < to) out.add(venues[v]!.id);
  }
  return out;
}

/** Discipline codes with something on within the radius in the window (what a target can be met with). */
function availableDisciplines(
  index: CatalogueIndex,
  place: { lat: number; lon: number },
  radiusKm: number,
  window: { from: string; to: string },
): Set<number> {
  const found = new Set<number>();
  const from = Math.ceil(Date.parse(window.from) / 60_000);
  const to = Math.ceil(Date.parse(window.to) / 60_000);
  for (let v = 0; v < index.snapshot.venues.length; v++) {
    if (distanceKm(place.lat, place.lon, index.venueLat[v]!, index.venueLon[v]!) > radiusKm) continue;
    const end = index.venueOffset[v + 1]!;
    for (let i = lowerBound(index.perfStart, index.venueOffset[v]!, end, from); i < end; i++) {
      if (index.perfStart[i]! >= to) break;
      found.add(index.showDiscipline[index.perfShow[i]!]!);
    }
  }
  return found;
}

interface Targets {
  /** Share per value code (sums to 1, or all zero when nothing is available). */
  shares: number[];
  explicit: boolean;
}

/**
 * The target distribution of a facet: the draft's shares when set; otherwise, as the engine does, an
 * equal share for every value available (all values when availability is not known).
 */
function targetShares(
  settings: PolicySettings,
  facet: Facet,
  ids: readonly string[],
  available: Set<number> | null,
): Targets {
  const set = settings.facets[facet].targets;
  if (Object.keys(set).length > 0) return { shares: ids.map((id) => set[id] ?? 0), explicit: true };
  const shares = ids.map((_, i): number => (available === null || available.has(i) ? 1 : 0));
  const sum = shares.reduce((a, b) => a + b, 0);
  return { shares: shares.map((s) => (sum > 0 ? s / sum : 0)), explicit: false };
}

function shareRows(
  counts: number[],
  ids: readonly string[],
  labels: Record<string, { fr: string }>,
  targets: Targets,
): Share[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return ids.map((id, i) => ({
    value: id,
    label: labels[id]?.fr ?? id,
    share: total > 0 ? round(counts[i]! / total) : 0,
    target: targets.explicit ? round(targets.shares[i]!) : null,
  }));
}

/** Averages over the non-empty sampled lists, pooled shares, and the exposure the lists would give. */
function measure(
  index: CatalogueIndex,
  lists: EnginePick[][],
  targets: { discipline: Targets; sizeClass: Targets },
  areaVenues: readonly string[],
): PreviewMetrics {
  const distinct: number[] = [];
  const small: number[] = [];
  const divergence: number[] = [];
  const ild: number[] = [];
  const disciplineCounts = new Array<number>(DISCIPLINE_IDS.length).fill(0);
  const sizeCounts = new Array<number>(SIZE_CLASS_IDS.length).fill(0);
  const exposure = new Map<string, number>(areaVenues.map((id): [string, number] => [id, 0]));
  const smallCode = SIZE_CLASS_IDS.indexOf('petit');
  for (const list of lists) {
    if (list.length === 0) continue;
    const d = new Array<number>(DISCIPLINE_IDS.length).fill(0);
    const s = new Array<number>(SIZE_CLASS_IDS.length).fill(0);
    list.forEach((pick, rank) => {
      d[index.showDiscipline[pick.showIndex]!]!++;
      const venue = index.venueById.get(pick.venueId);
      if (venue !== undefined) s[index.venueSize[venue]!]!++;
      exposure.set(pick.venueId, (exposure.get(pick.venueId) ?? 0) + positionWeight(rank + 1));
    });
    d.forEach((c, i) => {
      disciplineCounts[i]! += c;
    });
    s.forEach((c, i) => {
      sizeCounts[i]! += c;
    });
    distinct.push(d.filter((c) => c > 0).length);
    small.push(s[smallCode]! / list.length);
    divergence.push(
      (jensenShannon(d, targets.discipline.shares) + jensenShannon(s, targets.sizeClass.shares)) / 2,
    );
    if (list.length > 1) {
      let sum = 0;
      let pairs = 0;
      for (let a = 0; a < list.length; a++) {
        for (let b = a + 1; b < list.length; b++) {
          sum += 1 - showSimilarity(index, list[a]!.showIndex, list[b]!.showIndex);
          pairs++;
        }
      }
      ild.push(sum / pairs);
    }
  }
  return {
    lists: distinct.length,
    distinctDisciplines: round(mean(distinct)),
    smallVenueShare: round(mean(small)),
    divergence: round(mean(divergence)),
    intraListDiversity: round(Math.min(1, Math.max(0, mean(ild)))),
    disciplineShares: shareRows(disciplineCounts, DISCIPLINE_IDS, DISCIPLINES, targets.discipline),
    sizeClassShares: shareRows(sizeCounts, SIZE_CLASS_IDS, SIZE_CLASSES, targets.sizeClass),
    exposure: lorenz([...exposure.values()]),
  };
}

/** The engine result as the public response shape (the same as `GET /v1/recommendations`). */
export function asResponse(
  result: EngineResult,
  request: { lat: number; lon: number; radiusKm: number; from: string; to: string; k: number },
  items: RecommendationResponse['items'],
  attribution: string[],
): RecommendationResponse {
  return {
    items,
    context: { ...request, locale: 'fr' },
    empty: result.empty,
    policyVersion: result.policyVersion,
    snapshotId: result.snapshotId,
    seed: result.seed,
    attribution,
  };
}
