/**
 * In-memory token buckets, one per key: `capacity` tokens, refilled continuously at `perMinute` per
 * minute. Bounded: past `maxKeys` buckets, full (idle) buckets are dropped first, then the oldest.
 * Nothing is persisted; a restart forgets every bucket.
 */
export class TokenBuckets {
  readonly #capacity: number;
  readonly #perMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(options: { perMinute: number; capacity?: number; maxKeys?: number; now?: () => number }) {
    this.#capacity = Math.max(1, options.capacity ?? options.perMinute);
    this.#perMs = options.perMinute / 60_000;
    this.#maxKeys = options.maxKeys ?? 50_000;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Takes one token for `key`: 0 when granted, else the milliseconds until one is available. */
  take(key: string): number {
    const now = this.#now();
    let bucket = this.#buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(this.#capacity, bucket.tokens + (now - bucket.at) * this.#perMs);
      bucket.at = now;
    } else {
      if (this.#buckets.size >= this.#maxKeys) this.#evict(now);
      bucket = { tokens: this.#capacity, at: now };
      this.#buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.#perMs > 0 ? Math.ceil((1 - bucket.tokens) / this.#perMs) : Number.POSITIVE_INFINITY;
  }

  /**
   * Gives back a token taken by a request that another handler will take again (the recommendations
   * fast lane handing a request over to the app), so that the request costs one token in all.
   */
  refund(key: string): void {
    const bucket = this.#buckets.get(key);
    if (bucket) bucket.tokens = Math.min(this.#capacity, bucket.tokens + 1);
  }

  /** How many buckets are held (for tests: memory stays bounded). */
  get size(): number {
    return this.#buckets.size;
  }

  #evict(now: number): void {
    for (const [key, b] of this.#buckets) {
      if (b.tokens + (now - b.at) * this.#perMs >= this.#capacity) this.#buckets.delete(key);
    }
    // Still full: drop the oldest tenth (Map order is insertion order).
    if (this.#buckets.size >= this.#maxKeys) {
      let drop = Math.ceil(this.#maxKeys / 10);
      for (const key of this.#buckets.keys()) {
        if (drop-- <= 0) break;
        this.#buckets.delete(key);
      }
    }
  }
}
