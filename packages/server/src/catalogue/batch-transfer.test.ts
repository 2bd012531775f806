import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { DATATOURISME_FILE, LIST_FILE, PANORAMA_FILE, sharedDataText } from '../importers/test-data.js';
import { performance as perf, show } from '../store/testing/fixtures.js';
import type { ImportedPerformance, ImportedShow } from './batch.js';
import {
  decodePerformances,
  decodeShows,
  encodePerformances,
  encodeShows,
  fromTransfer,
  toTransfer,
} from './batch-transfer.js';
import { parseImport } from './import.js';

/** What the storing thread receives: the columns through a structured clone, as postMessage does. */
const roundTrip = (list: ImportedPerformance[]) => {
  const columns = encodePerformances(list);
  expect(columns).not.toBeNull();
  return decodePerformances(deserialize(serialize(columns)));
};

describe('batch transfer (performances as columns)', () => {
  it('gives back the same performances for the three importers’ real files', () => {
    for (const [name, format] of [
      [DATATOURISME_FILE, 'jsonld'],
      [LIST_FILE, 'festivals'],
      [PANORAMA_FILE, 'festivals'],
    ] as const) {
      const batch = parseImport(sharedDataText(name), format, 's');
      if (format === 'jsonld') expect(batch.performances.length).toBeGreaterThan(300);
      const sent = toTransfer(batch);
      expect(Array.isArray(sent.performances)).toBe(false);
      expect(Array.isArray(sent.shows)).toBe(false);
      const received = fromTransfer(deserialize(serialize(sent)));
      expect(received).toStrictEqual(batch);
    }
  });

  it('keeps nulls, zero and negative zero prices, free flags, ends and urls apart', () => {
    const list = [
      perf('a', 's1', 'v1', {
        price: { min: null, max: null, free: true, currency: 'EUR' },
        end: null,
        url: null,
      }),
      perf('b', 's1', 'v2', {
        price: { min: 0, max: -0, free: false, currency: 'EUR' },
        end: '2026-12-01T22:00:00+01:00',
        url: 'https://x.test/b',
      }),
      perf('c', 's2', 'v1', {
        price: { min: 12.5, max: null, free: false, currency: 'EUR' },
        status: 'cancelled',
      }),
    ];
    const back = roundTrip(list);
    expect(back).toStrictEqual(list);
    expect(Object.is(back[1]!.price.max, -0)).toBe(true);
    expect(back[0]!.price.min).toBeNull();
  });

  it('keeps shows’ lists, null and zero ages, and null fields apart', () => {
    const list = [
      show('a', { creators: [], tags: [], audience: { kind: 'jeune-public', minAge: 0, maxAge: null } }),
      show('b', {
        creators: ['Cie X', 'Cie Y', 'Cie X'],
        tags: ['cirque'],
        subDiscipline: null,
        description: null,
        image: null,
        language: null,
      }),
      show('c', { audience: { kind: 'tout-public', minAge: null, maxAge: 12 }, description: 'Texte' }),
    ];
    const columns = encodeShows(list);
    expect(columns).not.toBeNull();
    expect(decodeShows(deserialize(serialize(columns)))).toStrictEqual(list);
    expect(
      encodeShows([show('d', { audience: { kind: 'tout-public', minAge: 3.5, maxAge: null } })]),
    ).toBeNull();
    expect(encodeShows([{ ...show('e'), extra: true } as ImportedShow])).toBeNull();
  });

  it('leaves performances of another shape as objects', () => {
    const odd = { ...perf('a', 's', 'v'), extra: 1 } as ImportedPerformance;
    expect(encodePerformances([odd])).toBeNull();
    const wrongType = { ...perf('b', 's', 'v'), start: 5 } as unknown as ImportedPerformance;
    expect(encodePerformances([wrongType])).toBeNull();
    const batch = { ...parseImport('[]', 'jsonld', 's'), performances: [odd] };
    expect(toTransfer(batch).performances).toEqual([odd]);
  });
});
