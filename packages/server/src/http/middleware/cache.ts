import { hash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';

/** Headers a 304 keeps from the 200 it stands for (RFC 9110 §15.4.5). */
const KEPT_ON_304 = ['cache-control', 'content-location', 'date', 'etag', 'expires', 'vary'];

/** Whether an If-None-Match header matches a tag (weak comparison: W/ prefixes ignored). */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return (ifNoneMatch.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => tag.replace(/^W\//, '') === bare);
}

/** The weak ETag of a body: a digest of its bytes, so any change of catalogue, policy or exposure changes it. */
export function weakEtag(body: Uint8Array): string {
  // One-shot digest: no Hash object per answer (same bytes as createHash().update().digest()).
  return `W/"${hash('sha1', body, 'base64url')}"`;
}

/**
 * Conditional GETs: every successful GET gets a weak ETag (a digest of its body, so any change of
 * catalogue, policy or exposure snapshot changes it) and an exact Content-Length, and a matching
 * If-None-Match gets a 304. GETs that set no Cache-Control get `no-cache` (keep, but revalidate).
 * Runs inside compression, so the tag names the content, not its encoding. A response that already
 * carries its ETag and Content-Length (an encoded answer, see encoded-json.ts) is not read again.
 */
export function conditionalGet(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const method = c.req.method;
    if ((method !== 'GET' && method !== 'HEAD') || c.res.status !== 200) return;
    const given = c.res.headers;
    if (given.has('ETag') && given.has('Content-Length')) {
      // Reading the body again would turn a ready buffer into a stream (Hono's node adapter serves
      // buffers directly): the handler already did this middleware's work.
      if (!given.has('Cache-Control')) given.set('Cache-Control', 'no-cache');
      notModified(c, given, given.get('ETag')!);
      return;
    }
    if (!c.res.body) return;
    const headers = new Headers(given);
    if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'no-cache');
    const body = new Uint8Array(await c.res.arrayBuffer());
    const etag = headers.get('ETag') ?? weakEtag(body);
    headers.set('ETag', etag);
    if (notModified(c, headers, etag)) return;
    headers.set('Content-Length', String(body.byteLength));
    c.res = undefined;
    c.res = new Response(body, { status: 200, headers });
  };
}

/** Answers 304 with the headers a 304 keeps when If-None-Match matches `etag`; says whether it did. */
function notModified(c: Context, headers: Headers, etag: string): boolean {
  const ifNoneMatch = c.req.header('If-None-Match');
  if (!ifNoneMatch || !etagMatches(ifNoneMatch, etag)) return false;
  const kept = new Headers();
  for (const name of KEPT_ON_304) {
    const value = headers.get(name);
    if (value !== null) kept.set(name, value);
  }
  c.res = undefined;
  c.res = new Response(null, { status: 304, headers: kept });
  return true;
}

/** Marks a response cacheable by anyone for `seconds`. */
export function cachePublic(c: Context, seconds: number): void {
  c.header('Cache-Control', `public, max-age=${seconds}`);
}

/** Marks a response cacheable for `seconds` by the visitor's browser only, never by a shared cache. */
export function cachePrivate(c: Context, seconds: number): void {
  c.header('Cache-Control', `private, max-age=${seconds}`);
}
