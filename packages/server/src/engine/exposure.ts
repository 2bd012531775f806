import type { Merit, SizeClass } from '@detour/sdk';
import type { ExposureSnapshot } from '../store/store.js';
import type { CatalogueIndex } from './build.js';
import { digest } from './hash.js';

/** Attention a list position gets: 1/log2(1 + rank), rank from 1 (DCG's discount). */
export function positionWeight(rank: number): number {
  return 1 / Math.log2(1 + rank);
}

export interface EligibleVenue {
  venueId: string;
  sizeClass: SizeClass;
  /** For merit 'relevance': how much the venue has to offer (e.g. its upcoming performances). */
  merit: number;
}

export interface ExposureInput {
  network: string;
  /** When the totals were read (ISO); part of the id. */
  computedAt: string;
  /** Decayed, position-weighted impressions per venue id (from the store). */
  totals: Readonly<Record<string, number>>;
  merit: Merit;
  /** Venues that could have been shown: deserved attention is shared among these only. */
  eligible: readonly EligibleVenue[];
  /** For merit 'size-class': the share of attention each size class deserves (policy's size targets). */
  sizeShares?: Partial<Record<SizeClass, number>>;
}

/** The id of a network's exposure snapshot for the clock step starting at `computedAt` (ISO). */
export function exposureSnapshotId(network: string, computedAt: string): string {
  return `exp-${digest([network, computedAt])}`;
}

/**
 * Amortised exposure: what each venue received and what it deserved, both out of the same decayed
 * total, so that the fairness term compares like with like. Pure; the id is derived from the network
 * and the step (`computedAt`) only, so every replica names a step's snapshot alike.
 */
export function computeExposureSnapshot(input: ExposureInput): ExposureSnapshot {
  const eligible = [...input.eligible].sort((a, b) =>
    a.venueId < b.venueId ? -1 : a.venueId > b.venueId ? 1 : 0,
  );
  const ids = Object.keys(input.totals).sort();
  let total = 0;
  for (const id of ids) total += Math.max(0, input.totals[id]!);

  const share = new Map<string, number>();
  if (input.merit === 'equal') {
    for (const v of eligible) share.set(v.venueId, 1 / Math.max(1, eligible.length));
  } else if (input.merit === 'relevance') {
    let sum = 0;
    for (const v of eligible) sum += Math.max(0, v.merit);
    for (const v of eligible)
      share.set(v.venueId, sum > 0 ? Math.max(0, v.merit) / sum : 1 / eligible.length);
  } else {
    // By size class: each class gets its share (equal when not given), split equally within it.
    const byClass = new Map<SizeClass, number>();
    for (const v of eligible) byClass.set(v.sizeClass, (byClass.get(v.sizeClass) ?? 0) + 1);
    let classSum = 0;
    for (const c of byClass.keys()) classSum += input.sizeShares?.[c] ?? 1;
    for (const v of eligible) {
      const classShare = (input.sizeShares?.[v.sizeClass] ?? 1) / (classSum || 1);
      share.set(v.venueId, classShare / byClass.get(v.sizeClass)!);
    }
  }

  const venues: ExposureSnapshot['venues'] = {};
  for (const v of eligible)
    venues[v.venueId] = { received: input.totals[v.venueId] ?? 0, deserved: total * share.get(v.venueId)! };
  for (const id of ids) venues[id] ??= { received: input.totals[id]!, deserved: 0 };

  // One snapshot per network and clock step for the whole deployment: the id names the step, so replicas
  // that compute the same step concurrently collide on it and all keep the first one stored.
  const id = exposureSnapshotId(input.network, input.computedAt);
  return { id, network: input.network, computedAt: input.computedAt, venues };
}

/**
 * The venues that can be shown between `fromIso` and `toIso`, with their merit = number of bookable
 * performances then (a context-free stand-in for "relevance" that needs no request log).
 */
export function eligibleVenues(index: CatalogueIndex, fromIso: string, toIso: string): EligibleVenue[] {
  const from = Math.ceil(Date.parse(fromIso) / 60_000);
  const to = Math.ceil(Date.parse(toIso) / 60_000);
  const out: EligibleVenue[] = [];
  const venues = index.snapshot.venues;
  for (let v = 0; v < venues.length; v++) {
    const lo = lowerBound(index.perfStart, index.venueOffset[v]!, index.venueOffset[v + 1]!, from);
    const hi = lowerBound(index.perfStart, lo, index.venueOffset[v + 1]!, to);
    if (hi > lo) out.push({ venueId: venues[v]!.id, sizeClass: venues[v]!.sizeClass, merit: hi - lo });
  }
  return out;
}

/** First position in [lo, hi) of a sorted column whose value is ≥ x. */
export function lowerBound(column: Uint32Array, lo: number, hi: number, x: number): number {
  let a = lo;
  let b = hi;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (column[m]! < x) a = m + 1;
    else b = m;
  }
  return a;
}

/** φ per venue index: clip((deserved − received)/(deserved + 1), −1, 1); 0 for unknown venues. */
export function fairnessByVenue(
  index: CatalogueIndex,
  exposure: ExposureSnapshot | null,
): Float32Array | null {
  if (!exposure) return null;
  const cached = phiCache.get(exposure);
  if (cached && cached.index === index) return cached.phi;
  const phi = new Float32Array(index.snapshot.venues.length);
  for (const [id, e] of Object.entries(exposure.venues)) {
    const v = index.venueById.get(id);
    if (v === undefined) continue;
    phi[v] = Math.max(-1, Math.min(1, (e.deserved - e.received) / (e.deserved + 1)));
  }
  phiCache.set(exposure, { index, phi });
  return phi;
}

const phiCache = new WeakMap<ExposureSnapshot, { index: CatalogueIndex; phi: Float32Array }>();
