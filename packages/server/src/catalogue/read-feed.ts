import type { ImportFormat } from '@detour/sdk';
import { checkDeclaredFormat, type Sniff, WrongFormatError } from '../importers/sniff.js';
import { EmptyFeedError } from '../store/errors.js';
import { checkFeedNotEmpty } from '../store/import-rules.js';
import type { ImportBatch } from './batch.js';
import { parseImport } from './import.js';

/**
 * Reads a feed as every import path does (HTTP, CLI, several files): refuses a body that is not the declared
 * format (WrongFormatError) and a full feed with no readable performance (EmptyFeedError) before anything
 * reaches the store; ImportParseError when the file cannot be read at all.
 */
export function readFeed(
  text: string,
  format: ImportFormat,
  source: string,
  complete = true,
  limits: { maxPerformances?: number; now?: string | undefined } = {},
): ImportBatch {
  checkDeclaredFormat(text, format);
  const batch = parseImport(text, format, source, complete, limits.now);
  checkFeedNotEmpty(batch);
  const max = limits.maxPerformances;
  if (max !== undefined && batch.performances.length > max)
    throw new ImportTooLargeError(batch.performances.length, max);
  return batch;
}

/**
 * Most performances one `POST /v1/imports` may create or list once date ranges are expanded: a 5 MB file of
 * events running for months would otherwise become hundreds of thousands of rows in one request. Larger
 * catalogues go through `detour import` (no such bound) or several pushes.
 */
export const MAX_HTTP_IMPORT_PERFORMANCES = 100_000;

/** A feed expands to more performances than one import may hold: nothing was written. */
export class ImportTooLargeError extends Error {
  constructor(
    readonly performances: number,
    readonly max: number,
  ) {
    super(
      `this feed expands to ${performances} performances, more than the ${max} one import may hold: nothing was imported; split it, or import it with detour import`,
    );
    this.name = 'ImportTooLargeError';
  }
}

/** A refusal of readFeed as it crosses a thread boundary (structured clone drops error classes). */
export type FeedRefusal =
  | { kind: 'wrong-format'; declared: string; detected: Sniff }
  | { kind: 'empty-feed'; message: string };

/** The refusal an error stands for, or null when it is another error. */
export function refusalOf(error: unknown): FeedRefusal | null {
  if (error instanceof WrongFormatError)
    return { kind: 'wrong-format', declared: error.declared, detected: error.detected };
  if (error instanceof EmptyFeedError) return { kind: 'empty-feed', message: error.message };
  return null;
}

/** The error a refusal stands for, again. */
export function refusalError(refusal: FeedRefusal): WrongFormatError | EmptyFeedError {
  return refusal.kind === 'wrong-format'
    ? new WrongFormatError(refusal.declared, refusal.detected)
    : new EmptyFeedError(refusal.message);
}
