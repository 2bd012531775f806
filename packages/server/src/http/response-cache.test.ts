import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { type EncodedJson, encodedSize, encodeJson } from './encoded-json.js';
import { answerMaxAge, engineNow } from './recommend.js';
import {
  DEFAULT_RESPONSE_CACHE_BYTES,
  ENTRY_OVERHEAD_BYTES,
  ResponseCache,
  responseCacheBytes,
} from './response-cache.js';

const MINUTE = 60_000;
const g = (minute: number, revision = 1) => ({ clockMs: minute * MINUTE, revision });
const answerOf = (n: number) =>
  encodeJson({ items: Array.from({ length: 40 }, (_, i) => ({ n, i, t: `spectacle ${i}` })) });

/** A compute function that counts its calls. */
function counter(value: EncodedJson) {
  const calls = { n: 0 };
  return {
    calls,
    compute: async () => {
      calls.n++;
      return value;
    },
  };
}

describe('encodeJson', () => {
  it('gzips answers of 1 kB or more and keeps smaller ones plain, with the digest of the JSON as weak ETag', () => {
    const big = answerOf(1);
    expect(big.gzip).not.toBeNull();
    expect(big.plain).toBeNull();
    expect(gunzipSync(big.gzip!).toString()).toBe(
      JSON.stringify({ items: Array.from({ length: 40 }, (_, i) => ({ n: 1, i, t: `spectacle ${i}` })) }),
    );
    expect(big.length).toBe(gunzipSync(big.gzip!).byteLength);
    // Kept at its exact size, not as a slice of zlib's output chunk.
    expect(big.gzip!.buffer.byteLength).toBe(big.gzip!.byteLength);
    const small = encodeJson({ ok: true });
    expect(small.gzip).toBeNull();
    expect(Buffer.from(small.plain!).toString()).toBe('{"ok":true}');
    expect(small.etag).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(encodeJson({ ok: false }).etag).not.toBe(small.etag);
  });
});

describe('engineNow', () => {
  it('rounds a request instant up to the five-minute step and leaves a step boundary as it is', () => {
    expect(engineNow(new Date('2020-09-15T08:00:00.000Z')).toISOString()).toBe('2020-09-15T08:00:00.000Z');
    expect(engineNow(new Date('2020-09-15T08:00:00.001Z')).toISOString()).toBe('2020-09-15T08:05:00.000Z');
    expect(engineNow(new Date('2020-09-15T08:04:59.999Z')).toISOString()).toBe('2020-09-15T08:05:00.000Z');
  });

  it('lets caches keep an answer until the step ends, not beyond', () => {
    expect(answerMaxAge(new Date('2020-09-15T08:00:01.000Z'))).toBe(299);
    expect(answerMaxAge(new Date('2020-09-15T08:04:30.000Z'))).toBe(30);
    expect(answerMaxAge(new Date('2020-09-15T08:05:00.000Z'))).toBe(1);
  });
});

describe('ResponseCache', () => {
  it('computes an answer once per key and generation, and serves it after that', async () => {
    const cache = new ResponseCache();
    const a = counter(answerOf(1));
    expect(await cache.get(g(1), 'a', a.compute)).toBe(await a.compute());
    a.calls.n = 0;
    await cache.get(g(1), 'a', a.compute);
    await cache.get(g(1), 'a', a.compute);
    expect(a.calls.n).toBe(0);
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 1, entries: 1 });
  });

  it('lets concurrent requests for one answer wait for a single computation, errors included', async () => {
    const cache = new ResponseCache();
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    let calls = 0;
    const slow = async () => {
      calls++;
      await gate;
      return answerOf(2);
    };
    const all = Promise.all([
      cache.get(g(1), 'k', slow),
      cache.get(g(1), 'k', slow),
      cache.get(g(1), 'k', slow),
    ]);
    release();
    const [x, y, z] = await all;
    expect(calls).toBe(1);
    expect(x).toBe(y);
    expect(y).toBe(z);
    expect(cache.stats().joined).toBe(2);

    const failing = async () => {
      throw new Error('unknown show');
    };
    await expect(Promise.all([cache.get(g(1), 'e', failing), cache.get(g(1), 'e', failing)])).rejects.toThrow(
      'unknown show',
    );
    expect(cache.stats().entries).toBe(1); // failures are not kept
  });

  it('never holds more bytes than its budget: answers past it are served but not kept', async () => {
    const one = answerOf(3);
    const perEntry = encodedSize(one) + 'key-0'.length + ENTRY_OVERHEAD_BYTES;
    const cache = new ResponseCache(perEntry * 3 + perEntry / 2);
    for (let i = 0; i < 10; i++) expect(await cache.get(g(1), `key-${i}`, async () => one)).toBe(one);
    const stats = cache.stats();
    expect(stats.entries).toBe(3);
    expect(stats.refused).toBe(7);
    expect(stats.bytes).toBeLessThanOrEqual(cache.maxBytes);
    expect(stats.bytes).toBe(perEntry * 3);
    // The first three stay served from memory.
    const c = counter(one);
    await cache.get(g(1), 'key-0', c.compute);
    expect(c.calls.n).toBe(0);
  });

  it('drops a generation when a newer one (next minute or new catalogue view) is admitted', async () => {
    const cache = new ResponseCache();
    await cache.get(g(1), 'a', async () => answerOf(1));
    await cache.get(g(1), 'b', async () => answerOf(1));
    expect(cache.stats().entries).toBe(2);
    await cache.get(g(2), 'c', async () => answerOf(1));
    expect(cache.stats().entries).toBe(1);
    await cache.get(g(2, 2), 'd', async () => answerOf(1));
    expect(cache.stats().entries).toBe(1);
    // An answer of a previous generation is neither served nor kept: a late straggler.
    const late = counter(answerOf(4));
    await cache.get(g(2, 2), 'd', late.compute);
    await cache.get(g(1), 'd', late.compute);
    expect(late.calls.n).toBe(1);
    expect(cache.stats().entries).toBe(1);
    // A clock stepped far back starts over rather than refusing every answer.
    await cache.get(g(-40), 'z', async () => answerOf(1));
    const again = counter(answerOf(1));
    await cache.get(g(-40), 'z', again.compute);
    expect(again.calls.n).toBe(0);
  });

  it('keeps nothing with a budget of 0', async () => {
    const cache = new ResponseCache(0);
    const c = counter(answerOf(1));
    await cache.get(g(1), 'a', c.compute);
    await cache.get(g(1), 'a', c.compute);
    expect(c.calls.n).toBe(2);
    expect(cache.stats().entries).toBe(0);
  });

  it('reads its budget in MiB from DETOUR_RESPONSE_CACHE_MB', () => {
    expect(responseCacheBytes({})).toBe(DEFAULT_RESPONSE_CACHE_BYTES);
    expect(responseCacheBytes({ DETOUR_RESPONSE_CACHE_MB: '16' })).toBe(16 * 1024 * 1024);
    expect(responseCacheBytes({ DETOUR_RESPONSE_CACHE_MB: '0' })).toBe(0);
    expect(() => responseCacheBytes({ DETOUR_RESPONSE_CACHE_MB: '-1' })).toThrow(RangeError);
  });
});

