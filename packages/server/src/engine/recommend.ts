import {
  ACCESSIBILITY_IDS,
  AUDIENCE_IDS,
  DISCIPLINE_IDS,
  type Discipline,
  FACETS,
  type Facet,
  MAX_K,
  MAX_RADIUS_KM,
  type Policy,
  PRICE_BAND_IDS,
  type Reason,
  type RecommendationRequest,
  type RecommendationResponse,
  SIZE_CLASS_IDS,
} from '@detour/sdk';
import type { ExposureSnapshot } from '../store/store.js';
import { type CatalogueIndex, growCandidates, MEMO_SIZE, PRESCORE_LIMIT } from './build.js';

export { PRESCORE_LIMIT } from './build.js';

import { fairnessByVenue, lowerBound } from './exposure.js';
import { parisDay } from './format.js';
import { boundingBox, LocalDistance } from './geo.js';
import { digest, fnv1a, unitHash } from './hash.js';
import { compileFacets } from './policy.js';
import {
  coverageReason,
  discoveryReason,
  distanceReason,
  freeFact,
  novelReason,
  similarReason,
  timeReason,
  underexposedReason,
  unlikeOthersReason,
} from './reasons.js';
import { type RerankPool, rerank, type ScoreTerms, type Step } from './rerank.js';
import { QuerySimilarity } from './similarity.js';
import { rangePositions } from './tree.js';

export type { ScoreTerms } from './rerank.js';

/** What the engine is asked: the public request plus the request's clock (the engine never reads one). */
export interface EngineRequest extends RecommendationRequest {
  now: string;
}

/** Why a pick won, in numbers: its terms, the runner-up's, and the parts of the two composite terms. */
export interface PickExplanation {
  terms: ScoreTerms;
  /** The best candidate not picked at that step (null when none was left). */
  runnerUp: ScoreTerms | null;
  /** Set when a discovery slot forced the pick over the unconstrained best. */
  forced: 'discovery' | null;
  /** The term whose margin over the runner-up was largest (or 'discovery' when forced). */
  winningTerm: 'relevance' | 'coverage' | 'fairness' | 'discovery';
  relevanceParts: RelevanceParts;
  coverageParts: Record<Facet, number>;
}

/** Weighted contributions to (1 − λ)·rel. */
export interface RelevanceParts {
  distance: number;
  time: number;
  similar: number;
  novelty: number;
}

export interface EnginePick {
  showId: string;
  showIndex: number;
  performanceRowId: number;
  venueId: string;
  distanceKm: number;
  score: number;
  reasons: Reason[];
  /** The score decomposition behind `reasons` (for tests, audits and the editor console). */
  explanation: PickExplanation;
}

export interface EngineResult {
  picks: EnginePick[];
  empty: RecommendationResponse['empty'];
  policyVersion: number;
  snapshotId: string;
  seed: string;
}

/** A request the engine cannot serve as given (the HTTP layer validates first; this guards the module edge). */
export class EngineInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'EngineInputError';
  }
}

/** similarShows was asked about a show that is not in the catalogue. */
export class UnknownShowError extends Error {
  constructor(readonly showId: string) {
    super(`unknown show: ${showId}`);
    this.name = 'UnknownShowError';
  }
}

const MEMO_MASK = MEMO_SIZE - 1;

/** Candidates kept for re-ranking (the spec's M). */
export const RERANK_POOL = 300;
/** Scale of the jitter term: a tie-breaker, far below any real difference. */
export const JITTER = 0.005;

/** Relevance term weights; terms that do not apply to a request weigh 0. */
export const RELEVANCE_WEIGHTS = {
  distance: 1,
  time: 0.6,
  similar: 1,
  novelty: 0.5,
  similarShows: 1.5,
} as const;

interface Mode {
  kind: 'recommend' | 'similar';
  /** The anchor show for 'similar', the viewed show for 'recommend' (or -1). */
  anchor: number;
}

/** Ranked, diversified, explained shows around a place and a time window. Pure and deterministic. */
export function recommend(
  index: CatalogueIndex,
  request: EngineRequest,
  policy: Policy,
  exposure: ExposureSnapshot | null,
): EngineResult {
  const viewed = request.show !== undefined ? (index.showById.get(request.show) ?? -1) : -1;
  return run(index, request, policy, exposure, { kind: 'recommend', anchor: viewed });
}

