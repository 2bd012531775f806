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
export function readFeed(text: string, format: ImportFormat, source: string, complete = true): ImportBatch {
  checkDeclaredFormat(text, format);
  const batch = parseImport(text, format, source, complete);
  checkFeedNotEmpty(batch);
  return batch;
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
