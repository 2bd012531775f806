import { gunzipSync } from 'node:zlib';
import { DEFAULT_POLICY_SETTINGS, RecommendationResponseSchema } from '@detour/sdk/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import type { AppDeps } from '../../src/http/context.js';
import { silentLogger } from '../../src/http/log.js';
import { answer } from '../../src/http/recommend.js';
import { ResponseCache } from '../../src/http/response-cache.js';
import { attributionFor } from '../../src/http/server.js';
import { NOW, qs, startCatalogueServer, type TestServer, TOURS } from './support.js';

// One catalogue server; the apps under test run in process over its live state, with a clock the tests move.
let t: TestServer;
let clock = Date.parse(NOW);
const now = () => new Date(clock);
beforeAll(async () => {
  t = await startCatalogueServer({ clock: now });
});
afterAll(async () => {
  await t?.stop();
});

/** A cached app and an uncached one over the same state and clock. */
function apps() {
  const cache = new ResponseCache();
  const common = { state: t.server.state, clock: now, attribution: attributionFor };
  return {
    cache,
    cached: createApp({ ...common, responseCache: cache }),
    fresh: createApp({ ...common, responseCacheBytes: 0 }),
  };
}

type App = ReturnType<typeof apps>['cached'];

/** The JSON bytes of an answer (gunzipped when the server gzipped it), with its headers. */
async function get(app: App, path: string, headers: Record<string, string> = {}) {
  const res = await app.request(path, { headers });
  expect(res.status, await res.clone().text()).toBe(200);
  const raw = Buffer.from(await res.arrayBuffer());
  const json = res.headers.get('content-encoding') === 'gzip' ? gunzipSync(raw) : raw;
  return { res, json: json.toString('utf8') };
}

const SHOW_OF = async (app: App) =>
  RecommendationResponseSchema.parse(
    JSON.parse((await get(app, `/v1/recommendations?${qs({ ...TOURS, radius: 40, k: 5 })}`)).json),
  ).items.map((i) => i.show.id);

