import { FACETS } from '@detour/sdk';
import type { CatalogueIndex } from './build.js';
import type { CompiledPolicy } from './policy.js';
import { showSimilarity } from './similarity.js';

/** The weighted terms of Φ for one candidate at one step (they sum to its score). */
export interface ScoreTerms {
  /** (1 − λ)·rel */
  relevance: number;
  /** λ·cov */
  coverage: number;
  /** −ρ·redundancy */
  redundancy: number;
  /** μ·φ */
  fairness: number;
  /** ε·hash(seed, show): breaks near-ties reproducibly. */
  jitter: number;
}

export interface StepTerms extends ScoreTerms {
  /** λ·β_a·q_a/… per facet, in FACETS order (sums to `coverage`). */
  coverageParts: number[];
}

export interface RerankPool {
  /** Candidates; the arrays below may be longer (reused buffers): only the first m entries count. */
  m: number;
  show: Int32Array;
  venue: Int32Array;
  /** Facet value codes, FACETS.length per candidate: codes[i * F + f] for facet f. */
  codes: Uint8Array;
  /** Targets restricted to the values present in the pool, renormalised (π̃), per facet. */
  shares: Float64Array[];
  /** (1 − λ)·rel */
  relevance: Float64Array;
  /** μ·φ(venue) */
  fairness: Float64Array;
  jitter: Float64Array;
  /** 1 when the show's discipline is outside the viewed show and history. */
  discovery: Uint8Array;
}

export interface RerankSettings {
  k: number;
  lambda: number;
  rho: number;
  venueCap: number;
  discoverySlots: number;
  facets: CompiledPolicy;
}

export interface Step {
  /** Pool position of the pick. */
  i: number;
  terms: StepTerms;
  runner: number;
  runnerTerms: StepTerms | null;
  forced: 'discovery' | null;
  /** Picks already holding the pick's value, per facet, before it was chosen. */
  seatsBefore: number[];
  redundancyBefore: number;
}

/** Length of the re-ranker's short list of best bounds (see topTwo). */
const TOP = 16;
const top = new Int32Array(TOP);
// Facet-combination numbering (see rerank), stamped so it needs no clearing between calls.
let classOfCombo = new Int32Array(0);
let classStampOf = new Int32Array(0);
let classStamp = 0;

/** Per-candidate working arrays, grown on demand and reused by every call (the engine is synchronous). */
let work = allocate(0);

function allocate(size: number) {
  return {
    size,
    red: new Float64Array(size),
    redUpTo: new Int32Array(size),
    score: new Float64Array(size),
    base: new Float64Array(size),
    picked: new Uint8Array(size),
    heap: new Int32Array(size),
    hash: new Uint32Array(size),
    venueSlot: new Int32Array(size),
    venuePicks: new Int32Array(size),
    facetClass: new Int32Array(size),
    classCoverage: new Float64Array(size),
    classCodes: new Int32Array(size),
  };
}

/**
 * Greedy re-ranking: at each step the candidate maximising
 *   Φ = (1−λ)·rel + λ·cov − ρ·red + μ·φ + ε·jitter
 * under the venue cap and the discovery-slot schedule. Coverage is PM-2 / Sainte-Laguë per facet.
 *
 * Improvement on the spec: redundancy is refreshed lazily. A candidate's redundancy can only grow as
 * picks are added, so a score computed with a stale redundancy is an upper bound; we refresh only the
 * candidates whose bound reaches the top two. Same picks as the eager version, ~20× fewer similarity
 * computations (they were the re-ranker's main cost).
 */
