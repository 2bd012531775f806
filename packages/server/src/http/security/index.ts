import type { MiddlewareEntry } from '../middleware/index.js';
import { loadSecurityConfig, type SecurityConfig } from './config.js';
import { strictContentType } from './content-type.js';
import { pageSecurityHeaders } from './headers.js';
import { jsonDepthLimit } from './json-depth.js';
import { type RateLimits, rateLimit, rateLimits } from './rate-limit.js';
import { requestTimeout } from './timeout.js';

export { DEFAULT_SECURITY, loadSecurityConfig, SECURITY_VARIABLES, type SecurityConfig } from './config.js';
export { type RateLimits, rateLimits } from './rate-limit.js';

const IMPORTS = '/v1/imports';

/** Where each protection goes in the app's middleware list: after the entry named `after`. */
function entries(config: SecurityConfig, limits: RateLimits): Array<MiddlewareEntry & { after: string }> {
  return [
    // Inside the base headers, so its CSP wins over their default one.
    { after: 'security-headers', name: 'security:headers', path: '*', handler: pageSecurityHeaders() },
    // After CORS, so that a 429 carries the CORS headers a browser needs to read it.
    { after: 'cors-openapi', name: 'security:rate-limit', path: '*', handler: rateLimit(config, limits) },
    {
      after: 'security:rate-limit',
      name: 'security:timeout',
      path: '*',
      handler: requestTimeout({ ms: config.requestTimeoutMs, byPath: { [IMPORTS]: config.importTimeoutMs } }),
    },
    // After the body-size limit, so that nothing here reads more than it allows.
    { after: 'body-limit', name: 'security:content-type', path: '*', handler: strictContentType() },
    {
      after: 'security:content-type',
      name: 'security:json-depth',
      path: '*',
      handler: jsonDepthLimit({
        maxDepth: config.maxJsonDepth,
        byPath: { [IMPORTS]: config.maxImportJsonDepth },
      }),
    },
  ];
}

/**
 * The middleware list with the protections of SECURITY.md inserted at their places (replacing any
 * inserted before, so tests can pass their own settings). Settings default to the environment's.
 */
export function withSecurityMiddleware(
  stack: readonly MiddlewareEntry[],
  config: SecurityConfig = loadSecurityConfig(),
  limits: RateLimits = rateLimits(config),
): MiddlewareEntry[] {
  const result = stack.filter((e) => !e.name.startsWith('security:'));
  for (const { after, ...entry } of entries(config, limits)) {
    const at = result.findIndex((e) => e.name === after);
    if (at < 0) result.push(entry);
    else result.splice(at + 1, 0, entry);
  }
  return result;
}
