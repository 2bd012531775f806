import { describe, expect, it } from 'vitest';
import { ImportParseError } from './errors.js';
import { categoryLabels, markdownText, parseOpenAgenda, statusOfOpenAgenda } from './openagenda.js';
import { OPENAGENDA_FILE, sharedDataText } from './test-data.js';

const TEXT = sharedDataText(OPENAGENDA_FILE);
const EVENTS = JSON.parse(TEXT) as Array<Record<string, unknown>>;
/** « Thx4Crying à Lyon », a concert on a Lyon barge, as the fixture has it, made unmistakably a concert. */
const concert = (over: Record<string, unknown> = {}) => ({
  ...structuredClone(EVENTS.find((e) => e.uid === 44797991)!),
  keywords: { fr: ['Concert', 'Pop'] },
  ...over,
});
const parse = (events: unknown) => parseOpenAgenda(JSON.stringify(events), { source: 'oa' });

describe('parseOpenAgenda on the 119-event fixture', () => {
  const batch = parseOpenAgenda(TEXT, { source: 'oa' });

  it('accounts for every record: kept, skipped or rejected, with a reason for each reject', () => {
    expect(batch.records).toBe(119);
    expect(batch.shows.length + batch.skipped + batch.rejected.length).toBe(119);
    for (const r of batch.rejected) expect(r.reason).not.toBe('');
  });

  it('lists each skipped record with its title and the classifier’s reason (a screening is cinema)', () => {
    expect(batch.skips).toHaveLength(batch.skipped);
    for (const s of batch.skips) expect(s.reason).not.toBe('');
    expect(batch.skips[0]).toMatchObject({
      index: 0,
      sourceId: '51313674',
      title: 'Projection du documentaire "Penser l\'incertitude"',
      reason: expect.stringContaining('cinéma'),
    });
  });

  it('gives each kept event one performance per timing, at the offset OpenAgenda wrote', () => {
    for (const show of batch.shows) {
      const event = EVENTS.find((e) => String(e.uid) === show.sourceId)!;
      const starts = batch.performances.filter((p) => p.showSourceId === show.sourceId).map((p) => p.start);
      const timings = (event.timings as Array<{ begin: string }>).map((t) => t.begin.replace('.000', ''));
      expect(starts.sort()).toEqual([...new Set(timings)].sort());
    }
    expect(batch.warnings).toEqual([]);
  });

  it('reads the place: name, address, postcode, INSEE code, coordinates', () => {
    const venue = batch.venues.find((v) => v.sourceId === 'location:28488677');
    expect(venue).toMatchObject({
      name: 'La Marquise',
      town: 'Lyon',
      postcode: '69003',
      inseeCode: '69123',
      location: { lat: 45.7586, lon: 4.841015 },
    });
  });
});

