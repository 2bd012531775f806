import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';

/**
 * Our own pages load nothing from elsewhere and run no inline script: a strict CSP holds them to it.
 * (The reliability issue may tighten these; keep every page working under `default-src 'self'`.)
 */
export const PAGE_CSP =
  "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/** nosniff and a referrer policy on everything; the CSP on HTML pages. */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Referrer-Policy', 'no-referrer');
    if (
      c.res.headers.get('Content-Type')?.startsWith('text/html') &&
      !c.res.headers.has('Content-Security-Policy')
    ) {
      c.res.headers.set('Content-Security-Policy', PAGE_CSP);
    }
  };
}
