import type { ImportReport } from '@detour/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportBatch, ImportedVenue } from '../catalogue/batch.js';
import { SHARED_DATA_DIR } from '../importers/test-data.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { CatalogueStore } from '../store/store.js';
import {
  buildDemoBatches,
  defaultDemoDataDir,
  ensureDemoCatalogue,
  readDemoTexts,
  withListReach,
} from './build.js';
import { demoWindow, editionOffset, shiftKeepingWeekday, synthesiseDates } from './dates.js';
import { ATTRIBUTION, DEMO_NOTICE } from './notice.js';

const NOW = '2026-11-25T15:00:00.000Z';
const YEAR_LATER = Date.parse('2027-11-25T15:00:00.000Z');

let store: CatalogueStore;
let reports: ImportReport[];

beforeAll(async () => {
  store = openSqliteStore(':memory:');
  ({ reports } = await ensureDemoCatalogue(store, { now: NOW }));
});
afterAll(async () => {
  await store.close();
});

describe('demo catalogue', () => {
  it('builds at least 5,000 shows from the three vendored files', async () => {
    expect(reports.map((r) => r.source)).toEqual([
      'datatourisme-cvl',
      'festivals-panorama',
      'festivals-liste',
    ]);
    const counts = await store.counts();
    expect(counts.shows).toBeGreaterThanOrEqual(5000);
    expect(counts.performances).toBeGreaterThan(10_000);
  });

  it('gives every show at least one performance (a festival the panorama dates is not listed twice)', async () => {
    const { shows, performances } = await store.loadSnapshot();
    const withPerformance = new Set<number>();
    for (let i = 0; i < performances.count; i++) withPerformance.add(performances.show[i]!);
    const bare = shows.filter((_, i) => !withPerformance.has(i)).map((s) => s.title);
    expect(bare).toEqual([]);
  });

  it('puts every performance in the coming twelve months', async () => {
    const { performances } = await store.loadSnapshot();
    expect(performances.count).toBeGreaterThan(10_000);
    let outside = 0;
    for (let i = 0; i < performances.count; i++) {
      const t = performances.startMin[i]! * 60_000;
      if (t <= Date.parse(NOW) || t >= YEAR_LATER) outside++;
    }
    expect(outside).toBe(0);
  });

  it('spreads across France: venues in many departments, metropolitan and overseas', async () => {
    const snapshot = await store.loadSnapshot();
    const venues = await store.getVenues(snapshot.venues.map((v) => v.id));
    const departments = new Set(
      venues.map((v) => (v.inseeCode ?? v.postcode ?? '').slice(0, 2)).filter(Boolean),
    );
    expect(departments.size).toBeGreaterThan(90);
    expect(venues.some((v) => v.location.lat < 0)).toBe(true); // La Réunion, Mayotte, the Pacific
    expect(venues.some((v) => v.location.lat > 50.5)).toBe(true); // Nord
  });

  it('gives venues honest size classes from the data: every class occurs, small venues included, and undeclared ones stay "moyen"', async () => {
    const snapshot = await store.loadSnapshot();
    const counts = new Map<string, number>();
    for (const v of snapshot.venues) counts.set(v.sizeClass, (counts.get(v.sizeClass) ?? 0) + 1);
    for (const size of ['petit', 'moyen', 'grand', 'institution'])
      expect(counts.get(size) ?? 0).toBeGreaterThan(0);
    // Most of the open data declares no reach nor a telling name: those stay at the default.
    expect(counts.get('moyen')!).toBeGreaterThan(snapshot.venues.length / 2);
    const hall = snapshot.venues.find((v) => v.name === 'Salle des fêtes Henri Gallois');
    expect(hall?.sizeClass).toBe('petit');
  });

  it('leaves a store that already has shows untouched', async () => {
    const before = await store.revision();
    const again = await ensureDemoCatalogue(store, { now: NOW });
    expect(again).toEqual({ built: false, reports: [] });
    expect(await store.revision()).toBe(before);
  });

  it('is deterministic for a given now, reading the vendored copy of the shared data', async () => {
    const vendored = await readDemoTexts(defaultDemoDataDir());
    const shared = await readDemoTexts(SHARED_DATA_DIR);
    expect(vendored).toEqual(shared);
    // A slice of each file keeps this fast; determinism does not depend on size.
    const lines = (t: string, n: number) => t.split('\n').slice(0, n).join('\n');
    const small = {
      datatourisme: '[]',
      panorama: lines(vendored.panorama, 400),
      liste: lines(vendored.liste, 400),
    };
    const a = buildDemoBatches(small, NOW);
    const b = buildDemoBatches({ ...small }, NOW);
    expect(a.batches[2]!.performances.length).toBeGreaterThan(100);
    expect(a.batches.map((x) => x.performances.map((p) => p.start))).toEqual(
      b.batches.map((x) => x.performances.map((p) => p.start)),
    );
  });

  it('exports the attribution lines and a bilingual notice about moved and synthesised dates', () => {
    expect(ATTRIBUTION).toHaveLength(3);
    expect(ATTRIBUTION.join('\n')).toContain('Licence Ouverte v2.0');
    expect(DEMO_NOTICE.fr).toContain('fictives');
    expect(DEMO_NOTICE.en).toContain('fictitious');
  });
});

