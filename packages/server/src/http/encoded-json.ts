import { gunzipSync, gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { weakEtag } from './middleware/cache.js';
import { BUFFERED_LIMIT, selectEncoding, THRESHOLD } from './middleware/compress.js';

/**
 * A JSON answer serialised once and encoded once, ready to be sent any number of times: what the
 * response cache keeps. It holds exactly what the conditional-GET and compression middleware would make
 * of `c.json(body)` — the same bytes, the same weak ETag (digest of the JSON), the same headers, the same
 * bytes when decompressed — so that serving it is indistinguishable from computing the answer again.
 */
export interface EncodedJson {
  /** Weak ETag of the JSON bytes. */
  etag: string;
  /** Length of the JSON in bytes. */
  length: number;
  /** The gzipped JSON, when the compression middleware would compress it; else null. */
  gzip: Uint8Array<ArrayBuffer> | null;
  /** The JSON itself when it is not gzipped (too small or too large to compress in one call); else null. */
  plain: Uint8Array<ArrayBuffer> | null;
}

/**
 * zlib level of encoded answers. On a real answer (k = 10, 26 kB of JSON) level 3 gives 4.26 kB against
 * 3.89 kB at the middleware's level 6 (+9 %), in a third of the CPU (0.08 vs 0.24 ms): an answer is
 * compressed on every cache miss, and misses are most of the recommendation route's CPU.
 */
export const ANSWER_ZLIB = { level: 3 } as const;

/** Serialises and encodes a JSON answer (see EncodedJson). */
export function encodeJson(body: unknown): EncodedJson {
  const json = Buffer.from(JSON.stringify(body));
  const etag = weakEtag(json);
  // Copies to exact size before keeping: small Buffers are slices of a shared 8 kB pool, and zlib hands
  // back a slice of its 16 kB output chunk.
  if (json.byteLength < THRESHOLD || json.byteLength > BUFFERED_LIMIT)
    return { etag, length: json.byteLength, gzip: null, plain: new Uint8Array(json) };
  const gzip = new Uint8Array(gzipSync(json, ANSWER_ZLIB));
  return { etag, length: json.byteLength, gzip, plain: null };
}

/** Bytes an encoded answer holds in memory (its buffers; the caller adds its own bookkeeping). */
export function encodedSize(e: EncodedJson): number {
  return (e.gzip?.byteLength ?? 0) + (e.plain?.byteLength ?? 0) + e.etag.length;
}

/**
 * Sends an encoded answer as a 200 with its Cache-Control: gzipped as is to a client that takes gzip,
 * else as plain JSON (left to the compression middleware, which deflates it for deflate-only clients).
 * The response is a ready buffer with its ETag and Content-Length, so no middleware reads it back.
 */
export function sendEncodedJson(c: Context, e: EncodedJson, cacheControl: string): Response {
  const headers = new Headers(c.res.headers); // what middleware set before the handler (CORS)
  headers.set('Content-Type', 'application/json');
  headers.set('Cache-Control', cacheControl);
  headers.set('ETag', e.etag);
  let body: Uint8Array<ArrayBuffer>;
  if (e.gzip && c.req.method === 'GET' && selectEncoding(c.req.header('Accept-Encoding')) === 'gzip') {
    body = e.gzip;
    headers.set('Content-Encoding', 'gzip');
    const vary = headers.get('Vary');
    if (vary !== '*' && !/accept-encoding/i.test(vary ?? ''))
      headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
  } else {
    body = e.plain ?? new Uint8Array(gunzipSync(e.gzip!));
  }
  headers.set('Content-Length', String(body.byteLength));
  c.res = undefined;
  c.res = new Response(body, { status: 200, headers });
  return c.res;
}
