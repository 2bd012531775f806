import { QueryClient, QueryObserver } from '@tanstack/query-core';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../src/index.js';
import { createDetourHandlers, shows } from '../src/mocks/index.js';
import { createDetourQueries, DEFAULT_STALE_TIMES, detourKeys } from '../src/query.js';

const API = 'https://api.detour.test';
const TOURS = { lat: 47.3941, lon: 0.6848 };
let requests = 0;
const server = setupServer(...createDetourHandlers({ baseUrl: API, maxAge: 120 }));
server.events.on('request:start', () => void requests++);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  requests = 0;
});
afterAll(() => server.close());

const client = createClient({ baseUrl: API, retry: 0 });
const queries = createDetourQueries(client);

/** Resolves when an observer has data. */
function settled(observer: {
  getCurrentResult(): { status: string };
  subscribe(listener: (result: { status: string }) => void): () => void;
}) {
  return new Promise<void>((resolve) => {
    if (observer.getCurrentResult().status !== 'pending') return resolve();
    const unsubscribe = observer.subscribe((r) => {
      if (r.status !== 'pending') {
        unsubscribe();
        resolve();
      }
    });
  });
}

describe('query integration', () => {
  it('two observers of the same recommendations share one request', async () => {
    const qc = new QueryClient();
    const a = new QueryObserver(qc, queries.recommendations({ ...TOURS, k: 4 }));
    const b = new QueryObserver(qc, queries.recommendations({ k: 4, ...TOURS }));
    const subA = a.subscribe(() => {});
    const subB = b.subscribe(() => {});
    await settled(a);
    await settled(b);
    expect(requests).toBe(1);
    expect(a.getCurrentResult().data).toBe(b.getCurrentResult().data);
    expect(a.getCurrentResult().data?.items.length).toBe(4);
    subA();
    subB();
    qc.clear();
  });

  it('serves a second read from the cache while fresh', async () => {
    const qc = new QueryClient();
    const first = await qc.fetchQuery(queries.show(shows[0]!.id));
    const second = await qc.fetchQuery(queries.show(shows[0]!.id));
    expect(second).toBe(first);
    expect(requests).toBe(1);
    expect(qc.getQueryData(detourKeys.show(API, shows[0]!.id))?.show.title).toBe(shows[0]!.title);
  });

  it("takes the stale time from the server's Cache-Control max-age", async () => {
    const qc = new QueryClient();
    const options = queries.taxonomy();
    await qc.fetchQuery(options);
    const query = qc.getQueryCache().find({ queryKey: options.queryKey })!;
    expect(options.staleTime(query as never)).toBe(120_000);
  });

  it('falls back to the default stale time when the server sends no max-age, and refetches when stale', async () => {
    server.use(http.get(`${API}/healthz`, () => HttpResponse.json({ status: 'ok' })));
    const qc = new QueryClient();
    const options = queries.health();
    await qc.fetchQuery(options);
    const query = qc.getQueryCache().find({ queryKey: options.queryKey })!;
    expect(options.staleTime(query as never)).toBe(DEFAULT_STALE_TIMES.health);
    await qc.fetchQuery(options);
    expect(requests).toBe(2);
  });

  it('different parameters are different cache entries; equal ones written differently are one', () => {
    const a = detourKeys.recommendations(API, { lat: 1, lon: 2, history: ['s1', 's2'] });
    const b = detourKeys.recommendations(API, { lat: 1, lon: 2, history: ['s2', 's1'] });
    const c = detourKeys.recommendations(API, { lon: 2, lat: 1, history: ['s1', 's2'], free: undefined });
    const qc = new QueryClient();
    const hash = (k: readonly unknown[]) => qc.getQueryCache().build(qc, { queryKey: k }).queryHash;
    expect(hash(a)).not.toBe(hash(b));
    expect(hash(a)).toBe(hash(c));
  });

  it('every read has options (health aside: never fresh), and invalidating the origin refetches them all', async () => {
    const qc = new QueryClient();
    const reads = [
      queries.recommendations(TOURS),
      queries.show(shows[0]!.id),
      queries.similar(shows[0]!.id, { k: 3 }),
      queries.search({ q: 'danse' }),
      queries.venues(TOURS),
      queries.venue((await client.listVenues()).items[0]!.id),
      queries.taxonomy(),
      queries.policy(),
    ];
    requests = 0;
    for (const r of reads) await qc.fetchQuery(r as never);
    expect(requests).toBe(reads.length);
    const observers = reads.map((r) => new QueryObserver(qc, r as never));
    const subs = observers.map((o) => o.subscribe(() => {}));
    await qc.invalidateQueries({ queryKey: detourKeys.all(API) });
    expect(requests).toBe(reads.length * 2);
    for (const s of subs) s();
  });

  it('the impressions mutation posts through the client', async () => {
    const qc = new QueryClient();
    const m = queries.recordImpressions();
    const ack = await qc
      .getMutationCache()
      .build(qc, m)
      .execute({ policyVersion: 1, items: [{ showId: shows[0]!.id, venueId: 'v1', position: 1 }] });
    expect(ack).toEqual({ accepted: 1 });
  });
});
