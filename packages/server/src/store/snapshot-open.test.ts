import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { storeKinds, type TestStore } from '../../test/support/store-kinds.js';
import { STATUS_CODE } from '../engine/snapshot.js';
import { UnsupportedDatabaseError } from './errors.js';
import { openStore, sqliteFileIn } from './open.js';
import { migrate } from './postgres/database.js';
import { PG_MIGRATIONS } from './postgres/migrations.js';
import { openPostgresStore, type PostgresCatalogueStore } from './postgres/postgres-store.js';
import { openDatabase } from './sqlite/database.js';
import { MIGRATIONS } from './sqlite/migrations.js';
import { batch, performance, show, venue } from './testing/fixtures.js';

/** Every test below runs on the embedded SQLite store and on PostgreSQL. */
const kinds = storeKinds({ beforeAll, afterAll });

for (const kind of kinds)
  describe.skipIf(kind.skip !== null)(kind.title('loadSnapshot'), () => {
    let t: TestStore;
    beforeEach(async () => {
      t = await kind.open();
    });
    afterEach(async () => {
      await t.cleanup();
    });

    it('lays every performance out in columns that index into the venues and shows arrays', async () => {
      await t.store.applyImport(
        batch('a', {
          venues: [
            venue('v1', { name: 'Un', capacity: 80, accessibility: ['visuel', 'moteur'] }),
            venue('v2', { name: 'Deux', location: { lat: 48.85, lon: 2.35 }, capacity: 2000 }),
          ],
          shows: [
            show('s1', {
              title: 'Danse',
              discipline: 'danse',
              audience: { kind: 'jeune-public', minAge: 6, maxAge: null },
            }),
            show('s2', {
              title: 'Opéra',
              discipline: 'art-lyrique',
              subDiscipline: 'opera',
              tags: ['Verdi'],
            }),
          ],
          performances: [
            performance('p1', 's2', 'v2', { start: '2026-12-03T20:30:00+01:00' }),
            performance('p2', 's1', 'v1', {
              start: '2026-12-04T15:00:00Z',
              price: { min: null, max: null, free: true, currency: 'EUR' },
              status: 'sold-out',
            }),
            performance('p3', 's1', 'v2', {
              status: 'cancelled',
              price: { min: 9.99, max: 12, free: false, currency: 'EUR' },
            }),
          ],
        }),
        { now: '2026-11-25T10:00:00Z' },
      );
      const s = await t.store.loadSnapshot();
      expect(s.id).toBe(`cat-${await t.store.revision()}`);
      expect(s.venues.map((v) => [v.name, v.sizeClass, v.accessibility])).toEqual([
        ['Un', 'petit', ['moteur', 'visuel']],
        ['Deux', 'institution', ['moteur']],
      ]);
      expect(
        s.shows.map((x) => [x.title, x.discipline, x.subDiscipline, x.audience, x.minAge, x.tags]),
      ).toEqual([
        ['Danse', 'danse', null, 'jeune-public', 6, []],
        ['Opéra', 'art-lyrique', 'opera', 'tout-public', null, ['Verdi']],
      ]);
      const p = s.performances;
      expect(p.count).toBe(3);
      const rows = [...p.rowId].map((_, i) => ({
        show: s.shows[p.show[i]!]!.title,
        venue: s.venues[p.venue[i]!]!.name,
        start: new Date(p.startMin[i]! * 60_000).toISOString(),
        status: p.status[i],
        price: p.priceMinCents[i],
        free: p.free[i],
      }));
      expect(rows).toEqual([
        {
          show: 'Opéra',
          venue: 'Deux',
          start: '2026-12-03T19:30:00.000Z',
          status: STATUS_CODE.scheduled,
          price: 1200,
          free: 0,
        },
        {
          show: 'Danse',
          venue: 'Un',
          start: '2026-12-04T15:00:00.000Z',
          status: STATUS_CODE['sold-out'],
          price: -1,
          free: 1,
        },
        {
          show: 'Danse',
          venue: 'Deux',
          start: '2026-12-03T19:30:00.000Z',
          status: STATUS_CODE.cancelled,
          price: 999,
          free: 0,
        },
      ]);
      // Row ids are the public performance ids.
      const perfs = await t.store.getPerformances([...p.rowId].map((id) => `p${id}`));
      expect(perfs.map((x) => x.source.sourceId)).toEqual(['p1', 'p2', 'p3']);
    });

    it('changes its id when the catalogue changes, and only then', async () => {
      const b = batch('a', {
        venues: [venue('v')],
        shows: [show('s')],
        performances: [performance('p', 's', 'v')],
      });
      const empty = await t.store.loadSnapshot();
      expect(empty.performances.count).toBe(0);
      await t.store.applyImport(b, { now: '2026-11-25T10:00:00Z' });
      const first = await t.store.loadSnapshot();
      await t.store.applyImport(b, { now: '2026-11-26T10:00:00Z' });
      expect((await t.store.loadSnapshot()).id).toBe(first.id);
      expect(first.id).not.toBe(empty.id);
    });
  });

