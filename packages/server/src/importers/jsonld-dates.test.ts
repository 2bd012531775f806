import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../catalogue/import.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { CatalogueStore } from '../store/store.js';
import { MAX_PERFORMANCES_PER_EVENT, parseJsonLd } from './jsonld.js';

/** A city agenda's record as it publishes it in its pages: a bare `Event`, keywords, one place. */
function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'DanceEvent',
    '@id': 'https://agenda.toulouse.example/evenements/le-lac-des-cygnes-2026',
    name: 'Le Lac des cygnes — Ballet de l’Opéra national du Capitole',
    description: 'Chorégraphie de Kader Belarbi, d’après Marius Petipa.',
    keywords: 'Danse, Ballet',
    startDate: '2026-10-06T20:00:00+02:00',
    endDate: '2026-10-18T20:00:00+02:00',
    location: {
      '@type': 'Place',
      name: 'Théâtre du Capitole',
      address: {
        '@type': 'PostalAddress',
        streetAddress: 'Place du Capitole',
        postalCode: '31000',
        addressLocality: 'Toulouse',
      },
      geo: { '@type': 'GeoCoordinates', latitude: 43.6045, longitude: 1.4442 },
    },
    ...overrides,
  };
}
const parse = (...records: Array<Record<string, unknown>>) =>
  parseJsonLd(JSON.stringify(records), { source: 'agenda' });
const starts = (b: ReturnType<typeof parse>) => b.performances.map((p) => p.start);

describe('JSON-LD date ranges with a daily time', () => {
  it('« du 6 au 18 octobre à 20 h » gives 13 performances, one each evening at 20:00', () => {
    const b = parse(record());
    expect(b.performances).toHaveLength(13);
    expect(starts(b)[0]).toBe('2026-10-06T20:00:00+02:00');
    expect(starts(b).at(-1)).toBe('2026-10-18T20:00:00+02:00');
    expect(new Set(starts(b).map((s) => s.slice(11))).size).toBe(1);
    expect(b.warnings).toEqual([]);
  });

  it('keeps each evening at 20:00 Paris time across the October change', () => {
    const b = parse(record({ startDate: '2026-10-20T20:00:00+02:00', endDate: '2026-10-30T20:00:00+01:00' }));
    expect(b.performances).toHaveLength(11);
    expect(starts(b)).toContain('2026-10-24T20:00:00+02:00');
    expect(starts(b)).toContain('2026-10-25T20:00:00+01:00');
    expect(b.warnings).toEqual([]);
  });

  it('takes the end date’s later time as each evening’s end', () => {
    const b = parse(record({ endDate: '2026-10-18T22:15:00+02:00' }));
    expect(b.performances).toHaveLength(13);
    expect(b.performances[0]!.end).toBe('2026-10-06T22:15:00+02:00');
  });

  it('keeps an evening that ends after midnight as one performance', () => {
    const b = parse(record({ startDate: '2026-07-14T22:00:00+02:00', endDate: '2026-07-15T02:00:00+02:00' }));
    expect(starts(b)).toEqual(['2026-07-14T22:00:00+02:00']);
  });

  it('expands a run longer than the old 62-day cap in full, and never beyond a year of days', () => {
    const season = parse(record({ startDate: '2026-09-01T20:30', endDate: '2026-12-31T20:30' }));
    expect(season.performances).toHaveLength(122);
    const endless = parse(record({ startDate: '2026-01-01', endDate: '2028-12-31' }));
    expect(endless.performances).toHaveLength(MAX_PERFORMANCES_PER_EVENT);
    expect(MAX_PERFORMANCES_PER_EVENT).toBe(366);
  });
});

