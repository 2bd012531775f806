import { describe, expect, it } from 'vitest';
import { batch, performance, show, venue } from '../store/testing/fixtures.js';
import { parseImport } from './import.js';
import { normaliseBatch } from './normalise-batch.js';

const NEXT = '2026-11-20T20:30:00+01:00';

const place = (name: string, town: string, postalCode: string, lat: number, lon: number) => ({
  '@type': 'Place',
  '@id': `place:${name}`,
  name,
  address: { '@type': 'PostalAddress', postalCode, addressLocality: town },
  geo: { latitude: lat, longitude: lon },
});

const event = (id: string, name: string, location: object, extra: object = {}) => ({
  '@type': 'MusicEvent',
  '@id': id,
  name,
  startDate: NEXT,
  location,
  ...extra,
});

const ZENITH = place('Zénith Toulouse Métropole', 'Toulouse', '31300', 43.5934, 1.4172);

const parse = (events: object[]) => parseImport(JSON.stringify(events), 'jsonld', 'agenda');

describe('normaliseBatch (every format, after parsing)', () => {
  it('a placeholder place (« DIVERS LIEUX », a bare town or region name) is not a venue: its event is rejected with the reason', () => {
    const b = parse([
      event('e1', 'Fête de la musique', place('DIVERS LIEUX', 'Toulouse', '31000', 43.6045, 1.444)),
      event('e2', 'Concert au centre', place('TOULOUSE', 'Toulouse', '31000', 43.6045, 1.444)),
      event('e3', 'Tournée', place('RÉGIONS MIDI-PYRÉNÉES', 'Toulouse', '31000', 43.6045, 1.444)),
      event('e4', 'Vianney', ZENITH),
    ]);
    expect(b.venues.map((v) => v.name)).toEqual(['Zénith Toulouse Métropole']);
    expect(b.shows.map((s) => s.title)).toEqual(['Vianney']);
    expect(b.performances).toHaveLength(1);
    expect(b.rejected.map((r) => [r.sourceId, r.path])).toEqual([
      ['e1', 'location'],
      ['e2', 'location'],
      ['e3', 'location'],
    ]);
    expect(b.rejected[0]!.reason).toMatch(/lieu imprécis « DIVERS LIEUX »/);
    expect(b.rejected[2]!.reason).toMatch(/lieu imprécis « RÉGIONS MIDI-PYRÉNÉES »/);
  });

  it('a festival site is not judged by its name (the festival lists name it after the festival: « Hors les murs »)', () => {
    const b = batch('festivals-liste', {
      venues: [
        venue('f1', { name: 'Hors les murs', type: 'festival' }),
        venue('v2', { name: 'Hors les murs' }),
      ],
      shows: [show('f1', { title: 'Hors les murs' }), show('s2')],
      performances: [performance('f1-1', 'f1', 'f1'), performance('s2-1', 's2', 'v2')],
    });
    const out = normaliseBatch(b);
    expect(out.venues.map((v) => v.sourceId)).toEqual(['f1']);
    expect(out.rejected.map((r) => r.sourceId)).toEqual(['s2']);
  });

  it('a Swiss venue (Geneva, postcode « 1203 » read as « 01203 ») is rejected as outside France', () => {
    const b = parse([
      event('g1', 'Concert à Genève', place('Victoria Hall', 'Genève', '1203', 46.2017, 6.1408)),
    ]);
    expect(b.venues).toEqual([]);
    expect(b.performances).toEqual([]);
    expect(b.rejected).toEqual([
      expect.objectContaining({
        sourceId: 'g1',
        path: 'location',
        reason: expect.stringMatching(/hors de France.*CH/),
      }),
    ]);
  });

  it('« ANNULÉ » in a title cancels the performances and leaves the title', () => {
    const b = parse([event('a1', 'Vianney - ANNULÉ', ZENITH)]);
    expect(b.shows[0]!.title).toBe('Vianney');
    expect(b.performances.map((p) => p.status)).toEqual(['cancelled']);
  });

  it('« REPORTÉ » is postponed, not cancelled; « COMPLET » is sold out', () => {
    const b = parse([
      event('m1', '- M - (CONCERT REPORTÉ AU 12 MARS 2027)', ZENITH),
      event('c1', 'Angèle COMPLET', ZENITH),
    ]);
    expect(b.shows.map((s) => s.title)).toEqual(['- M -', 'Angèle']);
    expect(b.performances.map((p) => p.status)).toEqual(['postponed', 'sold-out']);
  });

  it('a title never weakens a status the producer set (cancelled stays cancelled under « REPORTÉ »)', () => {
    const b = parse([
      event('r1', 'Concert (reporté)', ZENITH, { eventStatus: 'https://schema.org/EventCancelled' }),
    ]);
    expect(b.performances[0]!.status).toBe('cancelled');
  });

  it('a postcode whose department the coordinates contradict is dropped, the venue kept', () => {
    const b = parse([event('p1', 'Concert', place('Le Dôme', 'Marseille', '1203', 43.3, 5.4))]);
    expect(b.venues).toEqual([expect.objectContaining({ name: 'Le Dôme', postcode: null })]);
    expect(b.performances).toHaveLength(1);
  });

  it('CSV: a row whose country is not France is rejected; « reporté » is postponed', () => {
    const csv = [
      'titre;discipline;lieu;adresse;code_postal;ville;pays;latitude;longitude;date;heure;statut',
      'Quatuor;musique;Salle Reine Elisabeth;1 rue X;7000;Mons;Belgique;50.45;3.95;2026-12-03;20h30;',
      'Trio;musique;La Coursive;4 rue St-Jean;17000;La Rochelle;France;46.159;-1.151;2026-12-04;20h30;reporté',
    ].join('\n');
    const b = parseImport(csv, 'csv', 'lieux');
    expect(b.rejected).toEqual([
      expect.objectContaining({ path: 'location', reason: 'lieu hors de France (pays : Belgique)' }),
    ]);
    expect(b.shows.map((s) => s.title)).toEqual(['Trio']);
    expect(b.performances.map((p) => p.status)).toEqual(['postponed']);
  });

  it('a batch with nothing to normalise is returned as it is', () => {
    const b = parse([event('v1', 'Vianney', ZENITH)]);
    expect(b.rejected).toEqual([]);
    expect(b.venues[0]!.postcode).toBe('31300');
  });
});