describe('openStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'detour-open-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the embedded database in the data folder, creating it, with WAL and foreign keys', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const store = await openStore({ dataDir, databaseUrl: null });
    try {
      expect(store.kind).toBe('sqlite');
      expect(existsSync(sqliteFileIn(dataDir))).toBe(true);
      expect(await store.counts()).toEqual({ venues: 0, shows: 0, performances: 0 });
    } finally {
      await store.close();
    }
    const db = openDatabase(sqliteFileIn(dataDir));
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    } finally {
      db.close();
    }
  });

  it('refuses a database URL that is not PostgreSQL with a typed error', async () => {
    const attempt = openStore({ dataDir: dir, databaseUrl: 'mysql://localhost/detour' });
    await expect(attempt).rejects.toBeInstanceOf(UnsupportedDatabaseError);
    await expect(attempt).rejects.toThrow(/postgres:\/\//);
  });

  it('applies each migration once and records it, keeping data across reopenings', async () => {
    const file = join(dir, 'detour.sqlite');
    const db = openDatabase(file);
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    expect(versions).toEqual(MIGRATIONS.map((m) => m.version));
    db.prepare("INSERT INTO policies VALUES ('n', 1, '{}', 'x', 'y', '', NULL)").run();
    db.close();
    const again = openDatabase(file, [
      ...MIGRATIONS,
      { version: 99, name: 'extra', sql: 'CREATE TABLE extra (id INTEGER PRIMARY KEY)' },
    ]);
    try {
      expect(again.prepare('SELECT COUNT(*) FROM policies').pluck().get()).toBe(1);
      expect(again.prepare('SELECT name FROM schema_migrations WHERE version = 99').pluck().get()).toBe(
        'extra',
      );
    } finally {
      again.close();
    }
  });

  it('rolls a failing migration back entirely', () => {
    const file = join(dir, 'detour.sqlite');
    expect(() =>
      openDatabase(file, [
        ...MIGRATIONS,
        { version: 50, name: 'broken', sql: 'CREATE TABLE half (id INTEGER); CREATE TABLE broken (' },
      ]),
    ).toThrow();
    const db = openDatabase(file);
    try {
      expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
      expect(db.prepare('SELECT COUNT(*) FROM schema_migrations WHERE version = 50').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});

for (const kind of kinds.filter((k) => k.emptyDatabase !== null))
  describe.skipIf(kind.skip !== null)(kind.title('openStore'), () => {
    it('opens PostgreSQL when given a postgres:// URL, creating the schema at the current version', async () => {
      const url = await kind.emptyDatabase!();
      const store = await openStore({ dataDir: '/nonexistent', databaseUrl: url });
      try {
        expect(store.kind).toBe('postgres');
        expect(await store.counts()).toEqual({ venues: 0, shows: 0, performances: 0 });
        const { rows } = await (store as PostgresCatalogueStore).pool.query(
          'SELECT version FROM schema_migrations ORDER BY version',
        );
        expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
        expect(PG_MIGRATIONS.map((m) => [m.version, m.name])).toEqual(
          MIGRATIONS.map((m) => [m.version, m.name]),
        );
      } finally {
        await store.close();
      }
    });

    it('applies each migration once and records it, keeping data across reopenings', async () => {
      const url = await kind.emptyDatabase!();
      const first = await openPostgresStore(url);
      await first.pool.query("INSERT INTO policies VALUES ('n', 1, '{}', 'x', 'y', '', NULL)");
      expect(await migrate(first.pool)).toEqual([]);
      await first.close();
      const again = await openPostgresStore(url);
      try {
        expect(
          await migrate(again.pool, [
            ...PG_MIGRATIONS,
            { version: 99, name: 'extra', sql: 'CREATE TABLE extra (id INTEGER PRIMARY KEY)' },
          ]),
        ).toEqual([99]);
        expect((await again.pool.query('SELECT COUNT(*)::int AS n FROM policies')).rows[0].n).toBe(1);
        expect(
          (await again.pool.query('SELECT name FROM schema_migrations WHERE version = 99')).rows,
        ).toEqual([{ name: 'extra' }]);
      } finally {
        await again.close();
      }
    });

    it('rolls a failing migration back entirely', async () => {
      const store = await openPostgresStore(await kind.emptyDatabase!());
      try {
        await expect(
          migrate(store.pool, [
            ...PG_MIGRATIONS,
            { version: 50, name: 'broken', sql: 'CREATE TABLE half (id INTEGER); CREATE TABLE broken (' },
          ]),
        ).rejects.toThrow();
        expect((await store.pool.query("SELECT to_regclass('half') AS t")).rows).toEqual([{ t: null }]);
        expect(
          (await store.pool.query('SELECT COUNT(*)::int AS n FROM schema_migrations WHERE version = 50'))
            .rows[0].n,
        ).toBe(0);
      } finally {
        await store.close();
      }
    });
  });
