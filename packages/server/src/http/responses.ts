import { PROBLEM_CONTENT_TYPE, ProblemSchema } from '@detour/sdk/contract';
import type { z } from '@hono/zod-openapi';

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request: `errors` names each offending field (`path`) and says what is wrong.',
  401: 'Missing or unknown API key.',
  403: 'The API key is valid but not bound to this source.',
  404: 'No such resource.',
  413: 'The request body is too large.',
  415: 'The request body has an unsupported content type.',
  422: 'The feed was refused: not its declared format, no readable performance, or it would cancel more than half of the upcoming programme (`type` says which).',
  503: 'The catalogue is still loading (see Retry-After).',
};

/** OpenAPI responses of the given error statuses, each an `application/problem+json` document. */
export function problems<const S extends number>(...statuses: S[]) {
  const out = {} as Record<
    S,
    { description: string; content: { [PROBLEM_CONTENT_TYPE]: { schema: typeof ProblemSchema } } }
  >;
  for (const s of statuses) {
    out[s] = {
      description: PROBLEM_DESCRIPTIONS[s] ?? 'Error (problem details).',
      content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
    };
  }
  return out;
}

/** An OpenAPI JSON response with a contract schema. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** Response headers every cacheable GET carries, for the OpenAPI document. */
export const CACHE_HEADERS = {
  ETag: {
    description: 'Weak validator of the body: send it back in If-None-Match to get a 304.',
    schema: { type: 'string' as const },
  },
  'Cache-Control': { description: 'How long the answer may be reused.', schema: { type: 'string' as const } },
};
