import { gunzipSync, inflateSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { compressResponses, selectEncoding } from './compress.js';

const big = JSON.stringify({
  items: Array.from({ length: 50 }, (_, i) => ({ id: `s${i}`, title: `Spectacle ${i}` })),
});

function app(): Hono {
  const a = new Hono();
  a.use('*', compressResponses());
  a.get('/big', (c) =>
    c.body(big, 200, { 'Content-Type': 'application/json', 'Content-Length': String(big.length) }),
  );
  a.get('/small', (c) =>
    c.body('{"ok":true}', 200, { 'Content-Type': 'application/json', 'Content-Length': '11' }),
  );
  a.get('/png', (c) =>
    c.body(new Uint8Array(4096), 200, { 'Content-Type': 'image/png', 'Content-Length': '4096' }),
  );
  a.get('/stream', (c) => c.body(big, 200, { 'Content-Type': 'application/json' }));
  return a;
}

describe('compressResponses', () => {
  it('chooses gzip over deflate, honours q-values and refuses q=0', () => {
    expect(selectEncoding('gzip, deflate, br')).toBe('gzip');
    expect(selectEncoding('deflate')).toBe('deflate');
    expect(selectEncoding('gzip;q=0.2, deflate;q=0.8')).toBe('deflate');
    expect(selectEncoding('gzip;q=0')).toBeNull();
    expect(selectEncoding('*')).toBe('gzip');
    expect(selectEncoding('identity')).toBeNull();
    expect(selectEncoding(undefined)).toBeNull();
  });

  it('gzips a buffered JSON body with its exact Content-Length and Vary: Accept-Encoding', async () => {
    const res = await app().request('/big', { headers: { 'Accept-Encoding': 'gzip, deflate' } });
    expect(res.headers.get('Content-Encoding')).toBe('gzip');
    expect(res.headers.get('Vary')).toBe('Accept-Encoding');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Number(res.headers.get('Content-Length'))).toBe(bytes.byteLength);
    expect(bytes.byteLength).toBeLessThan(big.length);
    expect(gunzipSync(bytes).toString()).toBe(big);
  });

  it('deflates when only deflate is accepted', async () => {
    const res = await app().request('/big', { headers: { 'Accept-Encoding': 'deflate' } });
    expect(res.headers.get('Content-Encoding')).toBe('deflate');
    expect(inflateSync(new Uint8Array(await res.arrayBuffer())).toString()).toBe(big);
  });

  it('leaves small bodies, images and clients without Accept-Encoding uncompressed', async () => {
    const a = app();
    const small = await a.request('/small', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(small.headers.get('Content-Encoding')).toBeNull();
    expect(await small.text()).toBe('{"ok":true}');
    const png = await a.request('/png', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(png.headers.get('Content-Encoding')).toBeNull();
    const plain = await a.request('/big');
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(plain.headers.get('Vary')).toBe('Accept-Encoding');
    expect(await plain.text()).toBe(big);
  });

  it('still compresses a body of unknown length (streamed)', async () => {
    const res = await app().request('/stream', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('Content-Encoding')).toBe('gzip');
    expect(gunzipSync(new Uint8Array(await res.arrayBuffer())).toString()).toBe(big);
  });
});
