import type { ApiApp } from './context.js';
import examplesFile from './openapi-examples.json';
import {
  COMMON_RESPONSES,
  DEMO_SERVER,
  isApiPath,
  operationIdOf,
  PARAMETER_DESCRIPTIONS,
} from './openapi-operations.js';
import type { OpenApiDocument } from './pages/docs.js';

/** The API's version, as published in the OpenAPI document. */
export const API_VERSION = '1.0.0';

const TAGS = [
  {
    name: 'Recommendations',
    description:
      'Nearby shows you were not searching for, each with its reasons; anonymous impression counts.',
  },
  { name: 'Catalogue', description: 'Shows, venues, search and the taxonomy of live performance.' },
  { name: 'Policy', description: 'The public, versioned diversity policy the recommendations follow.' },
  { name: 'Imports', description: 'Partners push their own source’s catalogue.' },
  { name: 'Editor', description: 'The editors’ API behind the console: drafts, previews, publication.' },
  { name: 'Service', description: 'Health of the server.' },
];

const DESCRIPTION = [
  'Détour pools the catalogues of live-performance venues in France and recommends nearby shows a visitor was not searching for, under a public diversity policy. No cookie, no visitor identifier, no IP address is kept.',
  'Every error is `application/problem+json` (RFC 9457): `type` (a `urn:detour:problem:…` URI), `title`, `status`, `detail`, and for invalid input `errors`, one `{path, message}` per offending field. A query parameter a route does not know is an error too. GET answers carry a weak `ETag` (send it back in `If-None-Match` for a 304) and a `Cache-Control`.',
  'The examples are real answers of the demo catalogue (`npm start`), taken by `npm run openapi:examples`.',
].join('\n\n');

/** A request and its answer, taken from the demo by scripts/openapi-examples.ts. */
export interface OperationExample {
  request: {
    /** Path and query string. */
    path: string;
    method?: string;
    /** Which credential the request carried. */
    auth?: 'partner' | 'editor';
    contentType?: string;
    body?: unknown;
  };
  response: { status: number; contentType: string; body: unknown };
}

/** The examples, by operation ("METHOD /path/{template}"). */
export const OPERATION_EXAMPLES: Record<string, OperationExample> = (
  examplesFile as { examples: Record<string, OperationExample> }
).examples;

const cache = new WeakMap<ApiApp, OpenApiDocument>();

/** The OpenAPI 3.1 document of the app's API, generated from the contract's zod schemas of its routes (built once). */
export function openApiDocument(app: ApiApp): OpenApiDocument {
  let doc = cache.get(app);
  if (!doc) {
    doc = app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Détour API',
        version: API_VERSION,
        description: DESCRIPTION,
        // OpenAPI 3.1 names a license by its SPDX identifier (the generator's types predate it).
        license: { name: 'MIT', identifier: 'MIT' } as { name: string },
      },
      servers: [
        {
          url: DEMO_SERVER,
          description: 'The demo (`npm start`); a deployment serves the same paths at its own origin.',
        },
      ],
      // Public by default; the operations that need a credential say which.
      security: [],
      tags: TAGS,
    }) as unknown as OpenApiDocument;
    keepApiPaths(doc);
    fixCoercedParameters(app, doc);
    completeOperations(doc);
    cache.set(app, doc);
  }
  return doc;
}

