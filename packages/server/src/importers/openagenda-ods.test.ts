import { describe, expect, it } from 'vitest';
import { ImportParseError } from './errors.js';
import { parseOpenAgendaOds } from './openagenda-ods.js';
import { OPENAGENDA_ODS_FILE, sharedDataText } from './test-data.js';

const TEXT = sharedDataText(OPENAGENDA_ODS_FILE);
const RECORDS = (JSON.parse(TEXT) as { results: Array<Record<string, unknown>> }).results;
/** « DARON » at Le Point Virgule, five evenings, as the export has it, with a keyword saying what it is. */
const daron = (over: Record<string, unknown> = {}) => ({
  ...structuredClone(RECORDS.find((r) => r.uid === '43517777')!),
  keywords_fr: ['Humour', 'Stand-up'],
  ...over,
});
const parse = (doc: unknown) => parseOpenAgendaOds(JSON.stringify(doc), { source: 'ods' });

describe('parseOpenAgendaOds on the 100-record fixture', () => {
  const batch = parseOpenAgendaOds(TEXT, { source: 'ods' });

  it('accounts for every record: kept, skipped or rejected', () => {
    expect(batch.records).toBe(100);
    expect(batch.format).toBe('openagenda-ods');
    expect(batch.shows.length + batch.skipped + batch.rejected.length).toBe(100);
  });

  it('gives each kept event one performance per timing read from the JSON text column, in Paris time', () => {
    for (const show of batch.shows) {
      const record = RECORDS.find((r) => r.uid === show.sourceId)!;
      const timings = JSON.parse(record.timings as string) as Array<{ begin: string }>;
      const starts = batch.performances.filter((p) => p.showSourceId === show.sourceId).map((p) => p.start);
      expect(starts.sort()).toEqual([...new Set(timings.map((t) => t.begin))].sort());
    }
  });
});

describe('parseOpenAgendaOds', () => {
  it('reads a run of five evenings, its place and its booking link', () => {
    const b = parse({ total_count: 1, results: [daron()] });
    expect(b.shows[0]).toMatchObject({ sourceId: '43517777', title: 'DARON' });
    expect(b.performances.map((p) => p.start)).toEqual([
      '2025-11-14T20:00:00+01:00',
      '2025-11-15T20:00:00+01:00',
      '2025-11-21T20:00:00+01:00',
      '2025-11-22T20:00:00+01:00',
      '2025-12-06T20:00:00+01:00',
    ]);
    expect(b.performances[0]!.url).toBe('https://billetterie-jmd.tickandlive.com/evenement/solay?idwl=3');
    expect(b.venues[0]).toMatchObject({ name: 'LE POINT VIRGULE', postcode: '75004', town: 'Paris' });
  });

  it('reads the export as an array and the older { records: [{ fields }] } and { record: { fields } } shapes', () => {
    expect(parse([daron()]).shows).toHaveLength(1);
    const v1 = parse({ records: [{ datasetid: 'x', recordid: 'y', fields: daron() }] });
    expect(v1.shows).toHaveLength(1);
    const v2 = parse({ records: [{ record: { id: 'y', fields: daron({ timings: null }) } }] });
    expect(v2.shows).toHaveLength(1);
  });

  it('without timings, keeps the first and the last occurrence, their UTC dates shown in Paris time', () => {
    const b = parse([daron({ timings: null })]);
    expect(b.performances.map((p) => [p.start, p.end])).toEqual([
      ['2025-11-14T20:00:00+01:00', '2025-11-14T21:00:00+01:00'],
      ['2025-12-06T20:00:00+01:00', '2025-12-06T21:00:00+01:00'],
    ]);
  });

  it('reads the status and attendance mode columns written as JSON text', () => {
    const cancelled = parse([daron({ status: '{"id": 6, "label": {"fr": "Annulé"}}' })]);
    expect(cancelled.performances.every((p) => p.status === 'cancelled')).toBe(true);
    const full = parse([daron({ status: 'Complet' })]);
    expect(full.performances.every((p) => p.status === 'sold-out')).toBe(true);
    const online = parse([daron({ attendancemode: '{"id": 2, "label": {"fr": "En ligne"}}' })]);
    expect(online.rejected[0]).toMatchObject({
      index: 0,
      path: '[0].location_coordinates',
      sourceId: '43517777',
    });
  });

  it('rejects a place outside France at its country column, and a record without coordinates', () => {
    const abroad = parse([daron({ location_countrycode: 'BE', location_postalcode: '1000' })]);
    expect(abroad.rejected[0]).toMatchObject({
      path: '[0].location_countrycode',
      reason: 'lieu hors de France (pays BE)',
    });
    const nowhere = parse([daron({ location_coordinates: null })]);
    expect(nowhere.rejected[0]!.path).toBe('[0].location_coordinates');
  });

  it('throws ImportParseError on text that is not such an export', () => {
    expect(() => parseOpenAgendaOds('not json', { source: 'ods' })).toThrow(ImportParseError);
    expect(() => parseOpenAgendaOds('{"events": []}', { source: 'ods' })).toThrow(ImportParseError);
  });
});
