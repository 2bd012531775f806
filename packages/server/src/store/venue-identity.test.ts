import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { storeKinds, type TestStore } from '../../test/support/store-kinds.js';
import { batch, performance, show, venue } from './testing/fixtures.js';

/** Every test below runs on the embedded SQLite store and on PostgreSQL. */
const kinds = storeKinds({ beforeAll, afterAll });

const NOW = '2026-11-25T10:00:00Z';

// The real case: one arena published by two producers, same street and coordinates, postcodes 31300 / 31000.
const arena = (source: string, over: Parameters<typeof venue>[1]) =>
  batch(source, {
    venues: [venue('zenith', { type: 'salle-de-concert', ...over })],
    shows: [show(`${source}-show`, { title: `Concert ${source}`, discipline: 'musique' })],
    performances: [performance(`${source}-p`, `${source}-show`, 'zenith')],
  });

for (const kind of kinds)
  describe.skipIf(kind.skip !== null)(kind.title('one venue across sources'), () => {
    let t: TestStore;
    beforeEach(async () => {
      t = await kind.open();
    });
    afterEach(async () => {
      await t.cleanup();
    });

    const venueIds = async () => {
      const snapshot = await t.store.loadSnapshot();
      return snapshot.venues.map((v) => v.name);
    };

    it('merges the duplicated arena: same street address and coordinates, postcodes 31000 / 31300, names spelt differently', async () => {
      await t.store.applyImport(
        arena('ville', {
          name: 'Zénith Toulouse Métropole',
          address: '11 avenue Raymond Badiou',
          town: 'Toulouse',
          postcode: '31300',
          inseeCode: null,
          location: { lat: 43.59335, lon: 1.41706 },
        }),
        { now: NOW },
      );
      const report = await t.store.applyImport(
        arena('agenda', {
          name: 'ZENITH DE TOULOUSE',
          address: '11, av. Raymond-Badiou',
          town: 'TOULOUSE',
          postcode: '31000',
          inseeCode: null,
          location: { lat: 43.5934, lon: 1.4172 },
        }),
        { now: NOW },
      );
      expect(report.created.venues).toBe(0);
      expect(report.updated.venues).toBe(1);
      expect(await venueIds()).toEqual(['Zénith Toulouse Métropole']);
      expect((await t.store.counts()).venues).toBe(1);
    });

    it('merges the same name within 75 m whatever the postcodes say', async () => {
      const base = { name: 'Le Bikini', address: null, town: 'Toulouse', inseeCode: null };
      await t.store.applyImport(
        arena('a', { ...base, postcode: '31000', location: { lat: 43.5478, lon: 1.4936 } }),
        { now: NOW },
      );
      await t.store.applyImport(
        arena('b', {
          ...base,
          town: 'Ramonville',
          postcode: '31520',
          location: { lat: 43.5482, lon: 1.4939 },
        }),
        { now: NOW },
      );
      expect(await venueIds()).toEqual(['Le Bikini']);
    });

    it('keeps apart two venues at the same address 300 m apart, and two names in one building without a street number', async () => {
      await t.store.applyImport(
        arena('a', {
          name: 'Salle Nougaro',
          address: '20 chemin de Garric',
          location: { lat: 43.6, lon: 1.44 },
        }),
        { now: NOW },
      );
      await t.store.applyImport(
        arena('b', {
          name: 'Le Metronum',
          address: '20 chemin de Garric',
          location: { lat: 43.6027, lon: 1.44 },
        }),
        { now: NOW },
      );
      await t.store.applyImport(
        arena('c', {
          name: 'Théâtre du Capitole',
          address: 'Place du Capitole',
          location: { lat: 43.6045, lon: 1.4435 },
        }),
        { now: NOW },
      );
      await t.store.applyImport(
        arena('d', {
          name: 'Salle des Illustres',
          address: 'Place du Capitole',
          location: { lat: 43.6046, lon: 1.4436 },
        }),
        { now: NOW },
      );
      expect((await venueIds()).sort()).toEqual([
        'Le Metronum',
        'Salle Nougaro',
        'Salle des Illustres',
        'Théâtre du Capitole',
      ]);
    });
  });
