import type { MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { type RateLimits, type SecurityConfig, withSecurityMiddleware } from '../security/index.js';
import { bodyLimits, IMPORT_BODY_LIMIT, IMPRESSION_BODY_LIMIT } from './body-limit.js';
import { conditionalGet } from './cache.js';
import { compressResponses } from './compress.js';
import { cors } from './cors.js';
import { requestLog } from './request-log.js';
import { securityHeaders } from './security-headers.js';

/** A middleware and the paths it applies to (Hono patterns; '*' for all). */
export interface MiddlewareEntry {
  name: string;
  path: string;
  handler: MiddlewareHandler<AppEnv>;
}

/**
 * The middleware of the app, outermost first. Later features insert theirs here (rate limits before
 * the body limit, say), so the order stays readable in one place.
 */
export function middlewareStack(
  deps: AppDeps,
  security?: { config: SecurityConfig; limits: RateLimits },
): MiddlewareEntry[] {
  // Rate limits, timeouts, content types, JSON depth, page headers: see http/security and SECURITY.md.
  return withSecurityMiddleware(
    [
      { name: 'request-log', path: '*', handler: requestLog(deps.log) },
      {
        name: 'request-clock',
        path: '*',
        handler: async (c, next) => {
          c.set('now', deps.clock());
          await next();
        },
      },
      { name: 'security-headers', path: '*', handler: securityHeaders() },
      { name: 'cors', path: '/v1/*', handler: cors(deps.config.corsOrigins) },
      { name: 'cors-openapi', path: '/openapi.json', handler: cors(deps.config.corsOrigins) },
      { name: 'compress', path: '*', handler: compressResponses() },
      { name: 'conditional-get', path: '*', handler: conditionalGet() },
      {
        name: 'body-limit',
        path: '*',
        handler: bodyLimits([
          { path: '/v1/imports', maxSize: IMPORT_BODY_LIMIT },
          { path: '/v1/impressions', maxSize: IMPRESSION_BODY_LIMIT },
        ]),
      },
    ],
    security?.config,
    security?.limits,
  );
}