export function rerank(index: CatalogueIndex, pool: RerankPool, s: RerankSettings): Step[] {
  const { m, codes, show } = pool;
  const F = FACETS.length;
  // Only facets with at least two values in the pool can be balanced; a facet where every candidate
  // has the same value (all venues "moyen" when no capacity is known) would add the same constant to
  // everyone and dilute the facets that can move. Improvement on the spec: it normalised by all β.
  const informative = FACETS.map((_, f) => pool.shares[f]!.filter((x) => x > 0).length >= 2);
  const betaSum = FACETS.reduce((a, f, i) => a + (informative[i] ? s.facets[f].weight : 0), 0) || 1;
  const facetScale = FACETS.map((f, i) => (informative[i] ? (s.lambda * s.facets[f].weight) / betaSum : 0));
  const seats = FACETS.map((_, f) => new Int32Array(pool.shares[f]!.length));
  // This step's coverage contribution of value v of facet f is covValue[covOffset[f] + v] (one flat array).
  const covOffset = new Int32Array(F + 1);
  for (let f = 0; f < F; f++) covOffset[f + 1] = covOffset[f]! + pool.shares[f]!.length;
  const covValue = new Float64Array(covOffset[F]!);
  if (work.size < m) work = allocate(Math.max(m, 2 * work.size));
  const { red, redUpTo, score, base, picked, heap, hash, venueSlot, venuePicks } = work;
  const { facetClass, classCoverage, classCodes } = work;
  // Candidates with the same facet values get the same coverage: number the distinct combinations
  // (a few dozen in a pool of 300), compute coverage once per combination and step.
  let combos = 1;
  for (let f = 0; f < F; f++) combos *= pool.shares[f]!.length;
  if (classOfCombo.length < combos) {
    classOfCombo = new Int32Array(combos);
    classStampOf = new Int32Array(combos);
  }
  classStamp = (classStamp + 1) | 0;
  if (classStamp === 0) {
    classStampOf.fill(0);
    classStamp = 1;
  }
  let classes = 0;
  for (let i = 0; i < m; i++) {
    let combo = 0;
    for (let f = 0; f < F; f++) combo = combo * pool.shares[f]!.length + codes[i * F + f]!;
    if (classStampOf[combo] !== classStamp) {
      classStampOf[combo] = classStamp;
      classOfCombo[combo] = classes;
      classCodes[classes++] = i;
    }
    facetClass[i] = classOfCombo[combo]!;
  }
  red.fill(0, 0, m);
  redUpTo.fill(0, 0, m);
  picked.fill(0, 0, m);
  // Picks per venue: venues of the pool numbered densely (the index's venue stamps map venue → number).
  const { venueCount: venueNumber, venueStamp } = index.scratch;
  const gen = index.scratch.generation;
  let venues = 0;
  for (let i = 0; i < m; i++) {
    const v = pool.venue[i]!;
    if (venueStamp[v] !== gen) {
      venueStamp[v] = gen;
      venueNumber[v] = venues++;
    }
    venueSlot[i] = venueNumber[v]!;
  }
  venuePicks.fill(0, 0, venues);
  const venueCap = s.venueCap;
  const pickedShows: number[] = [];
  const steps: Step[] = [];
  const kEff = Math.min(s.k, m);
  let discoveryPicked = 0;
  const slots = Math.min(s.discoverySlots, kEff);

  for (let i = 0; i < m; i++) base[i] = pool.relevance[i]! + pool.fairness[i]! + pool.jitter[i]!;
  for (let i = 0; i < m; i++) hash[i] = index.showHash[show[i]!]!;

  const coverageOf = (i: number): number => {
    let c = 0;
    const o = i * F;
    for (let f = 0; f < F; f++) c += covValue[covOffset[f]! + codes[o + f]!]!;
    return c;
  };
  const updateClassCoverage = (): void => {
    // classCodes[c] is a candidate of combination c: its coverage is the combination's.
    for (let c = 0; c < classes; c++) classCoverage[c] = coverageOf(classCodes[c]!);
  };
  const refresh = (i: number): void => {
    let r = red[i]!;
    for (let p = redUpTo[i]!; p < pickedShows.length; p++) {
      const sim = showSimilarity(index, show[i]!, pickedShows[p]!);
      if (sim > r) r = sim;
    }
    red[i] = r;
    redUpTo[i] = pickedShows.length;
    score[i] = base[i]! + classCoverage[facetClass[i]!]! - s.rho * r;
  };
  // Total order: higher score, then smaller show-id hash, then smaller show index.
  const better = (a: number, b: number): boolean => {
    if (score[a] !== score[b]) return score[a]! > score[b]!;
    if (hash[a] !== hash[b]) return hash[a]! < hash[b]!;
    return show[a]! < show[b]!;
  };
  /**
   * The exact best and runner-up among eligible candidates (scores must be current upper bounds).
   * Candidates are taken in decreasing order of their bound, each refreshed when taken, until the next
   * bound cannot beat the runner-up. That order comes from a short sorted list of the best TOP bounds
   * (one pass, most candidates rejected by a single comparison); a heap of all takes over in the rare
   * case more are needed. Either way the order, and so the answer, is the same.
   */
  const topTwo = (discoveryOnly: boolean, rescore: boolean): [number, number] => {
    let n = 0;
    let inTop = 0;
    // The short list's last score: most candidates fall below it and need no full comparison.
    let floor = Number.NEGATIVE_INFINITY;
    const rho = s.rho;
    for (let i = 0; i < m; i++) {
      if (picked[i]) continue;
      if (rescore) score[i] = base[i]! + classCoverage[facetClass[i]!]! - rho * red[i]!;
      if (venuePicks[venueSlot[i]!]! >= venueCap) continue;
      if (discoveryOnly && pool.discovery[i] !== 1) continue;
      heap[n++] = i;
      if (inTop === TOP && (score[i]! < floor || !better(i, top[TOP - 1]!))) continue;
      let at = inTop < TOP ? inTop++ : TOP - 1;
      while (at > 0 && better(i, top[at - 1]!)) {
        top[at] = top[at - 1]!;
        at--;
      }
      top[at] = i;
      if (inTop === TOP) floor = score[top[TOP - 1]!]!;
    }
    let best = -1;
    let second = -1;
    let taken = 0;
    let heapSize = -1; // -1 until the heap takes over
    for (;;) {
      let i: number;
      if (taken < inTop) i = top[taken]!;
      else if (inTop < TOP)
        break; // the short list held every eligible candidate
      else {
        if (heapSize < 0) {
          // The rest, without those taken (whose refreshed scores no longer rank them as before).
          heapSize = 0;
          for (let k = 0; k < n; k++) {
            const c = heap[k]!;
            let wasTaken = false;
            for (let t = 0; t < TOP; t++) if (top[t] === c) wasTaken = true;
            if (!wasTaken) heap[heapSize++] = c;
          }
          heapify(heap, heapSize, score, hash, show);
        }
        if (heapSize === 0) break;
        i = heap[0]!;
      }
      // Scores are upper bounds: once the largest left is below the exact runner-up, we are done.
      if (second >= 0 && !better(i, second)) break;
      if (taken >= inTop) heapSize = popMax(heap, heapSize, score, hash, show);
      taken++;
      if (redUpTo[i]! < pickedShows.length) refresh(i);
      if (best < 0 || better(i, best)) {
        second = best;
        best = i;
      } else if (second < 0 || better(i, second)) second = i;
    }
    return [best, second];
  };
  const termsOf = (i: number): StepTerms => {
    const coverageParts: number[] = [];
    for (let f = 0; f < F; f++) coverageParts.push(covValue[covOffset[f]! + codes[i * F + f]!]!);
    return {
      relevance: pool.relevance[i]!,
      coverage: coverageParts.reduce((a, b) => a + b, 0),
      redundancy: -s.rho * red[i]!,
      fairness: pool.fairness[i]!,
      jitter: pool.jitter[i]!,
      coverageParts,
    };
  };

  for (let step = 0; step < kEff; step++) {
    for (let f = 0; f < F; f++) {
      const sh = pool.shares[f]!;
      const st = seats[f]!;
      const o = covOffset[f]!;
      let max = 0;
      for (let v = 0; v < sh.length; v++) max = Math.max(max, sh[v]! / (2 * st[v]! + 1));
      for (let v = 0; v < sh.length; v++)
        covValue[o + v] = max > 0 ? (facetScale[f]! * sh[v]!) / (2 * st[v]! + 1) / max : 0;
    }
    updateClassCoverage();
    let [chosen, runner] = topTwo(false, true);
    if (chosen < 0) break; // the venue cap exhausted the pool
    let forced: Step['forced'] = null;
    // Discovery slots, spread over the list: by pick t, floor(t·j/k) of them must be discovery picks.
    const required = slots > 0 ? Math.floor(((step + 1) * slots) / kEff) : 0;
    if (discoveryPicked < required && !pool.discovery[chosen]) {
      const [d] = topTwo(true, false);
      if (d >= 0) {
        runner = chosen;
        chosen = d;
        forced = 'discovery';
      }
    }
    steps.push({
      i: chosen,
      terms: termsOf(chosen),
      runner,
      runnerTerms: runner >= 0 ? termsOf(runner) : null,
      forced,
      seatsBefore: FACETS.map((_, f) => seats[f]![codes[chosen * F + f]!]!),
      redundancyBefore: red[chosen]!,
    });
    picked[chosen] = 1;
    if (pool.discovery[chosen]) discoveryPicked++;
    for (let f = 0; f < F; f++) seats[f]![codes[chosen * F + f]!]! += 1;
    venuePicks[venueSlot[chosen]!]! += 1;
    if (s.rho > 0) pickedShows.push(show[chosen]!);
  }
  return steps;
}

