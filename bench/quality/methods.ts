import type { Policy } from '../../packages/sdk/src/index.js';
import {
  type CatalogueIndex,
  type EngineRequest,
  type PoolCandidate,
  recommend,
  showSimilarity,
} from '../../packages/server/src/engine/index.js';
import type { ExposureSnapshot } from '../../packages/server/src/store/store.js';

/** A list as the metrics see it. */
export interface ListItem {
  showIndex: number;
  venueIndex: number;
  distanceKm: number;
  startMs: number;
  priceBand: number;
  relevance: number;
}

export type MethodName =
  | 'nearest + soonest'
  | 'relevance only'
  | 'round-robin by discipline'
  | 'MMR'
  | 'ours';
export const METHODS: MethodName[] = [
  'nearest + soonest',
  'relevance only',
  'round-robin by discipline',
  'MMR',
  'ours',
];

/** Everything a method may use: the same pool for all (the engine's candidates and relevance). */
export interface MethodInput {
  index: CatalogueIndex;
  request: EngineRequest;
  /** Candidates, best relevance first. */
  pool: PoolCandidate[];
  policy: Policy;
  exposure: ExposureSnapshot | null;
}

/** Shows closest in distance and time, equally weighted over the radius and the window. */
function nearestSoonest({ request, pool }: MethodInput): PoolCandidate[] {
  const now = Date.parse(request.now);
  const windowMs = Math.max(1, Date.parse(request.to) - Math.max(now, Date.parse(request.from)));
  const key = (c: PoolCandidate) => c.distanceKm / request.radiusKm + (c.startMs - now) / windowMs;
  return [...pool].sort((a, b) => key(a) - key(b) || a.showIndex - b.showIndex).slice(0, request.k);
}

/** Top-k by the engine's relevance. */
function relevanceOnly({ request, pool }: MethodInput): PoolCandidate[] {
  return pool.slice(0, request.k);
}

/** Pass Culture's production diversifier: disciplines in turn, each giving its best remaining show. */
function roundRobin({ index, request, pool }: MethodInput): PoolCandidate[] {
  const queues = new Map<number, PoolCandidate[]>();
  for (const c of pool) {
    const d = index.showDiscipline[c.showIndex]!;
    let q = queues.get(d);
    if (!q) {
      q = [];
      queues.set(d, q);
    }
    q.push(c);
  }
  const order = [...queues.values()]; // insertion order = order of each discipline's best show
  const out: PoolCandidate[] = [];
  while (out.length < request.k && order.some((q) => q.length > 0)) {
    for (const q of order) {
      const c = q.shift();
      if (c && out.length < request.k) out.push(c);
    }
  }
  return out;
}

/** Maximal marginal relevance (λ = 0.5) over the top 300, with the engine's similarity. */
function mmr({ index, request, pool }: MethodInput): PoolCandidate[] {
  const cands = pool.slice(0, 300);
  const red = new Float64Array(cands.length);
  const used = new Uint8Array(cands.length);
  const out: PoolCandidate[] = [];
  while (out.length < Math.min(request.k, cands.length)) {
    let best = -1;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < cands.length; i++) {
      if (used[i]) continue;
      const s = 0.5 * cands[i]!.relevance - 0.5 * red[i]!;
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    used[best] = 1;
    out.push(cands[best]!);
    for (let i = 0; i < cands.length; i++) {
      if (!used[i])
        red[i] = Math.max(red[i]!, showSimilarity(index, cands[i]!.showIndex, cands[best]!.showIndex));
    }
  }
  return out;
}

/** The engine, policy in force, exposure snapshot of the moment. */
function ours({ index, request, pool, policy, exposure }: MethodInput): ListItem[] {
  const relevance = new Map(pool.map((c) => [c.showIndex, c.relevance]));
  return recommend(index, request, policy, exposure).picks.map((p) => {
    const j = findPerf(index, p.venueId, p.performanceRowId);
    return {
      showIndex: p.showIndex,
      venueIndex: index.venueById.get(p.venueId)!,
      distanceKm: p.distanceKm,
      startMs: index.perfStart[j]! * 60_000,
      priceBand: index.perfPriceBand[j]!,
      relevance: relevance.get(p.showIndex) ?? 0,
    };
  });
}

function findPerf(index: CatalogueIndex, venueId: string, rowId: number): number {
  const v = index.venueById.get(venueId)!;
  for (let j = index.venueOffset[v]!; j < index.venueOffset[v + 1]!; j++) {
    if (index.snapshot.performances.rowId[index.perfRef[j]!] === rowId) return j;
  }
  throw new Error(`performance ${rowId} not found at ${venueId}`);
}

/** Runs a method on one context. */
export function runMethod(name: MethodName, input: MethodInput): ListItem[] {
  switch (name) {
    case 'nearest + soonest':
      return nearestSoonest(input);
    case 'relevance only':
      return relevanceOnly(input);
    case 'round-robin by discipline':
      return roundRobin(input);
    case 'MMR':
      return mmr(input);
    case 'ours':
      return ours(input);
  }
}
