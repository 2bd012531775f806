import type { Worker } from 'node:worker_threads';
import type { ImportReport } from '@detour/sdk';
import { applyJob, type ImportJob, type ImportJobAnswer, jobError } from '../catalogue/import-job.js';
import { startImportWorker } from '../catalogue/worker-thread.js';
import type { CatalogueStore } from '../store/store.js';

/** What the import route asks to be done with a pushed feed. */
export type ImportRequest = Omit<ImportJob, 'id' | 'kind' | 'database'>;

/** Runs pushed imports; resolves to the report or rejects with the import's own error classes. */
export interface ImportRunner {
  run(request: ImportRequest): Promise<ImportReport>;
  close(): Promise<void>;
}

/** Imports on the calling thread, through the server's own store (a server given a store it does not own). */
export function inThreadImportRunner(store: CatalogueStore): ImportRunner {
  return { run: (request) => applyJob(store, request), close: async () => {} };
}

/**
 * Imports in a worker thread with its own connection to the server's database: parsing a 5 MB feed and
 * holding the write transaction never delay a reader. One import at a time (the database takes one writer);
 * the worker starts at the first import and is restarted if it dies. Falls back to the calling thread when
 * the worker module cannot be found.
 */
export function workerImportRunner(database: ImportJob['database'], store: CatalogueStore): ImportRunner {
  let worker: Worker | null = null;
  let nextId = 0;
  const pending = new Map<number, { resolve: (r: ImportReport) => void; reject: (e: Error) => void }>();
  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  const start = (): Worker | null => {
    const w = startImportWorker();
    if (!w) return null;
    w.unref();
    w.on('message', (answer: ImportJobAnswer) => {
      const p = pending.get(answer.id);
      pending.delete(answer.id);
      if (!p) return;
      if ('report' in answer) p.resolve(answer.report);
      else p.reject(jobError(answer.error));
    });
    w.on('error', (error) => failAll(error));
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      failAll(new Error(`import worker exited with code ${code}`));
    });
    return w;
  };
  const fallback = inThreadImportRunner(store);
  return {
    run(request) {
      worker ??= start();
      const w = worker;
      if (!w) return fallback.run(request);
      const id = nextId++;
      return new Promise<ImportReport>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ ...request, id, kind: 'import', database } satisfies ImportJob);
      });
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