/**
 * "If you are interested in X": shows like X around the request's place and window, X itself excluded,
 * diversified by the same policy. Throws UnknownShowError when X is not in the catalogue.
 */
export function similarShows(
  index: CatalogueIndex,
  showId: string,
  request: EngineRequest,
  policy: Policy,
  exposure: ExposureSnapshot | null,
): EngineResult {
  const anchor = index.showById.get(showId);
  if (anchor === undefined) throw new UnknownShowError(showId);
  return run(index, { ...request, show: showId }, policy, exposure, { kind: 'similar', anchor });
}

function checkRequest(request: EngineRequest): { nowMs: number; fromMs: number; toMs: number } {
  const nowMs = Date.parse(request.now);
  const fromMs = Date.parse(request.from);
  const toMs = Date.parse(request.to);
  if (!Number.isFinite(nowMs)) throw new EngineInputError('now', 'now must be an ISO date-time');
  if (!Number.isFinite(fromMs) || !Number.isFinite(toMs))
    throw new EngineInputError('from', 'from/to must be ISO date-times');
  if (!(request.radiusKm > 0 && request.radiusKm <= MAX_RADIUS_KM)) {
    throw new EngineInputError('radiusKm', `radius must be in (0, ${MAX_RADIUS_KM}] km`);
  }
  if (!(Number.isInteger(request.k) && request.k >= 1 && request.k <= MAX_K)) {
    throw new EngineInputError('k', `k must be an integer in [1, ${MAX_K}]`);
  }
  if (!(Math.abs(request.lat) <= 90 && Math.abs(request.lon) <= 180)) {
    throw new EngineInputError('lat', 'lat/lon out of range');
  }
  return { nowMs, fromMs, toMs };
}

/** The seed: everything that legitimately changes the answer, rounded so near-identical requests share it. */
export function requestSeed(
  request: EngineRequest,
  policy: Policy,
  exposure: ExposureSnapshot | null,
  mode: string,
): string {
  const nowMs = Date.parse(request.now);
  const hour = (iso: string) => Math.floor(Date.parse(iso) / 3_600_000);
  return digest([
    mode,
    request.lat.toFixed(2),
    request.lon.toFixed(2),
    request.radiusKm,
    hour(request.from),
    hour(request.to),
    request.show ?? '',
    [...(request.history ?? [])].sort().join(','),
    policy.version,
    exposure?.id ?? '',
    parisDay(nowMs),
    // Only when given, so that the seeds of requests without it stay as they were.
    ...(request.excludeVenue?.length ? [[...request.excludeVenue].sort().join(',')] : []),
  ]);
}

const EMPTY_TEXT = {
  'nothing-in-area': (r: number) => ({
    fr: `Aucun spectacle à venir dans un rayon de ${r} km : essayez un rayon plus large.`,
    en: `No upcoming shows within ${r} km: try a wider radius.`,
  }),
  'nothing-in-window': () => ({
    fr: 'Rien de programmé à ces dates dans ce rayon : essayez d’autres dates.',
    en: 'Nothing on at these dates within this radius: try other dates.',
  }),
  'filtered-out': () => ({
    fr: 'Des spectacles sont programmés, mais aucun ne correspond à vos filtres.',
    en: 'Shows are on, but none matches your filters.',
  }),
} as const;

const PRICE_FREE = PRICE_BAND_IDS.indexOf('gratuit');

/** A candidate with its relevance, as the evaluation's baselines see it. */
export interface PoolCandidate {
  showIndex: number;
  venueIndex: number;
  performanceRowId: number;
  distanceKm: number;
  startMs: number;
  /** Price band code (index into PRICE_BAND_IDS). */
  priceBand: number;
  relevance: number;
}

/**
 * The candidates of a request (one per show, best occurrence) with the engine's relevance, best first,
 * at most PRESCORE_LIMIT: what the re-ranker starts from. For evaluation and the editor console's
 * previews; `recommend` does not call it.
 */
