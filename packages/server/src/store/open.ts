import { join } from 'node:path';
import { UnsupportedDatabaseError } from './errors.js';
import { openPostgresStore } from './postgres/postgres-store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { CatalogueStore } from './store.js';

export interface OpenStoreOptions {
  /** Folder of the embedded database file `detour.sqlite` (created when missing). Default `./data`. */
  dataDir?: string;
  /** A PostgreSQL connection URL; defaults to the DATABASE_URL environment variable. Empty or absent: embedded SQLite. */
  databaseUrl?: string | null;
}

/** The embedded database file inside a data folder. */
export const sqliteFileIn = (dataDir: string): string => join(dataDir, 'detour.sqlite');

/** Opens the catalogue store: embedded SQLite by default, PostgreSQL when a database URL is given. */
export async function openStore(options: OpenStoreOptions = {}): Promise<CatalogueStore> {
  const databaseUrl = options.databaseUrl === undefined ? process.env.DATABASE_URL : options.databaseUrl;
  if (databaseUrl) {
    if (!/^postgres(ql)?:\/\//i.test(databaseUrl)) {
      throw new UnsupportedDatabaseError(
        `DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:port/database), not "${databaseUrl.split(':')[0]}:…". Unset it to use the embedded SQLite database.`,
      );
    }
    return openPostgresStore(databaseUrl);
  }
  return openSqliteStore(sqliteFileIn(options.dataDir ?? './data'));
}
