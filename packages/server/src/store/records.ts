import {
  type Accessibility,
  type Audience,
  type Discipline,
  type PerformanceStatus,
  type SizeClass,
  type SubDiscipline,
  sizeClassFromCapacity,
  type VenueType,
} from '@detour/sdk';
import type { ImportedPerformance, ImportedShow, ImportedVenue } from '../catalogue/batch.js';
import { ImportIntegrityError } from './errors.js';

/**
 * Source records as the store keeps them: cleaned so that every record read back parses with the
 * SDK schemas, and with a fixed key order so that equal records serialise to equal JSON (that is
 * how an unchanged record is recognised). Dialect-neutral: shared by the SQLite and PostgreSQL stores.
 */

export interface VenueRecord {
  name: string;
  address: string | null;
  town: string;
  postcode: string | null;
  inseeCode: string | null;
  lat: number;
  lon: number;
  capacity: number | null;
  sizeClass: SizeClass | null;
  type: VenueType;
  accessibility: Accessibility[];
  url: string | null;
}

export interface ShowRecord {
  title: string;
  creators: string[];
  discipline: Discipline;
  subDiscipline: SubDiscipline | null;
  audience: Audience;
  tags: string[];
  description: string | null;
  image: string | null;
  language: string | null;
}

export interface PerformanceRecord {
  start: string;
  /** Minutes since the Unix epoch (UTC). */
  startMin: number;
  end: string | null;
  priceMin: number | null;
  priceMax: number | null;
  free: boolean;
  url: string | null;
  status: PerformanceStatus;
}

const text = (value: string | null | undefined, max: number): string | null => {
  if (value === null || value === undefined) return null;
  const t = String(value).trim();
  return t === '' ? null : t.slice(0, max);
};

/** An absolute http(s) URL or null: nothing else may reach a link or an image. */
export function httpUrl(value: string | null | undefined): string | null {
  const t = text(value, 2048);
  return t !== null && /^https?:\/\//i.test(t) && URL.canParse(t) ? t : null;
}

const code = (value: string | null | undefined, pattern: RegExp): string | null => {
  const t = text(value, 10);
  return t !== null && pattern.test(t) ? t : null;
};

const uniqueSorted = <T extends string>(values: readonly T[]): T[] => [...new Set(values)].sort();

/** Cleans an imported venue. */
export function venueRecord(v: ImportedVenue): VenueRecord {
  const capacity =
    typeof v.capacity === 'number' && Number.isFinite(v.capacity) ? Math.round(v.capacity) : null;
  return {
    name: text(v.name, 300) ?? '',
    address: text(v.address, 500),
    town: text(v.town, 200) ?? '',
    postcode: code(v.postcode, /^\d{5}$/),
    inseeCode: code(v.inseeCode, /^(\d{5}|2[AB]\d{3})$/),
    lat: v.location.lat,
    lon: v.location.lon,
    capacity: capacity !== null && capacity > 0 ? capacity : null,
    sizeClass: v.sizeClass,
    type: v.type,
    accessibility: uniqueSorted(v.accessibility),
    url: httpUrl(v.url),
  };
}

/** Cleans an imported show. */
export function showRecord(s: ImportedShow): ShowRecord {
  const creators = [...new Set(s.creators.map((c) => text(c, 200)).filter((c): c is string => c !== null))];
  const tags = [...new Set(s.tags.map((t) => text(t, 60)).filter((t): t is string => t !== null))];
  return {
    title: text(s.title, 300) ?? '',
    creators: creators.slice(0, 20),
    discipline: s.discipline,
    subDiscipline: s.subDiscipline,
    audience: { kind: s.audience.kind, minAge: s.audience.minAge, maxAge: s.audience.maxAge },
    tags: tags.slice(0, 30),
    description: text(s.description, 5000),
    image: httpUrl(s.image),
    language: text(s.language, 35),
  };
}

const price = (value: number | null): number | null =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;

// The contract's date-time: seconds, optional fraction, and an explicit offset (a local time is ambiguous).
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const isoWithOffset = (value: string | null | undefined): value is string =>
  typeof value === 'string' && ISO_WITH_OFFSET.test(value) && Number.isFinite(Date.parse(value));

/** Cleans an imported performance; throws ImportIntegrityError on a start that is not ISO 8601 with an offset. */
export function performanceRecord(p: ImportedPerformance): PerformanceRecord {
  if (!isoWithOffset(p.start)) {
    throw new ImportIntegrityError(
      `performance ${p.sourceId}: start "${p.start}" is not an ISO date-time with offset`,
    );
  }
  const startMs = Date.parse(p.start);
  const end = isoWithOffset(p.end) ? p.end : null;
  return {
    start: p.start,
    startMin: Math.max(0, Math.floor(startMs / 60_000)),
    end,
    priceMin: price(p.price.min),
    priceMax: price(p.price.max),
    free: p.price.free === true,
    url: httpUrl(p.url),
    status: p.status,
  };
}

const isEmpty = (value: unknown): boolean => value === null || (Array.isArray(value) && value.length === 0);

/**
 * One record from several records of one source: the first one's values, with the fields it lacks (null or
 * empty list) filled from the next ones in the order they joined.
 */
export function mergeRecords<T extends object>(records: readonly T[]): T {
  const [first, ...rest] = records;
  if (first === undefined) throw new Error('mergeRecords needs at least one record');
  const merged = { ...first } as Record<string, unknown>;
  for (const r of rest) {
    for (const [key, value] of Object.entries(r)) {
      if (isEmpty(merged[key]) && !isEmpty(value)) merged[key] = value;
    }
  }
  return merged as T;
}

/** A source record of a venue or show, as the source sent it. */
export interface MemberRecord<T> {
  source: string;
  sourceId: string;
  data: T;
}

/** Which source record gave a public field. */
export interface FieldSource {
  source: string;
  sourceId: string;
}

/**
 * The owner of a venue or show: the source of its oldest record (`members` in the order they joined). Its
 * public fields come from the owner's records only, so that no other source can change, fill or remove them.
 */
export function ownerRecords<T>(members: readonly MemberRecord<T>[]): MemberRecord<T>[] {
  const owner = members[0]?.source;
  return members.filter((m) => m.source === owner);
}

/**
 * What the public sees of a venue or show, with the record that gave each field: the owner's records
 * merged (mergeRecords); the other sources' records contribute nothing.
 */
export function publicRecord<T extends object>(
  members: readonly MemberRecord<T>[],
): { record: T; provenance: Record<string, FieldSource> } {
  const own = ownerRecords(members);
  const record = mergeRecords(own.map((m) => m.data));
  const provenance: Record<string, FieldSource> = {};
  for (const key of Object.keys(record)) {
    // mergeRecords takes each field from the first record that has it.
    const giver = own.find((m) => !isEmpty((m.data as Record<string, unknown>)[key])) ?? own[0]!;
    provenance[key] = { source: giver.source, sourceId: giver.sourceId };
  }
  return { record, provenance };
}

/** Size class: declared, else from capacity, else 'moyen'. */
export function venueSizeClass(v: Pick<VenueRecord, 'sizeClass' | 'capacity'>): SizeClass {
  if (v.sizeClass !== null) return v.sizeClass;
  if (v.capacity !== null) return sizeClassFromCapacity(v.capacity);
  return 'moyen';
}

// Venue identity is a catalogue rule (catalogue/venue-identity.ts); re-exported for the stores.
export { SAME_VENUE_KM, sameVenue, type VenueIdentity } from '../catalogue/venue-identity.js';