export function relevancePool(index: CatalogueIndex, request: EngineRequest): PoolCandidate[] {
  const times = checkRequest(request);
  const viewed = request.show !== undefined ? (index.showById.get(request.show) ?? -1) : -1;
  const scored = scorePool(index, request, { kind: 'recommend', anchor: viewed }, times);
  if ('empty' in scored) return [];
  const sc = index.scratch;
  const out = Array.from(scored.pool, (c, i) => {
    const j = sc.candPerf[c]!;
    return {
      showIndex: sc.candShow[c]!,
      venueIndex: sc.candVenue[c]!,
      performanceRowId: index.snapshot.performances.rowId[index.perfRef[j]!]!,
      distanceKm: sc.candDist[c]!,
      startMs: sc.candStart[c]! * 60_000,
      priceBand: index.perfPriceBand[j]!,
      relevance: scored.rel[i]!,
    };
  });
  return out.sort(
    (a, b) =>
      b.relevance - a.relevance ||
      index.showHash[a.showIndex]! - index.showHash[b.showIndex]! ||
      a.showIndex - b.showIndex,
  );
}

interface ScoredPool {
  /** Candidate slots (into the scratch arrays) of the pre-scored pool. */
  pool: Int32Array;
  rel: Float64Array;
  /** Per pool position: distance, time, similar, novelty parts of rel (4 per position). */
  parts: Float64Array;
  anchorSim: Float64Array;
  novelty: Float64Array;
  /** Pool positions of the best RERANK_POOL by relevance. */
  keep: Int32Array;
  /** Viewed/anchor show and history, as show indices. */
  excluded: number[];
}

