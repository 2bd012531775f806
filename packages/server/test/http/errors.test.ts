import { createRoute } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteModule } from '../../src/http/routes/module.js';
import { expectProblem, qs, startCatalogueServer, type TestServer, TOURS } from './support.js';

/** A route that fails the way a bug would: to prove a 500 says nothing of its cause. */
const failing: RouteModule = {
  name: 'failing',
  register(app) {
    app.openapi(
      createRoute({
        method: 'get',
        path: '/test/boom',
        hide: true,
        responses: { 200: { description: 'never' } },
      }),
      () => {
        throw new Error('secret internal detail at /srv/detour/db.ts:42');
      },
    );
  },
};

let t: TestServer;
beforeAll(async () => {
  t = await startCatalogueServer({ extraRoutes: [failing] });
});
afterAll(async () => {
  await t?.stop();
});

const rec = (params: Record<string, string | number>) => fetch(`${t.url}/v1/recommendations?${qs(params)}`);
const postJson = (path: string, body: string, type = 'application/json') =>
  fetch(t.url + path, { method: 'POST', headers: { 'Content-Type': type }, body });

describe('invalid input is a 400 problem naming the field', () => {
  it('rejects a latitude out of range', async () => {
    const p = await expectProblem(await rec({ lat: 91, lon: 0.69 }), 400, 'lat');
    expect(p.type).toBe('urn:detour:problem:invalid-request');
  });

  it('rejects a missing or non-numeric coordinate', async () => {
    await expectProblem(await fetch(`${t.url}/v1/recommendations?lat=47.39`), 400, 'lon');
    await expectProblem(await rec({ lat: 'north', lon: 0.69 }), 400, 'lat');
  });

  it('rejects a radius above 200 km', async () => {
    await expectProblem(await rec({ ...TOURS, radius: 500 }), 400, 'radius');
  });

  it('rejects unparsable dates', async () => {
    await expectProblem(await rec({ ...TOURS, from: 'demain soir' }), 400, 'from');
    await expectProblem(await rec({ ...TOURS, to: '2020-13-45T25:00:00Z' }), 400, 'to');
  });

  it('rejects reversed dates, naming `to`', async () => {
    const p = await expectProblem(
      await rec({ ...TOURS, from: '2020-09-20T00:00:00Z', to: '2020-09-18T00:00:00Z' }),
      400,
      'to',
    );
    expect(p.errors?.[0]?.message).toMatch(/after from/);
  });

  it('rejects a window longer than a year', async () => {
    await expectProblem(
      await rec({ ...TOURS, from: '2020-09-20T00:00:00Z', to: '2022-09-18T00:00:00Z' }),
      400,
      'to',
    );
  });

  it('rejects k above 50', async () => {
    await expectProblem(await rec({ ...TOURS, k: 51 }), 400, 'k');
  });

  it('rejects an unknown facet value (audience=foo)', async () => {
    await expectProblem(await rec({ ...TOURS, audience: 'foo' }), 400, 'audience');
    await expectProblem(await rec({ ...TOURS, accessibility: 'moteur,foo' }), 400, 'accessibility');
    await expectProblem(await fetch(`${t.url}/v1/search?discipline=foo`), 400, 'discipline');
  });

  it('names every bad field at once', async () => {
    const p = await expectProblem(await rec({ lat: 91, lon: 200, k: 0 }), 400);
    expect(p.errors?.map((e) => e.path).sort()).toEqual(['k', 'lat', 'lon']);
  });

  it('rejects a bad show id in the path and bad search and venue parameters', async () => {
    await expectProblem(await fetch(`${t.url}/v1/shows/${encodeURIComponent('a b')}`), 400, 'id');
    await expectProblem(await fetch(`${t.url}/v1/search?limit=500`), 400, 'limit');
    await expectProblem(await fetch(`${t.url}/v1/venues?lat=47.3`), 400, 'lon');
  });

  it('rejects a malformed JSON body', async () => {
    const p = await expectProblem(
      await postJson('/v1/impressions', '{"policyVersion": 1, "items": ['),
      400,
      'body',
    );
    expect(p.type).toBe('urn:detour:problem:malformed-json');
  });

  it('rejects an impression batch with bad fields, naming them under body', async () => {
    const body = JSON.stringify({
      policyVersion: 1,
      items: [{ showId: 's1', venueId: 'v1', position: 0 }],
      visitor: 'x',
    });
    const p = await expectProblem(await postJson('/v1/impressions', body), 400);
    const paths = p.errors!.map((e) => e.path);
    expect(paths).toContain('body.items.0.position');
    expect(paths.some((path) => path.startsWith('body'))).toBe(true);
  });
});

describe('other HTTP errors are problems too', () => {
  it('answers 413 for a body over 64 kB on the public API', async () => {
    const items = Array.from({ length: 3000 }, (_, i) => ({
      showId: `s${i}`,
      venueId: `v${i}`,
      position: 1,
    }));
    const body = JSON.stringify({ policyVersion: 1, items });
    expect(body.length).toBeGreaterThan(64 * 1024);
    await expectProblem(await postJson('/v1/impressions', body), 413, 'body');
  });

  it('answers 413 for an import over 5 MB, even with a valid key', async () => {
    const res = await fetch(`${t.url}/v1/imports?source=partner-a&format=csv`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${t.keys.a}`, 'Content-Type': 'text/csv' },
      body: 'x'.repeat(5 * 1024 * 1024 + 1),
    });
    await expectProblem(res, 413);
  });

  it('answers 415 for an unsupported content type', async () => {
    await expectProblem(await postJson('/v1/impressions', '{}', 'text/plain'), 415);
  });

  it('answers 404 for an unknown route and 405 (with Allow) for a known path under another method', async () => {
    await expectProblem(await fetch(`${t.url}/v2/nothing`), 404);
    const res = await fetch(`${t.url}/v1/recommendations?${qs(TOURS)}`, { method: 'POST' });
    expect(res.headers.get('allow')).toBe('GET, HEAD');
    await expectProblem(res, 405);
    await expectProblem(await fetch(`${t.url}/v1/imports`), 405);
  });

  it('answers 500 with a generic message, no stack and no internal detail, and logs the error', async () => {
    const res = await fetch(`${t.url}/test/boom`);
    const text = await res.clone().text();
    const p = await expectProblem(res, 500);
    expect(p.detail).toBe('Something went wrong on our side.');
    expect(text).not.toContain('secret internal detail');
    expect(text).not.toContain('db.ts');
    expect(t.logs.some((l) => l.includes('secret internal detail') && l.includes('"level":"error"'))).toBe(
      true,
    );
  });
});