describe('ResponseCache shared between processes', () => {
  it('serves an offered answer as its own and counts the hits it serves', async () => {
    const cache = new ResponseCache();
    const shared = answerOf(5);
    expect(cache.offer(g(1), 'a', shared)).toBe(true);
    const c = counter(answerOf(6));
    expect(await cache.get(g(1), 'a', c.compute)).toBe(shared);
    expect(c.calls.n).toBe(0);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 0, adopted: 1, adoptedHits: 1, entries: 1 });
    // A hit on an answer computed here is not counted as an adopted one.
    await cache.get(g(1), 'b', async () => answerOf(7));
    await cache.get(g(1), 'b', async () => answerOf(7));
    expect(cache.stats()).toMatchObject({ hits: 2, adoptedHits: 1 });
  });

  it('tells its listener of each answer it computed and kept, never of offered ones', async () => {
    const cache = new ResponseCache();
    const told: string[] = [];
    cache.onComputed((generation, key, encoded) => {
      told.push(`${generation.clockMs / MINUTE}:${generation.revision}:${key}:${encoded.etag}`);
    });
    const a = answerOf(1);
    await cache.get(g(1), 'a', async () => a);
    await cache.get(g(1), 'a', async () => a); // a hit: not computed again
    cache.offer(g(1), 'b', answerOf(2));
    expect(told).toEqual([`1:1:a:${a.etag}`]);
    // An answer not kept (a straggler of an older generation, or past the budget) is not shared either.
    await cache.get(g(2), 'c', async () => answerOf(3));
    await cache.get(g(1), 'd', async () => answerOf(4));
    expect(told).toHaveLength(2);
    cache.onComputed(null);
    await cache.get(g(2), 'e', async () => answerOf(5));
    expect(told).toHaveLength(2);
  });

  it('declines an offered answer of an older generation, one it holds, and one past its budget', async () => {
    const one = answerOf(3);
    const perEntry = encodedSize(one) + 'k1'.length + ENTRY_OVERHEAD_BYTES;
    const cache = new ResponseCache(perEntry * 2);
    await cache.get(g(2, 2), 'k1', async () => one);
    expect(cache.offer(g(1, 2), 'k2', one)).toBe(false); // an earlier clock step
    expect(cache.offer(g(2, 1), 'k2', one)).toBe(false); // an earlier catalogue view
    expect(cache.offer(g(-40, 2), 'k2', one)).toBe(false); // even far back: the sender is the straggler
    expect(cache.offer(g(2, 2), 'k1', answerOf(9))).toBe(false); // already held: the first stays
    expect(await cache.get(g(2, 2), 'k1', async () => answerOf(9))).toBe(one);
    expect(cache.offer(g(2, 2), 'k2', one)).toBe(true);
    expect(cache.offer(g(2, 2), 'k3', one)).toBe(false); // the budget is full
    expect(cache.stats()).toMatchObject({ adopted: 1, declined: 5, refused: 0, entries: 2 });
    expect(cache.stats().bytes).toBeLessThanOrEqual(cache.maxBytes);
  });

  it('moves to a newer generation when offered one of it, as when computing one', async () => {
    const cache = new ResponseCache();
    await cache.get(g(1), 'a', async () => answerOf(1));
    expect(cache.offer(g(2), 'b', answerOf(2))).toBe(true);
    expect(cache.stats().entries).toBe(1);
    const c = counter(answerOf(1));
    await cache.get(g(1), 'a', c.compute); // the old step is gone
    expect(c.calls.n).toBe(1);
  });

  it('keeps nothing offered with a budget of 0', () => {
    const cache = new ResponseCache(0);
    expect(cache.offer(g(1), 'a', answerOf(1))).toBe(false);
    expect(cache.stats()).toMatchObject({ entries: 0, declined: 1 });
  });
});
