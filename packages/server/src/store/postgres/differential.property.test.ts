import type { ImportReport } from '@detour/sdk';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresForTests } from '../../../test/support/postgres.js';
import type { ImportBatch } from '../../catalogue/batch.js';
import { MassCancellationError } from '../errors.js';
import { openSqliteStore } from '../sqlite/sqlite-store.js';
import type { CatalogueStore } from '../store.js';
import { batch, performance, show, venue } from '../testing/fixtures.js';
import { openPostgresStore, type PostgresCatalogueStore } from './postgres-store.js';

const pgTest = postgresForTests({ beforeAll, afterAll });

// Small vocabularies so that random batches collide: same titles, companies, venue names and communes.
const titles = [
  'Le Misanthrope',
  'Misanthrope (Le)',
  'Carmen',
  'Festival des arts de la rue',
  'Les Trois Sœurs',
];
const companies = ['tg STAN', 'Compagnie du Bout du Monde', 'Georges Bizet'];
const disciplines = ['theatre', 'danse', 'arts-de-la-rue'] as const;
const places = [
  { town: 'Tours', inseeCode: '37261', postcode: '37000', location: { lat: 47.39, lon: 0.69 } },
  { town: 'Tours', inseeCode: '37261', postcode: '37000', location: { lat: 47.37, lon: 0.67 } },
  { town: 'Blois', inseeCode: '41018', postcode: '41000', location: { lat: 47.59, lon: 1.33 } },
];
const names = ['Olympia', 'Rabelais', 'Molière'];

const batchArb = (sources: readonly string[]) =>
  fc
    .record({
      source: fc.constantFrom(...sources),
      venues: fc.array(
        fc.record({ id: fc.nat(4), name: fc.nat(2), place: fc.nat(2), capacity: fc.nat(900) }),
        {
          minLength: 1,
          maxLength: 5,
        },
      ),
      shows: fc.array(
        fc.record({
          id: fc.nat(5),
          title: fc.nat(titles.length - 1),
          creators: fc.subarray([0, 1, 2]),
          discipline: fc.nat(disciplines.length - 1),
          description: fc.option(fc.constantFrom('Première version.', 'Reprise.')),
        }),
        { minLength: 1, maxLength: 6 },
      ),
      performances: fc.array(
        fc.record({ id: fc.nat(12), day: fc.nat(20), cancelled: fc.boolean(), price: fc.nat(30) }),
        { maxLength: 12 },
      ),
      complete: fc.boolean(),
    })
    .map((r): ImportBatch => {
      const venues = r.venues.map((v) =>
        venue(`v${v.id}`, {
          name: `Salle ${names[v.name]}`,
          capacity: v.capacity || null,
          ...places[v.place]!,
        }),
      );
      const shows = r.shows.map((s) =>
        show(`s${s.id}`, {
          title: titles[s.title]!,
          creators: s.creators.map((c) => companies[c]!),
          discipline: disciplines[s.discipline]!,
          description: s.description,
        }),
      );
      const performances = r.performances.map((p, i) =>
        performance(`p${p.id}`, shows[i % shows.length]!.sourceId, venues[i % venues.length]!.sourceId, {
          start: new Date(Date.UTC(2026, 11, 1 + p.day, 19)).toISOString(),
          status: p.cancelled ? 'cancelled' : 'scheduled',
          price: { min: p.price, max: null, free: p.price === 0, currency: 'EUR' },
        }),
      );
      return batch(r.source, { venues, shows, performances, complete: r.complete });
    });

/** The whole catalogue as the interface shows it. */
async function everything(store: CatalogueStore) {
  const snapshot = await store.loadSnapshot();
  return {
    revision: await store.revision(),
    sources: await store.sources(),
    venues: await store.getVenues(snapshot.venues.map((v) => v.id)),
    shows: await store.getShows(snapshot.shows.map((s) => s.id)),
    members: await Promise.all(snapshot.shows.map((s) => store.showMembers(s.id))),
    performances: await store.getPerformances([...snapshot.performances.rowId].map((id) => `p${id}`)),
    columns: Object.fromEntries(
      Object.entries(snapshot.performances).map(([k, v]) => [k, typeof v === 'number' ? v : [...v]]),
    ),
  };
}

/** A report, or the same refusal of a feed that would cancel more than half of the upcoming programme. */
const outcome = (applied: Promise<ImportReport>) =>
  applied.then(
    (report) => ({ report }),
    (error: unknown) => {
      if (error instanceof MassCancellationError) return { refused: [error.wouldCancel, error.upcoming] };
      throw error;
    },
  );

describe.skipIf(pgTest.skip !== null)(pgTest.title('PostgreSQL and SQLite stores (property)'), () => {
  let postgres: PostgresCatalogueStore;
  beforeAll(async () => {
    postgres = await openPostgresStore(await pgTest.database());
  });
  afterAll(async () => {
    await postgres?.close();
  });

  it('reach the same catalogue and the same reports for any sequence of imports from several sources', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(batchArb(['a', 'b', 'c']), { minLength: 1, maxLength: 4 }),
        async (batches) => {
          const sqlite = openSqliteStore(':memory:');
          // A fresh catalogue for each run: ids start again at 1, as in the new SQLite database.
          await postgres.pool.query(
            'TRUNCATE venues, venue_sources, shows, show_sources, performances RESTART IDENTITY; UPDATE catalogue_state SET revision = 0',
          );
          try {
            for (const [i, b] of batches.entries()) {
              const now = new Date(Date.UTC(2026, 10, 25, 10 + i)).toISOString();
              const expected = await outcome(sqlite.applyImport(structuredClone(b), { now }));
              expect(await outcome(postgres.applyImport(structuredClone(b), { now }))).toEqual(expected);
            }
            expect(await everything(postgres)).toEqual(await everything(sqlite));
          } finally {
            await sqlite.close();
          }
        },
      ),
      { numRuns: 30, seed: 20261125 },
    );
  }, 180_000);
});