describe('size classes lent by the 2024 list to the panorama', () => {
  const venue = (sourceId: string, sizeClass: ImportedVenue['sizeClass']): ImportedVenue => ({
    sourceId,
    name: sourceId,
    address: null,
    town: 'Brainans',
    postcode: '39800',
    inseeCode: '39073',
    location: { lat: 46.86, lon: 5.63 },
    capacity: null,
    sizeClass,
    type: 'festival',
    accessibility: [],
    url: null,
  });
  const batch = (venues: ImportedVenue[]): ImportBatch => ({
    source: 's',
    format: 'festivals',
    records: venues.length,
    venues,
    shows: [],
    performances: [],
    rejected: [],
    skipped: 0,
    skips: [],
    complete: true,
  });

  it('a panorama festival with a twin in the list takes its declared class; others keep theirs', () => {
    const panorama = batch([venue('P1', null), venue('P2', null), venue('P3', 'grand'), venue('P4', null)]);
    const list = batch([venue('L1', 'petit'), venue('L2', null), venue('L3', 'petit')]);
    const twins = new Map([
      ['P1', 'L1'],
      ['P2', 'L2'],
      ['P3', 'L3'],
    ]);
    const out = withListReach(panorama, twins, list);
    expect(out.venues.map((v) => v.sizeClass)).toEqual(['petit', null, 'grand', null]);
  });
});

describe('date shifting', () => {
  it('moves a date by whole years keeping its weekday (and season to within three days)', () => {
    const shifted = shiftKeepingWeekday('2019-07-14', 8); // a Sunday
    expect(new Date(`${shifted}T00:00:00Z`).getUTCDay()).toBe(0);
    expect(
      Math.abs(Date.parse(`${shifted}T00:00:00Z`) - Date.parse('2027-07-14T00:00:00Z')),
    ).toBeLessThanOrEqual(3 * 86_400_000);
  });

  it('moves a whole edition by the same multiple of seven days into the window', () => {
    const w = demoWindow(NOW);
    const offset = editionOffset('2019-01-06', w);
    expect(offset % 7).toBe(0);
    const d = new Date(Date.parse('2019-01-06T00:00:00Z') + offset * 86_400_000).toISOString().slice(0, 10);
    expect(d >= w.from && d < w.to).toBe(true);
  });

  it('synthesises the same few evenings inside the season for the same festival id', () => {
    const w = demoWindow(NOW);
    const season = { label: 'Saison (21 juin - 5 septembre)', from: '06-21', to: '09-05' };
    const dates = synthesiseDates('FEST_39073_1020', season, w);
    expect(dates).toEqual(synthesiseDates('FEST_39073_1020', season, w));
    expect(dates.length).toBeGreaterThanOrEqual(1);
    expect(dates.length).toBeLessThanOrEqual(4);
    for (const d of dates) expect(d >= '2027-06-21' && d <= '2027-09-05').toBe(true);
  });

  it('places a festival anywhere in its season, not only in what is left of it when the window opens', () => {
    // Seen from 25 November, « après-saison » (6 September – 31 December) has five weeks left this year:
    // about that share of its festivals fall this year, the others in next year's September to November.
    const w = demoWindow(NOW);
    const season = { label: 'Après-saison (6 septembre - 31 décembre)', from: '09-06', to: '12-31' };
    let thisYear = 0;
    let placed = 0;
    for (let i = 0; i < 600; i++) {
      const dates = synthesiseDates(`FEST_${i}`, season, w);
      if (dates.length === 0) continue;
      placed++;
      if (dates[0]! < '2027-01-01') thisYear++;
      for (const d of dates) {
        expect(d >= w.from && d < w.to).toBe(true);
        expect(d.slice(5) >= '09-06' && d.slice(5) <= '12-31').toBe(true);
      }
    }
    // Only editions whose place falls in the four days between the window's end and its start are left out.
    expect(placed).toBeGreaterThan(570);
    const remaining = (Date.parse('2027-01-01') - Date.parse(`${w.from}T00:00:00Z`)) / 86_400_000;
    expect(thisYear / placed).toBeGreaterThan((remaining / 117) * 0.75);
    expect(thisYear / placed).toBeLessThan((remaining / 117) * 1.25);
  });
});
