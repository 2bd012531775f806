import { type EncodedJson, encodedSize } from './encoded-json.js';

/**
 * The in-process cache of encoded recommendation answers. A widget on a venue page asks the same question
 * for every visitor (same place, radius and period, no history), and an answer is a pure function of
 * its prepared inputs (see `answerKey` in recommend.ts): the engine request with `now` rounded to the engine clock step,
 * the policy version, the catalogue view and the exposure snapshot. So an answer is computed, serialised
 * and gzipped once and then served as is until one of those changes. An answer that used a visitor's
 * history is never offered to it (`carriesHistory` in recommend.ts): the history would be part of its key.
 *
 * Entries live for one generation: one engine clock step (five minutes) of one catalogue view. The first answer admitted
 * under a newer generation drops the whole previous one (none of its keys can be asked again), so the
 * cache holds at most one step of answers, whatever the traffic. Within a generation, answers are
 * admitted until the byte budget is full, and later ones are served uncached: evicting would only trade
 * one answer of the step for another (and LRU evicts exactly what a round of distinct requests is
 * about to ask again), while the budget keeps memory bounded in bytes, not entries.
 *
 * Concurrent requests for an answer being computed wait for it instead of computing it again.
 *
 * Answers computed by another process (the other workers of `detour serve --workers N`) can be offered:
 * they are kept under the same rules, and the answers this cache computes and keeps are handed to a
 * listener, so that a repeat is served from memory whichever worker receives it.
 */

/** Bookkeeping bytes per entry beyond its buffers and key (Map slot, objects, buffer headers). */
export const ENTRY_OVERHEAD_BYTES = 200;
/** The default budget per server process: about 26,000 answers of k = 10 (≈ 4.4 kB gzipped each). */
export const DEFAULT_RESPONSE_CACHE_BYTES = 128 * 1024 * 1024;
/** The variable that sets the budget, in MiB (0 turns the cache off). */
export const RESPONSE_CACHE_VARIABLE = 'DETOUR_RESPONSE_CACHE_MB';
/** How far back the clock may step before the cache starts over instead of refusing stragglers. */
const CLOCK_STEP_BACK_MS = 30 * 60_000;

/** The budget from the environment (`DETOUR_RESPONSE_CACHE_MB`), or the default; throws on a bad value. */
export function responseCacheBytes(env: Record<string, string | undefined> = process.env): number {
  const raw = env[RESPONSE_CACHE_VARIABLE];
  if (raw === undefined || raw === '') return DEFAULT_RESPONSE_CACHE_BYTES;
  if (!/^\d+$/.test(raw))
    throw new RangeError(`${RESPONSE_CACHE_VARIABLE} must be a whole number of MiB, not "${raw}"`);
  return Number(raw) * 1024 * 1024;
}

/** What answers are valid for: the engine clock step (ms) and the catalogue view's store revision. */
export interface Generation {
  clockMs: number;
  revision: number;
}

export interface ResponseCacheStats {
  hits: number;
  misses: number;
  /** Requests that waited for the same answer being computed. */
  joined: number;
  /** Answers computed but not kept because the budget was full. */
  refused: number;
  entries: number;
  bytes: number;
  /** Answers offered by another process and kept. */
  adopted: number;
  /** Answers offered but not kept: of an older generation, already held, or past the budget. */
  declined: number;
  /** Hits served from an adopted answer (computed by another process). */
  adoptedHits: number;
}

/** Told of each answer this cache computed and kept (not of answers offered to it). */
export type ComputedListener = (generation: Generation, key: string, encoded: EncodedJson) => void;

/** A byte-bounded cache of encoded answers for the current generation (see above). */
export class ResponseCache {
  readonly maxBytes: number;
  #generation: Generation | null = null;
  readonly #entries = new Map<string, EncodedJson>();
  readonly #inflight = new Map<string, Promise<EncodedJson>>();
  #bytes = 0;
  #hits = 0;
  #misses = 0;
  #joined = 0;
  #refused = 0;
  #adopted = 0;
  #declined = 0;
  #adoptedHits = 0;
  // Answers that came from another process, to count the hits they serve.
  readonly #fromElsewhere = new WeakSet<EncodedJson>();
  #onComputed: ComputedListener | null = null;

