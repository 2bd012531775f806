import { describe, expect, it } from 'vitest';
import { isoInZone, parisOffset, zonedTime } from './zoned-time.js';

describe('zonedTime', () => {
  it('keeps a time whose offset is Paris time that day, without a warning', () => {
    expect(zonedTime('2026-07-14', '21:30', '+02:00')).toEqual({
      iso: '2026-07-14T21:30:00+02:00',
      warning: null,
    });
    expect(zonedTime('2026-12-03', '20:00', '+0100')).toEqual({
      iso: '2026-12-03T20:00:00+01:00',
      warning: null,
    });
  });

  it('keeps the wall-clock time of a summer date written with the winter offset, and warns', () => {
    const t = zonedTime('2026-07-14', '21:30', '+01:00');
    expect(t.iso).toBe('2026-07-14T21:30:00+02:00');
    expect(t.warning).toContain('+01:00');
    expect(t.warning).toContain('heure de Paris');
  });

  it('keeps the wall-clock time of a winter date written with the summer offset, and warns', () => {
    const t = zonedTime('2026-01-10', '20:00', '+02:00');
    expect(t.iso).toBe('2026-01-10T20:00:00+01:00');
    expect(t.warning).not.toBeNull();
  });

  it('reads a UTC time as an instant and shows it in Paris time, without a warning', () => {
    expect(zonedTime('2026-07-14', '19:30', 'Z')).toEqual({
      iso: '2026-07-14T21:30:00+02:00',
      warning: null,
    });
  });

  it('converts a time given in another zone to Paris time, and warns', () => {
    const t = zonedTime('2026-07-14', '15:30', '-04:00');
    expect(t.iso).toBe('2026-07-14T21:30:00+02:00');
    expect(t.warning).toContain('converti');
  });

  it('judges an overseas venue by its own zone', () => {
    expect(zonedTime('2026-07-14', '20:00', '+04:00', 'Indian/Reunion')).toEqual({
      iso: '2026-07-14T20:00:00+04:00',
      warning: null,
    });
  });

  it('shows an instant in a zone on both sides of the October change', () => {
    expect(isoInZone(Date.parse('2026-10-24T18:00:00Z'), 'Europe/Paris')).toBe('2026-10-24T20:00:00+02:00');
    expect(isoInZone(Date.parse('2026-10-25T19:00:00Z'), 'Europe/Paris')).toBe('2026-10-25T20:00:00+01:00');
  });
});

describe('parisOffset', () => {
  it('agrees with the time-zone database on every half hour around both changes and across years', async () => {
    const { zonedIso } = await import('./geo.js');
    const days = [
      '2026-03-28',
      '2026-03-29',
      '2026-03-30',
      '2026-10-24',
      '2026-10-25',
      '2026-10-26',
      '2027-03-28',
      '2027-10-31',
      '2031-03-30',
      '2024-07-01',
      '2025-01-15',
    ];
    for (const date of days) {
      for (let m = 0; m < 24 * 60; m += 30) {
        const time = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        expect(parisOffset(date, time), `${date} ${time}`).toBe(
          zonedIso(date, time, 'Europe/Paris').slice(19),
        );
      }
    }
  });
});
