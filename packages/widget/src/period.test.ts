import { describe, expect, it } from 'vitest';
import { parisTime, parseBound, periodWindow } from './period.js';

describe('period windows in Paris time', () => {
  it('tonight runs from now (rounded down to the quarter hour) to midnight in Paris', () => {
    // Thursday 3 December 2026, 15:07 UTC = 16:07 in Paris (winter, UTC+1).
    const w = periodWindow('tonight', Date.parse('2026-12-03T15:07:31Z'));
    expect(w).toEqual({ from: '2026-12-03T15:00:00.000Z', to: '2026-12-03T23:00:00.000Z' });
  });

  it('tonight ends at midnight Paris summer time (UTC+2)', () => {
    const w = periodWindow('tonight', Date.parse('2026-07-14T18:00:00Z'));
    expect(w.to).toBe('2026-07-14T22:00:00.000Z');
  });

  it('on a weekday, the weekend starts on Friday at 18:00 and ends on Sunday night', () => {
    const w = periodWindow('weekend', Date.parse('2026-12-02T09:00:00Z')); // Wednesday
    expect(w).toEqual({ from: '2026-12-04T17:00:00.000Z', to: '2026-12-06T23:00:00.000Z' });
  });

  it('on a Saturday, the weekend starts now', () => {
    const w = periodWindow('weekend', Date.parse('2026-12-05T10:00:00Z'));
    expect(w).toEqual({ from: '2026-12-05T10:00:00.000Z', to: '2026-12-06T23:00:00.000Z' });
  });

  it('on a Sunday, the weekend ends that night', () => {
    const w = periodWindow('weekend', Date.parse('2026-12-06T10:00:00Z'));
    expect(w.to).toBe('2026-12-06T23:00:00.000Z');
  });

  it('week and month are 7 and 30 days from now', () => {
    const now = Date.parse('2026-12-03T15:00:00Z');
    expect(periodWindow('week', now + 600_000).to).toBe('2026-12-10T15:00:00.000Z');
    expect(periodWindow('month', now).to).toBe('2027-01-02T15:00:00.000Z');
  });

  it('finds Paris midnight across the spring daylight-saving change', () => {
    // Clocks go forward on 29 March 2026: midnight that day is still UTC+1, the next is UTC+2.
    expect(new Date(parisTime(2026, 3, 29)).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(parisTime(2026, 3, 30)).toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('reads plain dates as whole days in Paris and passes date-times through', () => {
    expect(parseBound('2026-12-24', false)).toBe('2026-12-23T23:00:00.000Z');
    expect(parseBound('2026-12-24', true)).toBe('2026-12-24T23:00:00.000Z');
    expect(parseBound('2026-12-24T20:30:00+01:00', false)).toBe('2026-12-24T19:30:00.000Z');
    expect(parseBound('demain', false)).toBeNull();
  });
});
