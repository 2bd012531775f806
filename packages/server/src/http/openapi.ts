import type { ApiApp } from './context.js';
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
  { name: 'Service', description: 'Health, this document and the pages of the server.' },
];

const DESCRIPTION = [
  'Détour pools the catalogues of live-performance venues in France and recommends nearby shows a visitor was not searching for, under a public diversity policy. No cookie, no visitor identifier, no IP address is kept.',
  'Every error is `application/problem+json` (RFC 9457): `status`, `title`, `detail`, and for invalid input `errors`, one `{path, message}` per offending field. GET answers carry a weak `ETag` (send it back in `If-None-Match` for a 304) and a `Cache-Control`.',
].join('\n\n');

const cache = new WeakMap<ApiApp, OpenApiDocument>();

/** The OpenAPI 3.1 document of the app, generated from the contract's zod schemas of its routes (built once). */
export function openApiDocument(app: ApiApp): OpenApiDocument {
  let doc = cache.get(app);
  if (!doc) {
    doc = app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Détour API',
        version: API_VERSION,
        description: DESCRIPTION,
        license: { name: 'MIT' },
      },
      tags: TAGS,
    }) as unknown as OpenApiDocument;
    fixCoercedParameters(app, doc);
    cache.set(app, doc);
  }
  return doc;
}

type ZodLike = { safeParse(value: unknown): { success: boolean } };
type ParameterObject = {
  name: string;
  in: string;
  required?: boolean;
  schema?: { type?: string | string[] };
};

/**
 * Query numbers are `z.coerce.number()` in the contract, and coercion accepts `null` (it becomes 0), so the
 * generator reads them as nullable and optional. On the wire a parameter is a string and can never be null:
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
