// The SDK against the REAL server (no msw): every method over HTTP, with response validation on, so any
// drift between the server and the contract fails here. The server holds the real DATAtourisme export.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueryClient, QueryObserver } from '@tanstack/query-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../server/src/catalogue/import.js';
import { type RunningServer, silentLogger, startServer } from '../../server/src/index.js';
import { openStore } from '../../server/src/store/open.js';
import {
  createClient,
  type DetourClient,
  type DetourError,
  responseMeta,
  sendImpressions,
} from '../src/index.js';
import { createDetourQueries } from '../src/query.js';

const DATATOURISME = fileURLToPath(
  new URL('../../../../shared/data/datatourisme-centre-val-de-loire-events-2020.jsonld', import.meta.url),
);
/** The export's season (its dates are real, 2020): the server's clock is fixed there. */
const NOW = '2020-09-15T08:00:00.000Z';
const TOURS = { lat: 47.3941, lon: 0.6848 };

let server: RunningServer;
let dir: string;
let client: DetourClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'detour-sdk-'));
  const store = await openStore({ dataDir: dir, databaseUrl: null });
  await importFile(store, { file: DATATOURISME, format: 'jsonld', source: 'datatourisme-cvl', now: NOW });
  await store.close();
  server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir: dir, databaseUrl: null },
    { clock: () => new Date(NOW), log: silentLogger, exposureEveryMs: 0, revisionPollMs: 0 },
  );
  client = createClient({ baseUrl: server.url, validate: true, retry: 0 });
});

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the SDK against the real server', () => {
  it('getHealth: the server is up and serving a snapshot', async () => {
    const h = await client.getHealth();
    expect(h.status).toBe('ok');
    expect(h.counts?.shows).toBeGreaterThan(50);
  });

  it('getRecommendations: picks near Tours with reasons, in the month ahead', async () => {
    const res = await client.getRecommendations({ ...TOURS, radius: 30, k: 8, to: '2020-10-15T00:00:00Z' });
    expect(res.items.length).toBeGreaterThan(0);
    expect(res.items.length).toBeLessThanOrEqual(8);
    for (const r of res.items) {
      expect(r.reasons.length).toBeGreaterThan(0);
      expect(r.distanceKm).toBeLessThanOrEqual(30);
    }
    expect(res.context.radiusKm).toBe(30);
    expect(responseMeta(res)?.status).toBe(200);
  });

  it('history and show exclude what the visitor has seen', async () => {
    const first = await client.getRecommendations({ ...TOURS, radius: 30, k: 5 });
    const seen = first.items.slice(0, 2).map((r) => r.show.id);
    const next = await client.getRecommendations({ ...TOURS, radius: 30, k: 5, history: seen });
    expect(next.items.map((r) => r.show.id)).not.toEqual(expect.arrayContaining(seen));
  });

  it('getShow, getSimilarShows: a show page and its "similar but different" list', async () => {
    const { items } = await client.getRecommendations({ ...TOURS, radius: 30, k: 3 });
    const id = items[0]!.show.id;
    const detail = await client.getShow(id);
    expect(detail.show.id).toBe(id);
    expect(detail.performances.length).toBeGreaterThan(0);
    const similar = await client.getSimilarShows(id, { k: 4, radius: 50 });
    expect(similar.items.map((r) => r.show.id)).not.toContain(id);
  });

  it('searchShows: accent-insensitive full text, paginated', async () => {
    const res = await client.searchShows({ q: 'theatre', limit: 5 });
    expect(res.items.length).toBeGreaterThan(0);
    expect(res.page.limit).toBe(5);
    expect(res.page.total).toBeGreaterThanOrEqual(res.items.length);
  });

  it('listVenues and getVenue', async () => {
    const list = await client.listVenues({ ...TOURS, radius: 10, limit: 3 });
    expect(list.items.length).toBeGreaterThan(0);
    const venue = await client.getVenue(list.items[0]!.id);
    expect(venue.name).toBe(list.items[0]!.name);
  });

  it('getTaxonomy and getPolicy', async () => {
    expect((await client.getTaxonomy()).disciplines.map((d) => d.id)).toContain('theatre');
    const policy = await client.getPolicy();
    expect(policy.policy.version).toBeGreaterThanOrEqual(1);
    expect(policy.description.objective.fr.length).toBeGreaterThan(0);
  });

  it('recordImpressions: the server accepts an aggregate batch', async () => {
    const { items, policyVersion } = await client.getRecommendations({ ...TOURS, radius: 30, k: 3 });
    const ack = await client.recordImpressions({
      policyVersion,
      items: items.map((r) => ({ showId: r.show.id, venueId: r.venue.id, position: r.rank })),
    });
    expect(ack.accepted).toBe(items.length);
  });

  it('sendImpressions: the beacon helper reaches the real server (fetch keepalive, no cookies, in Node)', async () => {
    const { items, policyVersion } = await client.getRecommendations({ ...TOURS, radius: 30, k: 2 });
    const batch = {
      policyVersion,
      items: items.map((r) => ({ showId: r.show.id, venueId: r.venue.id, position: r.rank })),
    };
    await expect(sendImpressions(server.url, batch)).resolves.toBe(true);
  });

  it('bad input comes back as a DetourError naming the field', async () => {
    const e = (await client
      .getRecommendations({ lat: 95, lon: 0.7 })
      .catch((x: unknown) => x)) as DetourError;
    expect(e.kind).toBe('http');
    expect(e.status).toBe(400);
    expect(e.errors.map((f) => f.path)).toContain('lat');
    await expect(client.getShow('s-no-such-show')).rejects.toMatchObject({ kind: 'http', status: 404 });
  });

  it('the query integration caches real responses for their Cache-Control max-age', async () => {
    const qc = new QueryClient();
    const queries = createDetourQueries(client);
    const options = queries.taxonomy();
    const a = new QueryObserver(qc, options);
    const b = new QueryObserver(qc, options);
    const unsubscribe = [a.subscribe(() => {}), b.subscribe(() => {})];
    const data = await qc.fetchQuery(options);
    const maxAge = responseMeta(data)?.maxAge;
    expect(maxAge).not.toBeNull();
    const query = qc.getQueryCache().find({ queryKey: options.queryKey })!;
    expect(options.staleTime(query as never)).toBe(maxAge! * 1000);
    for (const u of unsubscribe) u();
  });
});
