import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresForTests } from '../../../test/support/postgres.js';
import type { ImportBatch } from '../../catalogue/batch.js';
import { ImportIntegrityError } from '../errors.js';
import { openSqliteStore } from '../sqlite/sqlite-store.js';
import type { CatalogueChange, CatalogueStore } from '../store.js';
import { batch, performance, show, syntheticBatch, venue } from '../testing/fixtures.js';
import { PG_MIGRATIONS } from './migrations.js';
import { openPostgresStore, type PostgresCatalogueStore } from './postgres-store.js';

const NOW = '2026-11-25T10:00:00Z';
const LATER = '2026-11-26T10:00:00Z';

const pgTest = postgresForTests({ beforeAll, afterAll });

/** Everything a store says about its catalogue, through the interface only. */
async function catalogueState(store: CatalogueStore) {
  const snapshot = await store.loadSnapshot();
  const showIds = snapshot.shows.map((s) => s.id);
  const performanceIds = [...snapshot.performances.rowId].map((id) => `p${id}`);
  return {
    revision: await store.revision(),
    counts: await store.counts(),
    sources: await store.sources(),
    snapshot: {
      id: snapshot.id,
      venues: snapshot.venues,
      shows: snapshot.shows,
      performances: Object.fromEntries(
        Object.entries(snapshot.performances).map(([k, v]) => [k, typeof v === 'number' ? v : [...v]]),
      ),
    },
    venues: await store.getVenues(snapshot.venues.map((v) => v.id)),
    shows: await store.getShows(showIds),
    members: await Promise.all(showIds.map((id) => store.showMembers(id))),
    performances: await store.getPerformances(performanceIds),
  };
}

// Sources describing overlapping venues and shows: venue matching, show merges by creators and by
// exact title at the same venue or commune, updates, cancellations by absence and by status.
const tours = (): ImportBatch =>
  batch('theatre-tours', {
    venues: [venue('olympia', { name: 'Théâtre Olympia' }), venue('faucheux', { name: 'Le Petit Faucheux' })],
    shows: [
      show('misanthrope', { title: 'Le Misanthrope', creators: ['Compagnie du Bout du Monde', 'Molière'] }),
      show('carmen', { title: 'Carmen', creators: ['Georges Bizet'], discipline: 'art-lyrique' }),
      show('festival', { title: 'Festival des Arts de la Rue', creators: [], discipline: 'arts-de-la-rue' }),
    ],
    performances: [
      performance('m-1', 'misanthrope', 'olympia'),
      performance('m-2', 'misanthrope', 'olympia', { start: '2026-12-04T20:30:00+01:00' }),
      performance('c-1', 'carmen', 'faucheux', { status: 'sold-out' }),
      performance('f-1', 'festival', 'faucheux', {
        price: { min: null, max: null, free: true, currency: 'EUR' },
      }),
    ],
  });

const blois = (): ImportBatch =>
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
      venue('faucheux-bis', {
        name: 'LE PETIT FAUCHEUX',
        location: { lat: 47.395, lon: 0.69 },
        capacity: null,
      }),
    ],
    shows: [
      show('LM-77', {
        title: 'Misanthrope (Le)',
        creators: ['Cie du bout du monde'],
        image: 'https://example.org/m.jpg',
      }),
      show('LM-78', { title: 'Le Misanthrope', creators: ['Théâtre de l’Éventail'] }),
      show('fest', { title: 'Festival des arts de la rue', creators: [], discipline: 'arts-de-la-rue' }),
      show('fest-2', { title: 'Festival des arts de la rue', creators: [], discipline: 'arts-de-la-rue' }),
    ],
    performances: [
      performance('b-1', 'LM-77', 'halle', { start: '2027-01-15T20:30:00+01:00' }),
      performance('b-2', 'LM-78', 'halle', { start: '2027-02-01T20:30:00+01:00' }),
      performance('b-3', 'fest', 'faucheux-bis'),
      performance('b-4', 'fest-2', 'halle'),
    ],
  });

// Same festival title, another venue of the same commune, a third source: joined on the commune.
const agenda = (): ImportBatch =>
  batch('agenda-37', {
    venues: [venue('gloriette', { name: 'Parc de la Gloriette', location: { lat: 47.37, lon: 0.67 } })],
    shows: [
      show('fdr', { title: 'Festival des arts de la rue', creators: [], discipline: 'arts-de-la-rue' }),
    ],
    performances: [performance('g-1', 'fdr', 'gloriette')],
  });

const toursLater = (): ImportBatch => {
  const b = tours();
  b.performances = b.performances.filter((p) => p.sourceId !== 'm-2');
  b.performances[0]!.price = { min: 8, max: 15, free: false, currency: 'EUR' };
  b.performances[1]!.status = 'cancelled';
  b.shows[1]!.description = 'Nouvelle production.';
  b.venues[1]!.capacity = 700;
  return b;
};