/** Candidates with their relevance, or why there are none. */
function scorePool(
  index: CatalogueIndex,
  request: EngineRequest,
  mode: Mode,
  times: { nowMs: number; fromMs: number; toMs: number },
): ScoredPool | { empty: 'nothing-in-area' | 'nothing-in-window' | 'filtered-out' } {
  const { nowMs, fromMs, toMs } = times;
  const sc = index.scratch;
  const gen = ++sc.generation;
  const R = request.radiusKm;
  // Shows never to propose: the one being viewed (or the anchor) and those already seen.
  const history: number[] = [];
  for (const id of request.history ?? []) {
    const s = index.showById.get(id);
    if (s !== undefined && !history.includes(s) && s !== mode.anchor) history.push(s);
  }
  const excluded = mode.anchor >= 0 ? [mode.anchor, ...history] : history;
  for (const s of excluded) {
    sc.showMark[2 * s] = gen;
    sc.showMark[2 * s + 1] = -1;
  }
  // The programme of an excluded venue (a venue's own page): those shows are never proposed, wherever
  // else they play. Marked like the excluded shows, but kept out of `excluded` (they are not the
  // visitor's history, so they weigh nothing in similarity or novelty).
  for (const id of request.excludeVenue ?? []) {
    const v = index.venueById.get(id);
    if (v === undefined) continue;
    for (let j = index.venueOffset[v]!; j < index.venueOffset[v + 1]!; j++) {
      const s = index.perfShow[j]!;
      sc.showMark[2 * s] = gen;
      sc.showMark[2 * s + 1] = -1;
    }
  }

  // ---- Candidates: venue tree → exact distance → per venue, binary search the window.
  const fromMin = Math.ceil(Math.max(fromMs, nowMs) / 60_000);
  const toMin = Math.ceil(toMs / 60_000);
  let accessMask = 0;
  for (const a of request.accessibility ?? []) accessMask |= 1 << ACCESSIBILITY_IDS.indexOf(a);
  const maxPriceCents = request.maxPrice !== undefined ? Math.round(request.maxPrice * 100) : -1;
  const audience = request.audience !== undefined ? AUDIENCE_IDS.indexOf(request.audience) : -1;
  const box = boundingBox(request.lat, request.lon, R);
  const nVenues = rangePositions(
    index.venueTree,
    box.minLon,
    box.minLat,
    box.maxLon,
    box.maxLat,
    sc.venueList,
  );
  const here = new LocalDistance(request.lat, request.lon);
  const found = collectCandidates(index, nVenues, here, R, fromMin, toMin, {
    accessMask,
    free: request.free === true,
    maxPriceCents,
    audience,
    gen,
  });
  const n = found.n;
  const { anyUpcoming, inWindow, passedFilters } = found;

  if (n === 0) {
    return {
      empty: !anyUpcoming
        ? 'nothing-in-area'
        : passedFilters === 0 && inWindow > 0
          ? 'filtered-out'
          : 'nothing-in-window',
    };
  }

  // ---- Relevance. Terms that do not apply to this request weigh nothing.
  const windowHours = (toMs - Math.max(fromMs, nowMs)) / 3_600_000;
  const W = {
    distance: RELEVANCE_WEIGHTS.distance,
    // Tonight/this weekend: everything is soon, the visitor chose when; let other terms decide.
    time: windowHours > 72 ? RELEVANCE_WEIGHTS.time : 0,
    similar:
      mode.anchor >= 0
        ? mode.kind === 'similar'
          ? RELEVANCE_WEIGHTS.similarShows
          : RELEVANCE_WEIGHTS.similar
        : 0,
    novelty: history.length > 0 ? RELEVANCE_WEIGHTS.novelty : 0,
  };
  const wSum = W.distance + W.time + W.similar + W.novelty;
  const distScale = 0.5 * R;
  const nowMin = nowMs / 60_000;

  // Pre-score on distance and date only, and keep the best PRESCORE_LIMIT.
  if (sc.candPre.length < n) {
    const size = Math.max(n, 2 * sc.candPre.length);
    sc.candPre = new Float64Array(size);
    sc.candG = new Float64Array(size);
    sc.candTau = new Float64Array(size);
    sc.sortKeys = new Float64Array(size);
  }
  const { candPre, candG, candTau, candDist, candStart } = sc;
  // Every start is at or after now, so τ is finite and W.time·τ is 0 when the time term is off.
  const timeOn = W.time !== 0;
  // Candidates share venues (one distance each) and start times (20 h on the same evenings): each exp
  // is memoised for the request in a small direct-mapped table (venues, then starts, by low bits).
  const { candVenue, memoKey, memoStamp, memoValue } = sc;
  for (let c = 0; c < n; c++) {
    const v = candVenue[c]!;
    const hv = v & MEMO_MASK;
    let g: number;
    if (memoStamp[hv] === gen && memoKey[hv] === v) g = memoValue[hv]!;
    else {
      g = Math.exp(-candDist[c]! / distScale);
      memoStamp[hv] = gen;
      memoKey[hv] = v;
      memoValue[hv] = g;
    }
    let tau = 0;
    if (timeOn) {
      const start = candStart[c]!;
      const hs = MEMO_SIZE + (start & MEMO_MASK);
      if (memoStamp[hs] === gen && memoKey[hs] === start) tau = memoValue[hs]!;
      else {
        const hours = (start - nowMin) / 60;
        tau = Math.exp(-hours / 72);
        memoStamp[hs] = gen;
        memoKey[hs] = start;
        memoValue[hs] = tau;
      }
    }
    candG[c] = g;
    candTau[c] = tau;
    candPre[c] = W.distance * g + W.time * tau;
  }
  const pool = topPositions(candPre, n, PRESCORE_LIMIT, sc.sortKeys, sc.prePositions);

  // Content terms against the anchor and the history, then keep the best RERANK_POOL by relevance.
  const querySim = mode.anchor >= 0 || history.length > 0 ? new QuerySimilarity(index, excluded) : null;
  const sims = new Float64Array(excluded.length);
  // Scratch buffers of the index: the request path allocates no per-candidate arrays.
  const poolRel = sc.poolRel.subarray(0, pool.length);
  const poolParts = sc.poolParts.subarray(0, pool.length * 4);
  const poolAnchorSim = sc.poolAnchorSim.subarray(0, pool.length).fill(0);
  const poolNovelty = sc.poolNovelty.subarray(0, pool.length).fill(0);
  if (querySim) {
    const shows = sc.poolShows;
    for (let i = 0; i < pool.length; i++) shows[i] = sc.candShow[pool[i]!]!;
    querySim.prepare(shows, pool.length);
  }
  for (let i = 0; i < pool.length; i++) {
    const c = pool[i]!;
    const g = candG[c]!;
    const tau = candTau[c]!;
    let similar = 0;
    let novelty = 0;
    if (querySim) {
      querySim.preparedSimilarities(i, sims);
      let offset = 0;
      if (mode.anchor >= 0) {
        const sim = sims[0]!;
        poolAnchorSim[i] = sim;
        // "Similar but different" peaks for related-but-not-the-same (spec: centre 0.35, width 0.25).
        similar = mode.kind === 'similar' ? sim : Math.exp(-(((sim - 0.35) / 0.25) ** 2));
        offset = 1;
      }
      if (history.length > 0) {
        let max = 0;
        for (let h = offset; h < sims.length; h++) if (sims[h]! > max) max = sims[h]!;
        novelty = 1 - Math.min(1, max);
        poolNovelty[i] = novelty;
      }
    }
    const o = i * 4;
    poolParts[o] = (W.distance * g) / wSum;
    poolParts[o + 1] = (W.time * tau) / wSum;
    poolParts[o + 2] = (W.similar * similar) / wSum;
    poolParts[o + 3] = (W.novelty * novelty) / wSum;
    poolRel[i] = poolParts[o]! + poolParts[o + 1]! + poolParts[o + 2]! + poolParts[o + 3]!;
  }
  querySim?.release();
  const keep = topPositions(
    poolRel,
    pool.length,
    Math.max(RERANK_POOL, 6 * request.k),
    sc.sortKeys,
    sc.keepPositions,
  );
  return {
    pool,
    rel: poolRel,
    parts: poolParts,
    anchorSim: poolAnchorSim,
    novelty: poolNovelty,
    keep,
    excluded,
  };
}

