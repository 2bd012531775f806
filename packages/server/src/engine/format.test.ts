import { describe, expect, it } from 'vitest';
import { formatKm, formatStart, intlParisTime, isoString, parisDay, parisTime } from './format.js';
import { distanceKm, LocalDistance } from './geo.js';

describe('formatStart', () => {
  const now = Date.parse('2026-11-25T15:00:00Z'); // a Wednesday

  it('reads the Paris clock across daylight saving, in French and English', () => {
    expect(formatStart(Date.parse('2026-11-26T19:30:00Z'), now)).toEqual({
      fr: 'demain 20 h 30',
      en: 'tomorrow 8:30 pm',
    });
    expect(formatStart(Date.parse('2026-11-25T19:00:00Z'), now)).toEqual({
      fr: 'aujourd’hui 20 h',
      en: 'today 8 pm',
    });
    expect(formatStart(Date.parse('2026-11-28T19:00:00Z'), now).fr).toBe('samedi 20 h');
    // Summer time: 18:00 UTC is 20 h in Paris.
    expect(formatStart(Date.parse('2027-07-01T18:00:00Z'), now).fr).toBe('jeudi 1er juillet, 20 h');
  });

  it('buckets days on the Paris calendar', () => {
    expect(parisDay(Date.parse('2026-11-25T23:30:00Z'))).toBe('2026-11-26');
  });
});

describe('formatKm and distances', () => {
  it('uses a decimal comma in French and whole kilometres beyond 10 km', () => {
    expect(formatKm(3.24)).toEqual({ fr: '3,2 km', en: '3.2 km' });
    expect(formatKm(12.6)).toEqual({ fr: '13 km', en: '13 km' });
  });

  it('keeps the fast local distance within 0.3 % of the haversine up to 200 km in France', () => {
    for (const [lat, lon] of [
      [48.85, 2.35],
      [43.3, 5.37],
      [50.63, 3.06],
    ] as const) {
      const local = new LocalDistance(lat, lon);
      for (const [dLat, dLon] of [
        [1.7, 0],
        [0, 2.5],
        [-1.2, 1.8],
        [0.3, -0.4],
      ] as const) {
        const exact = distanceKm(lat, lon, lat + dLat, lon + dLon);
        expect(Math.abs(local.km(lat + dLat, lon + dLon) - exact) / exact).toBeLessThan(0.003);
      }
    }
  });
});

describe('parisTime', () => {
  it('reads the same wall clock as Intl, minute by minute around every daylight-saving change 2025–2030', () => {
    const checked: number[] = [];
    for (let year = 2025; year <= 2030; year++) {
      // The last Sundays of March and October, 01:00 UTC; three hours either side, every minute.
      for (const month of [2, 9]) {
        const lastDay = new Date(Date.UTC(year, month + 1, 0));
        const sunday = Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
        for (let m = -180; m <= 180; m++) checked.push(sunday + m * 60_000);
      }
    }
    for (const ms of checked) expect(parisTime(ms)).toEqual(intlParisTime(ms));
  });

  it('reads the same wall clock as Intl at any instant from 1980 to 2040, seconds included, and before', () => {
    let x = 12345;
    const next = () => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x / 4294967296;
    };
    const from = Date.UTC(1979, 0, 1);
    const to = Date.UTC(2040, 0, 1);
    for (let i = 0; i < 5_000; i++) {
      const ms = Math.floor(from + next() * (to - from));
      expect(parisTime(ms)).toEqual(intlParisTime(ms));
    }
    // Every 37 minutes over the years the engine serves now.
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2029, 0, 1); ms += 37 * 60_000)
      expect(parisTime(ms)).toEqual(intlParisTime(ms));
  });
});

describe('isoString', () => {
  it('writes what Date.prototype.toISOString writes, milliseconds included', () => {
    const instants = [
      0,
      1,
      999,
      Date.UTC(1000, 0, 1),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      -1,
      Date.UTC(12000, 0, 1),
    ];
    for (let ms = Date.UTC(1990, 0, 1, 0, 0, 0, 7); ms < Date.UTC(2035, 0, 1); ms += 7_777_777_777 / 1000)
      instants.push(Math.floor(ms));
    for (const ms of instants) expect(isoString(ms)).toBe(new Date(ms).toISOString());
  });
});
