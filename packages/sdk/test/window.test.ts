import { describe, expect, it } from 'vitest';
import { RecommendationQuerySchema } from '../src/contract/index.js';
import { boundInstant, windowOf } from '../src/window.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('boundInstant: a date is a day on the Paris clock', () => {
  it('starts "from" at Paris midnight and ends "to" at the next one, in winter and summer', () => {
    expect(iso(boundInstant('2026-12-08', 'from'))).toBe('2026-12-07T23:00:00.000Z');
    expect(iso(boundInstant('2026-12-08', 'to'))).toBe('2026-12-08T23:00:00.000Z');
    expect(iso(boundInstant('2026-07-14', 'from'))).toBe('2026-07-13T22:00:00.000Z');
  });

  it('gives the day of the spring change its 23 hours', () => {
    const from = boundInstant('2026-03-29', 'from');
    const to = boundInstant('2026-03-29', 'to');
    expect((to - from) / 3_600_000).toBe(23);
  });

  it('reads a date-time as the instant it names', () => {
    expect(iso(boundInstant('2026-12-08T20:30:00+01:00', 'to'))).toBe('2026-12-08T19:30:00.000Z');
  });
});

describe('windowOf', () => {
  const now = Date.parse('2026-12-08T09:07:00Z');

  it('takes a period when no bound is given, and refuses windows over 366 days', () => {
    expect(windowOf({}, 'tonight', now)).toEqual({
      from: Date.parse('2026-12-08T09:00:00Z'),
      to: Date.parse('2026-12-08T23:00:00Z'),
    });
    expect(windowOf({ from: '2026-12-08', to: '2027-12-10' }, 'week', now)).toEqual({
      path: 'to',
      message: 'must be at most 366 days after from',
    });
  });
});

describe('query numbers', () => {
  const parse = (lat: string) => RecommendationQuerySchema.safeParse({ lat, lon: '0.69' });

  it.each(['', '0x10', ' 47', '47 ', 'Infinity', 'NaN', '1_0', '4,7'])('refuse lat=%j', (lat) => {
    const result = parse(lat);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['lat'],
      message: 'must be a number (decimal notation)',
    });
  });

  it.each([
    ['47.39', 47.39],
    ['-0.5', -0.5],
    ['+47', 47],
    ['.5', 0.5],
    ['4.739e1', 47.39],
  ])('read lat=%j as %d', (lat, value) => {
    expect(parse(lat).data?.lat).toBe(value);
  });
});
