import type { Accessibility, AudienceKind, Discipline, SizeClass, SubDiscipline } from '@detour/sdk';

/**
 * The engine's view of the catalogue: compact and columnar, so that 1,000,000 performances fit in
 * tens of megabytes. Built by the store (`CatalogueStore.loadSnapshot`), indexed by the engine.
 */
export interface SnapshotVenue {
  id: string;
  name: string;
  town: string;
  lat: number;
  lon: number;
  sizeClass: SizeClass;
  accessibility: Accessibility[];
}

export interface SnapshotShow {
  id: string;
  title: string;
  description: string | null;
  creators: string[];
  discipline: Discipline;
  subDiscipline: SubDiscipline | null;
  audience: AudienceKind;
  minAge: number | null;
  tags: string[];
}

/** Performance status codes in `SnapshotPerformances.status`. */
export const STATUS_CODE = { scheduled: 0, cancelled: 1, 'sold-out': 2, postponed: 3 } as const;

/** Column i of every array describes one performance. */
export interface SnapshotPerformances {
  count: number;
  /** The store's integer id; the public id is `p${rowId}`. */
  rowId: Uint32Array;
  /** Index into `CatalogueSnapshot.shows`. */
  show: Uint32Array;
  /** Index into `CatalogueSnapshot.venues`. */
  venue: Uint32Array;
  /** Start, in minutes since the Unix epoch (UTC). */
  startMin: Uint32Array;
  status: Uint8Array;
  /** Lowest price in euro cents, -1 when unknown. */
  priceMinCents: Int32Array;
  free: Uint8Array;
}

export interface CatalogueSnapshot {
  /** Changes whenever the catalogue changes; carried by every answer. */
  id: string;
  venues: SnapshotVenue[];
  shows: SnapshotShow[];
  performances: SnapshotPerformances;
}

/** Public id of a performance from its store row id, and back. */
export const performanceId = (rowId: number): string => `p${rowId}`;
export const performanceRowId = (id: string): number | null =>
  /^p\d+$/.test(id) ? Number(id.slice(1)) : null;
