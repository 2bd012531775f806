import type { ImportFormat, ImportReport } from '@detour/sdk';
import { ImportParseError } from '../importers/errors.js';
import { MassCancellationError } from '../store/errors.js';
import type { CatalogueStore } from '../store/store.js';
import { fromTransfer } from './batch-transfer.js';
import { answer, type ParseRequest, type ParseResponse } from './parse-worker.js';
import { refusalError } from './read-feed.js';
import { startImportWorker } from './worker-thread.js';

/** One file of a several-file import. */
export interface ImportFileSpec {
  file: string;
  format: ImportFormat;
  source: string;
  /** A full feed (default): performances of this source that the file no longer lists are cancelled. */
  complete?: boolean;
}

/** What importing one file did, and where its time went. */
export interface FileImport {
  file: string;
  source: string;
  report: ImportReport;
  /** Reading and parsing the file (in the parse worker when pipelined: overlapping the store's work). */
  readMs: number;
  parseMs: number;
  /**
   * Time the store waited for this file's batch: the part of reading and parsing that did not overlap, and
   * receiving the batch from the worker.
   */
  waitMs: number;
  /** Storing the batch (one transaction). */
  storeMs: number;
}

export interface ImportFilesOptions {
  /** The import's clock (ISO 8601), the same for every file. */
  now: string;
  /**
   * Parse the next file in a worker thread while the store writes the current one (default: when there
   * are several files). Off: each file is read, parsed and stored in turn on this thread.
   */
  pipeline?: boolean;
  /** Called after each file is committed. */
  onFile?: (result: FileImport, index: number) => void;
  onProgress?: (file: number, done: number, total: number) => void;
  /** Compute each file's full report, write nothing. */
  dryRun?: boolean;
  /** Let a full feed cancel more than half of its source's upcoming performances. */
  confirmCancel?: boolean;
  /** Called inside each file's transaction just before it commits; what it throws aborts that import. */
  beforeCommit?: () => void;
}

/** A file of a several-file import could not be read or parsed: the files before it are imported, it and those after are not. */
export class ImportFilesError extends ImportParseError {
  constructor(
    readonly file: string,
    /** Files imported (committed) before the failure. */
    readonly imported: FileImport[],
    cause: ImportParseError,
  ) {
    super(cause.format, `${file} : ${cause.message}`, { cause });
  }
}

/**
 * A file of a several-file import was refused (not its declared format, an empty full feed, a mass
 * cancellation): the files before it are imported, it and those after are not.
 */
export class FileRefusedError extends Error {
  constructor(
    readonly file: string,
    /** Files imported (committed) before the refusal. */
    readonly imported: FileImport[],
    override readonly cause: Error,
  ) {
    super(`${file} : ${cause.message}`, { cause });
    this.name = 'FileRefusedError';
  }
}

/**
 * Imports files in order, one transaction each, as importFile would one after the other: the same
 * database and the same reports. Pipelined, file n+1 is read and parsed in a worker thread while the
 * store writes file n (at most one parsed batch waits), so the wall time tends to the store's time plus
 * the first file's parse. Throws ImportFilesError at the first file that cannot be read or parsed.
 */
export async function importFiles(
  store: CatalogueStore,
  files: readonly ImportFileSpec[],
  options: ImportFilesOptions,
): Promise<FileImport[]> {
  const requests: ParseRequest[] = files.map((f, id) => ({
    id,
    file: f.file,
    format: f.format,
    source: f.source,
    complete: f.complete ?? true,
    now: options.now,
  }));
  const parser = (options.pipeline ?? files.length > 1) && files.length > 0 ? startParser() : null;
  const parse = (i: number): Promise<ParseResponse> => {
    const response = parser ? parser.parse(requests[i]!) : answer(requests[i]!);
    // A file asked for ahead may be left unawaited when an earlier one fails (its rejection is not an error).
    response.catch(() => {});
    return response;
  };
  const results: FileImport[] = [];
  try {
    // Pipelined, the next file is asked for before the current one is stored; otherwise only after.
    let next: Promise<ParseResponse> | null = parser && files.length > 0 ? parse(0) : null;
    for (let i = 0; i < files.length; i++) {
      const waited = performance.now();
      const parsed = await (next ?? parse(i));
      next = parser && i + 1 < files.length ? parse(i + 1) : null;
      if ('error' in parsed) {
        const { error } = parsed;
        if (error.refusal) throw new FileRefusedError(files[i]!.file, results, refusalError(error.refusal));
        if (!error.parse)
          throw Object.assign(new Error(error.message), error.stack ? { stack: error.stack } : {});
        throw new ImportFilesError(
          files[i]!.file,
          results,
          new ImportParseError(error.format, error.message),
        );
      }
      const batch = fromTransfer(parsed.batch);
      const waitMs = performance.now() - waited;
      const stored = performance.now();
      const onProgress = options.onProgress;
      const report = await store
        .applyImport(batch, {
          now: options.now,
          dryRun: options.dryRun ?? false,
          confirmCancel: options.confirmCancel ?? false,
          ...(options.beforeCommit ? { beforeCommit: options.beforeCommit } : {}),
          ...(onProgress ? { onProgress: (done: number, total: number) => onProgress(i, done, total) } : {}),
        })
        .catch((error: unknown) => {
          throw error instanceof MassCancellationError
            ? new FileRefusedError(files[i]!.file, results, error)
            : error;
        });
      const result: FileImport = {
        file: files[i]!.file,
        source: files[i]!.source,
        report,
        readMs: parsed.readMs,
        parseMs: parsed.parseMs,
        waitMs,
        storeMs: performance.now() - stored,
      };
      results.push(result);
      options.onFile?.(result, i);
    }
    return results;
  } finally {
    await parser?.close();
  }
}

interface Parser {
  parse(request: ParseRequest): Promise<ParseResponse>;
  close(): Promise<void>;
}

/** Starts the parse worker; null when its module cannot be found (then files are parsed on this thread). */
function startParser(): Parser | null {
  const worker = startImportWorker();
  if (!worker) return null;
  const pending = new Map<number, { resolve: (r: ParseResponse) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  const fail = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  worker.on('message', (response: ParseResponse) => {
    const p = pending.get(response.id);
    pending.delete(response.id);
    p?.resolve(response);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`parse worker exited with code ${code}`)));
  return {
    parse(request) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        pending.set(request.id, { resolve, reject });
        worker.postMessage(request);
      });
    },
    async close() {
      failure ??= new Error('parse worker closed');
      await worker.terminate();
    },
  };
}
