// `npm run openapi:examples`: asks a real Détour app, over the demo catalogue at a fixed date, one question per
// operation of the API document, and writes the requests and answers to src/http/openapi-examples.json. The
// document and /docs show them as examples; test/http/openapi-examples.test.ts checks that they still fit the
// schemas. Run it again after changing a route or the contract.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppState } from '../src/app-state.js';
import { DEMO_FILES, defaultDemoDataDir, ensureDemoCatalogue } from '../src/demo/build.js';
import { createApp } from '../src/http/app.js';
import { documentedOperations, type OperationExample } from '../src/http/openapi.js';
import { ensureDefaultPolicy } from '../src/http/server.js';
import { openStore } from '../src/store/open.js';

/** The demo's clock: a Tuesday morning; the demo's dates fall in the twelve months after it. */
const NOW = '2026-12-08T09:00:00.000Z';
const OUT = fileURLToPath(new URL('../src/http/openapi-examples.json', import.meta.url));
/** The partner source the import example writes (its own records only). */
const PARTNER = 'theatre-demo';

const dir = mkdtempSync(join(tmpdir(), 'detour-examples-'));
const store = await openStore({ dataDir: dir, databaseUrl: null });
try {
  await ensureDemoCatalogue(store, { now: NOW });
  await ensureDefaultPolicy(store, 'national', NOW);
  const partner = await store.createApiKey('Théâtre de démonstration', [PARTNER], NOW);
  const editor = await store.createEditorToken('Camille', 'editor', NOW);
  const clock = () => new Date(NOW);
  // The same clock everywhere (exposure snapshots included), so that a second run writes the same file.
  const state = new AppState(store, { network: 'national', clock, exposureEveryMs: 0, revisionPollMs: 0 });
  await state.start();
  const app = createApp({ state, clock });

  const examples: Record<string, OperationExample> = {};
  /** Sends a request, keeps it and its answer as the example of `operation` ("METHOD /path/{template}"). */
  async function ask(
    operation: string,
    path: string,
    init: { method?: string; body?: unknown; contentType?: string; auth?: 'partner' | 'editor' } = {},
  ): Promise<unknown> {
    const headers: Record<string, string> = {};
    const body =
      init.body === undefined
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : JSON.stringify(init.body);
    if (body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
    if (init.auth === 'partner') headers.authorization = `Bearer ${partner.secret}`;
    if (init.auth === 'editor') headers.authorization = `Bearer ${editor.secret}`;
    const res = await app.request(path, { method: init.method ?? 'GET', headers, body });
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!;
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${operation}: ${res.status} ${text}`);
    const answer = type.endsWith('json') ? JSON.parse(text) : text;
    examples[operation] = {
      request: {
        path,
        ...(init.method && init.method !== 'GET' ? { method: init.method } : {}),
        ...(init.auth ? { auth: init.auth } : {}),
        ...(body !== undefined
          ? {
              contentType: headers['content-type'],
              body: typeof init.body === 'string' ? init.body : init.body,
            }
          : {}),
      },
      response: { status: res.status, contentType: type, body: answer },
    };
    return answer;
  }

  const tours = 'lat=47.39&lon=0.69';
  const recs = (await ask('GET /v1/recommendations', `/v1/recommendations?${tours}&k=2`)) as {
    items: Array<{ show: { id: string }; venue: { id: string } }>;
    policyVersion: number;
  };
  const pick = recs.items[0]!;
  await ask('GET /v1/shows/{id}', `/v1/shows/${pick.show.id}`);
  await ask('GET /v1/shows/{id}/similar', `/v1/shows/${pick.show.id}/similar?period=month&k=2`);
  await ask('GET /v1/search', '/v1/search?q=cirque&limit=2');
  await ask('GET /v1/venues', `/v1/venues?${tours}&radius=10&limit=2`);
  await ask('GET /v1/venues/{id}', `/v1/venues/${pick.venue.id}`);
  await ask('GET /v1/taxonomy', '/v1/taxonomy');
  await ask('GET /v1/policy', '/v1/policy');
  await ask('GET /v1/recommendations.html', `/v1/recommendations.html?${tours}&k=1&period=weekend`);
  await ask('POST /v1/impressions', '/v1/impressions', {
    method: 'POST',
    body: {
      policyVersion: recs.policyVersion,
      items: recs.items.map((item, i) => ({ showId: item.show.id, venueId: item.venue.id, position: i + 1 })),
    },
  });
  // One real DATAtourisme event of the demo files (the first play), pushed by a partner as its own (partial:
  // nothing of the source is cancelled for being absent).
  const events = JSON.parse(
    readFileSync(join(defaultDemoDataDir(), DEMO_FILES.datatourisme), 'utf8'),
  ) as Array<{
    '@type'?: string[];
  }>;
  const play = events.find((e) => e['@type']?.includes('schema:TheaterEvent'));
  await ask('POST /v1/imports', `/v1/imports?source=${PARTNER}&format=jsonld&partial=true`, {
    method: 'POST',
    body: JSON.stringify([play]),
    contentType: 'application/ld+json',
    auth: 'partner',
  });
  await ask('GET /healthz', '/healthz');
  await ask('GET /readyz', '/readyz');

  const session = { auth: 'editor' as const };
  await ask('GET /v1/editor/session', '/v1/editor/session', session);
  const current = (await ask('GET /v1/editor/policy', '/v1/editor/policy', session)) as {
    policy: { version: number; settings: { lambda: number } & Record<string, unknown> };
  };
  const draft = { ...current.policy.settings, lambda: 0.6 };
  await ask('POST /v1/editor/policy/validate', '/v1/editor/policy/validate', {
    ...session,
    method: 'POST',
    body: { network: 'national', settings: draft },
  });
  const towns = (await ask('GET /v1/editor/towns', '/v1/editor/towns?q=tours&limit=3', session)) as {
    items: Array<{ id: string }>;
  };
  await ask('POST /v1/editor/preview', '/v1/editor/preview', {
    ...session,
    method: 'POST',
    body: { network: 'national', settings: draft, place: { town: towns.items[0]!.id }, period: 'week', k: 3 },
  });
  await ask('POST /v1/editor/policy/publish', '/v1/editor/policy/publish', {
    ...session,
    method: 'POST',
    body: {
      network: 'national',
      settings: draft,
      comment: 'Plus de diversité dans les propositions.',
      baseVersion: current.policy.version,
    },
  });
  await ask('GET /v1/editor/policy/versions', '/v1/editor/policy/versions', session);
  await ask('POST /v1/editor/policy/restore', '/v1/editor/policy/restore', {
    ...session,
    method: 'POST',
    body: { network: 'national', version: 1, comment: 'Retour à la politique initiale.' },
  });

  const missing = documentedOperations(app).filter((op) => !examples[op]);
  if (missing.length > 0)
    throw new Error(`no example for ${missing.join(', ')}: add a request to this script`);
  const sorted = Object.fromEntries(
    Object.keys(examples)
      .sort()
      .map((k) => [k, examples[k]]),
  );
  writeFileSync(OUT, `${JSON.stringify({ generatedAt: NOW, examples: sorted }, null, 2)}\n`);
  console.log(`${Object.keys(sorted).length} examples written to ${OUT}`);
  await state.stop();
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
