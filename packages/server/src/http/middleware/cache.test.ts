import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { etagMatches, weakEtag } from './cache.js';

describe('weakEtag', () => {
  it('is the weak tag of the base64url SHA-1 of the bytes (the tags clients already hold stay valid)', () => {
    for (const body of [
      new Uint8Array(0),
      new TextEncoder().encode('{"items":[],"empty":{"text":"Rien de programmé à ces dates"}}'),
      new Uint8Array(70_000).map((_, i) => (i * 31) & 0xff),
    ]) {
      const expected = `W/"${createHash('sha1').update(body).digest('base64url')}"`;
      expect(weakEtag(body)).toBe(expected);
      expect(etagMatches(expected, weakEtag(body))).toBe(true);
    }
    expect(weakEtag(new Uint8Array([1]))).not.toBe(weakEtag(new Uint8Array([2])));
  });
});
