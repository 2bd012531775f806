import pg from 'pg';
import type { Migration } from '../sqlite/migrations.js';
import type { CatalogueChange } from '../store.js';
import { PG_MIGRATIONS } from './migrations.js';

export type Queryable = pg.Pool | pg.PoolClient | pg.Client;

const INT8_OID = 20;

/**
 * Row ids, counts and fingerprints are BIGINT; they stay below 2^53, so they are read as numbers
 * (pg's default is a string, to be safe with larger values we never store).
 */
export const PG_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** Connection settings shared by the pool and the notification listener. */
export function connectionConfig(url: string, applicationName: string): pg.ClientConfig {
  return {
    connectionString: url,
    application_name: applicationName,
    types: PG_TYPES,
    keepAlive: true,
    connectionTimeoutMillis: 10_000,
  };
}

/** A pool of connections; errors of idle connections (a restarted server) are logged, not fatal. */
export function createPool(url: string, max: number, onError: (error: Error) => void): pg.Pool {
  const pool = new pg.Pool({ ...connectionConfig(url, 'detour'), max, idleTimeoutMillis: 30_000 });
  pool.on('error', onError);
  return pool;
}

// Advisory lock keys (any two 32-bit integers; "dtr" in ASCII then a purpose).
export const LOCK = {
  migrations: [0x647472, 1],
  catalogue: [0x647472, 2],
  policies: [0x647472, 3],
} as const;

/** Runs `work` in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  mode = '',
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(`BEGIN${mode ? ` ${mode}` : ''}`);
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  } finally {
    client.release();
  }
}

/**
 * Applies the migrations not yet recorded in `schema_migrations`, each in its own transaction, under
 * an advisory lock so that replicas starting together migrate once. Returns the versions applied.
 */
export async function migrate(
  pool: pg.Pool,
  migrations: readonly Migration[] = PG_MIGRATIONS,
): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [...LOCK.migrations]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
      );
      const applied = new Set(
        (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) =>
          Number(r.version),
        ),
      );
      const done: number[] = [];
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (applied.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
            [m.version, m.name, new Date().toISOString()],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        }
        done.push(m.version);
      }
      return done;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [...LOCK.migrations]);
    }
  } finally {
    client.release();
  }
}

/** Rows per statement of a bulk write (arrays bound as parameters: one round trip per chunk). */
export const BULK_CHUNK = 5000;

/**
 * Runs `sql` once per chunk of rows, binding each column as one array parameter ($1 = first
 * column…) and then the `scalars`: the statement unnests the columns, e.g.
 * `INSERT … SELECT *, $3::text FROM unnest($1::bigint[], $2::text[])`.
 */
export async function bulk(
  db: Queryable,
  sql: string,
  rows: readonly unknown[][],
  scalars: readonly unknown[] = [],
): Promise<void> {
  if (rows.length === 0) return;
  const width = rows[0]!.length;
  for (let start = 0; start < rows.length; start += BULK_CHUNK) {
    const part = rows.slice(start, start + BULK_CHUNK);
    const columns: unknown[][] = Array.from({ length: width }, () => new Array(part.length));
    for (let i = 0; i < part.length; i++) {
      const row = part[i]!;
      for (let c = 0; c < width; c++) columns[c]![i] = row[c];
    }
    await db.query(sql, [...columns, ...scalars]);
  }
}

/**
 * Draws `n` consecutive new ids from a table's identity sequence. Only for writers holding the
 * catalogue lock (imports, splits), the only ones inserting into catalogue tables: the range is
 * reserved with one nextval and one setval instead of n nextval calls.
 */
export async function allocateIds(db: Queryable, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const { rows } = await db.query<{ first: number }>(
    `SELECT setval(s.seq::regclass, nextval(s.seq::regclass) + $3::bigint - 1) - $3::bigint + 1 AS first
     FROM (SELECT pg_get_serial_sequence($1, $2) AS seq) s`,
    [table, 'id', n],
  );
  const first = Number(rows[0]!.first);
  return Array.from({ length: n }, (_, i) => first + i);
}

/** The channel every change notification goes through. */
export const CHANNEL = 'detour_changes';

/** Sends a change notification; inside a transaction it is delivered at COMMIT, and not at all on ROLLBACK. */
export async function notifyChange(
  db: Queryable,
  event: CatalogueChange & { version?: number; id?: string },
): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(event)]);
}
