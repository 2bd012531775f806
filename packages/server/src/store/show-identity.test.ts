import { ShowSchema } from '@detour/sdk/contract';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { storeKinds, type TestStore } from '../../test/support/store-kinds.js';
import { ConflictError, NotFoundError } from './errors.js';
import { batch, performance, show, venue } from './testing/fixtures.js';

/** Every test below runs on the embedded SQLite store and on PostgreSQL. */
const kinds = storeKinds({ beforeAll, afterAll });

const NOW = '2026-11-25T10:00:00Z';

// The same touring work, described by two venues' feeds in their own words.
const tours = () =>
  batch('theatre-tours', {
    venues: [venue('olympia', { name: 'Théâtre Olympia', town: 'Tours' })],
    shows: [
      show('misanthrope-2026', {
        title: 'Le Misanthrope',
        creators: ['Compagnie du Bout du Monde', 'Molière'],
        description: 'Alceste contre la comédie sociale.',
        image: null,
      }),
      show('carmen', { title: 'Carmen', creators: ['Georges Bizet'], discipline: 'art-lyrique' }),
    ],
    performances: [
      performance('m-1', 'misanthrope-2026', 'olympia'),
      performance('c-1', 'carmen', 'olympia', { start: '2026-12-10T20:00:00+01:00' }),
    ],
  });

const blois = () =>
  batch('halle-blois', {
    format: 'csv',
    venues: [
      venue('halle', {
        name: 'La Halle aux grains',
        town: 'Blois',
        postcode: '41000',
        inseeCode: '41018',
        location: { lat: 47.586, lon: 1.335 },
      }),
    ],
    shows: [
      show('LM-77', {
        title: 'Misanthrope (Le)',
        creators: ['Cie du bout du monde'],
        description: 'Une autre présentation.',
        image: 'https://example.org/misanthrope.jpg',
      }),
      // Same title, another company: another show.
      show('LM-78', { title: 'Le Misanthrope', creators: ['Théâtre de l’Éventail'] }),
      // Same title and composer, but dance: another show.
      show('carmen-ballet', { title: 'Carmen', creators: ['Georges Bizet'], discipline: 'danse' }),
    ],
    performances: [
      performance('b-1', 'LM-77', 'halle', { start: '2027-01-15T20:30:00+01:00' }),
      performance('b-2', 'LM-77', 'halle', { start: '2027-01-16T20:30:00+01:00' }),
      performance('b-3', 'LM-78', 'halle', { start: '2027-02-01T20:30:00+01:00' }),
      performance('b-4', 'carmen-ballet', 'halle', { start: '2027-02-05T20:30:00+01:00' }),
    ],
  });

