import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATATOURISME_FILE, SHARED_DATA_DIR, sharedDataText } from '../importers/test-data.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { CatalogueStore } from '../store/store.js';
import { ImportParseError, importFile } from './import.js';

const NOW = '2020-08-01T00:00:00.000Z';
let store: CatalogueStore;

beforeEach(() => {
  store = openSqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

const place = {
  '@type': 'Place',
  name: 'La Coursive',
  address: { '@type': 'PostalAddress', postalCode: '17000', addressLocality: 'La Rochelle' },
  geo: { latitude: '46.159', longitude: '-1.151' },
};

describe('importFile', () => {
  it('importing the DATAtourisme file twice reports 0 created and 0 updated the second time', async () => {
    const file = `${SHARED_DATA_DIR}${DATATOURISME_FILE}`;
    const first = await importFile(store, { file, format: 'jsonld', source: 'datatourisme-cvl', now: NOW });
    // Live shows only: exhibitions, markets and visits running daily for weeks are skipped (bench/classification).
    expect(first.created.performances).toBeGreaterThan(300);
    const second = await importFile(store, {
      file,
      format: 'jsonld',
      source: 'datatourisme-cvl',
      now: '2020-08-02T00:00:00.000Z',
    });
    expect(second.created).toEqual({ venues: 0, shows: 0, performances: 0 });
    expect(second.updated).toEqual({ venues: 0, shows: 0, performances: 0 });
    expect(second.cancelled).toBe(0);
    expect(second.unchanged.performances).toBe(first.created.performances);
  });

  it('a truncated file throws ImportParseError and changes nothing', async () => {
    await importFile(store, {
      text: JSON.stringify({
        '@type': 'TheaterEvent',
        name: 'Avant',
        startDate: '2020-10-01T20:30:00+02:00',
        location: place,
      }),
      format: 'jsonld',
      source: 'coursive',
      now: NOW,
    });
    const before = { counts: await store.counts(), revision: await store.revision() };
    const text = sharedDataText(DATATOURISME_FILE);
    await expect(
      importFile(store, {
        text: text.slice(0, text.length - 1000),
        format: 'jsonld',
        source: 'coursive',
        now: NOW,
      }),
    ).rejects.toBeInstanceOf(ImportParseError);
    expect(await store.counts()).toEqual(before.counts);
    expect(await store.revision()).toBe(before.revision);
  });

  it('a JSON-LD file with one malformed record among valid ones stores the valid ones and reports the bad one with its path', async () => {
    const ok = (name: string, day: number) => ({
      '@type': 'DanceEvent',
      '@id': `https://coursive.example/${day}`,
      name,
      startDate: `2020-10-0${day}T20:30:00+02:00`,
      location: place,
    });
    const bad = { ...ok('Sans date', 3), startDate: 'bientôt' };
    const report = await importFile(store, {
      text: JSON.stringify([ok('Giselle', 1), bad, ok('Boléro', 2)]),
      format: 'jsonld',
      source: 'coursive',
      now: NOW,
    });
    expect(report.created.performances).toBe(2);
    expect(report.rejected).toEqual([
      {
        index: 1,
        path: '[1].startDate',
        reason: 'date illisible : "bientôt"',
        sourceId: 'https://coursive.example/3',
      },
    ]);
    expect((await store.counts()).performances).toBe(2);
  });
});
