import { gunzipSync, gzipSync } from 'node:zlib';
import type { Context } from 'hono';
import { recordJson } from './hydrate.js';
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

/** How deep `jsonBytes` looks for records (answer → items → item → show, performance, venue). */
const RECORD_DEPTH = 3;

/** JSON written as text runs between ready UTF-8 pieces, then laid out in one buffer. */
class JsonWriter {
  readonly #parts: Array<string | Uint8Array> = [];
  #text = '';

  text(s: string): void {
    this.#text += s;
  }

  bytes(b: Uint8Array): void {
    if (this.#text !== '') this.#parts.push(this.#text);
    this.#text = '';
    this.#parts.push(b);
  }

  /** Where the output is now, to go back to (a property whose value turns out to have no JSON). */
  mark(): { parts: number; text: string } {
    return { parts: this.#parts.length, text: this.#text };
  }

  reset(to: { parts: number; text: string }): void {
    this.#parts.length = to.parts;
    this.#text = to.text;
  }

  /**
   * The UTF-8 bytes of everything written, in a buffer of its own (not a slice of a shared pool). Text
   * runs end at JSON tokens, never inside a string, so encoding them one by one gives the bytes that
   * encoding the whole text would.
   */
  finish(): Buffer {
    if (this.#text !== '') this.#parts.push(this.#text);
    let length = 0;
    for (const part of this.#parts)
      length += typeof part === 'string' ? Buffer.byteLength(part) : part.byteLength;
    const out = Buffer.allocUnsafeSlow(length);
    let at = 0;
    for (const part of this.#parts) {
      if (typeof part === 'string') at += out.write(part, at);
      else {
        out.set(part, at);
        at += part.byteLength;
      }
    }
    return out;
  }
}

/** Writes a value's JSON (see jsonBytes); false when it has none (undefined, a function, a symbol). */
function writeJson(w: JsonWriter, value: unknown, depth: number): boolean {
  if (typeof value === 'object' && value !== null) {
    const fragment = recordJson(value);
    if (fragment !== undefined) {
      w.bytes(fragment);
      return true;
    }
    if (depth > 0 && typeof (value as { toJSON?: unknown }).toJSON !== 'function') {
      if (Array.isArray(value)) {
        w.text('[');
        for (let i = 0; i < value.length; i++) {
          if (i > 0) w.text(',');
          // As JSON.stringify: an element that has no JSON is written null.
          if (!writeJson(w, value[i], depth - 1)) w.text('null');
        }
        w.text(']');
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto === Object.prototype || proto === null) {
        w.text('{');
        let first = true;
        for (const key of Object.keys(value)) {
          const item = (value as Record<string, unknown>)[key];
          // As JSON.stringify: a property whose value has no JSON is left out.
          const type = typeof item;
          if (type === 'undefined' || type === 'function' || type === 'symbol') continue;
          if (
            type === 'object' &&
            item !== null &&
            typeof (item as { toJSON?: unknown }).toJSON === 'function'
          ) {
            // Its toJSON may give undefined: written, then taken back if so.
            const before = w.mark();
            w.text(`${first ? '' : ','}${JSON.stringify(key)}:`);
            if (writeJson(w, item, depth - 1)) first = false;
            else w.reset(before);
            continue;
          }
          // Any other value has JSON.
          w.text(`${first ? '' : ','}${JSON.stringify(key)}:`);
          writeJson(w, item, depth - 1);
          first = false;
        }
        w.text('}');
        return true;
      }
    }
  }
  const json = JSON.stringify(value);
  if (json === undefined) return false;
  w.text(json);
  return true;
}

/**
 * Exactly the UTF-8 bytes of `JSON.stringify(value)` for a tree of plain objects and arrays, except that
 * the records held by the record cache (see recordJson), found within the first `depth` levels, are
 * copied in from their JSON bytes written once, instead of being serialised and encoded again on every
 * answer (records' text is most of an answer, and its curly apostrophes make the whole JSON a two-byte
 * string, slow to encode). Deeper values, and objects that are not plain or have a toJSON, go to
 * JSON.stringify whole (a toJSON there is called with the key '' rather than its property name).
 * Throws where JSON.stringify throws (a BigInt); a value without JSON (undefined) is a TypeError.
 */
export function jsonBytes(value: unknown, depth = RECORD_DEPTH): Buffer {
  const w = new JsonWriter();
  if (!writeJson(w, value, depth)) throw new TypeError('the value has no JSON');
  return w.finish();
}

/** Serialises and encodes a JSON answer (see EncodedJson). */
export function encodeJson(body: unknown): EncodedJson {
  const json = jsonBytes(body);
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
