import { FACETS, type Facet, type PolicySettings } from '../../packages/sdk/src/index.js';
import {
  type CatalogueIndex,
  cosine,
  type PoolCandidate,
  showSimilarity,
} from '../../packages/server/src/engine/index.js';
import { FACET_VALUES } from '../../packages/server/src/engine/policy.js';
import type { ListItem } from './methods.js';

const SMALL = 0; // SIZE_CLASS_IDS.indexOf('petit')

/** Facet value code of an item (same codes as the engine's). */
export function facetCode(index: CatalogueIndex, facet: Facet, item: ListItem): number {
  if (facet === 'discipline') return index.showDiscipline[item.showIndex]!;
  if (facet === 'sizeClass') return index.venueSize[item.venueIndex]!;
  if (facet === 'priceBand') return item.priceBand;
  return index.showAudience[item.showIndex]!;
}

/** Jensen–Shannon divergence (base 2, in [0, 1]) of two distributions. */
export function jensenShannon(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i]! + q[i]!) / 2;
    if (p[i]! > 0) js += 0.5 * p[i]! * Math.log2(p[i]! / m);
    if (q[i]! > 0) js += 0.5 * q[i]! * Math.log2(q[i]! / m);
  }
  return js;
}

/** Per-list measures. */
export interface ListMetrics {
  ild: number;
  textIld: number;
  listLength: number;
  poolSize: number;
  /** Distinct disciplines among the pool's best 300: the ceiling for distinct disciplines @k. */
  poolDisciplines: number;
  distinctDisciplines: number;
  companyDiversity: number;
  /** β-weighted mean JS divergence to the editors' targets (restricted to values in the pool). */
  targetDivergence: number;
  disciplineDivergence: number;
  sizeDivergence: number;
  smallVenueShare: number;
  poolSmallVenueShare: number;
  /** Most small-venue share a list of this length can have: distinct small venues in the pool (cap 1 per venue). */
  smallVenueCeiling: number;
  unexpectedness: number | null;
  relevanceRetained: number;
  meanDistanceKm: number;
  meanHoursUntil: number;
}

export function listMetrics(
  index: CatalogueIndex,
  list: ListItem[],
  pool: PoolCandidate[],
  settings: PolicySettings,
  history: number[],
  nowMs: number,
): ListMetrics {
  const n = list.length;
  let ild = 0;
  let textIld = 0;
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      ild += 1 - showSimilarity(index, list[i]!.showIndex, list[j]!.showIndex);
      textIld += 1 - cosine(index.text, list[i]!.showIndex, list[j]!.showIndex);
      pairs++;
    }
  }
  const top = pool.slice(0, 300);
  // Divergence to targets, as the engine reads them: restricted to the values present in the pool.
  let weighted = 0;
  let weights = 0;
  const perFacet: Record<string, number> = {};
  for (const facet of FACETS) {
    const values = FACET_VALUES[facet].length;
    const present = new Uint8Array(values);
    for (const c of top) present[facetCode(index, facet, c)] = 1;
    const { targets, weight } = settings.facets[facet];
    const explicit = Object.keys(targets).length > 0;
    const target = new Float64Array(values);
    let sum = 0;
    for (let v = 0; v < values; v++) {
      if (!present[v]) continue;
      target[v] = explicit ? (targets[FACET_VALUES[facet][v]!] ?? 0) : 1;
      sum += target[v]!;
    }
    const got = new Float64Array(values);
    for (const item of list) got[facetCode(index, facet, item)]! += 1 / n;
    if (sum === 0) continue;
    for (let v = 0; v < values; v++) target[v]! /= sum;
    const js = jensenShannon(got, target);
    perFacet[facet] = js;
    weighted += weight * js;
    weights += weight;
  }
  const companies = new Set(
    list.map((x) => index.showCompany[x.showIndex] ?? -1).map((c, i) => (c < 0 ? `none${i}` : c)),
  );
  const ideal = pool.slice(0, n).reduce((a, c) => a + c.relevance, 0);
  return {
    listLength: n,
    poolSize: pool.length,
    poolDisciplines: Math.min(n, new Set(top.map((x) => index.showDiscipline[x.showIndex])).size),
    ild: pairs ? ild / pairs : 0,
    textIld: pairs ? textIld / pairs : 0,
    distinctDisciplines: new Set(list.map((x) => index.showDiscipline[x.showIndex])).size,
    companyDiversity: companies.size / n,
    targetDivergence: weights ? weighted / weights : 0,
    disciplineDivergence: perFacet.discipline ?? 0,
    sizeDivergence: perFacet.sizeClass ?? 0,
    smallVenueShare: list.filter((x) => index.venueSize[x.venueIndex] === SMALL).length / n,
    poolSmallVenueShare: top.filter((x) => index.venueSize[x.venueIndex] === SMALL).length / top.length,
    smallVenueCeiling:
      Math.min(
        n,
        new Set(top.filter((x) => index.venueSize[x.venueIndex] === SMALL).map((x) => x.venueIndex)).size,
      ) / n,
    unexpectedness:
      history.length === 0
        ? null
        : list.reduce(
            (a, x) => a + 1 - Math.max(...history.map((h) => showSimilarity(index, x.showIndex, h))),
            0,
          ) / n,
    relevanceRetained: ideal > 0 ? list.reduce((a, x) => a + x.relevance, 0) / ideal : 1,
    meanDistanceKm: list.reduce((a, x) => a + x.distanceKm, 0) / n,
    meanHoursUntil: list.reduce((a, x) => a + (x.startMs - nowMs) / 3_600_000, 0) / n,
  };
}

/** Gini coefficient of non-negative values (0 = equal; zero entries count). */
export function gini(values: number[]): number {
  const xs = [...values].sort((a, b) => a - b);
  const n = xs.length;
  const total = xs.reduce((a, b) => a + b, 0);
  if (n === 0 || total === 0) return 0;
  let cum = 0;
  for (let i = 0; i < n; i++) cum += (i + 1) * xs[i]!;
  return (2 * cum) / (n * total) - (n + 1) / n;
}
