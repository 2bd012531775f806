import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HealthSchema, TaxonomySchema, VenueListSchema } from '@detour/sdk/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppState } from '../../src/app-state.js';
import { createApp } from '../../src/http/app.js';
import { ensureDefaultPolicy } from '../../src/http/server.js';
import { openStore } from '../../src/store/open.js';
import type { CatalogueStore } from '../../src/store/store.js';
import { expectProblem, NOW } from './support.js';

let dir: string;
let store: CatalogueStore;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'detour-app-'));
  store = await openStore({ dataDir: dir, databaseUrl: null });
  await ensureDefaultPolicy(store, 'national', NOW);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('createApp (in process, app.request)', () => {
  it('answers 503 with Retry-After on catalogue routes until the state has loaded, then serves them', async () => {
    const state = new AppState(store, { network: 'national', exposureEveryMs: 0, revisionPollMs: 0 });
    const app = createApp({ state, clock: () => new Date(NOW) });
    const health = HealthSchema.parse(await (await app.request('/healthz')).json());
    expect(health.status).toBe('starting');
    const early = await app.request('/v1/venues');
    expect(early.headers.get('retry-after')).toBe('5');
    await expectProblem(early, 503);
    // Routes that need no catalogue answer at once.
    TaxonomySchema.parse(await (await app.request('/v1/taxonomy')).json());

    await state.start();
    const list = VenueListSchema.parse(await (await app.request('/v1/venues')).json());
    expect(list.page.total).toBe(0);
    expect(HealthSchema.parse(await (await app.request('/healthz')).json()).status).toBe('ok');
    await state.stop();
  });

  it('accepts extra route modules and rewrites of the middleware list', async () => {
    const state = new AppState(store, { network: 'national', exposureEveryMs: 0, revisionPollMs: 0 });
    await state.start();
    const app = createApp({
      state,
      extraRoutes: [
        {
          name: 'console',
          links: [{ href: '/console', label: 'Console', description: 'Une page ajoutée par un module.' }],
          register(app) {
            app.get('/console', (c) => c.text('console'));
          },
        },
      ],
      middleware: (stack) => [
        ...stack,
        {
          name: 'test-header',
          path: '*',
          handler: async (c, next) => {
            await next();
            c.header('X-Test', 'yes');
          },
        },
      ],
    });
    const res = await app.request('/v1/taxonomy');
    expect(res.headers.get('x-test')).toBe('yes');
    const root = await (await app.request('/demo')).text();
    expect(root).toContain('href="/console"');
    expect(await (await app.request('/console')).text()).toBe('console');
    await state.stop();
  });

  it('allows only the configured CORS origins when DETOUR_CORS_ORIGINS lists some', async () => {
    const state = new AppState(store, { network: 'national', exposureEveryMs: 0, revisionPollMs: 0 });
    const app = createApp({ state, config: { corsOrigins: ['https://theatre.example'] } });
    const allowed = await app.request('/v1/taxonomy', { headers: { Origin: 'https://theatre.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://theatre.example');
    const other = await app.request('/v1/taxonomy', { headers: { Origin: 'https://ailleurs.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
