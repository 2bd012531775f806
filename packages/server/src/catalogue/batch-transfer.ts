import type { PerformanceStatus } from '@detour/sdk';
import type { ImportBatch, ImportedPerformance } from './batch.js';

/**
 * A batch as the parse worker posts it: its performances as columns (typed arrays, and strings drawn from
 * tables where they repeat) instead of a million small objects. Receiving the objects (structured clone)
 * cost the storing thread ~4 µs per performance, on the critical path of a pipelined import; columns are
 * received in a fraction of that and turned back into the same objects.
 */
export interface TransferBatch extends Omit<ImportBatch, 'performances'> {
  performances: ImportedPerformance[] | PerformanceColumns;
}

export interface PerformanceColumns {
  count: number;
  sourceId: string[];
  start: string[];
  /** Index into `strings` (shared by the columns below: show and venue ids, ends, urls, statuses, currencies). */
  strings: string[];
  showSourceId: Uint32Array;
  venueSourceId: Uint32Array;
  /** Index into `strings`, or NO_STRING for null. */
  end: Uint32Array;
  url: Uint32Array;
  status: Uint32Array;
  currency: Uint32Array;
  priceMin: Float64Array;
  priceMax: Float64Array;
  /** Bit 0: free; bit 1: min is null; bit 2: max is null. */
  flags: Uint8Array;
}

const NO_STRING = 0xffffffff;
const PRICE_KEYS = 4;
const PERFORMANCE_KEYS = 8;

/**
 * The batch with its performances as columns, or unchanged when one of them is not exactly of the
 * ImportedPerformance shape (then it travels as objects, as before).
 */
export function toTransfer(batch: ImportBatch): TransferBatch {
  const columns = encodePerformances(batch.performances);
  return columns ? { ...batch, performances: columns } : batch;
}

/** The batch a TransferBatch carries. */
export function fromTransfer(batch: TransferBatch): ImportBatch {
  const { performances } = batch;
  return Array.isArray(performances)
    ? (batch as ImportBatch)
    : { ...batch, performances: decodePerformances(performances) };
}

/** Performances as columns; null when one has another shape (a field of another type, a missing or extra field). */
export function encodePerformances(list: readonly ImportedPerformance[]): PerformanceColumns | null {
  const n = list.length;
  const strings: string[] = [];
  const index = new Map<string, number>();
  const intern = (s: string): number => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const c: PerformanceColumns = {
    count: n,
    sourceId: new Array<string>(n),
    start: new Array<string>(n),
    strings,
    showSourceId: new Uint32Array(n),
    venueSourceId: new Uint32Array(n),
    end: new Uint32Array(n),
    url: new Uint32Array(n),
    status: new Uint32Array(n),
    currency: new Uint32Array(n),
    priceMin: new Float64Array(n),
    priceMax: new Float64Array(n),
    flags: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const p = list[i]!;
    const price = p.price;
    if (
      typeof p.sourceId !== 'string' ||
      typeof p.showSourceId !== 'string' ||
      typeof p.venueSourceId !== 'string' ||
      typeof p.start !== 'string' ||
      (p.end !== null && typeof p.end !== 'string') ||
      (p.url !== null && typeof p.url !== 'string') ||
      typeof p.status !== 'string' ||
      typeof price !== 'object' ||
      price === null ||
      (price.min !== null && typeof price.min !== 'number') ||
      (price.max !== null && typeof price.max !== 'number') ||
      typeof price.free !== 'boolean' ||
      typeof price.currency !== 'string' ||
      Object.keys(p).length !== PERFORMANCE_KEYS ||
      Object.keys(price).length !== PRICE_KEYS
    )
      return null;
    c.sourceId[i] = p.sourceId;
    c.start[i] = p.start;
    c.showSourceId[i] = intern(p.showSourceId);
    c.venueSourceId[i] = intern(p.venueSourceId);
    c.end[i] = p.end === null ? NO_STRING : intern(p.end);
    c.url[i] = p.url === null ? NO_STRING : intern(p.url);
    c.status[i] = intern(p.status);
    c.currency[i] = intern(price.currency);
    c.priceMin[i] = price.min ?? 0;
    c.priceMax[i] = price.max ?? 0;
    c.flags[i] = (price.free ? 1 : 0) | (price.min === null ? 2 : 0) | (price.max === null ? 4 : 0);
  }
  return c;
}

/** The performances a PerformanceColumns holds, as objects. */
export function decodePerformances(c: PerformanceColumns): ImportedPerformance[] {
  const out = new Array<ImportedPerformance>(c.count);
  const { strings } = c;
  const text = (i: number): string | null => (i === NO_STRING ? null : strings[i]!);
  for (let i = 0; i < c.count; i++) {
    const flags = c.flags[i]!;
    out[i] = {
      sourceId: c.sourceId[i]!,
      showSourceId: strings[c.showSourceId[i]!]!,
      venueSourceId: strings[c.venueSourceId[i]!]!,
      start: c.start[i]!,
      end: text(c.end[i]!),
      price: {
        min: flags & 2 ? null : c.priceMin[i]!,
        max: flags & 4 ? null : c.priceMax[i]!,
        free: (flags & 1) === 1,
        currency: strings[c.currency[i]!] as 'EUR',
      },
      url: text(c.url[i]!),
      status: strings[c.status[i]!] as PerformanceStatus,
    };
  }
  return out;
}
