import { describe, expect, it } from 'vitest';
import { parisTime, periodWindow } from '../../src/http/period.js';
import { HttpProblem } from '../../src/http/problem.js';
import { resolveWindow } from '../../src/http/window.js';

const at = (iso: string) => Date.parse(iso);

describe('periodWindow (Paris clock)', () => {
  it('ends "tonight" at midnight in Paris, summer and winter', () => {
    expect(periodWindow('tonight', at('2026-07-01T16:07:00Z'))).toEqual({
      from: '2026-07-01T16:00:00.000Z',
      to: '2026-07-01T22:00:00.000Z',
    });
    expect(periodWindow('tonight', at('2026-12-01T16:07:00Z')).to).toBe('2026-12-01T23:00:00.000Z');
  });

  it('runs the weekend from Friday 18:00 to Monday 00:00 when asked on a weekday', () => {
    // Wednesday 25 November 2026.
    expect(periodWindow('weekend', at('2026-11-25T10:00:00Z'))).toEqual({
      from: '2026-11-27T17:00:00.000Z',
      to: '2026-11-29T23:00:00.000Z',
    });
  });

  it('starts the weekend now when asked on Saturday', () => {
    expect(periodWindow('weekend', at('2026-11-28T14:20:00Z'))).toEqual({
      from: '2026-11-28T14:15:00.000Z',
      to: '2026-11-29T23:00:00.000Z',
    });
  });

  it('rounds "from" down to the quarter hour so repeated requests share a window', () => {
    const a = periodWindow('week', at('2026-11-25T10:01:00Z'));
    const b = periodWindow('week', at('2026-11-25T10:14:59Z'));
    expect(a).toEqual(b);
    expect(a).toEqual({ from: '2026-11-25T10:00:00.000Z', to: '2026-12-02T10:00:00.000Z' });
  });

  it('finds Paris wall times across the daylight-saving change', () => {
    expect(new Date(parisTime(2026, 3, 29, 12)).toISOString()).toBe('2026-03-29T10:00:00.000Z');
    expect(new Date(parisTime(2026, 3, 28, 12)).toISOString()).toBe('2026-03-28T11:00:00.000Z');
  });
});

describe('resolveWindow', () => {
  const now = new Date('2026-11-25T10:00:00Z');

  it('completes a lone "from" with the period length and a lone "to" with now', () => {
    expect(resolveWindow({ from: '2026-12-01T00:00:00Z' }, 'week', now)).toEqual({
      from: '2026-12-01T00:00:00.000Z',
      to: '2026-12-08T00:00:00.000Z',
    });
    expect(resolveWindow({ to: '2026-11-30T00:00:00Z' }, 'week', now).from).toBe('2026-11-25T10:00:00.000Z');
  });

  it('refuses a "to" before "from" or in the past, as a field error on "to"', () => {
    const errorOf = (q: { from?: string; to?: string }) => {
      try {
        resolveWindow(q, 'week', now);
      } catch (error) {
        return error as HttpProblem;
      }
      throw new Error('no error');
    };
    const reversed = errorOf({ from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' });
    expect(reversed).toBeInstanceOf(HttpProblem);
    expect(reversed.status).toBe(400);
    expect(reversed.errors).toEqual([{ path: 'to', message: 'must be after from' }]);
    expect(errorOf({ to: '2026-11-01T00:00:00Z' }).errors).toEqual([
      { path: 'to', message: 'must be in the future' },
    ]);
  });
});
