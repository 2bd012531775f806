import {
  type Accessibility,
  type AudienceKind,
  type Discipline,
  type FieldProvenance,
  type Performance,
  type PerformanceStatus,
  type Provenance,
  priceBandOf,
  type Show,
  type SizeClass,
  type SubDiscipline,
  type Venue,
  type VenueType,
} from '@detour/sdk';

import { publicRecord } from './records.js';

/**
 * Rows as the stores' queries select them, and their mapping to contract records. Shared: the
 * PostgreSQL store selects the same shapes (lists as JSON text, `free` as 0/1).
 */

export interface VenueRow {
  id: number;
  public_id: string;
  name: string;
  address: string | null;
  town: string;
  postcode: string | null;
  insee_code: string | null;
  lat: number;
  lon: number;
  capacity: number | null;
  size_class: string;
  type: string;
  accessibility: string;
  url: string | null;
}

export interface ShowRow {
  id: number;
  public_id: string;
  title: string;
  creators: string;
  discipline: string;
  sub_discipline: string | null;
  audience_kind: string;
  min_age: number | null;
  max_age: number | null;
  tags: string;
  description: string | null;
  image: string | null;
  language: string | null;
}

export interface PerformanceRow {
  id: number;
  source: string;
  source_id: string;
  show_public_id: string;
  venue_public_id: string;
  start_at: string;
  end_at: string | null;
  price_min: number | null;
  price_max: number | null;
  free: number;
  url: string | null;
  status: string;
  last_seen: string;
}

export interface ProvenanceRow {
  owner: number;
  source: string;
  source_id: string;
  last_seen: string;
}

/** Adds provenance rows to their owner's list, keeping the rows' order. */
export function groupByOwner(
  rows: readonly ProvenanceRow[],
  byOwner = new Map<number, ProvenanceRow[]>(),
): Map<number, ProvenanceRow[]> {
  for (const r of rows) {
    const list = byOwner.get(r.owner);
    if (list) list.push(r);
    else byOwner.set(r.owner, [r]);
  }
  return byOwner;
}

export const PERFORMANCE_COLUMNS = `p.id, p.source, p.source_id, s.public_id AS show_public_id, v.public_id AS venue_public_id,
  p.start_at, p.end_at, p.price_min, p.price_max, p.free, p.url, p.status, p.last_seen`;
export const PERFORMANCE_FROM =
  'performances p JOIN shows s ON s.id = p.show_id JOIN venues v ON v.id = p.venue_id';

const provenance = (r: ProvenanceRow): Provenance => ({
  source: r.source,
  sourceId: r.source_id,
  lastSeen: r.last_seen,
});

export function venueFromRow(r: VenueRow, sources: ProvenanceRow[]): Venue {
  return {
    id: r.public_id,
    name: r.name,
    address: r.address,
    town: r.town,
    postcode: r.postcode,
    inseeCode: r.insee_code,
    location: { lat: r.lat, lon: r.lon },
    capacity: r.capacity,
    sizeClass: r.size_class as SizeClass,
    type: r.type as VenueType,
    accessibility: JSON.parse(r.accessibility) as Accessibility[],
    url: r.url,
    sources: sources.map(provenance),
  };
}

export function showFromRow(r: ShowRow, sources: ProvenanceRow[]): Show {
  return {
    id: r.public_id,
    title: r.title,
    creators: JSON.parse(r.creators) as string[],
    discipline: r.discipline as Discipline,
    subDiscipline: r.sub_discipline as SubDiscipline | null,
    audience: { kind: r.audience_kind as AudienceKind, minAge: r.min_age, maxAge: r.max_age },
    tags: JSON.parse(r.tags) as string[],
    description: r.description,
    image: r.image,
    language: r.language,
    sources: sources.map(provenance),
  };
}

export function performanceFromRow(r: PerformanceRow): Performance {
  const free = r.free === 1;
  return {
    id: `p${r.id}`,
    showId: r.show_public_id,
    venueId: r.venue_public_id,
    start: r.start_at,
    end: r.end_at,
    price: {
      min: r.price_min,
      max: r.price_max,
      free,
      currency: 'EUR',
      band: priceBandOf({ free, min: r.price_min }),
    },
    url: r.url,
    status: r.status as PerformanceStatus,
    source: { source: r.source, sourceId: r.source_id, lastSeen: r.last_seen },
  };
}

/** A source record of a venue or show as stored (venue_sources, show_sources), in the order they joined. */
export interface MemberRow {
  source: string;
  source_id: string;
  data: string;
}

/** Which source record gave each public field of a venue or show (contract field names). */
export function fieldProvenance(rows: readonly MemberRow[]): FieldProvenance {
  if (rows.length === 0) return {};
  const { provenance } = publicRecord(
    rows.map((r) => ({ source: r.source, sourceId: r.source_id, data: JSON.parse(r.data) as object })),
  );
  const fields: FieldProvenance = { ...provenance };
  // A venue record keeps its coordinates as lat/lon; the contract calls them location.
  if (fields.lat) {
    fields.location = fields.lat;
    delete fields.lat;
    delete fields.lon;
  }
  return fields;
}
