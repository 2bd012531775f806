import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatalogueServer, type TestServer } from './support.js';

let t: TestServer;
let doc: {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
};
beforeAll(async () => {
  t = await startCatalogueServer();
  const res = await fetch(`${t.url}/openapi.json`);
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(async () => {
  await t?.stop();
});

/** Every (method, path) of the API the app routes to (`/v1/*`, `/healthz`), in OpenAPI path syntax, middleware left out. */
function answeredRoutes(): Array<{ method: string; path: string }> {
  const seen = new Set<string>();
  const out: Array<{ method: string; path: string }> = [];
  for (const r of t.server.app.routes) {
    if (r.method === 'ALL' || r.path.includes('*')) continue;
    if (!r.path.startsWith('/v1/') && r.path !== '/healthz') continue;
    const path = r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const key = `${r.method} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ method: r.method.toLowerCase(), path });
  }
  return out;
}

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes every route of the API, and no page, static file or source map', () => {
    const routes = answeredRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(18);
    for (const { method, path } of routes) {
      expect(doc.paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
    }
    for (const path of ['/v1/recommendations', '/v1/shows/{id}/similar', '/v1/imports', '/healthz']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    for (const path of Object.keys(doc.paths)) {
      expect(path).toMatch(/^\/(v1\/|healthz$|readyz$)/);
      expect(path).not.toMatch(/\.(map|js|css|svg)$|\/$/);
    }
  });

  type Op = {
    operationId?: string;
    security?: unknown[];
    parameters?: Array<{ name: string; description?: string }>;
    responses: Record<string, unknown>;
  };
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        name: `${method.toUpperCase()} ${path}`,
        path,
        op: op as Op,
      })),
    );

  it('names every operation (unique operationIds) and describes every parameter', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { name, op } of operations()) {
      for (const p of op.parameters ?? []) expect(p.description, `${name} ${p.name}`).toBeTruthy();
    }
  });

  it('documents 400, 405 and 429 answers, and which credential each operation needs', () => {
    const root = doc as unknown as { security: unknown[]; servers: Array<{ url: string }> };
    expect(root.security).toEqual([]);
    expect(root.servers[0]?.url).toMatch(/^http/);
    for (const { name, path, op } of operations()) {
      expect(Object.keys(op.responses), name).toEqual(expect.arrayContaining(['405', '429']));
      if ((op.parameters ?? []).length > 0) expect(Object.keys(op.responses), name).toContain('400');
      if (path === '/v1/imports') expect(op.security, name).toEqual([{ ApiKey: [] }]);
      else if (path.startsWith('/v1/editor/')) expect(op.security, name).toEqual([{ EditorToken: [] }]);
      else expect(op.security ?? [], name).toEqual([]);
    }
  });

  it('marks required query parameters as required and never nullable (query strings cannot be null)', () => {
    type Param = { name: string; required: boolean; schema: { type: unknown } };
    const params = (path: string) =>
      new Map(((doc.paths[path]!.get as { parameters: Param[] }).parameters ?? []).map((p) => [p.name, p]));
    const rec = params('/v1/recommendations');
    expect(rec.get('lat')).toMatchObject({ required: true, schema: { type: 'number' } });
    expect(rec.get('lon')).toMatchObject({ required: true, schema: { type: 'number' } });
    expect(rec.get('radius')).toMatchObject({ required: false, schema: { type: 'number' } });
    expect(rec.get('k')).toMatchObject({ required: false, schema: { type: 'integer' } });
    expect(params('/v1/shows/{id}').get('id')).toMatchObject({ required: true });
    expect(params('/v1/shows/{id}/similar').get('lat')).toMatchObject({
      required: false,
      schema: { type: 'number' },
    });
  });

  it('takes its schemas from the contract, under their contract names', () => {
    for (const name of [
      'RecommendationResponse',
      'Recommendation',
      'Reason',
      'Show',
      'Venue',
      'Problem',
      'ImportReport',
      'PublicPolicy',
    ]) {
      expect(Object.keys(doc.components.schemas)).toContain(name);
    }
  });
});

describe('GET /docs', () => {
  it('is a self-contained HTML reference of every endpoint, with no script and a strict CSP', async () => {
    const res = await fetch(`${t.url}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const page = await res.text();
    for (const { method, path } of answeredRoutes()) {
      expect(page, path).toContain(`${method.toUpperCase()} ${path}`.replace(/&/g, '&amp;'));
    }
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/\sstyle=/i);
    expect(page).not.toMatch(/<style/i);
    expect(page).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"'\s<]*\.(js|css)/); // nothing from a CDN
    expect(page).toContain('href="/assets/site.css"');
    expect(page).toContain('id="schema-RecommendationResponse"');
    const css = await fetch(`${t.url}/assets/site.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect((await css.text()).length).toBeGreaterThan(100);
  });
});

describe('GET /demo and GET /', () => {
  it('the demo hub links to the API reference and the OpenAPI document and names the data producers', async () => {
    const res = await fetch(`${t.url}/demo`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('href="/docs"');
    expect(page).toContain('href="/openapi.json"');
    expect(page).toContain('href="/app/"');
    expect(page).toContain('DATAtourisme');
    expect(page).not.toMatch(/<script/i);
  });

  it('the root serves the demo venue page: the widget, and links to the demo hub and the API reference', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const page = await res.text();
    expect(page).toContain('<detour-recommendations');
    expect(page).toContain('src="/widget/detour-widget.js"');
    expect(page).toContain('href="/demo"');
    expect(page).toContain('href="/docs"');
    expect((await fetch(`${t.url}/site.css`)).headers.get('content-type')).toMatch(/^text\/css/);
  });
});