/** The re-ranker's input arrays, reused by every request (grown on demand; the engine is synchronous). */
let rerankBuffers: RerankPool = allocateRerankPool(0);
let rerankSlots = new Int32Array(0);

function allocateRerankPool(size: number): RerankPool {
  return {
    m: 0,
    show: new Int32Array(size),
    venue: new Int32Array(size),
    codes: new Uint8Array(size * FACETS.length),
    shares: [],
    relevance: new Float64Array(size),
    fairness: new Float64Array(size),
    jitter: new Float64Array(size),
    discovery: new Uint8Array(size),
  };
}

function rerankPool(m: number): RerankPool {
  if (rerankBuffers.show.length < m) {
    rerankBuffers = allocateRerankPool(m);
    rerankSlots = new Int32Array(m);
  }
  rerankBuffers.m = m;
  rerankBuffers.shares = [];
  return rerankBuffers;
}

function run(
  index: CatalogueIndex,
  request: EngineRequest,
  policy: Policy,
  exposure: ExposureSnapshot | null,
  mode: Mode,
): EngineResult {
  const times = checkRequest(request);
  const { nowMs } = times;
  const settings = policy.settings;
  const seed = requestSeed(
    request,
    policy,
    exposure,
    mode.kind === 'similar' ? `similar:${request.show}` : 'recommend',
  );
  const base = { policyVersion: policy.version, snapshotId: index.snapshotId, seed };
  const scored = scorePool(index, request, mode, times);
  if ('empty' in scored) {
    const code = scored.empty;
    return { picks: [], empty: { code, text: EMPTY_TEXT[code](Math.round(request.radiusKm)) }, ...base };
  }
  const {
    pool,
    rel: poolRel,
    parts: poolParts,
    anchorSim: poolAnchorSim,
    novelty: poolNovelty,
    keep,
    excluded,
  } = scored;
  const sc = index.scratch;

  // ---- Greedy re-ranking.
  const m = keep.length;
  const facets = compileFacets(settings);
  const phi = fairnessByVenue(index, exposure);
  const mu = phi ? settings.fairness.strength : 0;
  const seed32 = fnv1a(seed);
  const seenDisciplines = new Set<number>(excluded.map((s) => index.showDiscipline[s]!));
  const rp = rerankPool(m);
  const F = FACETS.length;
  const slotOf = rerankSlots;
  for (let i = 0; i < m; i++) {
    const c = pool[keep[i]!]!;
    slotOf[i] = c;
    const s = sc.candShow[c]!;
    const j = sc.candPerf[c]!;
    const v = sc.candVenue[c]!;
    rp.show[i] = s;
    rp.venue[i] = v;
    rp.codes[i * F] = index.showDiscipline[s]!;
    rp.codes[i * F + 1] = index.venueSize[v]!;
    rp.codes[i * F + 2] = index.perfPriceBand[j]!;
    rp.codes[i * F + 3] = index.showAudience[s]!;
    rp.relevance[i] = (1 - settings.lambda) * poolRel[keep[i]!]!;
    rp.fairness[i] = phi ? mu * phi[v]! : 0;
    rp.jitter[i] = JITTER * unitHash(seed32, index.showHash[s]!);
    rp.discovery[i] = seenDisciplines.has(index.showDiscipline[s]!) ? 0 : 1;
  }
  // Targets restricted to the values present in the pool, renormalised (π̃ of the spec).
  rp.shares = FACETS.map((f, fi) => {
    const t = facets[f].targets;
    const present = new Uint8Array(t.length);
    for (let i = 0; i < m; i++) present[rp.codes[i * F + fi]!] = 1;
    const out = new Float64Array(t.length);
    let sum = 0;
    for (let v = 0; v < t.length; v++) if (present[v]) sum += t[v]!;
    for (let v = 0; v < t.length; v++) out[v] = present[v] && sum > 0 ? t[v]! / sum : 0;
    return out;
  });
  const steps = rerank(index, rp, {
    k: request.k,
    lambda: settings.lambda,
    rho: settings.redundancy,
    venueCap: settings.venueCap,
    discoverySlots: seenDisciplines.size > 0 ? settings.discoverySlots : 0,
    facets,
  });
  const picks = steps.map((step) =>
    explainPick(index, settings, exposure, mode, {
      slot: slotOf[step.i]!,
      step,
      parts: poolParts.subarray(keep[step.i]! * 4, keep[step.i]! * 4 + 4),
      runnerParts:
        step.runner >= 0 ? poolParts.subarray(keep[step.runner]! * 4, keep[step.runner]! * 4 + 4) : null,
      codes: FACETS.map((_, f) => rp.codes[step.i * F + f]!),
      anchorSim: poolAnchorSim[keep[step.i]!]!,
      novelty: poolNovelty[keep[step.i]!]!,
      nowMs,
      lambda: settings.lambda,
    }),
  );
  return { picks, empty: null, ...base };
}

