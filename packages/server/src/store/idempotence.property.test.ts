import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeKinds, type TestStore } from '../../test/support/store-kinds.js';
import type { ImportBatch } from '../catalogue/batch.js';
import { batch, performance, show, venue } from './testing/fixtures.js';

/** Every test below runs on the embedded SQLite store and on PostgreSQL. */
const kinds = storeKinds({ beforeAll, afterAll });

// Small vocabularies so that random batches collide: same titles, same companies, same venue names.
const titles = ['Le Misanthrope', 'Misanthrope (Le)', 'Carmen', 'Chalon dans la rue', 'Les Trois Sœurs'];
const companies = ['tg STAN', 'Compagnie du Bout du Monde', 'Georges Bizet'];
const disciplines = ['theatre', 'danse', 'art-lyrique'] as const;
const towns = [
  { town: 'Tours', inseeCode: '37261', postcode: '37000', location: { lat: 47.39, lon: 0.69 } },
  { town: 'Blois', inseeCode: '41018', postcode: '41000', location: { lat: 47.59, lon: 1.33 } },
];

const batchArb = (source: string) =>
  fc
    .record({
      venues: fc.array(fc.record({ id: fc.nat(4), name: fc.nat(2), town: fc.nat(1) }), {
        minLength: 1,
        maxLength: 5,
      }),
      shows: fc.array(
        fc.record({
          id: fc.nat(5),
          title: fc.nat(titles.length - 1),
          creators: fc.subarray([0, 1, 2]),
          discipline: fc.nat(disciplines.length - 1),
        }),
        { minLength: 1, maxLength: 6 },
      ),
      performances: fc.array(fc.record({ id: fc.nat(12), day: fc.nat(20), cancelled: fc.boolean() }), {
        maxLength: 12,
      }),
      complete: fc.boolean(),
    })
    .map((r): ImportBatch => {
      const venues = r.venues.map((v) =>
        venue(`v${v.id}`, { name: `Salle ${['Olympia', 'Rabelais', 'Molière'][v.name]}`, ...towns[v.town]! }),
      );
      const shows = r.shows.map((s) =>
        show(`s${s.id}`, {
          title: titles[s.title]!,
          creators: s.creators.map((c) => companies[c]!),
          discipline: disciplines[s.discipline]!,
        }),
      );
      const performances = r.performances.map((p, i) =>
        performance(`p${p.id}`, shows[i % shows.length]!.sourceId, venues[i % venues.length]!.sourceId, {
          start: new Date(Date.UTC(2026, 11, 1 + p.day, 19)).toISOString(),
          status: p.cancelled ? 'cancelled' : 'scheduled',
        }),
      );
      return batch(source, { venues, shows, performances, complete: r.complete });
    });

for (const kind of kinds)
  describe.skipIf(kind.skip !== null)(kind.title('import idempotence (property)'), () => {
    // One store per database, emptied before each run (as new as a fresh one, and much faster to get).
    let t: TestStore;
    beforeAll(async () => {
      t = await kind.open();
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('re-importing any batch after any other reports 0 created and 0 updated and leaves the revision alone', async () => {
      await fc.assert(
        fc.asyncProperty(batchArb('a'), batchArb('b'), async (first, second) => {
          await t.resetCatalogue();
          const store = t.store;
          {
            await store.applyImport(first, { now: '2026-11-25T10:00:00Z', confirmCancel: true });
            await store.applyImport(second, { now: '2026-11-25T11:00:00Z', confirmCancel: true });
            const revision = await store.revision();
            const counts = await store.counts();
            const again = await store.applyImport(second, { now: '2026-11-25T12:00:00Z' });
            expect(again.created).toEqual({ venues: 0, shows: 0, performances: 0 });
            expect(again.updated).toEqual({ venues: 0, shows: 0, performances: 0 });
            expect(again.cancelled).toBe(0);
            expect(again.merges).toEqual([]);
            expect(await store.revision()).toBe(revision);
            expect(await store.counts()).toEqual(counts);
            const snapshot = await store.loadSnapshot();
            expect(snapshot.performances.count).toBe(counts.performances);
          }
        }),
        { numRuns: 40, seed: 20261125 },
      );
    });
  });
