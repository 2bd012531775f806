import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantText, parseInstant } from './iso-time.js';

describe('memoised instants', () => {
  it('parse and write exactly as Date.parse and toISOString, on first and repeated calls', () => {
    const texts = fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom('2026-11-25T20:30:00Z', '2026-11-25T21:30:00+01:00', 'not a date', '', '2026-02-30'),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.array(texts, { maxLength: 20 }), (list) => {
        for (const text of [...list, ...list]) {
          expect(Object.is(parseInstant(text), Date.parse(text))).toBe(true);
          const ms = Date.parse(text);
          if (Number.isNaN(ms)) expect(() => instantText(ms)).toThrow(RangeError);
          else expect(instantText(ms)).toBe(new Date(ms).toISOString());
        }
      }),
    );
  });

  it('forgets its entries past its limit and still answers right', () => {
    for (let i = 0; i < 2_000; i++) {
      const ms = Date.UTC(2026, 0, 1) + i * 60_000;
      expect(instantText(ms)).toBe(new Date(ms).toISOString());
      expect(parseInstant(new Date(ms).toISOString())).toBe(ms);
    }
  });
});
