import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecommendationResponse } from '@detour/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_MODULES, type RunningServer, startServer } from '../../index.js';
import { repoRoot } from './assets.js';
import { SITE_CSP, widgetRoutes } from './routes.js';

let server: RunningServer;
let dataDir: string;

const widgetDir = join(repoRoot()!, 'packages', 'widget');

beforeAll(async () => {
  // The script served is the widget's build: make it when a bare checkout has none yet.
  if (!existsSync(join(widgetDir, 'dist', 'detour-widget.js')))
    execFileSync('npx', ['tsup'], { cwd: widgetDir, stdio: 'pipe' });
  dataDir = await mkdtemp(join(tmpdir(), 'detour-widget-routes-'));
  // The widget module is one of ROUTE_MODULES; add it only if a server without it is being tested.
  const extra = ROUTE_MODULES.some((m) => m.name === widgetRoutes.name) ? [] : [widgetRoutes];
  server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir, logLevel: 'silent' },
    { demo: true, exposureEveryMs: 0, revisionPollMs: 0, extraRoutes: extra },
  );
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
});

// Around Tours: the DATAtourisme part of the demo catalogue.
const QUERY = 'lat=47.3937&lon=0.6827&radius=40&k=5';

describe('widget routes on the real server', () => {
  it('serves the same picks as /v1/recommendations as an HTML fragment with JSON-LD', async () => {
    const json = (await (
      await fetch(`${server.url}/v1/recommendations?${QUERY}`)
    ).json()) as RecommendationResponse;
    expect(json.items.length).toBeGreaterThan(0);
    const res = await fetch(`${server.url}/v1/recommendations.html?${QUERY}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const embedded = JSON.parse(
      /data-detour-response>([^<]*)<\/script>/.exec(html)![1]!,
    ) as RecommendationResponse;
    expect(embedded.items.map((i) => i.show.id)).toEqual(json.items.map((i) => i.show.id));
    const events = JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html)![1]!);
    expect([events].flat().map((e: { name: string }) => e.name)).toEqual(json.items.map((i) => i.show.title));
  });

  it('sends a fragment computed with a visitor history as private, and one without as public', async () => {
    const json = (await (
      await fetch(`${server.url}/v1/recommendations?${QUERY}`)
    ).json()) as RecommendationResponse;
    const seen = json.items[0]!.show.id;
    const personal = await fetch(`${server.url}/v1/recommendations.html?${QUERY}&history=${seen}`);
    expect(personal.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    expect(await personal.text()).not.toContain(`"id":"${seen}"`);
    const shared = await fetch(`${server.url}/v1/recommendations.html?${QUERY}`);
    expect(shared.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
  });

  it('leaves out every show of the venues in excludeVenue, in JSON and in the fragment', async () => {
    const json = (await (
      await fetch(`${server.url}/v1/recommendations?${QUERY}`)
    ).json()) as RecommendationResponse;
    const venue = json.items[0]!.venue.id;
    const ownShows = new Set(json.items.filter((i) => i.venue.id === venue).map((i) => i.show.id));
    for (const path of ['/v1/recommendations', '/v1/recommendations.html']) {
      const body = await (await fetch(`${server.url}${path}?${QUERY}&excludeVenue=${venue}`)).text();
      const r = (
        path.endsWith('.html')
          ? JSON.parse(/data-detour-response>([^<]*)<\/script>/.exec(body)![1]!)
          : JSON.parse(body)
      ) as RecommendationResponse;
      expect(r.items.length).toBeGreaterThan(0);
      expect(r.items.some((i) => i.venue.id === venue || ownShows.has(i.show.id))).toBe(false);
    }
    const bad = await fetch(`${server.url}/v1/recommendations?${QUERY}&excludeVenue=a%20b`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe('excludeVenue');
  });

  it('serves a show page readable without JavaScript: performances, similar shows with reasons, JSON-LD, attribution', async () => {
    const json = (await (
      await fetch(`${server.url}/v1/recommendations?${QUERY}`)
    ).json()) as RecommendationResponse;
    const item = json.items[0]!;
    const res = await fetch(`${server.url}/spectacles/${encodeURIComponent(item.show.id)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('Représentations à venir');
    expect(html).not.toMatch(/<script(?![^>]*type="application\/ld\+json")/);
    const events = [
      JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(html)![1]!),
    ].flat();
    expect(events.length).toBeGreaterThan(0);
    expect(events[0].name).toBe(item.show.title);
    expect(html).toContain('Dans le même esprit, près d’ici');
    expect(html).toContain('part="reason"');
    expect(html).toContain('DATAtourisme');
    expect((await fetch(`${server.url}/spectacles/nope`)).status).toBe(404);
  });

  it('serves /favicon.ico', async () => {
    const res = await fetch(`${server.url}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(await res.text()).toMatch(/^<svg/);
  });

  it('rejects bad parameters of the fragment like the JSON endpoint, as problem+json naming the field', async () => {
    const res = await fetch(`${server.url}/v1/recommendations.html?lat=123&lon=0.68`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    const body = (await res.json()) as { errors: { path: string }[] };
    expect(body.errors.map((e) => e.path)).toContain('lat');
  });

  it('serves the widget script with a day of cache and an ETag that answers 304', async () => {
    const res = await fetch(`${server.url}/widget/detour-widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toMatch(/max-age=86400/);
    const etag = res.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect(await res.text()).toContain('detour-recommendations');
    const again = await fetch(`${server.url}/widget/detour-widget.js`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
  });

  it('serves the example venue site under a strict CSP, and nothing outside it', async () => {
    const res = await fetch(`${server.url}/exemple/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(SITE_CSP);
    const html = await res.text();
    expect(html).toContain('<detour-recommendations');
    expect(html).toContain('src="/widget/detour-widget.js"');
    expect(html).not.toMatch(/<script>|<style|style="/);
    expect((await fetch(`${server.url}/exemple/spectacle.html`)).status).toBe(200);
    expect((await fetch(`${server.url}/exemple/site.css`)).headers.get('content-type')).toMatch(/^text\/css/);
    expect((await fetch(`${server.url}/exemple/README.md`)).status).toBe(404);
    expect((await fetch(`${server.url}/exemple/..%2Fpackage.json`)).status).toBe(404);
  });

  it('serves the SDK example app under /app/ with its bundle, under the same strict CSP', async () => {
    const res = await fetch(`${server.url}/app/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(SITE_CSP);
    const html = await res.text();
    expect(html).toContain('src="dist/app.js"');
    // npm start and npm test build examples/app before serving or testing it.
    const bundle = await fetch(`${server.url}/app/dist/app.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('documents its API route in the OpenAPI document, and none of its files', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    const paths = Object.keys(doc.paths);
    expect(paths).toContain('/v1/recommendations.html');
    for (const file of [
      '/widget/detour-widget.js',
      '/widget/detour-widget.js.map',
      '/exemple/',
      '/',
      '/app/',
    ])
      expect(paths).not.toContain(file);
  });
});
