import Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import { MIGRATIONS } from '../sqlite/migrations.js';
import { BULK_CHUNK, inTransaction, LOCK, notifyChange } from './database.js';
import { PG_MIGRATIONS } from './migrations.js';
import { openPostgresStore } from './postgres-store.js';

/** The target database already holds data and the copy was not forced. */
export class TargetNotEmptyError extends StoreError {
  constructor(readonly rows: Record<string, number>) {
    const list = Object.entries(rows)
      .filter(([, n]) => n > 0)
      .map(([t, n]) => `${t} ${n}`)
      .join(', ');
    super('target-not-empty', `the PostgreSQL database is not empty (${list})`);
    this.name = 'TargetNotEmptyError';
  }
}

/** The embedded database is missing, or of a schema version this build cannot copy. */
export class SourceDatabaseError extends StoreError {
  constructor(message: string) {
    super('source-database', message);
    this.name = 'SourceDatabaseError';
  }
}

// How a column moves: as is, or from SQLite's encoding (0/1 integers, JSON text lists) to PostgreSQL's.
type Kind = 'text' | 'int' | 'bigint' | 'float8' | 'bool' | 'list' | 'json';

interface TableCopy {
  table: string;
  columns: Array<[string, Kind]>;
  /** The identity column whose sequence must continue after the copied ids. */
  identity?: string;
}

/** Every table, parents before children; ids are copied, so references stay valid. */
const TABLES: readonly TableCopy[] = [
  {
    table: 'venues',
    identity: 'id',
    columns: [
      ['id', 'bigint'],
      ['public_id', 'text'],
      ['name', 'text'],
      ['address', 'text'],
      ['town', 'text'],
      ['postcode', 'text'],
      ['insee_code', 'text'],
      ['lat', 'float8'],
      ['lon', 'float8'],
      ['capacity', 'int'],
      ['size_class', 'text'],
      ['type', 'text'],
      ['accessibility', 'list'],
      ['url', 'text'],
    ],
  },
  {
    table: 'venue_sources',
    identity: 'id',
    columns: [
      ['id', 'bigint'],
      ['source', 'text'],
      ['source_id', 'text'],
      ['venue_id', 'bigint'],
      ['data', 'text'],
      ['name_key', 'text'],
      ['town_key', 'text'],
      ['postcode', 'text'],
      ['insee_code', 'text'],
      ['lat', 'float8'],
      ['lon', 'float8'],
      ['last_seen', 'text'],
    ],
  },
  {
    table: 'shows',
    identity: 'id',
    columns: [
      ['id', 'bigint'],
      ['public_id', 'text'],
      ['title', 'text'],
      ['creators', 'list'],
      ['discipline', 'text'],
      ['sub_discipline', 'text'],
      ['audience_kind', 'text'],
      ['min_age', 'int'],
      ['max_age', 'int'],
      ['tags', 'list'],
      ['description', 'text'],
      ['image', 'text'],
      ['language', 'text'],
    ],
  },
  {
    table: 'show_sources',
    identity: 'id',
    columns: [
      ['id', 'bigint'],
      ['source', 'text'],
      ['source_id', 'text'],
      ['show_id', 'bigint'],
      ['data', 'text'],
      ['title_key', 'text'],
      ['creator_keys', 'list'],
      ['discipline', 'text'],
      ['matched', 'list'],
      ['score', 'float8'],
      ['merged_at', 'text'],
      ['split_at', 'text'],
      ['last_seen', 'text'],
    ],
  },
  {
    table: 'performances',
    identity: 'id',
    columns: [
      ['id', 'bigint'],
      ['source', 'text'],
      ['source_id', 'text'],
      ['show_id', 'bigint'],
      ['show_member_id', 'bigint'],
      ['venue_id', 'bigint'],
      ['start_at', 'text'],
      ['start_min', 'bigint'],
      ['end_at', 'text'],
      ['price_min', 'float8'],
      ['price_max', 'float8'],
      ['free', 'bool'],
      ['url', 'text'],
      ['status', 'text'],
      ['fingerprint', 'bigint'],
      ['last_seen', 'text'],
    ],
  },
  {
    table: 'policies',
    columns: [
      ['network', 'text'],
      ['version', 'int'],
      ['settings', 'json'],
      ['published_at', 'text'],
      ['published_by', 'text'],
      ['comment', 'text'],
      ['restored_from', 'int'],
    ],
  },
  {
    table: 'exposure_daily',
    columns: [
      ['network', 'text'],
      ['venue_id', 'text'],
      ['day', 'text'],
      ['weight', 'float8'],
    ],
  },
  {
    table: 'exposure_snapshots',
    identity: 'seq',
    columns: [
      ['seq', 'bigint'],
      ['id', 'text'],
      ['network', 'text'],
      ['computed_at', 'text'],
      ['venues', 'json'],
    ],
  },
  {
    table: 'api_keys',
    columns: [
      ['id', 'text'],
      ['label', 'text'],
      ['sources', 'list'],
      ['secret_hash', 'text'],
      ['created_at', 'text'],
      ['revoked_at', 'text'],
    ],
  },
  {
    table: 'editor_tokens',
    columns: [
      ['id', 'text'],
      ['name', 'text'],
      ['role', 'text'],
      ['secret_hash', 'text'],
      ['created_at', 'text'],
      ['revoked_at', 'text'],
    ],
  },
];

