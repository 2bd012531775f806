import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';

/**
 * Our HTML pages (root, docs, policy, console, example site) load nothing from elsewhere, run no inline
 * script or style, and are never framed. The widget stays embeddable: it is a script and a fragment
 * that host pages fetch, not a page they frame.
 */
export const STRICT_PAGE_CSP =
  "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** For JSON and problems: nothing to load, nothing to frame, should one be opened as a page. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * Security headers on top of the base ones (nosniff, Referrer-Policy): a strict CSP with
 * frame-ancestors 'none' on every HTML page that sets no policy of its own, X-Frame-Options
 * for older browsers, and a locked-down CSP on API answers.
 */
export function pageSecurityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    const type = headers.get('Content-Type') ?? '';
    if (type.startsWith('text/html')) {
      // A page that sets its own policy (the example venue site, the console) keeps it.
      if (!headers.has('Content-Security-Policy')) headers.set('Content-Security-Policy', STRICT_PAGE_CSP);
      headers.set('X-Frame-Options', 'DENY');
      headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    } else if (/^application\/(problem\+)?json/.test(type) && !headers.has('Content-Security-Policy')) {
      headers.set('Content-Security-Policy', API_CSP);
    }
    headers.set('X-Content-Type-Options', 'nosniff');
    if (!headers.has('Referrer-Policy')) headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  };
}
