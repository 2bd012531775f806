import type { Audience, Discipline, PerformanceStatus, SubDiscipline } from '@detour/sdk';
import type { ImportBatch, ImportedPerformance, ImportedShow } from './batch.js';

/**
 * A batch as the parse worker posts it: its shows and performances as columns (typed arrays, and strings
 * drawn from tables where they repeat) instead of a million small objects. Receiving the objects (structured clone)
 * cost the storing thread ~4 µs per performance, on the critical path of a pipelined import; columns are
 * received in a fraction of that and turned back into the same objects.
 */
export interface TransferBatch extends Omit<ImportBatch, 'performances' | 'shows'> {
  shows: ImportedShow[] | ShowColumns;
  performances: ImportedPerformance[] | PerformanceColumns;
}

/** Shows as columns: lists flattened (each show's items from `…Start[i]` to `…Start[i + 1]`). */
export interface ShowColumns {
  count: number;
  sourceId: string[];
  title: string[];
  /** Index into `strings` (disciplines, audiences, languages, creators, tags…), or NO_STRING for null. */
  strings: string[];
  discipline: Uint32Array;
  subDiscipline: Uint32Array;
  audienceKind: Uint32Array;
  /** NaN stands for null (an age is an integer when present: checked when encoding). */
  minAge: Float64Array;
  maxAge: Float64Array;
  creators: Uint32Array;
  creatorsStart: Uint32Array;
  tags: Uint32Array;
  tagsStart: Uint32Array;
  /** Long and mostly unique: kept as they are (null included). */
  description: Array<string | null>;
  image: Uint32Array;
  language: Uint32Array;
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
 * The batch with its shows and performances as columns; a list one of whose records is not exactly of
 * its type's shape travels as objects, as before.
 */
export function toTransfer(batch: ImportBatch): TransferBatch {
  return {
    ...batch,
    shows: encodeShows(batch.shows) ?? batch.shows,
    performances: encodePerformances(batch.performances) ?? batch.performances,
  };
}

/** The batch a TransferBatch carries. */
export function fromTransfer(batch: TransferBatch): ImportBatch {
  const { shows, performances } = batch;
  return {
    ...batch,
    shows: Array.isArray(shows) ? shows : decodeShows(shows),
    performances: Array.isArray(performances) ? performances : decodePerformances(performances),
  };
}

/** The typed arrays of a TransferBatch, whose buffers can be moved to the receiving thread instead of copied. */
export function transferables(batch: TransferBatch): ArrayBuffer[] {
  const out: ArrayBufferView[] = [];
  const p = batch.performances;
  if (!Array.isArray(p))
    out.push(
      p.showSourceId,
      p.venueSourceId,
      p.end,
      p.url,
      p.status,
      p.currency,
      p.priceMin,
      p.priceMax,
      p.flags,
    );
  const s = batch.shows;
  if (!Array.isArray(s))
    out.push(
      s.discipline,
      s.subDiscipline,
      s.audienceKind,
      s.minAge,
      s.maxAge,
      s.creators,
      s.creatorsStart,
      s.tags,
      s.tagsStart,
      s.image,
      s.language,
    );
  return out.map((a) => a.buffer as ArrayBuffer);
}

/** A string table: each distinct string once, referred to by index. */
function stringTable(): { strings: string[]; intern: (s: string) => number } {
  const strings: string[] = [];
  const index = new Map<string, number>();
  return {
    strings,
    intern: (s: string): number => {
      let i = index.get(s);
      if (i === undefined) {
        i = strings.length;
        strings.push(s);
        index.set(s, i);
      }
      return i;
    },
  };
}

const SHOW_KEYS = 10;
const AUDIENCE_KEYS = 3;
const isAge = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isInteger(v));
function isStrings(v: unknown): v is string[] {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return false; // holes included
  return true;
}