describe('recommendation response cache', () => {
  it('serves a repeated request from the cache, byte for byte the answer an uncached server computes', async () => {
    const { cache, cached, fresh } = apps();
    const shows = await SHOW_OF(fresh);
    expect(shows.length).toBeGreaterThan(2);
    const paths = [
      `/v1/recommendations?${qs(TOURS)}`,
      `/v1/recommendations?${qs({ ...TOURS, radius: 40, k: 20, show: shows[0]! })}`,
      `/v1/recommendations?${qs({ lat: 43.3, lon: 5.37, radius: 5 })}`, // empty answer: small, not gzipped
    ];
    for (const path of paths) {
      for (const encoding of ['gzip, deflate', '']) {
        const headers: Record<string, string> = encoding ? { 'Accept-Encoding': encoding } : {};
        const reference = await get(fresh, path, headers);
        const before = cache.stats();
        const first = await get(cached, path, headers);
        const second = await get(cached, path, headers);
        expect(first.json).toBe(reference.json);
        expect(second.json).toBe(reference.json);
        for (const r of [first, second])
          for (const name of ['etag', 'content-type', 'cache-control', 'content-encoding', 'vary'])
            expect(r.res.headers.get(name), name).toBe(reference.res.headers.get(name));
        expect(cache.stats().hits).toBeGreaterThan(before.hits);
        RecommendationResponseSchema.parse(JSON.parse(second.json));
      }
    }
    // And the bytes are those of the answer itself, serialised by JSON.stringify as c.json would.
    const deps: AppDeps = {
      state: t.server.state,
      config: { network: t.server.state.network, corsOrigins: '*' },
      log: silentLogger,
      clock: now,
      attribution: attributionFor,
      notice: null,
      links: [],
      responses: new ResponseCache(0),
    };
    const direct = await answer(deps, now(), { radius: 30, k: 3 }, TOURS, null);
    expect(direct.items.length).toBe(3);
    const path = `/v1/recommendations?${qs({ ...TOURS, radius: 30, k: 3 })}`;
    await get(cached, path, { 'Accept-Encoding': 'gzip' });
    expect((await get(cached, path, { 'Accept-Encoding': 'gzip' })).json).toBe(JSON.stringify(direct));
  });

  it('keeps no answer that used a visitor’s history, and lets only the browser keep it', async () => {
    const { cache, cached, fresh } = apps();
    const shows = await SHOW_OF(fresh);
    const history = shows.slice(0, 3).join(',');
    const path = `/v1/recommendations?${qs({ ...TOURS, radius: 30, history })}`;
    const reference = await get(fresh, path, { 'Accept-Encoding': 'gzip' });
    const shared: string[] = [];
    cache.onComputed((_generation, key) => shared.push(key));
    for (let i = 0; i < 2; i++) {
      const r = await get(cached, path, { 'Accept-Encoding': 'gzip' });
      expect(r.json).toBe(reference.json);
      expect(r.res.headers.get('etag')).toBe(reference.res.headers.get('etag'));
      expect(r.res.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    }
    // Computed each time, never a key of the cache, never handed to other workers.
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 0, entries: 0 });
    expect(shared).toEqual([]);
    // The same request without the history is shared as before.
    const plain = `/v1/recommendations?${qs({ ...TOURS, radius: 30 })}`;
    await get(cached, plain);
    const again = await get(cached, plain);
    expect(again.res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });
    expect(shared).toHaveLength(1);
    expect(shared[0]).not.toContain(shows[0]);
  });

  it('answers 304 to a cached answer’s ETag and keeps the exact Content-Length on 200', async () => {
    const { cached } = apps();
    const path = `/v1/recommendations?${qs({ ...TOURS, k: 7 })}`;
    const first = await get(cached, path, { 'Accept-Encoding': 'gzip' });
    const etag = first.res.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"/);
    const again = await cached.request(path, {
      headers: { 'If-None-Match': etag, 'Accept-Encoding': 'gzip' },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const plain = await cached.request(path);
    const bytes = new Uint8Array(await plain.arrayBuffer());
    expect(Number(plain.headers.get('content-length'))).toBe(bytes.byteLength);
  });

  it('shares an answer within the engine’s clock step and computes a new one when the step turns', async () => {
    const { cache, cached, fresh } = apps();
    const path = `/v1/recommendations?${qs({ ...TOURS, k: 4 })}`;
    try {
      clock = Date.parse(NOW) + 5_000;
      await get(cached, path);
      clock = Date.parse(NOW) + 290_000; // same step (rounded up to 08:05)
      await get(cached, path);
      expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, entries: 1 });
      clock = Date.parse(NOW) + 301_000; // 08:10: a new generation replaces the previous one
      const next = await get(cached, path);
      expect(cache.stats()).toMatchObject({ hits: 1, misses: 2, entries: 1 });
      expect(next.json).toBe((await get(fresh, path)).json);
    } finally {
      clock = Date.parse(NOW);
    }
  });

  it('serves a newly published policy at once instead of the cached answer', async () => {
    const { cached, fresh } = apps();
    const path = `/v1/recommendations?${qs({ ...TOURS, k: 6 })}`;
    const before = JSON.parse((await get(cached, path)).json);
    const settings = structuredClone(DEFAULT_POLICY_SETTINGS);
    // A setting the request does not carry: only the policy version can tell the answers apart.
    settings.venueCap = settings.venueCap === 1 ? 2 : 1;
    await t.server.store.publishPolicy(t.server.state.network, settings, {
      by: 'test',
      comment: 'un spectacle par lieu',
      restoredFrom: null,
      at: NOW,
    });
    await t.server.state.reloadPolicy();
    const after = await get(cached, path);
    const body = JSON.parse(after.json);
    expect(body.policyVersion).toBe(before.policyVersion + 1);
    expect(after.json).toBe((await get(fresh, path)).json);
  });

  it('serves a new catalogue snapshot at once instead of the cached answer', async () => {
    const { cache, cached, fresh } = apps();
    const path = `/v1/recommendations?${qs({ ...TOURS, radius: 20, k: 50 })}`;
    const before = JSON.parse((await get(cached, path)).json);
    const csv =
      'titre;discipline;lieu;ville;code_postal;latitude;longitude;date;heure\n' +
      'Les Oiseaux du cache;danse;Salle Thélème;Tours;37000;47.3941;0.6848;2020-09-18;20:30\n';
    const res = await fetch(`${t.url}/v1/imports?${qs({ source: 'partner-a', format: 'csv' })}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${t.keys.a}` },
      body: csv,
    });
    expect(res.status).toBe(200);
    await res.text();
    await t.server.state.refresh();
    const after = await get(cached, path);
    const body = JSON.parse(after.json);
    expect(body.snapshotId).not.toBe(before.snapshotId);
    expect(after.json).toBe((await get(fresh, path)).json);
    expect(cache.stats().entries).toBe(1); // the previous view's answers were dropped
  });
});