for (const kind of kinds)
  describe.skipIf(kind.skip !== null)(kind.title('one show across sources'), () => {
    let t: TestStore;
    beforeEach(async () => {
      t = await kind.open();
    });
    afterEach(async () => {
      await t.cleanup();
    });

    async function misanthropeId(): Promise<string> {
      const snapshot = await t.store.loadSnapshot();
      return snapshot.shows.find((s) => s.title === 'Le Misanthrope' && s.creators.includes('Molière'))!.id;
    }

    it('joins the same touring show from two sources into one show with performances at both venues', async () => {
      await t.store.applyImport(tours(), { now: NOW });
      const report = await t.store.applyImport(blois(), { now: NOW });
      const id = await misanthropeId();
      expect(report.merges).toEqual([
        {
          showId: id,
          sourceId: 'LM-77',
          matched: ['title', 'creators', 'discipline'],
          score: expect.any(Number),
        },
      ]);
      expect(report.merges[0]!.score).toBeGreaterThan(0.7);
      expect(report.created.shows).toBe(2);
      expect(report.updated.shows).toBe(1);

      const perfs = await t.store.listShowPerformances(id, '2026-01-01T00:00:00Z');
      expect(perfs.map((p) => p.source.sourceId)).toEqual(['m-1', 'b-1', 'b-2']);
      expect(new Set(perfs.map((p) => p.venueId)).size).toBe(2);

      const merged = await t.store.getShow(id);
      expect(ShowSchema.parse(merged)).toEqual(merged);
      // The show is its first source's: the other source's record fills nothing (see records.ts publicRecord).
      expect(merged?.description).toBe('Alceste contre la comédie sociale.');
      expect(merged?.image).toBeNull();
      expect(merged?.sources.map((s) => s.source)).toEqual(['theatre-tours', 'halle-blois']);

      const members = await t.store.showMembers(id);
      expect(members.map((m) => [m.source, m.sourceId, m.matched])).toEqual([
        ['theatre-tours', 'misanthrope-2026', []],
        ['halle-blois', 'LM-77', ['title', 'creators', 'discipline']],
      ]);
    });

    it('keeps close titles of different shows apart: another company, another discipline', async () => {
      await t.store.applyImport(tours(), { now: NOW });
      await t.store.applyImport(blois(), { now: NOW });
      const snapshot = await t.store.loadSnapshot();
      const titles = snapshot.shows.map((s) => `${s.title}|${s.discipline}|${s.creators[0]}`).sort();
      expect(titles).toEqual([
        'Carmen|art-lyrique|Georges Bizet',
        'Carmen|danse|Georges Bizet',
        'Le Misanthrope|theatre|Compagnie du Bout du Monde',
        'Le Misanthrope|theatre|Théâtre de l’Éventail',
      ]);
    });

    it('keeps two records of one source apart unless they are identical in title, creators and discipline', async () => {
      const b = batch('s', {
        venues: [venue('a')],
        shows: [
          show('1', { title: 'Le Misanthrope', creators: ['tg STAN'] }),
          show('2', { title: 'Misanthrope', creators: ['tg STAN', 'Molière'] }),
          show('3', { title: 'le misanthrope', creators: ['TG Stan'] }),
        ],
        performances: [performance('p1', '1', 'a'), performance('p2', '2', 'a'), performance('p3', '3', 'a')],
      });
      const report = await t.store.applyImport(b, { now: NOW });
      expect(report.created.shows).toBe(2);
      expect(report.merges.map((m) => [m.sourceId, m.score])).toEqual([['3', 1]]);
    });

    it('joins records without creators only on the exact title at the same venue, or in the same commune from another source', async () => {
      const first = batch('festivals-en-france', {
        venues: [venue('FEST_71076_1', { name: 'Chalon-sur-Saône', inseeCode: '71076', postcode: '71100' })],
        shows: [
          show('FEST_71076_1', { title: 'Chalon dans la rue', creators: [], discipline: 'arts-de-la-rue' }),
        ],
        performances: [performance('FEST_71076_1', 'FEST_71076_1', 'FEST_71076_1')],
      });
      const second = batch('panorama', {
        venues: [
          venue('p-12', { name: 'Chalon-sur-Saône', inseeCode: '71076', postcode: '71100' }),
          venue('p-13', { name: 'Autre lieu', inseeCode: '75056', postcode: '75001', town: 'Paris' }),
        ],
        shows: [
          show('p-12', { title: 'CHALON DANS LA RUE', creators: [], discipline: 'arts-de-la-rue' }),
          // Same title, elsewhere, no creators: nothing proves it is the same festival.
          show('p-13', { title: 'Chalon dans la rue', creators: [], discipline: 'arts-de-la-rue' }),
        ],
        performances: [performance('p-12', 'p-12', 'p-12'), performance('p-13', 'p-13', 'p-13')],
      });
      // A third source: another venue name, same commune.
      const third = batch('agenda-71', {
        venues: [
          venue('roseraie', {
            name: 'Parc de la Roseraie',
            inseeCode: '71076',
            postcode: '71100',
            location: { lat: 46.79, lon: 4.86 },
          }),
        ],
        shows: [
          show('chalon-2027', { title: 'Chalon dans la rue', creators: [], discipline: 'arts-de-la-rue' }),
        ],
        performances: [performance('chalon-2027-1', 'chalon-2027', 'roseraie')],
      });
      await t.store.applyImport(first, { now: NOW });
      const report = await t.store.applyImport(second, { now: NOW });
      expect(report.merges.map((m) => [m.sourceId, m.matched])).toEqual([
        ['p-12', ['title', 'discipline', 'venue']],
      ]);
      expect((await t.store.counts()).shows).toBe(2);
      const byCommune = await t.store.applyImport(third, { now: NOW });
      expect(byCommune.merges).toEqual([
        {
          showId: report.merges[0]!.showId,
          sourceId: 'chalon-2027',
          matched: ['title', 'discipline', 'commune'],
          score: 0.95,
        },
      ]);
      expect((await t.store.counts()).shows).toBe(2);
    });

    it('splits a wrong merge: the record and its performances become their own show, and stay split on re-import', async () => {
      await t.store.applyImport(tours(), { now: NOW });
      await t.store.applyImport(blois(), { now: NOW });
      const id = await misanthropeId();
      const revision = await t.store.revision();

      const newId = await t.store.splitShow(id, 'halle-blois', 'LM-77');
      expect(newId).not.toBe(id);
      expect(newId).toMatch(/^s[0-9a-z]{12}$/);
      expect(await t.store.revision()).toBe(revision + 1);
      expect(
        (await t.store.listShowPerformances(id, '2026-01-01T00:00:00Z')).map((p) => p.source.sourceId),
      ).toEqual(['m-1']);
      expect(
        (await t.store.listShowPerformances(newId, '2026-01-01T00:00:00Z')).map((p) => p.source.sourceId),
      ).toEqual(['b-1', 'b-2']);
      const original = await t.store.getShow(id);
      expect(original?.image).toBeNull();
      expect(original?.sources.map((s) => s.sourceId)).toEqual(['misanthrope-2026']);
      const split = await t.store.getShow(newId);
      expect(split?.title).toBe('Misanthrope (Le)');
      const [member] = await t.store.showMembers(newId);
      expect(member?.splitAt).not.toBeNull();

      const again = await t.store.applyImport(blois(), { now: '2026-11-30T10:00:00Z' });
      expect(again.merges).toEqual([]);
      expect(again.updated).toEqual({ venues: 0, shows: 0, performances: 0 });
      expect((await t.store.listShowPerformances(newId, '2026-01-01T00:00:00Z')).length).toBe(2);
      expect((await t.store.showMembers(id)).length).toBe(1);
      // The snapshot agrees with the store: each performance points at its own show.
      const snapshot = await t.store.loadSnapshot();
      const showIndex = snapshot.shows.findIndex((s) => s.id === newId);
      expect([...snapshot.performances.show].filter((s) => s === showIndex)).toHaveLength(2);
    });

    it('refuses to split a show that has a single record, or a record it does not hold', async () => {
      await t.store.applyImport(tours(), { now: NOW });
      const id = await misanthropeId();
      await expect(t.store.splitShow(id, 'theatre-tours', 'misanthrope-2026')).rejects.toBeInstanceOf(
        ConflictError,
      );
      await expect(t.store.splitShow(id, 'theatre-tours', 'carmen')).rejects.toBeInstanceOf(NotFoundError);
      await expect(t.store.splitShow('snope', 'theatre-tours', 'carmen')).rejects.toBeInstanceOf(
        NotFoundError,
      );
    });
  });
