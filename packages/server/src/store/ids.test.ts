import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprint, stableId } from './ids.js';
import { performanceFingerprint, performanceFingerprintText } from './import-rules.js';

// The public ids of every stored venue and show were derived this way: they must never change.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
function reference(prefix: string, source: string, sourceId: string, attempt = 0): string {
  const seed = `${source}\u0000${sourceId}${attempt > 0 ? `\u0000${attempt}` : ''}`;
  const bytes = createHash('sha256').update(seed).digest();
  let bits = '';
  for (const b of bytes.subarray(0, 8)) bits += b.toString(2).padStart(8, '0');
  let out = prefix;
  for (let i = 0; i < 12; i++) out += ALPHABET[Number.parseInt(bits.slice(i * 5, i * 5 + 5), 2)];
  return out;
}

describe('stableId', () => {
  it('is the prefix and the first 60 bits of SHA-256(source, sourceId[, attempt]) in base 32, for any text', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('v' as const, 's' as const),
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'binary' }),
        fc.nat(5),
        (prefix, source, sourceId, attempt) => {
          expect(stableId(prefix, source, sourceId, attempt)).toBe(
            reference(prefix, source, sourceId, attempt),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps the ids already stored (values computed by the Hash-object implementation)', () => {
    expect(stableId('v', 'synthetic-1', 'https://synthetic.detour.test/lieux/v24625')).toBe('vw0xnj6g9m68x');
    expect(stableId('s', 'datatourisme-cvl', 'x', 2)).toBe('sepsphr8877x0');
  });
});

describe('fingerprint', () => {
  it('keeps the values stored in every performance row (computed by the former one-pass implementation)', () => {
    expect(fingerprint('12|34|2026-12-03T20:30:00+01:00|null|12|22|0|https://example.org/billets')).toBe(
      4615108108592409,
    );
    expect(fingerprint('')).toBe(3338908027751811);
    expect(fingerprint('é€😀')).toBe(7085986628057341);
  });

  it('of a performance, computed without its text, equals the fingerprint of its text', () => {
    const price = fc.option(fc.oneof(fc.double(), fc.integer()), { nil: null });
    const text = fc.option(fc.string({ unit: 'binary' }), { nil: null });
    fc.assert(
      fc.property(
        fc.nat(),
        fc.nat(),
        fc.record({
          start: fc.string({ unit: 'binary' }),
          end: text,
          priceMin: price,
          priceMax: price,
          free: fc.boolean(),
          url: text,
        }),
        (memberId, venueId, r) => {
          expect(performanceFingerprint(memberId, venueId, r)).toBe(
            fingerprint(performanceFingerprintText(memberId, venueId, r)),
          );
        },
      ),
      { numRuns: 1000 },
    );
  });
});
