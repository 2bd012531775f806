import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppState } from '../../src/app-state.js';
import { createApp } from '../../src/http/app.js';
import type { ApiApp } from '../../src/http/context.js';
import { documentedOperations, OPERATION_EXAMPLES, openApiDocument } from '../../src/http/openapi.js';
import { isApiPath } from '../../src/http/openapi-operations.js';
import { ensureDefaultPolicy } from '../../src/http/server.js';
import { openStore } from '../../src/store/open.js';
import type { CatalogueStore } from '../../src/store/store.js';
import { NOW } from './support.js';

// The examples of the document are real answers taken from the demo (npm run openapi:examples). They must stay
// true to the contract: each request passes its route's validation, each answer parses with its response schema.

type Parser = { safeParse(value: unknown): { success: boolean; error?: { issues: unknown[] } } };
const isParser = (s: unknown): s is Parser => typeof (s as Parser | undefined)?.safeParse === 'function';

let dir: string;
let store: CatalogueStore;
let app: ApiApp;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'detour-examples-'));
  store = await openStore({ dataDir: dir, databaseUrl: null });
  await ensureDefaultPolicy(store, 'national', NOW);
  app = createApp({
    state: new AppState(store, { network: 'national', exposureEveryMs: 0, revisionPollMs: 0 }),
    clock: () => new Date(NOW),
  });
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function routes() {
  return app.openAPIRegistry.definitions.flatMap((def) =>
    def.type === 'route' && isApiPath(def.route.path) ? [def.route] : [],
  );
}

const queryOf = (url: URL) => {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
};

describe('the examples of the OpenAPI document', () => {
  it('cover every operation of the API with a request and a response', () => {
    const operations = documentedOperations(app);
    expect(operations.length).toBeGreaterThanOrEqual(18);
    for (const operation of operations) {
      expect(OPERATION_EXAMPLES[operation], `${operation}: run npm run openapi:examples`).toBeDefined();
    }
  });

  it('are requests that pass validation and answers that parse with the response schemas', () => {
    for (const route of routes()) {
      const name = `${route.method.toUpperCase()} ${route.path}`;
      const example = OPERATION_EXAMPLES[name]!;
      const url = new URL(example.request.path, 'http://x');
      const request = route.request as
        | { query?: unknown; params?: unknown; body?: { content: Record<string, { schema: unknown }> } }
        | undefined;
      if (isParser(request?.query))
        expect(request.query.safeParse(queryOf(url)).error?.issues, name).toBeUndefined();
      if (isParser(request?.params)) {
        const values: Record<string, string> = {};
        route.path.split('/').forEach((segment, i) => {
          const param = /^\{(\w+)\}$/.exec(segment)?.[1];
          if (param) values[param] = decodeURIComponent(url.pathname.split('/')[i]!);
        });
        expect(request.params.safeParse(values).error?.issues, name).toBeUndefined();
      }
      const bodySchema = request?.body?.content[example.request.contentType ?? '']?.schema;
      if (request?.body) expect(bodySchema, `${name}: request content type`).toBeDefined();
      if (isParser(bodySchema) && typeof example.request.body !== 'string')
        expect(bodySchema.safeParse(example.request.body).error?.issues, name).toBeUndefined();

      const response = (route.responses as Record<string, { content?: Record<string, { schema: unknown }> }>)[
        String(example.response.status)
      ];
      const schema = response?.content?.[example.response.contentType]?.schema;
      expect(
        schema,
        `${name}: ${example.response.status} ${example.response.contentType} is documented`,
      ).toBeDefined();
      if (isParser(schema))
        expect(schema.safeParse(example.response.body).error?.issues, name).toBeUndefined();
      else expect(typeof example.response.body, name).toBe('string');
    }
  });

  it('are in the document: parameter, body and response examples, and a curl command', () => {
    const doc = openApiDocument(app) as unknown as {
      paths: Record<string, Record<string, { 'x-codeSamples'?: Array<{ source: string }> }>>;
    };
    const rec = doc.paths['/v1/recommendations']!.get as unknown as {
      parameters: Array<{ name: string; example?: unknown }>;
      responses: Record<string, { content: Record<string, { example?: { items: unknown[] } }> }>;
      'x-codeSamples': Array<{ source: string }>;
    };
    expect(rec.parameters.find((p) => p.name === 'lat')?.example).toBe(47.39);
    expect(rec.responses['200']!.content['application/json']!.example?.items.length).toBeGreaterThan(0);
    expect(rec['x-codeSamples'][0]!.source).toBe(
      "curl -sS 'http://127.0.0.1:8787/v1/recommendations?lat=47.39&lon=0.69&k=2'",
    );
    const imports = doc.paths['/v1/imports']!.post!['x-codeSamples']![0]!.source;
    expect(imports).toContain('-H "Authorization: Bearer $DETOUR_API_KEY"');
    expect(imports).toContain("-H 'Content-Type: application/ld+json' --data-raw '[{");
  });
});
