import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { RecommendationResponse } from '@detour/sdk/contract';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppState } from '../app-state.js';
import { importFile } from '../catalogue/import.js';
import { DEMO_SOURCES } from '../demo/notice.js';
import { openStore } from '../store/open.js';
import type { CatalogueStore } from '../store/store.js';
import type { AppDeps } from './context.js';
import { encodeJson, jsonBytes } from './encoded-json.js';
import { hydratePicks, recordJson } from './hydrate.js';
import { silentLogger } from './log.js';
import { weakEtag } from './middleware/cache.js';
import { type AnswerQuery, computeAnswer, prepareAnswer } from './recommend.js';
import { ResponseCache } from './response-cache.js';
import { ensureDefaultPolicy } from './server.js';

const DATATOURISME = fileURLToPath(
  new URL('../../../../../shared/data/datatourisme-centre-val-de-loire-events-2020.jsonld', import.meta.url),
);
const NOW = '2020-09-15T08:00:00.000Z';

/** The UTF-8 bytes of what JSON.stringify makes of a value (as hex), or the class of error that throws. */
function reference(value: unknown): string {
  try {
    return Buffer.from(JSON.stringify(value)).toString('hex');
  } catch (error) {
    return `threw ${(error as Error).constructor.name}`;
  }
}

function candidate(value: unknown, depth?: number): string {
  try {
    return jsonBytes(value, depth).toString('hex');
  } catch (error) {
    return `threw ${(error as Error).constructor.name}`;
  }
}