describe('JSON-LD eventSchedule', () => {
  it('gives one performance per day a Schedule names: byDay, times, exceptDate, two schedules', () => {
    const b = parse(
      record({
        startDate: '2026-11-03',
        endDate: '2026-11-29',
        eventSchedule: [
          {
            '@type': 'Schedule',
            byDay: [
              'https://schema.org/Tuesday',
              'https://schema.org/Wednesday',
              'https://schema.org/Thursday',
              'https://schema.org/Friday',
              'https://schema.org/Saturday',
            ],
            startTime: '20:30:00',
            endTime: '22:30:00',
            exceptDate: '2026-11-11',
            repeatFrequency: 'P1W',
            scheduleTimezone: 'Europe/Paris',
          },
          {
            '@type': 'Schedule',
            byDay: 'https://schema.org/Sunday',
            startTime: '16:00',
            repeatFrequency: 'P1W',
          },
        ],
      }),
    );
    // Tuesdays to Saturdays of 3–28 November (20 days) less the 11th, and the four Sundays.
    expect(b.performances).toHaveLength(19 + 4);
    expect(starts(b)).toContain('2026-11-03T20:30:00+01:00');
    expect(starts(b)).not.toContain('2026-11-11T20:30:00+01:00');
    expect(starts(b)).toContain('2026-11-29T16:00:00+01:00');
    expect(starts(b).some((s) => s.startsWith('2026-11-09'))).toBe(false); // a Monday
    expect(b.performances.find((p) => p.start === '2026-11-03T20:30:00+01:00')!.end).toBe(
      '2026-11-03T22:30:00+01:00',
    );
  });

  it('reads a weekly Schedule with its own first day and a repeat count, and an ISO duration', () => {
    const b = parse(
      record({
        startDate: undefined,
        endDate: undefined,
        eventSchedule: {
          '@type': 'Schedule',
          startDate: '2026-09-04',
          repeatFrequency: 'P1W',
          byDay: 'Friday',
          startTime: '21:00',
          duration: 'PT1H30M',
          repeatCount: 6,
        },
      }),
    );
    expect(starts(b)).toEqual([
      '2026-09-04T21:00:00+02:00',
      '2026-09-11T21:00:00+02:00',
      '2026-09-18T21:00:00+02:00',
      '2026-09-25T21:00:00+02:00',
      '2026-10-02T21:00:00+02:00',
      '2026-10-09T21:00:00+02:00',
    ]);
    expect(b.performances[0]!.end).toBe('2026-09-04T22:30:00+02:00');
  });

  it('reads a monthly Schedule on a day of the month', () => {
    const b = parse(
      record({
        startDate: '2026-09-15T19:00:00+02:00',
        endDate: '2027-01-31',
        eventSchedule: { '@type': 'Schedule', repeatFrequency: 'P1M', byMonthDay: 15, startTime: '19:00' },
      }),
    );
    expect(starts(b)).toEqual([
      '2026-09-15T19:00:00+02:00',
      '2026-10-15T19:00:00+02:00',
      '2026-11-15T19:00:00+01:00',
      '2026-12-15T19:00:00+01:00',
      '2027-01-15T19:00:00+01:00',
    ]);
  });
});

describe('JSON-LD times normalised to Paris time', () => {
  it('puts a summer date written with +01:00 in Paris time and warns in the report, naming the record', () => {
    const b = parse(
      record({ startDate: '2026-07-10T21:00:00+01:00', endDate: '2026-07-10T23:00:00+01:00' }),
      record({ '@id': 'ok', startDate: '2026-07-11T21:00:00+02:00', endDate: undefined }),
    );
    expect(starts(b)).toEqual(['2026-07-10T21:00:00+02:00', '2026-07-11T21:00:00+02:00']);
    expect(b.performances[0]!.end).toBe('2026-07-10T23:00:00+02:00');
    expect(b.warnings).toEqual([
      {
        index: 0,
        sourceId: 'https://agenda.toulouse.example/evenements/le-lac-des-cygnes-2026',
        message: expect.stringContaining("ne correspond pas à l'heure de Paris"),
      },
    ]);
  });

  it('shows a UTC time in Paris time without a warning', () => {
    const b = parse(record({ startDate: '2026-07-10T19:00:00Z', endDate: undefined }));
    expect(starts(b)).toEqual(['2026-07-10T21:00:00+02:00']);
    expect(b.warnings).toEqual([]);
  });

  it('judges a venue in La Réunion by its own zone', () => {
    const b = parse(
      record({
        startDate: '2026-07-10T20:00:00+04:00',
        endDate: undefined,
        location: {
          '@type': 'Place',
          name: 'Théâtre Luc Donat',
          address: { '@type': 'PostalAddress', postalCode: '97430', addressLocality: 'Le Tampon' },
          geo: { latitude: -21.2779, longitude: 55.5177 },
        },
      }),
    );
    expect(starts(b)).toEqual(['2026-07-10T20:00:00+04:00']);
    expect(b.warnings).toEqual([]);
  });
});

describe('warnings in the import report (SQLite store)', () => {
  let store: CatalogueStore;
  beforeEach(() => {
    store = openSqliteStore(':memory:');
  });
  afterEach(async () => {
    await store.close();
  });

  it('reports the offset warning with the record, and imports the performance at the Paris time', async () => {
    const report = await importFile(store, {
      text: JSON.stringify([record({ startDate: '2026-07-10T21:00:00+01:00', endDate: undefined })]),
      format: 'jsonld',
      source: 'agenda',
      now: '2026-06-01T00:00:00Z',
    });
    expect(report.created.performances).toBe(1);
    expect(report.warnings).toHaveLength(1);
    expect(report.warnings[0]).toMatchObject({ index: 0, message: expect.stringContaining('+01:00') });
  });
});