describe.skipIf(pgTest.skip !== null)(pgTest.title('PostgreSQL catalogue store'), () => {
  let store: PostgresCatalogueStore;
  let url: string;
  beforeAll(async () => {
    url = await pgTest.database();
    store = await openPostgresStore(url);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('makes the same decisions as the embedded store, import after import, down to row ids and reports', async () => {
    const sqlite = openSqliteStore(':memory:');
    const pgStore = await openPostgresStore(await pgTest.database());
    try {
      const steps: Array<[ImportBatch, string]> = [
        [tours(), NOW],
        [blois(), NOW],
        [agenda(), NOW],
        [tours(), LATER],
        [toursLater(), LATER],
        [syntheticBatch('synthetic', { venues: 40, shows: 120, performances: 600 }), NOW],
        [blois(), LATER],
        [syntheticBatch('synthetic', { venues: 40, shows: 100, performances: 500 }), LATER],
      ];
      const seen = { merges: new Set<string>(), cancelled: 0, updated: 0, unchanged: 0 };
      for (const [b, now] of steps) {
        // (confirmCancel: these steps compare the stores, not the mass-cancellation guard.)
        const expected = await sqlite.applyImport(structuredClone(b), { now, confirmCancel: true });
        const actual = await pgStore.applyImport(structuredClone(b), { now, confirmCancel: true });
        expect(actual).toEqual(expected);
        expect(await catalogueState(pgStore)).toEqual(await catalogueState(sqlite));
        for (const m of actual.merges) for (const f of m.matched) seen.merges.add(f);
        seen.cancelled += actual.cancelled;
        seen.updated += actual.updated.venues + actual.updated.shows + actual.updated.performances;
        seen.unchanged += actual.unchanged.performances;
      }
      // The steps did exercise every kind of decision.
      expect([...seen.merges].sort()).toEqual(['commune', 'creators', 'discipline', 'title', 'venue']);
      expect(seen.cancelled).toBeGreaterThan(100);
      expect(seen.updated).toBeGreaterThan(3);
      expect(seen.unchanged).toBeGreaterThan(3);
      const showId = (await sqlite.loadSnapshot()).shows.find((s) => s.title === 'Le Misanthrope')!.id;
      expect(await pgStore.splitShow(showId, 'halle-blois', 'LM-77')).toBe(
        await sqlite.splitShow(showId, 'halle-blois', 'LM-77'),
      );
      const after = await catalogueState(pgStore);
      const expected = await catalogueState(sqlite);
      // The split time is the store's clock.
      const strip = (s: typeof after) => ({
        ...s,
        members: s.members.map((m) => m.map((x) => ({ ...x, splitAt: x.splitAt && 'set' }))),
      });
      expect(strip(after)).toEqual(strip(expected));
    } finally {
      await sqlite.close();
      await pgStore.close();
    }
  });

  it('writes nothing at all when a batch fails after rows were written (one transaction)', async () => {
    const s = await openPostgresStore(await pgTest.database());
    try {
      await s.applyImport(tours(), { now: NOW });
      const before = await catalogueState(s);
      const bad = tours();
      bad.venues.push(venue('neuve', { name: 'Salle neuve' }));
      bad.shows.push(show('neuf'));
      bad.performances.push(performance('n-1', 'neuf', 'neuve'));
      bad.performances.push(performance('orphan', 'inconnu', 'olympia'));
      await expect(s.applyImport(bad, { now: LATER })).rejects.toBeInstanceOf(ImportIntegrityError);
      const nullType = tours();
      nullType.venues.push({ ...venue('sans-type'), type: null as unknown as 'theatre', name: 'Sans type' });
      await expect(s.applyImport(nullType, { now: LATER })).rejects.toThrow(/not-null/);
      expect(await catalogueState(s)).toEqual(before);
    } finally {
      await s.close();
    }
  });

  it('serialises imports from two replicas so that one touring show never becomes two', async () => {
    const dbUrl = await pgTest.database();
    const a = await openPostgresStore(dbUrl);
    const b = await openPostgresStore(dbUrl);
    try {
      const one = batch('agenda-a', {
        venues: [venue('x')],
        shows: [show('w', { title: 'Les Bonnes', creators: ['Jean Genet'] })],
        performances: [performance('a1', 'w', 'x')],
      });
      const two = batch('agenda-b', {
        venues: [venue('y', { name: 'Autre salle', inseeCode: '41018', postcode: '41000', town: 'Blois' })],
        shows: [show('w2', { title: 'Les Bonnes', creators: ['Jean Genet'] })],
        performances: [performance('b1', 'w2', 'y')],
      });
      const reports = await Promise.all([a.applyImport(one, { now: NOW }), b.applyImport(two, { now: NOW })]);
      expect(reports.map((r) => r.created.shows).sort()).toEqual([0, 1]);
      expect(await a.counts()).toEqual({ venues: 2, shows: 1, performances: 2 });
      expect(await a.revision()).toBe(2);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('migrates once even when several replicas open a new database at the same time', async () => {
    const dbUrl = await pgTest.database();
    const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore(dbUrl)));
    const client = new pg.Client(dbUrl);
    await client.connect();
    try {
      const { rows } = await client.query('SELECT version, name FROM schema_migrations ORDER BY version');
      expect(rows).toEqual(PG_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    } finally {
      await client.end();
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('adds impressions from several replicas into one counter per venue and day', async () => {
    const other = await openPostgresStore(url);
    try {
      await Promise.all([
        store.addImpressions(
          'national',
          [
            { venueId: 'v1', weight: 1 },
            { venueId: 'v2', weight: 0.5 },
          ],
          NOW,
        ),
        other.addImpressions('national', [{ venueId: 'v1', weight: 2 }], NOW),
        other.addImpressions(
          'national',
          [
            { venueId: 'v2', weight: 0.5 },
            { venueId: 'v1', weight: 1 },
          ],
          NOW,
        ),
      ]);
      const totals = await store.exposureTotals('national', '2026-11-25T12:00:00Z', 7);
      expect(totals).toEqual({ v1: 4, v2: 1 });
    } finally {
      await other.close();
    }
  });

  it('tells every replica of an import, a policy and an exposure snapshot committed through another', async () => {
    const watcher = await openPostgresStore(url);
    const events: CatalogueChange[] = [];
    const stop = watcher.watch((e) => events.push(e));
    try {
      await watcher.watching();
      await store.applyImport(tours(), { now: NOW });
      const revision = await store.revision();
      const policy = await store.publishPolicy(
        'tours',
        (await import('@detour/sdk/contract')).DEFAULT_POLICY_SETTINGS,
        {
          by: 'test',
          comment: '',
          restoredFrom: null,
          at: NOW,
        },
      );
      await store.saveExposureSnapshot({ id: 'exp-1', network: 'tours', computedAt: NOW, venues: {} });
      await expect.poll(() => events.length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
      expect(events).toEqual([
        { kind: 'catalogue', revision },
        { kind: 'policy', network: 'tours', version: policy.version },
        { kind: 'exposure', network: 'tours', id: 'exp-1' },
      ]);
    } finally {
      stop();
      await watcher.close();
    }
  });

  it('sends no notification for an import that changes nothing or fails', async () => {
    const watcher = await openPostgresStore(url);
    const events: CatalogueChange[] = [];
    const stop = watcher.watch((e) => events.push(e));
    try {
      await watcher.watching();
      await store.applyImport(tours(), { now: LATER });
      const bad = tours();
      bad.performances.push(performance('orphan', 'inconnu', 'olympia'));
      await expect(store.applyImport(bad, { now: LATER })).rejects.toBeInstanceOf(ImportIntegrityError);
      // A marker change, to know every earlier notification has been delivered.
      await store.saveExposureSnapshot({ id: 'marker-1', network: 'x', computedAt: NOW, venues: {} });
      await expect.poll(() => events.length, { timeout: 5000 }).toBe(1);
      expect(events[0]).toMatchObject({ kind: 'exposure', id: 'marker-1' });
    } finally {
      stop();
      await watcher.close();
    }
  });

  it('catches up after losing its listening connection: changes made meanwhile are reported', async () => {
    const watcher = await openPostgresStore(url);
    const events: CatalogueChange[] = [];
    const stop = watcher.watch((e) => events.push(e));
    const admin = new pg.Client(url);
    await admin.connect();
    try {
      await watcher.watching();
      const pid = watcher.listenerPid;
      expect(pid).not.toBeNull();
      await admin.query('SELECT pg_terminate_backend($1)', [pid]);
      // Committed while the replica is not listening: no NOTIFY reaches it.
      await store.applyImport(blois(), { now: LATER });
      await store.publishPolicy('blois', (await import('@detour/sdk/contract')).DEFAULT_POLICY_SETTINGS, {
        by: 'test',
        comment: '',
        restoredFrom: null,
        at: LATER,
      });
      const revision = await store.revision();
      await expect
        .poll(() => events.some((e) => e.kind === 'catalogue' && e.revision === revision), {
          timeout: 10_000,
        })
        .toBe(true);
      await expect
        .poll(() => events.some((e) => e.kind === 'policy' && e.network === 'blois'), { timeout: 10_000 })
        .toBe(true);
      expect(watcher.listenerPid).not.toBe(pid);
    } finally {
      stop();
      await admin.end();
      await watcher.close();
    }
  });
});
