import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../context.js';
import type { Logger } from '../log.js';

/**
 * One JSON line per request: method, route pattern ("/v1/shows/:id", never the URL: a query string can
 * carry a visitor's history), status and duration. No IP address, header or token is ever read here.
 */
export function requestLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const route =
      matchedRoutes(c)
        .filter((r) => r.method !== 'ALL' && r.path !== '*' && !r.path.endsWith('/*'))
        .at(-1)?.path ?? '(unmatched)';
    const status = c.res.status;
    const fields = {
      method: c.req.method,
      route,
      status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    // A 503 is a known, announced state (loading, database unreachable, time budget; its cause is
    // logged once elsewhere): a warning, so that error-level lines stay for the unexpected.
    if (status === 503) log.warn('request', fields);
    else if (status >= 500) log.error('request', fields);
    else log.info('request', fields);
  };
}