// A binary max-heap of pool positions, ordered like `better` (score, then id hash, then show index).
function above(a: number, b: number, score: Float64Array, hash: Uint32Array, show: Int32Array): boolean {
  if (score[a] !== score[b]) return score[a]! > score[b]!;
  if (hash[a] !== hash[b]) return hash[a]! < hash[b]!;
  return show[a]! < show[b]!;
}

function siftDown(
  h: Int32Array,
  n: number,
  at: number,
  score: Float64Array,
  hash: Uint32Array,
  show: Int32Array,
): void {
  let i = at;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) return;
    const r = l + 1;
    const c = r < n && above(h[r]!, h[l]!, score, hash, show) ? r : l;
    if (!above(h[c]!, h[i]!, score, hash, show)) return;
    const t = h[i]!;
    h[i] = h[c]!;
    h[c] = t;
    i = c;
  }
}

function heapify(h: Int32Array, n: number, score: Float64Array, hash: Uint32Array, show: Int32Array): void {
  for (let i = (n >>> 1) - 1; i >= 0; i--) siftDown(h, n, i, score, hash, show);
}

/** Removes the top; returns the new size. */
function popMax(h: Int32Array, n: number, score: Float64Array, hash: Uint32Array, show: Int32Array): number {
  h[0] = h[n - 1]!;
  siftDown(h, n - 1, 0, score, hash, show);
  return n - 1;
}
