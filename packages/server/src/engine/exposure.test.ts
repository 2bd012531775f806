import { describe, expect, it } from 'vitest';
import { computeExposureSnapshot, positionWeight } from './index.js';

describe('positionWeight', () => {
  it('is 1/log2(1 + rank): 1 at the top, 1/2 at rank 3', () => {
    expect(positionWeight(1)).toBe(1);
    expect(positionWeight(3)).toBeCloseTo(0.5, 12);
    expect(positionWeight(10)).toBeLessThan(positionWeight(9));
  });
});

describe('computeExposureSnapshot', () => {
  const eligible = [
    { venueId: 'a', sizeClass: 'petit' as const, merit: 1 },
    { venueId: 'b', sizeClass: 'grand' as const, merit: 3 },
    { venueId: 'c', sizeClass: 'petit' as const, merit: 0 },
  ];
  const input = { network: 'n', computedAt: '2026-12-01T00:00:00Z', totals: { a: 2, b: 6 }, eligible };

  it('shares the decayed total as deserved attention by the chosen merit, zero-exposure venues included', () => {
    const equal = computeExposureSnapshot({ ...input, merit: 'equal' });
    expect(equal.venues.c).toEqual({ received: 0, deserved: 8 / 3 });
    const rel = computeExposureSnapshot({ ...input, merit: 'relevance' });
    expect(rel.venues.a!.deserved).toBeCloseTo(2, 12);
    expect(rel.venues.b!.deserved).toBeCloseTo(6, 12);
    const size = computeExposureSnapshot({
      ...input,
      merit: 'size-class',
      sizeShares: { petit: 0.75, grand: 0.25 },
    });
    expect(size.venues.a!.deserved).toBeCloseTo(3, 12);
    expect(size.venues.b!.deserved).toBeCloseTo(2, 12);
  });

  it('derives its id from the network and the clock step only: replicas name a step alike', () => {
    const a = computeExposureSnapshot({ ...input, merit: 'equal' });
    const b = computeExposureSnapshot({ ...input, merit: 'equal', eligible: [...eligible].reverse() });
    expect(b.id).toBe(a.id);
    // Counters read a moment later on another replica: the same step, so the same id (first stored wins).
    expect(computeExposureSnapshot({ ...input, merit: 'equal', totals: { a: 2, b: 7 } }).id).toBe(a.id);
    const later = new Date(Date.parse(input.computedAt) + 5 * 60_000).toISOString();
    expect(computeExposureSnapshot({ ...input, merit: 'equal', computedAt: later }).id).not.toBe(a.id);
    expect(computeExposureSnapshot({ ...input, merit: 'equal', network: 'autre' }).id).not.toBe(a.id);
  });
});
