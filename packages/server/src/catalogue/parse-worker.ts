import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import type { ImportFormat } from '@detour/sdk';
import { ImportParseError } from '../importers/errors.js';
import { type TransferBatch, toTransfer, transferables } from './batch-transfer.js';
import { type ImportJob, runImportJob } from './import-job.js';
import { type FeedRefusal, readFeed, refusalOf } from './read-feed.js';

/**
 * The worker thread of importFiles: reads and parses the files it is sent, one at a time, and posts each
 * batch back (structured clone) while the calling thread stores the previous one. Parsing is pure, so where
 * it runs changes nothing in the batch.
 */

/** A file to read and parse. */
export interface ParseRequest {
  id: number;
  file?: string;
  text?: string;
  format: ImportFormat;
  source: string;
  complete: boolean;
  /** The import's clock (recurring iCalendar events are expanded around it). */
  now?: string;
}

/**
 * A parsed batch, or why there is none (`parse`: the file could not be read or parsed, an ImportParseError;
 * `refusal`: the feed was refused, see readFeed).
 */
export type ParseResponse =
  | { id: number; batch: TransferBatch; readMs: number; parseMs: number }
  | {
      id: number;
      error: {
        parse: boolean;
        refusal: FeedRefusal | null;
        format: ImportFormat;
        message: string;
        stack?: string;
      };
    };

/** Reads (when given a file) and parses one request; errors become a response, never an exception. */
export async function answer(request: ParseRequest): Promise<ParseResponse> {
  const t0 = performance.now();
  try {
    let text = request.text;
    if (text === undefined) {
      try {
        text = await readFile(request.file ?? '', 'utf8');
      } catch (error) {
        throw new ImportParseError(request.format, `fichier illisible : ${(error as Error).message}`);
      }
    }
    const t1 = performance.now();
    const batch = readFeed(text, request.format, request.source, request.complete, { now: request.now });
    return { id: request.id, batch: toTransfer(batch), readMs: t1 - t0, parseMs: performance.now() - t1 };
  } catch (error) {
    const e = error as Error;
    return {
      id: request.id,
      error: {
        parse: error instanceof ImportParseError,
        refusal: refusalOf(error),
        format: request.format,
        message: e.message,
        ...(e.stack ? { stack: e.stack } : {}),
      },
    };
  }
}

/** Marks the worker importFiles starts (this module may also be loaded in other threads, e.g. a test pool's). */
export const PARSE_WORKER_MARK = 'detourParseWorker';

// One request at a time (a file to parse, or an HTTP import to read and store, see import-job.ts): a second file is parsed only once the first has been posted back.
const port = parentPort;
if (port && (workerData as Record<string, unknown> | null)?.[PARSE_WORKER_MARK] === true) {
  let queue = Promise.resolve();
  port.on('message', (request: ParseRequest | ImportJob) => {
    queue = queue.then(async () => {
      if ('kind' in request && request.kind === 'import') {
        port.postMessage(await runImportJob(request));
        return;
      }
      const response = await answer(request);
      // The columns' buffers move to the storing thread instead of being copied.
      const transfer = 'batch' in response ? transferables(response.batch) : [];
      port.postMessage(response, transfer);
    });
  });
}
