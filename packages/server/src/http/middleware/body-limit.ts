import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../context.js';
import { HttpProblem } from '../problem.js';

/** Default request body limit: recommendations requests and impression beacons are small. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;
/** An impression beacon: at most MAX_K items of three short fields (a full one is about 5 KiB). */
export const IMPRESSION_BODY_LIMIT = 16 * 1024;
/** Partners push whole catalogue files to `POST /v1/imports`. */
export const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;

/** Rejects bodies over the limit of their path with a 413 problem, before anything reads them. */
export function bodyLimits(
  limits: ReadonlyArray<{ path: string; maxSize: number }>,
): MiddlewareHandler<AppEnv> {
  const onError = (): never => {
    throw new HttpProblem(413, 'payload-too-large', 'The request body is too large.', {
      errors: [{ path: 'body', message: 'too large' }],
    });
  };
  const byPath = new Map(limits.map((l) => [l.path, bodyLimit({ maxSize: l.maxSize, onError })]));
  const fallback = bodyLimit({ maxSize: DEFAULT_BODY_LIMIT, onError });
  return (c, next) => {
    // A GET or HEAD request never has a body here (the fetch Request the limit reads cannot carry one),
    // and merely asking for it makes Hono's node adapter build that whole Request object.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    return (byPath.get(c.req.path) ?? fallback)(c, next);
  };
}