  constructor(maxBytes: number = DEFAULT_RESPONSE_CACHE_BYTES) {
    this.maxBytes = maxBytes;
  }

  /**
   * The answer under `key`: the cached one when `generation` is the current one, else `compute()`'s
   * (shared with concurrent requests for the same key), kept if the budget allows.
   */
  async get(generation: Generation, key: string, compute: () => Promise<EncodedJson>): Promise<EncodedJson> {
    if (this.maxBytes <= 0) return compute();
    if (this.#isCurrent(generation)) {
      const hit = this.#entries.get(key);
      if (hit) {
        this.#hits++;
        if (this.#fromElsewhere.has(hit)) this.#adoptedHits++;
        return hit;
      }
    }
    const pending = this.#inflight.get(key);
    if (pending) {
      this.#joined++;
      return pending;
    }
    this.#misses++;
    const computing = compute();
    this.#inflight.set(key, computing);
    try {
      const encoded = await computing;
      const outcome = this.#admit(generation, key, encoded);
      if (outcome === 'kept') this.#onComputed?.(generation, key, encoded);
      else if (outcome === 'full') this.#refused++;
      return encoded;
    } finally {
      this.#inflight.delete(key);
    }
  }

  /**
   * Keeps an answer computed elsewhere under the same rules as one computed here: dropped when its
   * generation is older than the current one (never starting over: the sender is the straggler), when
   * the key is already held, or past the budget. The caller vouches that the key names the state the
   * answer was computed in (see answerKey). True when kept.
   */
  offer(generation: Generation, key: string, encoded: EncodedJson): boolean {
    if (this.maxBytes <= 0 || (!this.#isCurrent(generation) && this.#isOlder(generation))) {
      this.#declined++;
      return false;
    }
    if (this.#admit(generation, key, encoded) !== 'kept') {
      this.#declined++;
      return false;
    }
    this.#fromElsewhere.add(encoded);
    this.#adopted++;
    return true;
  }

  /** Sets the one listener told of each answer computed here and kept (null to remove it). */
  onComputed(listener: ComputedListener | null): void {
    this.#onComputed = listener;
  }

  stats(): ResponseCacheStats {
    return {
      hits: this.#hits,
      misses: this.#misses,
      joined: this.#joined,
      refused: this.#refused,
      entries: this.#entries.size,
      bytes: this.#bytes,
      adopted: this.#adopted,
      declined: this.#declined,
      adoptedHits: this.#adoptedHits,
    };
  }

  /** Drops every entry (the counters are kept). */
  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  #isCurrent(g: Generation): boolean {
    const current = this.#generation;
    return current !== null && current.clockMs === g.clockMs && current.revision === g.revision;
  }

  /** Whether `g` is older than the current generation (an earlier clock step, or an earlier view of it). */
  #isOlder(g: Generation): boolean {
    const current = this.#generation;
    return (
      current !== null &&
      (g.clockMs < current.clockMs || (g.clockMs === current.clockMs && g.revision < current.revision))
    );
  }

  /** Keeps an answer if its generation and the budget allow; says what became of it. */
  #admit(g: Generation, key: string, encoded: EncodedJson): 'kept' | 'stale' | 'held' | 'full' {
    if (!this.#isCurrent(g)) {
      // A request prepared just before the step turned (or before a new view) finishes late: keep the
      // newer generation. A clock stepped far back starts over rather than refusing everything.
      if (this.#isOlder(g) && this.#generation!.clockMs - g.clockMs < CLOCK_STEP_BACK_MS) return 'stale';
      this.clear();
      this.#generation = { clockMs: g.clockMs, revision: g.revision };
    }
    if (this.#entries.has(key)) return 'held';
    const size = encodedSize(encoded) + key.length + ENTRY_OVERHEAD_BYTES;
    if (this.#bytes + size > this.maxBytes) return 'full';
    this.#entries.set(key, encoded);
    this.#bytes += size;
    return 'kept';
  }
}