/** "METHOD /path/{template}" of every operation the document describes. */
export function documentedOperations(app: ApiApp): string[] {
  const doc = openApiDocument(app);
  return Object.entries(doc.paths ?? {}).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

/** Pages, the widget's script, static files and source maps are served but are not part of the API. */
function keepApiPaths(doc: OpenApiDocument): void {
  for (const path of Object.keys(doc.paths ?? {})) if (!isApiPath(path)) delete doc.paths![path];
  const used = new Set(
    Object.values(doc.paths ?? {}).flatMap((ops) => Object.values(ops).flatMap((o) => o.tags ?? [])),
  );
  doc.tags = doc.tags?.filter((t) => used.has(t.name));
}

type ZodLike = { safeParse(value: unknown): { success: boolean } };
type ParameterObject = {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  example?: unknown;
  schema?: { type?: string | string[]; description?: string };
};

/**
 * Query numbers are preprocessed strings in the contract, which accept an absent value, so the generator
 * may read them as nullable and optional. On the wire a parameter is a string and can never be null:
 * required-ness is restored from the schema itself (does it accept an absent value?) and `null` dropped.
 */
function fixCoercedParameters(app: ApiApp, doc: OpenApiDocument): void {
  for (const def of app.openAPIRegistry.definitions) {
    if (def.type !== 'route') continue;
    const route = def.route;
    const operation = doc.paths?.[route.path]?.[route.method] as
      | { parameters?: ParameterObject[] }
      | undefined;
    if (!operation?.parameters) continue;
    const shapes: Record<string, Record<string, ZodLike> | undefined> = {
      query: (route.request?.query as { shape?: Record<string, ZodLike> } | undefined)?.shape,
      path: (route.request?.params as { shape?: Record<string, ZodLike> } | undefined)?.shape,
    };
    for (const parameter of operation.parameters) {
      const field = shapes[parameter.in]?.[parameter.name];
      if (!field) continue;
      parameter.required = parameter.in === 'path' || !field.safeParse(undefined).success;
      const type = parameter.schema?.type;
      if (Array.isArray(type) && type.includes('null')) {
        const rest = type.filter((t) => t !== 'null');
        parameter.schema!.type = rest.length === 1 ? rest[0]! : rest;
      }
    }
  }
}

type MutableOperation = {
  operationId?: string;
  parameters?: ParameterObject[];
  requestBody?: { content?: Record<string, { example?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { example?: unknown }> }>;
  'x-codeSamples'?: Array<{ lang: string; label: string; source: string }>;
};

/** operationIds, parameter descriptions, the answers every operation may get, and the examples. */
function completeOperations(doc: OpenApiDocument): void {
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops) as Array<[string, MutableOperation]>) {
      op.operationId ??= operationIdOf(method, path);
      for (const p of op.parameters ?? []) {
        p.description ??= p.schema?.description ?? PARAMETER_DESCRIPTIONS[p.name];
      }
      op.responses ??= {};
      // Every /v1 route refuses a query parameter it does not know.
      if (path.startsWith('/v1/') && !op.responses['400'])
        op.responses['400'] = {
          description: 'Invalid request: `errors` names each offending field, unknown parameters included.',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        } as never;
      for (const [status, response] of Object.entries(COMMON_RESPONSES)) {
        op.responses[status] ??= {
          ...structuredClone(response),
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        } as never;
      }
      const example = OPERATION_EXAMPLES[`${method.toUpperCase()} ${path}`];
      if (example) addExample(op, path, example);
    }
  }
}

function addExample(op: MutableOperation, template: string, example: OperationExample): void {
  const url = new URL(example.request.path, DEMO_SERVER);
  const pathValues = pathParameters(template, url.pathname);
  for (const p of op.parameters ?? []) {
    const value =
      p.in === 'path' ? pathValues[p.name] : p.in === 'query' ? url.searchParams.get(p.name) : null;
    if (value === null || value === undefined) continue;
    // The wire form is a string; the schema describes it as the number it is read as.
    const numeric = p.schema?.type === 'number' || p.schema?.type === 'integer';
    p.example = numeric ? Number(value) : value;
  }
  const { contentType, body } = example.request;
  if (contentType && body !== undefined && op.requestBody?.content?.[contentType])
    op.requestBody.content[contentType]!.example = body;
  const answer = op.responses?.[String(example.response.status)];
  const media = answer?.content?.[example.response.contentType];
  if (media) media.example = example.response.body;
  op['x-codeSamples'] = [{ lang: 'Shell', label: 'curl', source: curlOf(example) }];
}

/** The values of a path's `{parameters}`, segment by segment. */
function pathParameters(template: string, path: string): Record<string, string> {
  const wanted = template.split('/');
  const given = path.split('/');
  const out: Record<string, string> = {};
  wanted.forEach((segment, i) => {
    const name = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (name && given[i] !== undefined) out[name] = decodeURIComponent(given[i]!);
  });
  return out;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The example request as a curl command against the demo. */
export function curlOf(example: OperationExample): string {
  const { request } = example;
  const parts = ['curl', '-sS'];
  if (request.method && request.method !== 'GET') parts.push('-X', request.method);
  if (request.auth === 'partner') parts.push('-H', '"Authorization: Bearer $DETOUR_API_KEY"');
  if (request.auth === 'editor') parts.push('-H', '"Authorization: Bearer $DETOUR_EDITOR_TOKEN"');
  if (request.body !== undefined) {
    parts.push('-H', quote(`Content-Type: ${request.contentType ?? 'application/json'}`));
    const text = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    parts.push('--data-raw', quote(text));
  }
  parts.push(quote(DEMO_SERVER + request.path));
  return parts.join(' ');
}
