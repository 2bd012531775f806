import { describe, expect, it } from 'vitest';
import { sameQuery } from './enhance.js';

const own = {
  lat: '47.39',
  lon: '0.68',
  locale: 'fr',
  radius: '30',
  from: '2026-12-07T10:00:00.000Z',
  to: '2027-01-06T10:00:00.000Z',
  k: '6',
};
const q = (o: Record<string, string>) => new URLSearchParams(o);

describe('whether an embedded fragment answers the element’s own query', () => {
  it('accepts the same parameters with a window within the hour, whatever the language', () => {
    expect(sameQuery(q({ ...own, locale: 'en', from: '2026-12-07T10:45:00.000Z' }), own, false)).toBe(true);
  });

  it('refuses another radius, limit, filter or window', () => {
    expect(sameQuery(q({ ...own, radius: '20' }), own, false)).toBe(false);
    expect(sameQuery(q({ ...own, k: '3' }), own, false)).toBe(false);
    expect(sameQuery(q({ ...own, free: 'true' }), own, false)).toBe(false);
    expect(sameQuery(q({ ...own, to: '2026-12-14T10:00:00.000Z' }), own, false)).toBe(false);
    const { from: _f, to: _t, ...noWindow } = own;
    expect(sameQuery(q(noWindow), own, false)).toBe(false);
  });

  it('reads the window of a fragment asked with a named period from its answer', () => {
    const { from: _f, to: _t, ...rest } = own;
    const embedded = q({ ...rest, period: 'month' });
    expect(sameQuery(embedded, own, false, { from: own.from, to: own.to })).toBe(true);
    expect(sameQuery(embedded, own, false, { from: own.from, to: '2026-12-14T10:00:00.000Z' })).toBe(false);
  });

  it('takes the fragment’s place as it is when the element finds its own (venue)', () => {
    const { lat: _a, lon: _b, ...noPlace } = own;
    expect(sameQuery(q(own), noPlace, true)).toBe(true);
    expect(sameQuery(q(own), noPlace, false)).toBe(false);
  });
});
