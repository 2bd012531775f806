import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStore, type PostgresCatalogueStore } from '../../src/store/postgres/postgres-store.js';
import type { SqliteCatalogueStore } from '../../src/store/sqlite/sqlite-store.js';
import type { CatalogueStore } from '../../src/store/store.js';
import { tempStore } from '../../src/store/testing/temp-store.js';
import { postgresForTests } from './postgres.js';

/**
 * The store test suite runs once per database: each kind opens a fresh, empty store and knows how to
 * look under it (the rows of a table, everything it wrote to disk) in its own dialect.
 */

export interface TestStore {
  store: CatalogueStore;
  /** The embedded store itself, for SQLite-only checks (null on PostgreSQL). */
  sqlite: SqliteCatalogueStore | null;
  /** The rows of a plain SELECT (no parameters; SQL both dialects read). */
  rows(sql: string): Promise<Array<Record<string, unknown>>>;
  /** Every catalogue table, in a stable order: to compare states before and after. */
  dump(): Promise<string>;
  /** Everything the database wrote to disk so far, as text (to prove what is never stored). */
  diskText(): Promise<string>;
  /** Empties the catalogue (row ids start again at 1, revision 0): a new store, without reopening. */
  resetCatalogue(): Promise<void>;
  cleanup(): Promise<void>;
}

export interface StoreKind {
  name: 'sqlite' | 'postgres';
  /** Why this kind cannot run here, or null. */
  skip: string | null;
  /** A describe title naming the database (and why it is skipped). */
  title(name: string): string;
  open(): Promise<TestStore>;
  /** PostgreSQL only: the URL of a new database without any table (null for SQLite). */
  emptyDatabase: (() => Promise<string>) | null;
}

export const CATALOGUE_TABLES = [
  'venues',
  'venue_sources',
  'shows',
  'show_sources',
  'performances',
  'catalogue_state',
] as const;

function sqliteKind(): StoreKind {
  return {
    name: 'sqlite',
    skip: null,
    title: (name) => `${name} (SQLite)`,
    emptyDatabase: null,
    async open() {
      const t = tempStore();
      const rows = async (sql: string) => t.store.db.prepare(sql).all() as Array<Record<string, unknown>>;
      return {
        store: t.store,
        sqlite: t.store,
        rows,
        dump: async () =>
          JSON.stringify(
            await Promise.all(CATALOGUE_TABLES.map((table) => rows(`SELECT * FROM ${table} ORDER BY 1`))),
          ),
        diskText: async () => {
          // Committed pages may still sit in the WAL: read both files.
          let text = readFileSync(t.file).toString('latin1');
          try {
            text += readFileSync(`${t.file}-wal`).toString('latin1');
          } catch {
            // No WAL file: everything is in the main file.
          }
          return text;
        },
        resetCatalogue: async () => {
          // Children first; without AUTOINCREMENT, SQLite numbers rows from 1 again in an empty table.
          t.store.db.exec(
            `DELETE FROM performances; DELETE FROM show_sources; DELETE FROM shows; DELETE FROM venue_sources;
             DELETE FROM venues; UPDATE catalogue_state SET revision = 0;`,
          );
        },
        cleanup: t.cleanup,
      };
    },
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function postgresKind(hooks: Parameters<typeof postgresForTests>[0]): StoreKind {
  const server = postgresForTests(hooks);
  // Migrated once per file, then copied for each test (a copy is faster than running the migrations).
  let template: Promise<string> | null = null;
  const migratedTemplate = () => {
    template ??= (async () => {
      const name = `detour_template_${process.pid}`;
      const store = await openPostgresStore(await server.server().createDatabase(name));
      await store.close();
      return name;
    })();
    return template;
  };
  return {
    name: 'postgres',
    skip: server.skip,
    title: (name) => server.title(`${name} (PostgreSQL)`),
    emptyDatabase: () => server.database(),
    async open() {
      const url = await server.server().createDatabase(undefined, await migratedTemplate());
      const store: PostgresCatalogueStore = await openPostgresStore(url);
      const rows = async (sql: string) =>
        (await store.pool.query(sql)).rows as Array<Record<string, unknown>>;
      return {
        store,
        sqlite: null,
        rows,
        dump: async () =>
          JSON.stringify(
            await Promise.all(CATALOGUE_TABLES.map((table) => rows(`SELECT * FROM ${table} ORDER BY 1`))),
          ),
        diskText: async () => {
          // Written out: table files (after a checkpoint) and the write-ahead log.
          await store.pool.query('CHECKPOINT');
          const { rows: db } = await store.pool.query<{ oid: number }>(
            'SELECT oid FROM pg_database WHERE datname = current_database()',
          );
          const data = server.server().dataDir;
          return [...filesUnder(join(data, 'base', String(db[0]!.oid))), ...filesUnder(join(data, 'pg_wal'))]
            .map((file) => readFileSync(file).toString('latin1'))
            .join('\n');
        },
        resetCatalogue: async () => {
          await store.pool.query(
            `TRUNCATE venues, venue_sources, shows, show_sources, performances RESTART IDENTITY;
             UPDATE catalogue_state SET revision = 0`,
          );
        },
        cleanup: async () => {
          await store.close();
          const client = new pg.Client(server.server().url);
          await client.connect();
          try {
            await client.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
          } finally {
            await client.end();
          }
        },
      };
    },
  };
}

/** Both databases; PostgreSQL's private server is started for the file (beforeAll) and stopped after it. */
export function storeKinds(hooks: Parameters<typeof postgresForTests>[0]): StoreKind[] {
  return [sqliteKind(), postgresKind(hooks)];
}

/**
 * A describe block per database (`title` names it), every test on an emptied store: `store()` gives the
 * TestStore of the running block. Skipped where the database is not available.
 */
export function describeOnEachStore(
  vitest: Pick<typeof import('vitest'), 'describe' | 'beforeAll' | 'afterAll' | 'beforeEach'>,
  title: string,
  body: (store: () => TestStore) => void,
): void {
  for (const kind of storeKinds(vitest))
    vitest.describe.skipIf(kind.skip !== null)(kind.title(title), () => {
      let t: TestStore | undefined;
      vitest.beforeAll(async () => {
        t = await kind.open();
      });
      vitest.afterAll(async () => {
        await t?.cleanup();
      });
      vitest.beforeEach(async () => {
        await t!.resetCatalogue();
      });
      body(() => t!);
    });
}
