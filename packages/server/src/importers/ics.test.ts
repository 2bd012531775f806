import { describe, expect, it } from 'vitest';
import { ImportParseError } from './errors.js';
import { HORIZON_FUTURE_DAYS, HORIZON_PAST_DAYS, parseIcs, placeOfLocation } from './ics.js';
import { GOOGLE_SEASON, THUNDERBIRD_FESTIVAL } from './ics-calendars.js';

const NOW = '2026-09-10T10:00:00Z';
const season = parseIcs(GOOGLE_SEASON, { source: 'pave', now: NOW });
const impro = '4k2v0q8s1m6r7t9u3c5e@google.com';
const of = (uid: string) => season.performances.filter((p) => p.showSourceId === uid);

describe('parseIcs (Google Calendar export)', () => {
  it('counts one record per event, a moved or cancelled occurrence belonging to its series', () => {
    expect(season.records).toBe(6);
    expect(season.format).toBe('ics');
  });

  it('expands a weekly RRULE up to its UNTIL, leaving out the EXDATE, on Paris time across the October change', () => {
    expect(of(impro).map((p) => p.start)).toEqual([
      '2026-10-06T20:00:00+02:00',
      '2026-10-13T20:00:00+02:00',
      '2026-10-27T20:30:00+01:00',
      '2026-11-03T20:00:00+01:00',
      '2026-11-10T20:00:00+01:00',
    ]);
    expect(of(impro)[0]!.end).toBe('2026-10-06T21:30:00+02:00');
  });

  it('takes a moved occurrence (RECURRENCE-ID) at its new time, and cancels a cancelled one', () => {
    const moved = of(impro).find((p) => p.start.startsWith('2026-10-27'))!;
    expect(moved).toMatchObject({ start: '2026-10-27T20:30:00+01:00', end: '2026-10-27T22:00:00+01:00' });
    expect(of(impro).find((p) => p.start.startsWith('2026-11-03'))!.status).toBe('cancelled');
    expect(of(impro).filter((p) => p.status === 'scheduled')).toHaveLength(4);
  });

  it('cancels every performance of a STATUS:CANCELLED event', () => {
    expect(of('2c8e4g6i0k1m3o5q7s9u@google.com').map((p) => p.status)).toEqual(['cancelled']);
  });

  it('shows a UTC time in Paris time', () => {
    expect(of('7h3n5b2x9z1a4d6f8g0j@google.com')[0]).toMatchObject({
      start: '2026-11-14T20:30:00+01:00',
      end: '2026-11-14T22:15:00+01:00',
    });
  });

  it('reads the venue from LOCATION and GEO', () => {
    expect(season.venues).toHaveLength(1);
    expect(season.venues[0]).toMatchObject({
      name: 'Théâtre du Pavé',
      address: '34 Rue Maran',
      postcode: '31400',
      town: 'Toulouse',
      location: { lat: 43.5862, lon: 1.4547 },
      type: 'theatre',
    });
  });

  it('reads SUMMARY, DESCRIPTION (unfolded), URL and prices written in the description', () => {
    const show = season.shows.find((s) => s.sourceId === impro)!;
    expect(show.title).toBe("Les Mardis de l'impro");
    expect(show.description).toContain("Ligue d'impro de Toulouse. Tarif : 12 €");
    expect(show.tags).toEqual(['Théâtre', 'Improvisation']);
    expect(of(impro)[0]).toMatchObject({
      url: 'https://www.theatredupave.org/spectacle/mardis-impro',
      price: { min: 8, max: 12, free: false },
    });
  });

  it('rejects a venue in Switzerland at LOCATION, and an event without GEO at GEO, each with its reason', () => {
    expect(season.rejected).toEqual([
      {
        index: 4,
        path: 'VEVENT[6].LOCATION',
        reason: 'lieu hors de France (pays CH)',
        sourceId: '5t7y9u1i3o5p7a9s2d4f@google.com',
      },
      {
        index: 5,
        path: 'VEVENT[7].GEO',
        reason: 'coordonnées géographiques manquantes ou illisibles',
        sourceId: '8g0h2j4k6l8z1x3c5v7b@google.com',
      },
    ]);
  });

  it('skips an exhibition (CATEGORIES:Exposition): not a performance', () => {
    expect(season.skipped).toBe(1);
    expect(season.skips).toEqual([
      {
        index: 3,
        sourceId: '9q1w3e5r7t9y2u4i6o8p@google.com',
        title: 'Exposition photo « Coulisses »',
        reason: expect.stringContaining('exposition'),
      },
    ]);
    expect(season.shows.map((s) => s.title)).not.toContain('Exposition photo « Coulisses »');
  });
});