interface CandidateFilters {
  accessMask: number;
  free: boolean;
  maxPriceCents: number;
  audience: number;
  gen: number;
}

/**
 * The hot loop: per venue in the circle, binary-search the window and keep each show's best
 * occurrence (earliest, ties → nearest) in the scratch arrays, deduplicated by a generation stamp.
 * Arrays are hoisted into locals so V8 keeps them in registers.
 */
function collectCandidates(
  index: CatalogueIndex,
  venueCount: number,
  here: LocalDistance,
  R: number,
  fromMin: number,
  toMin: number,
  f: CandidateFilters,
): { n: number; anyUpcoming: boolean; inWindow: number; passedFilters: number } {
  const { treeSpan, treeStart, treeShow, treeAccess, perfPriceBand, perfRef, showAudience } = index;
  const treeIds = index.venueTree.ids;
  const coords = index.venueTree.coords as Float64Array;
  const sc = index.scratch;
  const { showMark, venueList } = sc;
  let { candShow, candPerf, candDist, candVenue, candStart } = sc;
  let capacity = candShow.length;
  const priceMin = index.snapshot.performances.priceMinCents;
  const freeCol = index.snapshot.performances.free;
  const nVenues = index.venueLat.length;
  const { accessMask, free, maxPriceCents, audience, gen } = f;
  let anyUpcoming = false;
  let inWindow = 0;
  let passedFilters = 0;
  let n = 0;
  for (let k = 0; k < venueCount; k++) {
    const p = venueList[k]!;
    const v = treeIds[p]!;
    if (v >= nVenues) continue;
    // coords hold the venue's lon, lat: the very numbers of venueLon/venueLat, read in tree order.
    const d = here.km(coords[2 * p + 1]!, coords[2 * p]!);
    if (d > R) continue;
    // The venue's performances in tree order: binary search the window's start, then scan.
    const first = treeSpan[3 * p]!;
    const end = treeSpan[3 * p + 1]!;
    const tFirst = treeSpan[3 * p + 2]!;
    const tEnd = tFirst + (end - first);
    const lo = lowerBound(treeStart, tFirst, tEnd, fromMin);
    if (lo === tEnd) continue;
    anyUpcoming = true;
    if (treeStart[lo]! >= toMin) continue;
    const shift = first - tFirst; // tree position t is performance t + shift of the perf* columns
    const venueOk = (treeAccess[p]! & accessMask) === accessMask;
    for (let t = lo; t < tEnd; t++) {
      const start = treeStart[t]!;
      if (start >= toMin) break;
      inWindow++;
      if (!venueOk) continue;
      const j = t + shift;
      const s = treeShow[t]!;
      if (free && perfPriceBand[j] !== PRICE_FREE) continue;
      if (maxPriceCents >= 0) {
        const ref = perfRef[j]!;
        const price = freeCol[ref] === 1 ? 0 : priceMin[ref]!;
        if (price < 0 || price > maxPriceCents) continue;
      }
      if (audience >= 0 && showAudience[s] !== audience) continue;
      passedFilters++;
      if (showMark[2 * s] !== gen) {
        if (n === capacity) {
          growCandidates(sc, n + 1, n);
          ({ candShow, candPerf, candDist, candVenue, candStart } = sc);
          capacity = candShow.length;
        }
        showMark[2 * s] = gen;
        showMark[2 * s + 1] = n;
        candShow[n] = s;
        candPerf[n] = j;
        candDist[n] = d;
        candVenue[n] = v;
        candStart[n] = start;
        n++;
      } else {
        const c = showMark[2 * s + 1]!;
        if (c < 0) continue; // excluded show (viewed, anchor or history)
        const best = candStart[c]!;
        if (start < best || (start === best && d < candDist[c]!)) {
          candPerf[c] = j;
          candDist[c] = d;
          candVenue[c] = v;
          candStart[c] = start;
        }
      }
    }
  }
  return { n, anyUpcoming, inWindow, passedFilters };
}

