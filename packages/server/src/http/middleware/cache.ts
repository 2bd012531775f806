import type { Context, MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import type { AppEnv } from '../context.js';

/**
 * Weak ETags on successful GETs (a digest of the body, so any change of catalogue, policy or exposure
 * snapshot changes it) and 304 on a matching If-None-Match. GETs that set no Cache-Control get `no-cache`:
 * the client may keep them but must revalidate.
 */
export function conditionalGet(): MiddlewareHandler<AppEnv> {
  const tag = etag({ weak: true });
  return async (c, next) => {
    await tag(c, async () => {
      await next();
      if (
        (c.req.method === 'GET' || c.req.method === 'HEAD') &&
        c.res.ok &&
        !c.res.headers.has('Cache-Control')
      ) {
        c.header('Cache-Control', 'no-cache');
      }
    });
  };
}

/** Marks a response cacheable by anyone for `seconds`. */
export function cachePublic(c: Context, seconds: number): void {
  c.header('Cache-Control', `public, max-age=${seconds}`);
}