/** The tables a copy fills, in order (for reports and checks). */
export const COPIED_TABLES: readonly string[] = TABLES.map((t) => t.table);

const ARRAY_TYPE: Record<Kind, string> = {
  text: 'text[]',
  int: 'int[]',
  bigint: 'bigint[]',
  float8: 'float8[]',
  bool: 'bool[]',
  list: 'text[]',
  json: 'text[]',
};

function insertSql(t: TableCopy): string {
  const names = t.columns.map(([n]) => n);
  const exprs = t.columns.map(([n, kind]) =>
    kind === 'list'
      ? `ARRAY(SELECT jsonb_array_elements_text(u.${n}::jsonb))`
      : kind === 'json'
        ? `u.${n}::json`
        : `u.${n}`,
  );
  const arrays = t.columns.map(([, kind], i) => `$${i + 1}::${ARRAY_TYPE[kind]}`);
  return `INSERT INTO ${t.table} (${names.join(', ')}) SELECT ${exprs.join(', ')}
    FROM unnest(${arrays.join(', ')}) AS u(${names.join(', ')})`;
}

export interface CopyReport {
  /** Rows copied per table. */
  rows: Record<string, number>;
  revision: number;
}

/**
 * Copies an embedded database (the file) into PostgreSQL at `url`, all tables with their ids, in one
 * transaction; moves the identity sequences past the copied ids. Refuses a target holding any row
 * unless `force` (which empties it first, in the same transaction).
 */
export async function copySqliteToPostgres(
  sqliteFile: string,
  url: string,
  options: { force?: boolean; onProgress?: (table: string, rows: number) => void } = {},
): Promise<CopyReport> {
  let source: Database.Database;
  try {
    source = new Database(sqliteFile, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new SourceDatabaseError(`cannot open ${sqliteFile}: ${(error as Error).message}`);
  }
  const target = await openPostgresStore(url);
  try {
    const versions = source
      .prepare('SELECT version FROM schema_migrations ORDER BY version')
      .pluck()
      .all()
      .map(Number);
    const known = PG_MIGRATIONS.map((m) => m.version);
    if (
      versions.join(',') !== MIGRATIONS.map((m) => m.version).join(',') ||
      versions.join(',') !== known.join(',')
    ) {
      throw new SourceDatabaseError(
        `the embedded database is at schema versions [${versions.join(', ')}]; this build copies [${known.join(', ')}] (open it once with this version of Détour first)`,
      );
    }

    // One read transaction: every table is read from the same committed state, even if a server
    // still writes to the file meanwhile.
    source.exec('BEGIN');
    return await inTransaction(target.pool, async (db) => {
      await db.query('SELECT pg_advisory_xact_lock($1, $2)', [...LOCK.catalogue]);
      const present: Record<string, number> = {};
      for (const t of TABLES) {
        const { rows } = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t.table}`);
        present[t.table] = Number(rows[0]!.n);
      }
      if (Object.values(present).some((n) => n > 0)) {
        if (!options.force) throw new TargetNotEmptyError(present);
        await db.query(`TRUNCATE ${TABLES.map((t) => t.table).join(', ')} RESTART IDENTITY`);
      }

      const copied: Record<string, number> = {};
      for (const t of TABLES) {
        const sql = insertSql(t);
        const select = source.prepare(
          `SELECT ${t.columns.map(([n]) => n).join(', ')} FROM ${t.table} ORDER BY ${t.columns[0]![0]}`,
        );
        let rows: unknown[][] = [];
        let count = 0;
        const flush = async () => {
          if (rows.length === 0) return;
          const columns = t.columns.map(([, kind], c) =>
            rows.map((r) => (kind === 'bool' ? r[c] === 1 || r[c] === true : r[c])),
          );
          await db.query(sql, columns);
          count += rows.length;
          rows = [];
          options.onProgress?.(t.table, count);
        };
        for (const row of select.raw().iterate() as Iterable<unknown[]>) {
          rows.push(row);
          if (rows.length >= BULK_CHUNK) await flush();
        }
        await flush();
        copied[t.table] = count;
        if (t.identity) {
          await db.query(
            `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(${t.identity}), 0) + 1, false) FROM ${t.table}`,
            [t.table, t.identity],
          );
        }
      }
      const revision = Number(
        source.prepare('SELECT revision FROM catalogue_state WHERE id = 1').pluck().get(),
      );
      await db.query('UPDATE catalogue_state SET revision = $1 WHERE id = 1', [revision]);
      // Replicas already running on this database rebuild from the copied catalogue and policies.
      await notifyChange(db, { kind: 'catalogue', revision });
      const networks = source.prepare('SELECT DISTINCT network FROM policies').pluck().all() as string[];
      for (const network of networks) await notifyChange(db, { kind: 'policy', network });
      return { rows: copied, revision };
    });
  } finally {
    if (source.inTransaction) source.exec('COMMIT');
    source.close();
    await target.close();
  }
}