/**
 * Positions (into `score`) of the best `limit` of the first n values, in position order. The threshold
 * is found by quickselect (O(n), no full sort); ties at the threshold go by position (deterministic).
 */
function topPositions(
  score: Float64Array,
  n: number,
  limit: number,
  keys: Float64Array,
  into: Int32Array,
): Int32Array {
  if (n <= limit) {
    const all = into.subarray(0, n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const work = keys.subarray(0, n);
  work.set(score.subarray(0, n));
  const threshold = select(work, n - limit);
  let above = 0;
  for (let i = 0; i < n; i++) if (score[i]! > threshold) above++;
  let ties = limit - above;
  const out = into.subarray(0, limit);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const s = score[i]!;
    if (s > threshold || (s === threshold && ties-- > 0)) out[k++] = i;
  }
  return out;
}

/** The k-th smallest value of a (reordered in place): Hoare quickselect, median-of-three pivot. */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

interface PickState {
  slot: number;
  step: Step;
  parts: Float64Array;
  runnerParts: Float64Array | null;
  codes: number[];
  anchorSim: number;
  novelty: number;
  nowMs: number;
  lambda: number;
}

const FACET_VALUE_IDS: Record<Facet, readonly string[]> = {
  discipline: DISCIPLINE_IDS,
  sizeClass: SIZE_CLASS_IDS,
  priceBand: PRICE_BAND_IDS,
  audience: AUDIENCE_IDS,
};

const GROUPS = ['relevance', 'coverage', 'fairness'] as const;

/** Turns the winning decomposition into reasons: the decisive one first, then a runner-up term, then facts. */
function explainPick(
  index: CatalogueIndex,
  settings: Policy['settings'],
  exposure: ExposureSnapshot | null,
  mode: Mode,
  st: PickState,
): EnginePick {
  const sc = index.scratch;
  const s = sc.candShow[st.slot]!;
  const j = sc.candPerf[st.slot]!;
  const ref = index.perfRef[j]!;
  const perfs = index.snapshot.performances;
  const v = perfs.venue[ref]!;
  const venue = index.snapshot.venues[v]!;
  const show = index.snapshot.shows[s]!;
  const dist = sc.candDist[st.slot]!;
  const startMs = index.perfStart[j]! * 60_000;
  const t = st.step.terms;
  const r = st.step.runnerTerms;

  // Margin of each group of terms over the runner-up; diversity = coverage and redundancy together.
  const margin = {
    relevance: t.relevance - (r?.relevance ?? 0),
    coverage: t.coverage + t.redundancy - (r ? r.coverage + r.redundancy : 0),
    fairness: t.fairness - (r?.fairness ?? 0),
  };
  let winning: PickExplanation['winningTerm'] = 'relevance';
  for (const g of GROUPS) if (margin[g] > margin[winning as (typeof GROUPS)[number]]) winning = g;
  if (st.step.forced) winning = 'discovery';

  const relevanceParts: RelevanceParts = {
    distance: (1 - st.lambda) * st.parts[0]!,
    time: (1 - st.lambda) * st.parts[1]!,
    similar: (1 - st.lambda) * st.parts[2]!,
    novelty: (1 - st.lambda) * st.parts[3]!,
  };
  const coverageParts = {} as Record<Facet, number>;
  for (let f = 0; f < FACETS.length; f++) coverageParts[FACETS[f]!] = t.coverageParts[f]!;

  const relevanceReason = (): Reason => {
    const keys = ['distance', 'time', 'similar', 'novelty'] as const;
    let bestKey = keys[0] as (typeof keys)[number];
    let bestMargin = Number.NEGATIVE_INFINITY;
    for (let p = 0; p < keys.length; p++) {
      if (st.parts[p] === 0) continue;
      const m = st.parts[p]! - (st.runnerParts ? st.runnerParts[p]! : 0);
      if (m > bestMargin) {
        bestMargin = m;
        bestKey = keys[p]!;
      }
    }
    if (bestKey === 'time') return timeReason('relevance', startMs, st.nowMs);
    if (bestKey === 'similar') {
      const anchor = index.snapshot.shows[mode.anchor]!;
      return similarReason(
        mode.kind === 'similar' ? 'similar' : 'similar-but-different',
        anchor.title,
        anchor.id,
        index.showDiscipline[mode.anchor] === index.showDiscipline[s],
        st.anchorSim,
      );
    }
    if (bestKey === 'novelty') return novelReason(st.novelty);
    return distanceReason('relevance', dist);
  };
  const coverageReasonOf = (): Reason => {
    let bestF = -1;
    let bestMargin = Number.NEGATIVE_INFINITY;
    for (let f = 0; f < FACETS.length; f++) {
      const m = t.coverageParts[f]! - (r ? r.coverageParts[f]! : 0);
      if (t.coverageParts[f]! > 0 && m > bestMargin) {
        bestMargin = m;
        bestF = f;
      }
    }
    const redundancyMargin = t.redundancy - (r?.redundancy ?? 0);
    if (bestF < 0 || (r && redundancyMargin > bestMargin))
      return unlikeOthersReason(st.step.redundancyBefore);
    const facet = FACETS[bestF]!;
    return coverageReason(facet, FACET_VALUE_IDS[facet][st.codes[bestF]!]!, st.step.seatsBefore[bestF]!);
  };
  const fairnessReason = (): Reason =>
    underexposedReason(
      venue.sizeClass === 'petit',
      settings.fairness.halfLifeDays,
      exposure?.venues[venue.id] ?? { received: 0, deserved: 0 },
    );
  const reasonOf = (g: PickExplanation['winningTerm']): Reason =>
    g === 'relevance'
      ? relevanceReason()
      : g === 'coverage'
        ? coverageReasonOf()
        : g === 'fairness'
          ? fairnessReason()
          : discoveryReason(DISCIPLINE_IDS[index.showDiscipline[s]!] as Discipline);

  const reasons: Reason[] = [{ ...reasonOf(winning), decisive: true }];
  // One supporting term: the next group with a clearly positive contribution of its own.
  const own = { relevance: t.relevance, coverage: t.coverage + t.redundancy, fairness: t.fairness };
  const support = GROUPS.filter(
    (g) => g !== winning && own[g] > 0.05 && (g !== 'fairness' || t.fairness > 0.02),
  ).sort((a, b) => own[b] - own[a])[0];
  if (support && support !== 'relevance') reasons.push(reasonOf(support));
  if (!reasons.some((x) => x.code === 'distance')) reasons.push(distanceReason('fact', dist));
  if (!reasons.some((x) => x.code === 'time')) reasons.push(timeReason('fact', startMs, st.nowMs));
  if (perfs.free[ref] === 1 && !reasons.some((x) => x.code === 'free')) reasons.push(freeFact());

  return {
    showId: show.id,
    showIndex: s,
    performanceRowId: perfs.rowId[ref]!,
    venueId: venue.id,
    distanceKm: Math.round(dist * 1000) / 1000,
    score: t.relevance + t.coverage + t.redundancy + t.fairness + t.jitter,
    reasons,
    explanation: {
      terms: strip(t),
      runnerUp: r ? strip(r) : null,
      forced: st.step.forced,
      winningTerm: winning,
      relevanceParts,
      coverageParts,
    },
  };
}

function strip(t: ScoreTerms): ScoreTerms {
  return {
    relevance: t.relevance,
    coverage: t.coverage,
    redundancy: t.redundancy,
    fairness: t.fairness,
    jitter: t.jitter,
  };
}
