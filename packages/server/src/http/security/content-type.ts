import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { HttpProblem } from '../problem.js';

/** Every media type a request body of ours may have (routes narrow it further). */
export const ACCEPTED_BODY_TYPES = [
  'application/json',
  'application/ld+json',
  'text/csv',
  'text/calendar',
] as const;

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function hasBody(headers: Headers): boolean {
  const length = headers.get('content-length');
  if (length !== null) return length.trim() !== '0';
  return headers.has('transfer-encoding');
}

/**
 * Strict content types: a request that carries a body must declare one of the media types we read,
 * in UTF-8 if it names a charset; anything else is a 415 before any handler parses it (no guessing,
 * no form bodies, no multipart).
 */
export function strictContentType(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!WITH_BODY.has(c.req.method) || !hasBody(c.req.raw.headers)) return next();
    const header = c.req.header('content-type') ?? '';
    const [type = '', ...params] = header.split(';').map((s) => s.trim().toLowerCase());
    const charset = params
      .find((p) => p.startsWith('charset='))
      ?.slice(8)
      .replace(/"/g, '');
    const typeOk = (ACCEPTED_BODY_TYPES as readonly string[]).includes(type);
    const charsetOk = charset === undefined || charset === 'utf-8' || charset === 'utf8';
    if (!typeOk || !charsetOk) {
      throw new HttpProblem(
        415,
        'unsupported-media-type',
        `Send the body as ${ACCEPTED_BODY_TYPES.join(', ')} (UTF-8).`,
        {
          errors: [
            { path: 'header.content-type', message: typeOk ? 'charset must be utf-8' : 'unsupported' },
          ],
        },
      );
    }
    await next();
  };
}
