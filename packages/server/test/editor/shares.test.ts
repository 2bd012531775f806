import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setShare, shareTotal, uniformShares } from '../../src/editor/shares.js';

const sizes = { petit: 0.4, moyen: 0.3, grand: 0.2, institution: 0.1 };

describe('target-share sliders', () => {
  it('moving one share rescales the others in proportion so the total stays 100 %', () => {
    const next = setShare(sizes, 'petit', 0.7);
    expect(next.petit).toBe(0.7);
    expect(shareTotal(next)).toBeCloseTo(1, 10);
    // The others keep their 3 : 2 : 1 ratio, now over the remaining 30 %.
    expect(next.moyen).toBeCloseTo(0.15, 4);
    expect(next.grand).toBeCloseTo(0.1, 4);
    expect(next.institution).toBeCloseTo(0.05, 4);
  });

  it('splits the remainder equally when every other share was at 0', () => {
    const next = setShare({ a: 1, b: 0, c: 0 }, 'a', 0.4);
    expect(next).toEqual({ a: 0.4, b: 0.3, c: 0.3 });
  });

  it('keeps a single value at 100 % and clamps values outside [0, 1]', () => {
    expect(setShare({ a: 1 }, 'a', 0.3)).toEqual({ a: 1 });
    expect(setShare(sizes, 'grand', 1.7).grand).toBe(1);
    expect(setShare(sizes, 'grand', -2).grand).toBe(0);
    expect(shareTotal(setShare(sizes, 'grand', Number.NaN))).toBeCloseTo(1, 10);
  });

  it('starts targets from equal shares that sum to 100 %', () => {
    const shares = uniformShares(['a', 'b', 'c']);
    expect(Object.keys(shares)).toEqual(['a', 'b', 'c']);
    expect(shareTotal(shares)).toBeCloseTo(1, 10);
    expect(shares.b).toBeCloseTo(1 / 3, 3);
  });

  it('always sums to 100 % with no negative share, whatever the sequence of moves', () => {
    const keys = ['theatre', 'danse', 'cirque', 'musique', 'humour'];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...keys), fc.double({ min: -0.5, max: 1.5, noNaN: true })), {
          maxLength: 30,
        }),
        (moves) => {
          let shares = uniformShares(keys);
          for (const [key, value] of moves) {
            shares = setShare(shares, key, value);
            expect(Math.abs(shareTotal(shares) - 1)).toBeLessThan(1e-9 + 1e-4);
            for (const s of Object.values(shares)) expect(s).toBeGreaterThanOrEqual(0);
            expect(shares[key]).toBeCloseTo(Math.min(1, Math.max(0, value)), 4);
          }
        },
      ),
    );
  });
});
