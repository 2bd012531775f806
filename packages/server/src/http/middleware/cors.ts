import type { MiddlewareHandler } from 'hono';
import { cors as honoCors } from 'hono/cors';
import type { AppEnv } from '../context.js';

/**
 * CORS for the public API: any origin by default (the widget runs on venue sites), or the list in
 * DETOUR_CORS_ORIGINS. No credentials: the API uses no cookie.
 */
export function cors(origins: string[] | '*'): MiddlewareHandler<AppEnv> {
  return honoCors({
    origin: origins === '*' ? '*' : origins,
    allowMethods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    allowHeaders: ['Content-Type', 'Authorization', 'If-None-Match'],
    exposeHeaders: ['ETag', 'Retry-After'],
    maxAge: 86_400,
    credentials: false,
  });
}
