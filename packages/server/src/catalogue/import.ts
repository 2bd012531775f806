import { readFile } from 'node:fs/promises';
import type { ImportFormat, ImportReport } from '@detour/sdk';
import { parseCsvImport } from '../importers/csv.js';
import { ImportParseError } from '../importers/errors.js';
import { parseFestivals } from '../importers/festivals.js';
import { parseIcs } from '../importers/ics.js';
import { parseJsonLd } from '../importers/jsonld.js';
import { parseOpenAgenda } from '../importers/openagenda.js';
import { parseOpenAgendaOds } from '../importers/openagenda-ods.js';
import type { CatalogueStore } from '../store/store.js';
import type { ImportBatch } from './batch.js';
import { normaliseBatch } from './normalise-batch.js';
import { readFeed } from './read-feed.js';

export { ImportParseError } from '../importers/errors.js';

export interface ImportFileOptions {
  /** A file to read (UTF-8), or the text itself. */
  file?: string;
  text?: string;
  format: ImportFormat;
  source: string;
  /** The import's clock (ISO 8601). */
  now: string;
  /** A full feed (default): performances of this source that the file no longer lists are cancelled. */
  complete?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Compute the full report, write nothing. */
  dryRun?: boolean;
  /** Let a full feed cancel more than half of the source's upcoming performances. */
  confirmCancel?: boolean;
  /** Called inside the transaction just before it commits; what it throws aborts the import. */
  beforeCommit?: () => void;
}

/**
 * Parses text of a given format into a batch (pure), then applies the rules common to every format
 * (normaliseBatch: places, statuses in titles); throws ImportParseError when it cannot be read at all.
 * `now` (the import's clock) is where recurring iCalendar events are expanded around.
 */
export function parseImport(
  text: string,
  format: ImportFormat,
  source: string,
  complete = true,
  now?: string,
): ImportBatch {
  return normaliseBatch(parseFormat(text, format, source, complete, now));
}

function parseFormat(
  text: string,
  format: ImportFormat,
  source: string,
  complete: boolean,
  now: string | undefined,
): ImportBatch {
  switch (format) {
    case 'jsonld':
      return parseJsonLd(text, { source, complete });
    case 'festivals':
      return parseFestivals(text, { source, complete });
    case 'csv':
      return parseCsvImport(text, { source, complete });
    case 'openagenda':
      return parseOpenAgenda(text, { source, complete });
    case 'openagenda-ods':
      return parseOpenAgendaOds(text, { source, complete });
    case 'ics':
      return parseIcs(text, { source, complete, ...(now ? { now } : {}) });
  }
}

/**
 * Imports one file into the store: read it as a feed (nothing is written when it cannot be parsed, is not
 * the declared format, or is an empty full feed: see readFeed), then one transaction. Returns what changed, with every rejected record.
 */
export async function importFile(store: CatalogueStore, options: ImportFileOptions): Promise<ImportReport> {
  let text = options.text;
  if (text === undefined) {
    if (!options.file) throw new TypeError('importFile needs a file or a text');
    try {
      text = await readFile(options.file, 'utf8');
    } catch (error) {
      throw new ImportParseError(options.format, `fichier illisible : ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  const batch = readFeed(text, options.format, options.source, options.complete ?? true, {
    now: options.now,
  });
  return store.applyImport(batch, {
    now: options.now,
    dryRun: options.dryRun ?? false,
    confirmCancel: options.confirmCancel ?? false,
    ...(options.beforeCommit ? { beforeCommit: options.beforeCommit } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}