describe('parseIcs (Thunderbird export)', () => {
  const fest = parseIcs(THUNDERBIRD_FESTIVAL, { source: 'crest', now: NOW });

  it('gives an all-day event spanning five days one performance a day (DTEND exclusive)', () => {
    const tent = fest.performances.filter((p) => p.showSourceId === '3f0b8a5e-6c1d-4e2f-9a7b-1c2d3e4f5a6b');
    expect(tent.map((p) => p.start)).toEqual([
      '2026-08-18T20:30:00+02:00',
      '2026-08-19T20:30:00+02:00',
      '2026-08-20T20:30:00+02:00',
      '2026-08-21T20:30:00+02:00',
      '2026-08-22T20:30:00+02:00',
    ]);
  });

  it('expands a rule with no end only within the horizon around the import clock', () => {
    const ball = fest.performances.filter((p) => p.showSourceId === '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d');
    const now = Date.parse(NOW);
    expect(ball.length).toBeGreaterThan(50);
    expect(Date.parse(ball[0]!.start)).toBeGreaterThanOrEqual(now - HORIZON_PAST_DAYS * 86_400_000);
    expect(Date.parse(ball.at(-1)!.start)).toBeLessThanOrEqual(now + HORIZON_FUTURE_DAYS * 86_400_000);
    expect(ball.every((p) => new Date(p.start).getUTCDay() === 5)).toBe(true);
    // The same file on the same clock: the same batch.
    expect(parseIcs(THUNDERBIRD_FESTIVAL, { source: 'crest', now: NOW })).toEqual(fest);
  });
});

describe('placeOfLocation', () => {
  it('reads name, street, postcode and town, and a trailing country', () => {
    expect(placeOfLocation('Théâtre Pitoëff, Rue de Carouge 52, 1205 Genève, Suisse')).toMatchObject({
      name: 'Théâtre Pitoëff',
      postcode: '1205',
      town: 'Genève',
      countryCode: 'CH',
    });
    expect(placeOfLocation('12 rue des Lices, 49100 Angers')).toMatchObject({
      name: null,
      address: '12 rue des Lices',
      postcode: '49100',
      town: 'Angers',
      countryCode: null,
    });
  });
});

describe('parseIcs errors', () => {
  it('throws ImportParseError for a text that is not iCalendar', () => {
    expect(() => parseIcs('{"events": []}', { source: 'x' })).toThrow(ImportParseError);
    expect(() => parseIcs('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jo\r\nEND:VCARD\r\n', { source: 'x' })).toThrow(
      ImportParseError,
    );
  });
});

describe('parseIcs horizon', () => {
  it('rejects a series none of whose occurrences falls within the horizon, saying which horizon', () => {
    const later = parseIcs(GOOGLE_SEASON, { source: 'pave', now: '2028-01-01T00:00:00Z' });
    expect(later.rejected[0]).toMatchObject({
      index: 0,
      path: 'VEVENT[0].RRULE',
      reason: "aucune occurrence entre le 2027-12-02 et le 2029-01-01 (horizon de l'import)",
    });
  });
});
