import { createHash, hash, randomBytes } from 'node:crypto';

// Crockford's base 32, lower case: URL-safe, no look-alike letters.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function base32(bytes: Uint8Array, chars: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= chars) break;
  }
  return out;
}

/**
 * A short public id that never changes: the prefix and 12 base-32 characters (60 bits) of a hash of
 * the (source, sourceId) that created the record. `attempt` > 0 derives another one (collision, split).
 */
export function stableId(prefix: 'v' | 's', source: string, sourceId: string, attempt = 0): string {
  const seed = `${source}\u0000${sourceId}${attempt > 0 ? `\u0000${attempt}` : ''}`;
  // crypto.hash: one call, no Hash object (a national import derives one per venue and show).
  return prefix + base32(hash('sha256', seed, 'buffer') as unknown as Buffer, 12);
}

/** A fast 53-bit hash (cyrb53) for change detection of performance rows; fits SQLite INTEGER and PostgreSQL BIGINT. */
export function fingerprint(text: string): number {
  fingerprintStart();
  fingerprintFeed(text);
  return fingerprintEnd();
}

// The state of a streamed fingerprint: a million performances per national import each hashed their row
// text, built only to be hashed (100 MB of short-lived strings). Synchronous use only.
let h1 = 0;
let h2 = 0;

/** Starts a streamed fingerprint: fingerprintEnd() then gives fingerprint() of the texts fed, concatenated. */
export function fingerprintStart(): void {
  h1 = 0xdeadbeef;
  h2 = 0x41c6ce57;
}

/** Feeds the next text of a streamed fingerprint. */
export function fingerprintFeed(text: string): void {
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
}

/** Ends a streamed fingerprint: its value. */
export function fingerprintEnd(): number {
  let a = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  a ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  let b = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  b ^= Math.imul(a ^ (a >>> 13), 3266489909);
  return 4294967296 * (2097151 & b) + (a >>> 0);
}

/** Prefixes that make a leaked secret recognisable (secret scanners, logs). */
export const SECRET_PREFIX = { apiKey: 'dtr_k_', editorToken: 'dtr_e_' } as const;

/** A new random secret (32 bytes, base64url) with its prefix. */
export function newSecret(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** The only form in which a secret is stored: its SHA-256, hex. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A random public id for keys, tokens and snapshots. */
export function randomId(prefix: string): string {
  return prefix + base32(randomBytes(10), 16);
}
