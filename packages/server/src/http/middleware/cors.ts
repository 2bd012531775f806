import type { MiddlewareHandler } from 'hono';
import { cors as honoCors } from 'hono/cors';
import type { AppEnv } from '../context.js';

/** Response headers a cross-origin script may read. */
export const CORS_EXPOSE_HEADERS = ['ETag', 'Retry-After'] as const;

/**
 * CORS for the public API: any origin by default (the widget runs on venue sites), or the list in
 * DETOUR_CORS_ORIGINS. No credentials: the API uses no cookie.
 */
export function cors(origins: string[] | '*'): MiddlewareHandler<AppEnv> {
  return honoCors({
    origin: origins === '*' ? '*' : origins,
    allowMethods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Authorization', 'If-None-Match'],
    exposeHeaders: [...CORS_EXPOSE_HEADERS],
    maxAge: 86_400,
    credentials: false,
  });
}
