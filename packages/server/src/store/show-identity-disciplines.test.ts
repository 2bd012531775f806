import { PerformanceSchema } from '@detour/sdk/contract';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { storeKinds, type TestStore } from '../../test/support/store-kinds.js';
import { buildIndex } from '../engine/build.js';
import { STATUS_CODE } from '../engine/snapshot.js';
import { batch, performance, show, venue } from './testing/fixtures.js';

/** Every test below runs on the embedded SQLite store and on PostgreSQL. */
const kinds = storeKinds({ beforeAll, afterAll });

const NOW = '2027-05-01T10:00:00Z';

// The real case: one festival from two producers, filed under two disciplines, its places named differently
// (an INSEE code on one side, a postcode of another part of town on the other).
const cityAgenda = () =>
  batch('ville-toulouse', {
    venues: [
      venue('prairie', {
        name: 'Prairie des Filtres',
        address: '1 cours Dillon',
        town: 'Toulouse',
        postcode: '31000',
        inseeCode: '31555',
        location: { lat: 43.5972, lon: 1.4366 },
        type: 'plein-air',
      }),
    ],
    shows: [show('rio-loco', { title: 'Festival Rio Loco', creators: [], discipline: 'musique' })],
    performances: [
      performance('rio-1', 'rio-loco', 'prairie', { start: '2027-06-14T19:00:00+02:00' }),
      performance('rio-2', 'rio-loco', 'prairie', { start: '2027-06-15T19:00:00+02:00' }),
    ],
  });

const openAgenda = (
  over: { discipline?: 'arts-de-la-rue' | 'musique'; start?: string; source?: string } = {},
) =>
  batch(over.source ?? 'openagenda-occitanie', {
    venues: [
      venue('p-17', {
        name: 'Quai de la Daurade',
        address: null,
        town: 'TOULOUSE',
        postcode: '31300',
        inseeCode: null,
        location: { lat: 43.6011, lon: 1.4392 },
      }),
    ],
    shows: [
      show('ev-991', {
        title: 'FESTIVAL RIO LOCO',
        creators: [],
        discipline: over.discipline ?? 'arts-de-la-rue',
      }),
    ],
    performances: [
      performance('ev-991-1', 'ev-991', 'p-17', { start: over.start ?? '2027-06-15T18:00:00+02:00' }),
    ],
  });

for (const kind of kinds)
  describe.skipIf(kind.skip !== null)(kind.title('one show across disciplines'), () => {
    let t: TestStore;
    beforeEach(async () => {
      t = await kind.open();
    });
    afterEach(async () => {
      await t.cleanup();
    });

    const shows = async () => (await t.store.loadSnapshot()).shows.map((s) => `${s.title}|${s.discipline}`);

    it('merges the same festival from two sources despite different disciplines (same title, town, overlapping dates), explained and splittable', async () => {
      await t.store.applyImport(cityAgenda(), { now: NOW });
      const report = await t.store.applyImport(openAgenda(), { now: NOW });
      const id = (await t.store.loadSnapshot()).shows[0]!.id;
      expect(report.merges).toEqual([
        { showId: id, sourceId: 'ev-991', matched: ['title', 'commune', 'dates'], score: 0.9 },
      ]);
      // The first source's discipline is the show's: discipline is a property of the show, not its identity.
      expect(await shows()).toEqual(['Festival Rio Loco|musique']);
      const members = await t.store.showMembers(id);
      expect(members.map((m) => [m.source, m.matched])).toEqual([
        ['ville-toulouse', []],
        ['openagenda-occitanie', ['title', 'commune', 'dates']],
      ]);
      const split = await t.store.splitShow(id, 'openagenda-occitanie', 'ev-991');
      expect((await shows()).sort()).toEqual([
        'FESTIVAL RIO LOCO|arts-de-la-rue',
        'Festival Rio Loco|musique',
      ]);
      expect(
        (await t.store.listShowPerformances(split, '2027-01-01T00:00:00Z')).map((p) => p.source.sourceId),
      ).toEqual(['ev-991-1']);
    });

    it('keeps the same title under another discipline apart on dates that do not overlap, or from the same source', async () => {
      await t.store.applyImport(cityAgenda(), { now: NOW });
      await t.store.applyImport(openAgenda({ start: '2027-09-20T18:00:00+02:00' }), { now: NOW });
      expect(await shows()).toHaveLength(2);

      await t.resetCatalogue();
      const same = cityAgenda();
      same.shows.push(
        show('rio-rue', { title: 'Festival Rio Loco', creators: [], discipline: 'arts-de-la-rue' }),
      );
      same.performances.push(
        performance('rio-3', 'rio-rue', 'prairie', { start: '2027-06-15T19:00:00+02:00' }),
      );
      await t.store.applyImport(same, { now: NOW });
      expect(await shows()).toHaveLength(2);
    });

    it('« - M - » and « - M - (CONCERT REPORTÉ …) » at one venue are one show', async () => {
      const zenith = venue('zenith', { name: 'Zénith Toulouse Métropole', town: 'Toulouse' });
      await t.store.applyImport(
        batch('a', {
          venues: [zenith],
          shows: [show('m', { title: '- M -', creators: [], discipline: 'musique' })],
          performances: [performance('m-1', 'm', 'zenith', { start: '2027-06-20T20:00:00+02:00' })],
        }),
        { now: NOW },
      );
      const report = await t.store.applyImport(
        batch('b', {
          venues: [zenith],
          shows: [
            show('m2', { title: '- M - (CONCERT REPORTÉ AU 12 MARS)', creators: [], discipline: 'musique' }),
          ],
          performances: [
            performance('m2-1', 'm2', 'zenith', { start: '2027-06-20T20:00:00+02:00', status: 'postponed' }),
          ],
        }),
        { now: NOW },
      );
      expect(report.merges.map((m) => m.matched)).toEqual([['title', 'discipline', 'venue']]);
      expect(await shows()).toEqual(['- M -|musique']);
    });

    it('a postponed performance is stored and read back as postponed (not cancelled), and never recommended', async () => {
      await t.store.applyImport(
        batch('a', {
          venues: [venue('v')],
          shows: [show('s')],
          performances: [
            performance('p1', 's', 'v', { start: '2027-06-20T20:00:00+02:00', status: 'postponed' }),
            performance('p2', 's', 'v', { start: '2027-06-21T20:00:00+02:00' }),
          ],
        }),
        { now: NOW },
      );
      const snapshot = await t.store.loadSnapshot();
      const perfs = await t.store.listShowPerformances(snapshot.shows[0]!.id, '2027-01-01T00:00:00Z');
      expect(perfs.map((p) => [p.source.sourceId, p.status])).toEqual([
        ['p1', 'postponed'],
        ['p2', 'scheduled'],
      ]);
      for (const p of perfs) expect(PerformanceSchema.parse(p)).toBeTruthy();
      expect([...snapshot.performances.status]).toEqual([STATUS_CODE.postponed, STATUS_CODE.scheduled]);
      // The engine's index lists only what a visitor can go to: the scheduled performance.
      const index = buildIndex(snapshot);
      expect([...index.perfRef]).toEqual([1]);
    });
  });
