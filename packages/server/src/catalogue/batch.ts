import type {
  Accessibility,
  Audience,
  Discipline,
  GeoPoint,
  ImportFormat,
  ImportWarning,
  PerformanceStatus,
  Price,
  Reject,
  SizeClass,
  Skip,
  SubDiscipline,
  VenueType,
} from '@detour/sdk';

/**
 * What every importer produces from a file, before identity resolution: records keyed by the
 * source's own ids. The store turns a batch into venues, shows and performances in one transaction.
 */
export interface ImportedVenue {
  sourceId: string;
  name: string;
  address: string | null;
  town: string;
  postcode: string | null;
  inseeCode: string | null;
  location: GeoPoint;
  capacity: number | null;
  /** Declared size class; when null the store derives it from capacity, else 'moyen'. */
  sizeClass: SizeClass | null;
  type: VenueType;
  accessibility: Accessibility[];
  url: string | null;
  /**
   * Country as the producer wrote it (ISO 3166-1 code or name), when it gave one: read by the batch-level
   * place check (a place outside France is refused), never stored.
   */
  country?: string | null;
}

export interface ImportedShow {
  sourceId: string;
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

export interface ImportedPerformance {
  sourceId: string;
  showSourceId: string;
  venueSourceId: string;
  /** ISO 8601 with offset. */
  start: string;
  end: string | null;
  price: Omit<Price, 'band'>;
  url: string | null;
  status: PerformanceStatus;
}

export interface ImportBatch {
  source: string;
  format: ImportFormat;
  /** Number of records read in the file (valid, rejected and skipped). */
  records: number;
  venues: ImportedVenue[];
  shows: ImportedShow[];
  performances: ImportedPerformance[];
  rejected: Reject[];
  skipped: number;
  /** Records kept with a note for their producer (an offset contradicting Paris time…); none when left out. */
  warnings?: ImportWarning[];
  /** Each skipped record and why (skipped is their count). */
  skips: Skip[];
  /**
   * When true (a full feed of the source), performances of this source that the batch no longer
   * lists are marked cancelled. When false (a partial push), nothing is cancelled by absence.
   */
  complete: boolean;
}