/** Shows as columns; null when one has another shape. */
export function encodeShows(list: readonly ImportedShow[]): ShowColumns | null {
  const n = list.length;
  const { strings, intern } = stringTable();
  const optional = (v: string | null) => (v === null ? NO_STRING : intern(v));
  const creators: number[] = [];
  const tags: number[] = [];
  const c: ShowColumns = {
    count: n,
    sourceId: new Array<string>(n),
    title: new Array<string>(n),
    strings,
    discipline: new Uint32Array(n),
    subDiscipline: new Uint32Array(n),
    audienceKind: new Uint32Array(n),
    minAge: new Float64Array(n),
    maxAge: new Float64Array(n),
    creators: new Uint32Array(0),
    creatorsStart: new Uint32Array(n + 1),
    tags: new Uint32Array(0),
    tagsStart: new Uint32Array(n + 1),
    description: new Array<string | null>(n),
    image: new Uint32Array(n),
    language: new Uint32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const sh = list[i]!;
    const a = sh.audience;
    if (
      typeof sh.sourceId !== 'string' ||
      typeof sh.title !== 'string' ||
      !isStrings(sh.creators) ||
      typeof sh.discipline !== 'string' ||
      (sh.subDiscipline !== null && typeof sh.subDiscipline !== 'string') ||
      typeof a !== 'object' ||
      a === null ||
      typeof a.kind !== 'string' ||
      !isAge(a.minAge) ||
      !isAge(a.maxAge) ||
      !isStrings(sh.tags) ||
      (sh.description !== null && typeof sh.description !== 'string') ||
      (sh.image !== null && typeof sh.image !== 'string') ||
      (sh.language !== null && typeof sh.language !== 'string') ||
      Object.keys(sh).length !== SHOW_KEYS ||
      Object.keys(a).length !== AUDIENCE_KEYS
    )
      return null;
    c.sourceId[i] = sh.sourceId;
    c.title[i] = sh.title;
    c.discipline[i] = intern(sh.discipline);
    c.subDiscipline[i] = optional(sh.subDiscipline);
    c.audienceKind[i] = intern(a.kind);
    c.minAge[i] = a.minAge ?? Number.NaN;
    c.maxAge[i] = a.maxAge ?? Number.NaN;
    for (const x of sh.creators) creators.push(intern(x));
    c.creatorsStart[i + 1] = creators.length;
    for (const x of sh.tags) tags.push(intern(x));
    c.tagsStart[i + 1] = tags.length;
    c.description[i] = sh.description;
    c.image[i] = optional(sh.image);
    c.language[i] = optional(sh.language);
  }
  c.creators = Uint32Array.from(creators);
  c.tags = Uint32Array.from(tags);
  return c;
}

/** The shows a ShowColumns holds, as objects. */
export function decodeShows(c: ShowColumns): ImportedShow[] {
  const out = new Array<ImportedShow>(c.count);
  const { strings } = c;
  const text = (i: number): string | null => (i === NO_STRING ? null : strings[i]!);
  const age = (v: number): number | null => (Number.isNaN(v) ? null : v);
  const list = (items: Uint32Array, from: number, to: number): string[] => {
    const xs = new Array<string>(to - from);
    for (let k = from; k < to; k++) xs[k - from] = strings[items[k]!]!;
    return xs;
  };
  for (let i = 0; i < c.count; i++) {
    out[i] = {
      sourceId: c.sourceId[i]!,
      title: c.title[i]!,
      creators: list(c.creators, c.creatorsStart[i]!, c.creatorsStart[i + 1]!),
      discipline: strings[c.discipline[i]!] as Discipline,
      subDiscipline: text(c.subDiscipline[i]!) as SubDiscipline | null,
      audience: {
        kind: strings[c.audienceKind[i]!] as Audience['kind'],
        minAge: age(c.minAge[i]!),
        maxAge: age(c.maxAge[i]!),
      },
      tags: list(c.tags, c.tagsStart[i]!, c.tagsStart[i + 1]!),
      description: c.description[i]!,
      image: text(c.image[i]!),
      language: text(c.language[i]!),
    };
  }
  return out;
}

/** Performances as columns; null when one has another shape (a field of another type, a missing or extra field). */
export function encodePerformances(list: readonly ImportedPerformance[]): PerformanceColumns | null {
  const n = list.length;
  const { strings, intern } = stringTable();
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