describe('jsonBytes without records', () => {
  it('writes what JSON.stringify writes for any value, at any depth it looks into', () => {
    fc.assert(
      fc.property(
        fc.anything({
          // Any UTF-16, lone surrogates included: JSON.stringify escapes them, and text runs are encoded apart.
          key: fc.string({ unit: 'binary' }),
          values: [
            fc.string({ unit: 'binary' }),
            fc.string({ unit: 'grapheme' }),
            fc.boolean(),
            fc.integer(),
            fc.double(),
            fc.constant(null),
            fc.constant(undefined),
          ],
          withDate: true,
          withMap: true,
          withSet: true,
          withBoxedValues: true,
          withNullPrototype: true,
          withSparseArray: true,
          withBigInt: true,
          withTypedArray: true,
        }),
        fc.integer({ min: 0, max: 6 }),
        (value, depth) => {
          expect(candidate(value, depth)).toBe(reference(value));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('leaves out properties without JSON and writes null for such array elements, as JSON.stringify does', () => {
    const value = {
      a: undefined,
      b: () => 1,
      c: Symbol('s'),
      d: [undefined, () => 1, Symbol('t'), Number.NaN, -0, Number.POSITIVE_INFINITY],
      e: new Date(Date.UTC(2026, 10, 25)),
      f: { toJSON: () => ({ g: 'h' }) },
      'clé « guillemets » "\n': 'é\u2028\ud800',
    };
    expect(jsonBytes(value).toString()).toBe(JSON.stringify(value));
    expect(() => jsonBytes(undefined)).toThrow(TypeError);
  });
});

describe('recommendation answers written from their records’ JSON', () => {
  let dir: string;
  let store: CatalogueStore;
  let state: AppState;
  let deps: AppDeps;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'detour-answer-json-'));
    store = await openStore({ dataDir: dir, databaseUrl: null });
    await importFile(store, {
      file: DATATOURISME,
      format: 'jsonld',
      source: DEMO_SOURCES.datatourisme,
      now: NOW,
    });
    await ensureDefaultPolicy(store, 'national', NOW);
    state = new AppState(store, {
      network: 'national',
      clock: () => new Date(NOW),
      exposureEveryMs: 0,
      revisionPollMs: 0,
    });
    await state.start();
    deps = {
      state,
      config: { network: 'national', corsOrigins: '*' },
      log: silentLogger,
      clock: () => new Date(NOW),
      attribution: (sources) => sources.map((s) => `Source : ${s}`),
      notice: null,
      links: [],
      responses: new ResponseCache(0),
    };
  }, 120_000);

  afterAll(async () => {
    await state?.stop();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are byte for byte JSON.stringify of the same answer, over many seeded requests on a real store', async () => {
    const rnd = fc.sample(
      fc.record({
        // Around the region's towns (Tours, Orléans, Blois, Bourges, Chartres, Châteauroux), 30 km or so.
        town: fc.constantFrom(
          [47.39, 0.69],
          [47.9, 1.91],
          [47.59, 1.33],
          [47.08, 2.4],
          [48.45, 1.49],
          [46.81, 1.69],
        ),
        dlat: fc.double({ min: -0.3, max: 0.3, noNaN: true }),
        dlon: fc.double({ min: -0.4, max: 0.4, noNaN: true }),
        radius: fc.constantFrom(5, 10, 20, 50, 100),
        k: fc.integer({ min: 1, max: 50 }),
        days: fc.integer({ min: 1, max: 60 }),
        locale: fc.constantFrom('fr', 'en', undefined),
        free: fc.constantFrom('true', 'false', undefined),
        mode: fc.constantFrom('plain', 'show', 'history'),
        pick: fc.nat(),
      }),
      { numRuns: 240, seed: 20261125 },
    );
    const seen: string[] = [];
    let items = 0;
    let fromRecords = 0;
    for (const r of rnd) {
      const from = new Date(Date.parse(NOW) + (r.pick % 5) * 86_400_000);
      const q: AnswerQuery = {
        radius: r.radius,
        k: r.k,
        from: from.toISOString(),
        to: new Date(from.getTime() + r.days * 86_400_000).toISOString(),
        locale: r.locale as AnswerQuery['locale'],
        free: r.free,
      };
      if (r.mode === 'show' && seen.length > 0) q.show = seen[r.pick % seen.length];
      if (r.mode === 'history' && seen.length > 0)
        q.history = [0, 1, 2].map((i) => seen[(r.pick + i * 7) % seen.length]).join(',');
      const prepared = await prepareAnswer(
        deps,
        new Date(NOW),
        q,
        { lat: r.town[0]! + r.dlat, lon: r.town[1]! + r.dlon },
        null,
      );
      // Twice: the second answer is written from the records' JSON kept by the first.
      for (let round = 0; round < 2; round++) {
        const body: RecommendationResponse = await computeAnswer(deps, prepared);
        const expected = JSON.stringify(body);
        expect(jsonBytes(body).toString()).toBe(expected);
        const encoded = encodeJson(body);
        const bytes = Buffer.from(expected);
        expect(encoded.length).toBe(bytes.byteLength);
        expect(encoded.etag).toBe(weakEtag(bytes));
        const sent = encoded.gzip ? gunzipSync(encoded.gzip) : Buffer.from(encoded.plain!);
        expect(sent.equals(bytes)).toBe(true);
        for (const item of body.items) {
          items++;
          if (recordJson(item.show) !== undefined && recordJson(item.venue) !== undefined) fromRecords++;
          if (round === 0 && !seen.includes(item.show.id)) seen.push(item.show.id);
        }
      }
    }
    // The comparison covered real answers, and their records were written from their kept JSON.
    expect(items).toBeGreaterThan(1000);
    expect(fromRecords).toBe(items);
  }, 120_000);

  it('keeps no JSON for records read without a record cache (they are not shared)', async () => {
    const view = state.view();
    const prepared = await prepareAnswer(
      deps,
      new Date(NOW),
      { radius: 50 },
      { lat: 47.39, lon: 0.69 },
      null,
    );
    const body = await computeAnswer(deps, prepared);
    expect(body.items.length).toBeGreaterThan(0);
    const { recommend } = await import('../engine/index.js');
    const picks = recommend(view.index, prepared.request, prepared.policy, prepared.exposure).picks;
    const unscoped = await hydratePicks(store, picks);
    expect(unscoped.map((i) => i.show.id)).toEqual(body.items.map((i) => i.show.id));
    expect(recordJson(unscoped[0]!.show)).toBeUndefined();
    expect(Buffer.from(recordJson(body.items[0]!.show)!).toString()).toBe(
      JSON.stringify(body.items[0]!.show),
    );
  });
});
