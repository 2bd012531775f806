import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDetourHandlers } from '@detour/sdk/mocks';
import { getResponse } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppState } from '../../src/app-state.js';
import { createApp } from '../../src/http/app.js';
import type { ApiApp } from '../../src/http/context.js';
import { ensureDefaultPolicy } from '../../src/http/server.js';
import { openStore } from '../../src/store/open.js';
import type { CatalogueStore } from '../../src/store/store.js';
import { NOW } from './support.js';

// The SDK's msw handlers stand in for the server in app builders' tests: their errors must be the server's,
// body for body. Each request below goes to the real app (in process) and to the handlers.

const BASE = 'http://detour.test';
const handlers = createDetourHandlers({ baseUrl: BASE });

let dir: string;
let store: CatalogueStore;
let state: AppState;
let app: ApiApp;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'detour-parity-'));
  store = await openStore({ dataDir: dir, databaseUrl: null });
  await ensureDefaultPolicy(store, 'national', NOW);
  state = new AppState(store, { network: 'national', exposureEveryMs: 0, revisionPollMs: 0 });
  await state.start();
  app = createApp({ state, clock: () => new Date(NOW) });
});
afterAll(async () => {
  await state?.stop();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Case {
  path: string;
  init?: RequestInit;
}

const json = (body: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body,
});

const CASES: Case[] = [
  { path: '/v1/recommendations' },
  { path: '/v1/recommendations?lat=0x10&lon=0.69' },
  { path: '/v1/recommendations?lat=&lon=0.69' },
  { path: '/v1/recommendations?lat=95&lon=0.69&k=500' },
  { path: '/v1/recommendations?lat=47.39&lon=0.69&period=bogus' },
  { path: '/v1/recommendations?lat=47.39&lon=0.69&limit=3' },
  { path: '/v1/recommendations?lat=47.39&lon=0.69&from=2020-02-30' },
  { path: '/v1/recommendations?lat=47.39&lon=0.69&from=2020-09-20&to=2020-09-18' },
  { path: '/v1/recommendations?lat=47.39&lon=0.69&from=2020-09-20&to=2021-10-01' },
  { path: '/v1/recommendations?lat=47.39&lon=0.69&history=a,,b%20c&accessibility=x' },
  { path: '/v1/shows/nope' },
  { path: '/v1/shows/x*y' },
  { path: '/v1/shows/nope?x=1' },
  { path: '/v1/shows/nope/similar' },
  { path: '/v1/shows/nope/similar?period=soon' },
  { path: '/v1/venues/nope' },
  { path: '/v1/venues/a%2Fb' },
  { path: '/v1/venues?lat=47.39' },
  { path: '/v1/venues?limit=0' },
  { path: '/v1/search?lon=0.69' },
  { path: '/v1/search?q=cirque&radius=0&lat=1&lon=1' },
  { path: '/v1/search?from=2020-09-15&to=2021-09-17' },
  { path: '/v1/search?free=yes' },
  { path: '/v1/taxonomy?lang=fr' },
  { path: '/v1/policy?network=Not_A_Slug' },
  { path: '/v1/impressions', init: json('{"policyVersion":') },
  { path: '/v1/impressions', init: json('{}') },
  {
    path: '/v1/impressions',
    init: json('{"policyVersion":1,"items":[{"showId":"s","venueId":"v","position":0}]}'),
  },
  { path: '/v1/impressions?network=A%20B', init: json('{}') },
];

describe('msw handlers and the server answer the same errors', () => {
  it.each(CASES)('$path $init.body', async ({ path, init }) => {
    const fromServer = await app.request(path, init);
    const fromMock = await getResponse(handlers, new Request(BASE + path, init));
    expect(fromMock, 'the handlers answer').toBeDefined();
    const server = {
      status: fromServer.status,
      type: fromServer.headers.get('content-type'),
      body: await fromServer.json(),
    };
    const mock = {
      status: fromMock!.status,
      type: fromMock!.headers.get('content-type'),
      body: await fromMock!.json(),
    };
    expect(server.status).toBeGreaterThanOrEqual(400);
    expect(mock).toEqual(server);
  });
});
