import type { ImportFormat, ImportReport } from '@detour/sdk';
import { ImportParseError } from '../importers/errors.js';
import { MassCancellationError } from '../store/errors.js';
import { type OpenStoreOptions, openStore } from '../store/open.js';
import type { CatalogueStore } from '../store/store.js';
import { type FeedRefusal, ImportTooLargeError, readFeed, refusalError, refusalOf } from './read-feed.js';

/**
 * One `POST /v1/imports` run off the request thread: the worker thread reads the feed and writes it through
 * its own connection to the database, so the thread that serves readers never parses nor holds a write
 * transaction (SQLite in WAL mode lets it read meanwhile; it serves from its in-memory snapshot anyway).
 */
export interface ImportJob {
  id: number;
  kind: 'import';
  text: string;
  format: ImportFormat;
  source: string;
  now: string;
  complete: boolean;
  dryRun: boolean;
  confirmCancel: boolean;
  maxPerformances?: number;
  /** The database to open in the worker (the server's own). */
  database: { dataDir: string; databaseUrl: string | null };
}

/** Why a job wrote nothing, as it crosses the thread boundary. */
export type ImportJobError =
  | { kind: 'parse'; format: ImportFormat; message: string }
  | { kind: 'refusal'; refusal: FeedRefusal }
  | { kind: 'mass-cancellation'; wouldCancel: number; upcoming: number }
  | { kind: 'too-large'; performances: number; max: number }
  | { kind: 'other'; message: string; stack?: string };

export type ImportJobAnswer = { id: number; report: ImportReport } | { id: number; error: ImportJobError };

/** An error as a job's answer carries it. */
export function jobErrorOf(error: unknown): ImportJobError {
  if (error instanceof ImportParseError)
    return { kind: 'parse', format: error.format, message: error.message };
  const refusal = refusalOf(error);
  if (refusal) return { kind: 'refusal', refusal };
  if (error instanceof MassCancellationError)
    return { kind: 'mass-cancellation', wouldCancel: error.wouldCancel, upcoming: error.upcoming };
  if (error instanceof ImportTooLargeError)
    return { kind: 'too-large', performances: error.performances, max: error.max };
  const e = error instanceof Error ? error : new Error(String(error));
  return { kind: 'other', message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
}

/** The error a job's answer stands for, of the class the HTTP layer turns into a problem. */
export function jobError(error: ImportJobError): Error {
  switch (error.kind) {
    case 'parse':
      return new ImportParseError(error.format, error.message);
    case 'refusal':
      return refusalError(error.refusal);
    case 'mass-cancellation':
      return new MassCancellationError(error.wouldCancel, error.upcoming);
    case 'too-large':
      return new ImportTooLargeError(error.performances, error.max);
    case 'other':
      return Object.assign(new Error(error.message), error.stack ? { stack: error.stack } : {});
  }
}

/** Runs a job against a store: read the feed, one transaction (the same steps as importFile). */
export async function applyJob(store: CatalogueStore, job: Omit<ImportJob, 'id' | 'kind' | 'database'>) {
  const batch = readFeed(job.text, job.format, job.source, job.complete, {
    now: job.now,
    ...(job.maxPerformances !== undefined ? { maxPerformances: job.maxPerformances } : {}),
  });
  return store.applyImport(batch, { now: job.now, dryRun: job.dryRun, confirmCancel: job.confirmCancel });
}

/** The worker's stores, one per database, opened at the first job and kept. */
const stores = new Map<string, Promise<CatalogueStore>>();

/** Runs a job in the worker thread; errors become an answer, never an exception. */
export async function runImportJob(job: ImportJob): Promise<ImportJobAnswer> {
  try {
    const key = JSON.stringify(job.database);
    let store = stores.get(key);
    if (!store) {
      const options: OpenStoreOptions = {
        dataDir: job.database.dataDir,
        databaseUrl: job.database.databaseUrl,
      };
      store = openStore(options);
      stores.set(key, store);
      store.catch(() => stores.delete(key));
    }
    return { id: job.id, report: await applyJob(await store, job) };
  } catch (error) {
    return { id: job.id, error: jobErrorOf(error) };
  }
}