describe('parseOpenAgenda', () => {
  it('reads a concert: French title, keywords as tags, prices of its conditions, its booking link', () => {
    const b = parse([concert()]);
    expect(b.shows).toHaveLength(1);
    expect(b.shows[0]).toMatchObject({
      sourceId: '44797991',
      title: 'Thx4Crying à Lyon',
      discipline: 'musique',
    });
    expect(b.shows[0]!.tags).toEqual(['Concert', 'Pop']);
    expect(b.performances).toEqual([
      {
        sourceId: '44797991@2026-10-08T20:00:00+02:00',
        showSourceId: '44797991',
        venueSourceId: 'location:28488677',
        start: '2026-10-08T20:00:00+02:00',
        end: '2026-10-08T22:30:00+02:00',
        price: { min: 17, max: 22, free: false, currency: 'EUR' },
        url: 'https://shotgun.live/fr/events/thx4crying-incendie-la-marquise',
        status: 'scheduled',
      },
    ]);
  });

  it('puts a summer timing written +01:00 in Paris time, with a warning naming the record', () => {
    const b = parse([
      concert({ timings: [{ begin: '2026-07-10T21:00:00+01:00', end: '2026-07-10T23:00:00+01:00' }] }),
    ]);
    expect(b.performances[0]).toMatchObject({
      start: '2026-07-10T21:00:00+02:00',
      end: '2026-07-10T23:00:00+02:00',
    });
    expect(b.warnings).toEqual([
      { index: 0, sourceId: '44797991', message: expect.stringContaining('+01:00') },
    ]);
  });

  it('prefers French in multilingual fields', () => {
    const b = parse([concert({ title: { en: 'Thx4Crying in Lyon', fr: 'Thx4Crying à Lyon, concert' } })]);
    expect(b.shows[0]!.title).toBe('Thx4Crying à Lyon, concert');
  });

  it('reads the three shapes the API answers: { events }, an array, one event', () => {
    expect(
      parseOpenAgenda(JSON.stringify({ events: [concert()], total: 1 }), { source: 'oa' }).shows,
    ).toHaveLength(1);
    expect(parseOpenAgenda(JSON.stringify({ event: concert() }), { source: 'oa' }).shows).toHaveLength(1);
    expect(parseOpenAgenda(JSON.stringify(concert()), { source: 'oa' }).shows).toHaveLength(1);
  });

  it('maps OpenAgenda status codes: 6 cancelled, 5 full, 4 postponed (not cancelled), 3 moved online, 1 and 2 scheduled', () => {
    expect(parse([concert({ status: 4 })]).performances[0]!.status).toBe('postponed');
    expect(statusOfOpenAgenda({ id: 4, label: { fr: 'Reporté' } })).toBe('postponed');
    expect(parse([concert({ status: 6 })]).performances[0]!.status).toBe('cancelled');
    expect(parse([concert({ status: 5 })]).performances[0]!.status).toBe('sold-out');
    expect(parse([concert({ status: 3 })]).performances[0]!.status).toBe('cancelled');
    expect(statusOfOpenAgenda(2)).toBe('scheduled');
    expect(statusOfOpenAgenda({ id: 6, label: { fr: 'Annulé' } })).toBe('cancelled');
  });

  it('rejects an online-only event and a place outside France, naming the field', () => {
    const online = parse([concert({ attendanceMode: 2 })]);
    expect(online.rejected[0]).toMatchObject({ index: 0, path: '[0].location', sourceId: '44797991' });
    expect(online.rejected[0]!.reason).toContain('en ligne');
    const geneva: Record<string, unknown> = concert();
    Object.assign(geneva.location as object, {
      countryCode: 'CH',
      postalCode: '1204',
      insee: null,
      latitude: 46.2,
      longitude: 6.15,
    });
    expect(parse([geneva]).rejected[0]).toMatchObject({
      path: '[0].location.countryCode',
      reason: 'lieu hors de France (pays CH)',
    });
  });

  it('rejects an event without timings and one that is not an object, and keeps the others', () => {
    const b = parse([concert({ timings: [] }), 42, concert({ uid: 1 })]);
    expect(b.rejected.map((r) => [r.index, r.path])).toEqual([
      [0, '[0].timings'],
      [1, '[1]'],
    ]);
    expect(b.shows.map((s) => s.sourceId)).toEqual(['1']);
  });

  it('falls back to the OpenAgenda page when there is no booking link', () => {
    const b = parse([concert({ registration: [{ type: 'email', value: '[e-mail retiré]' }] })]);
    expect(b.performances[0]!.url).toBe('https://openagenda.com/evenements-a-lyon/events/thx4crying-a-lyon');
  });

  it('throws ImportParseError on text that is not OpenAgenda JSON', () => {
    expect(() => parseOpenAgenda('{"events": [', { source: 'oa' })).toThrow(ImportParseError);
    expect(() => parseOpenAgenda('{"@graph": []}', { source: 'oa' })).toThrow(ImportParseError);
  });
});

describe('categoryLabels', () => {
  it('reads labelled values of the agenda’s own fields and passes over bare option ids', () => {
    const labels = categoryLabels({
      uid: 1,
      title: { fr: 'x' },
      'types-devenement': { id: 8, label: { fr: 'Spectacle', en: 'Show' } },
      'categories-agenda-metropolitain': [{ id: 51, label: { fr: 'Danse' } }],
      'type-de-public': 33,
      theme: [],
    });
    expect(labels).toEqual(['Spectacle', 'Danse']);
  });
});

describe('markdownText', () => {
  it('keeps the words of links and drops emphasis marks', () => {
    expect(markdownText('**ÉVÉNEMENT COMPLET**  \n[Réserver ici](https://x.fr) _vite_')).toBe(
      'ÉVÉNEMENT COMPLET  \nRéserver ici vite',
    );
  });
});
