export * from './errors.js';
export { SECRET_PREFIX } from './ids.js';
export { type OpenStoreOptions, openStore, sqliteFileIn } from './open.js';
export {
  copySqliteToPostgres,
  SourceDatabaseError,
  TargetNotEmptyError,
} from './postgres/copy-from-sqlite.js';
export {
  openPostgresStore,
  PostgresCatalogueStore,
  type PostgresStoreOptions,
} from './postgres/postgres-store.js';
export { snapshotIdOf } from './sqlite/snapshot.js';
export { openSqliteStore, SqliteCatalogueStore } from './sqlite/sqlite-store.js';
export type * from './store.js';
