import { PROBLEM_CONTENT_TYPE } from '@detour/sdk/contract';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/catalogue/import.js';
import { DEMO_SOURCES } from '../../src/demo/notice.js';
import { DEFAULT_SECURITY, withSecurityMiddleware } from '../../src/http/security/index.js';
import { type RunningServer, startServer } from '../../src/http/server.js';
import { openStore } from '../../src/store/open.js';
import { DATATOURISME } from '../http/support.js';
import { tempDirs } from './support.js';

const NOW = '2020-09-15T08:00:00.000Z';
const dirs = tempDirs('detour-fuzz-query-');
let server: RunningServer;
/** Every GET operation of the OpenAPI document: its path template, path and query parameter names. */
let operations: Array<{ path: string; pathParams: string[]; query: string[] }>;
let showId: string;
let venueId: string;

beforeAll(async () => {
  const dataDir = dirs.make();
  const store = await openStore({ dataDir, databaseUrl: null });
  await importFile(store, {
    file: DATATOURISME,
    format: 'jsonld',
    source: DEMO_SOURCES.datatourisme,
    now: NOW,
  });
  await store.close();
  server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir, databaseUrl: null, logLevel: 'silent' },
    {
      clock: () => new Date(NOW),
      exposureEveryMs: 0,
      revisionPollMs: 0,
      // In-process requests share one address bucket: limits off here, they have their own tests.
      middleware: (stack) =>
        withSecurityMiddleware(stack, { ...DEFAULT_SECURITY, perAddressPerMinute: null }),
    },
  );
  const doc = (await (await server.app.request('/openapi.json')).json()) as {
    paths: Record<string, { get?: { parameters?: Array<{ name: string; in: string }> } }>;
  };
  operations = Object.entries(doc.paths)
    // The console page takes no parameter and answers 503 until its bundle is built: not a query endpoint.
    .filter(([path, item]) => item.get && path !== '/editor')
    .map(([path, item]) => ({
      path,
      pathParams: (item.get!.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      query: (item.get!.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    }));
  const view = server.state.view();
  showId = view.index.snapshot.shows[0]!.id;
  venueId = view.index.snapshot.venues[0]!.id;
});
afterAll(async () => {
  await server?.close();
  dirs.cleanup();
});

/** Values a client could send: numbers of every kind, dates, words, odd and hostile strings. */
const value = fc.oneof(
  fc.double().map(String),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.constantFrom(
    '',
    ' ',
    'NaN',
    'Infinity',
    '-0',
    '1e999',
    '0x10',
    'true',
    'false',
    'null',
    '[]',
    '{}',
    '%',
    '%00',
    '\u0000',
  ),
  fc.constantFrom(
    '2026-12-03',
    '2026-12-03T20:30:00+01:00',
    '2026-02-30T25:00:00Z',
    '9999-12-31T23:59:59Z',
    'tonight',
    'week',
  ),
  fc.constantFrom('theatre', 'danse', 'fr', 'en', 'light', 'national', 'a,b,c', `${'s'.repeat(79)},x`),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ maxLength: 3000 }),
);

describe('GET endpoints on random query parameters (fast-check)', () => {
  it('the OpenAPI document lists the GET endpoints under test', () => {
    const paths = operations.map((o) => o.path);
    for (const p of [
      '/v1/recommendations',
      '/v1/search',
      '/v1/venues',
      '/v1/shows/{id}',
      '/v1/taxonomy',
      '/v1/policy',
    ])
      expect(paths).toContain(p);
  });

  it('never answers 5xx: always JSON or problem+json (pages and assets aside), whatever the parameters', async () => {
    const op = fc.nat().map((i) => operations[i % operations.length]!);
    await fc.assert(
      fc.asyncProperty(
        op,
        fc.array(fc.tuple(fc.oneof(fc.nat(), fc.string({ maxLength: 12 })), value), { maxLength: 8 }),
        fc.oneof(fc.constant('real'), value),
        async (operation, params, idChoice) => {
          const search = new URLSearchParams();
          for (const [name, v] of params) {
            search.append(
              typeof name === 'number'
                ? (operation.query[name % Math.max(1, operation.query.length)] ?? 'x')
                : name,
              v,
            );
          }
          let path = operation.path;
          for (const p of operation.pathParams) {
            const real = p === 'id' && path.startsWith('/v1/venues') ? venueId : showId;
            path = path.replace(`{${p}}`, encodeURIComponent(idChoice === 'real' ? real : idChoice));
          }
          const url = `${path}${search.size > 0 ? `?${search}` : ''}`;
          const res = await server.app.request(url);
          const body = await res.text();
          expect(res.status, `${url} → ${body.slice(0, 300)}`).toBeLessThan(500);
          const type = res.headers.get('content-type') ?? '';
          if (res.status === 304) return;
          // Pages and static assets (the example site, the console's bundle) are not JSON.
          if (/^(text\/html|text\/css|image\/|[a-z]+\/javascript)/.test(type)) return;
          expect([PROBLEM_CONTENT_TYPE, 'application/json'], url).toContain(type.split(';')[0]);
          expect(() => JSON.parse(body), url).not.toThrow();
        },
      ),
      { numRuns: 1500 },
    );
  });
});
