/**
 * Small, fast, platform-independent hashes: the engine's only source of "randomness", so that the
 * same inputs always give the same list (determinism is a product promise, not a test convenience).
 */

/** FNV-1a over the UTF-16 code units of a string, 32 bits. */
export function fnv1a(text: string, basis = 0x811c9dc5): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Murmur3's finaliser: spreads the bits of a 32-bit integer. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 64-bit hex digest of some parts (two independent FNV-1a lanes), for seeds and snapshot ids. */
export function digest(parts: ReadonlyArray<string | number>): string {
  const text = parts.join('\u001f');
  const a = fnv1a(text);
  const b = mix32(fnv1a(text, 0x01000193) ^ a);
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** A uniform number in [0, 1) from a 32-bit seed and a 32-bit key. */
export function unitHash(seed: number, key: number): number {
  return mix32(seed ^ mix32(key + 0x9e3779b9)) / 4294967296;
}
