import type { ImportReport, Performance, Policy, PolicySettings, Show, Venue } from '@detour/sdk';
import type { ImportBatch } from '../catalogue/batch.js';
import type { CatalogueSnapshot } from '../engine/snapshot.js';

/** Why records of different sources were joined into one show, and how to undo it. */
export interface ShowMembership {
  source: string;
  sourceId: string;
  /** Fields that matched when this record was merged into the show ('title', 'creators', 'discipline'). */
  matched: string[];
  score: number;
  mergedAt: string;
  /** When an editor split this record off into a show of its own (it then stays there on re-import). */
  splitAt: string | null;
}

export interface ImportOptions {
  /** The import's clock (ISO): provenance lastSeen, and what counts as past. */
  now: string;
  /** Called now and then during long imports. */
  onProgress?: (done: number, total: number) => void;
  /** Compute the full report, write nothing. */
  dryRun?: boolean;
  /** Let a full feed cancel more than half of the source's upcoming performances (MassCancellationError otherwise). */
  confirmCancel?: boolean;
  /**
   * Called inside the transaction just before it commits: what it throws aborts the import, nothing
   * committed (a relaunched CLI child whose parent was killed, see cli/young-generation.ts).
   */
  beforeCommit?: () => void;
}

/** Per-venue exposure, amortised: impressions received and attention deserved, both decayed. */
export interface ExposureSnapshot {
  id: string;
  network: string;
  computedAt: string;
  venues: Record<string, { received: number; deserved: number }>;
}

/**
 * A change committed through any server sharing the database: the catalogue (with its new revision),
 * a network's policy, or an exposure snapshot.
 */
export interface CatalogueChange {
  kind: 'catalogue' | 'policy' | 'exposure';
  /** The catalogue revision now committed ('catalogue'). */
  revision?: number;
  /** The network concerned ('policy', 'exposure'). */
  network?: string;
  /** The policy version published ('policy'), when known. */
  version?: number;
  /** The exposure snapshot saved ('exposure'), when known. */
  id?: string;
}

export type CatalogueChangeListener = (event: CatalogueChange) => void;

/**
 * The storage interface: everything the rest of the server asks of a database, narrow enough to be
 * implemented on SQLite (embedded, default) and on PostgreSQL. All methods are async for the latter.
 */
export interface CatalogueStore {
  readonly kind: 'sqlite' | 'postgres';

  /** Applies a batch in one transaction: all of it or nothing. Idempotent by (source, sourceId). */
  applyImport(batch: ImportBatch, options: ImportOptions): Promise<ImportReport>;

  /** A counter that grows with every change of the catalogue. */
  revision(): Promise<number>;

  getVenue(id: string): Promise<Venue | null>;
  getVenues(ids: readonly string[]): Promise<Venue[]>;
  getShow(id: string): Promise<Show | null>;
  getShows(ids: readonly string[]): Promise<Show[]>;
  getPerformances(ids: readonly string[]): Promise<Performance[]>;
  /** A show's performances starting at or after `fromIso`, by start time. */
  listShowPerformances(showId: string, fromIso: string): Promise<Performance[]>;
  /** The source records joined into a show, each with the fields that matched. */
  showMembers(showId: string): Promise<ShowMembership[]>;
  /** Undoes a wrong merge: the record (source, sourceId) and its performances become a show of their own. */
  splitShow(showId: string, source: string, sourceId: string): Promise<string>;
  counts(): Promise<{ venues: number; shows: number; performances: number }>;
  /** Distinct sources with their record counts. */
  sources(): Promise<Array<{ source: string; performances: number }>>;

  /** The compact, columnar catalogue the engine indexes. */
  loadSnapshot(): Promise<CatalogueSnapshot>;

  /** Policies: immutable versions per network. */
  currentPolicy(network: string): Promise<Policy | null>;
  policyVersions(network: string): Promise<Policy[]>;
  publishPolicy(
    network: string,
    settings: PolicySettings,
    meta: { by: string; comment: string; restoredFrom: number | null; at: string },
  ): Promise<Policy>;

  /** Exposure: aggregated impression weights per venue (no visitor identifier exists to store). */
  addImpressions(
    network: string,
    rows: ReadonlyArray<{ venueId: string; weight: number }>,
    at: string,
  ): Promise<void>;
  /** Decayed per-venue impressions since the beginning, at a given time. */
  exposureTotals(network: string, at: string, halfLifeDays: number): Promise<Record<string, number>>;
  /**
   * Stores a snapshot unless one with its id exists (the first writer of a step wins), deletes the
   * network's snapshots older than the retention (EXPOSURE_RETENTION_MS before this one), and returns
   * the stored snapshot, which every replica then serves.
   */
  saveExposureSnapshot(snapshot: ExposureSnapshot): Promise<ExposureSnapshot>;
  latestExposureSnapshot(network: string): Promise<ExposureSnapshot | null>;

  /** Partner API keys, stored hashed; each bound to the source(s) it may write. */
  createApiKey(
    label: string,
    sources: readonly string[],
    at: string,
  ): Promise<{ id: string; secret: string }>;
  verifyApiKey(secret: string): Promise<{ id: string; label: string; sources: string[] } | null>;
  revokeApiKey(id: string, at: string): Promise<boolean>;
  listApiKeys(): Promise<
    Array<{ id: string; label: string; sources: string[]; createdAt: string; revokedAt: string | null }>
  >;

  /** Editor console tokens, stored hashed, with a role. */
  createEditorToken(name: string, role: EditorRole, at: string): Promise<{ id: string; secret: string }>;
  verifyEditorToken(secret: string): Promise<{ id: string; name: string; role: EditorRole } | null>;
  /**
   * When the token with this secret was revoked; null when no revoked token has it (never issued,
   * mistyped, or still active). Lets the console tell a mistyped token from one that stopped working.
   */
  editorTokenRevokedAt(secret: string): Promise<string | null>;
  revokeEditorToken(id: string, at: string): Promise<boolean>;

  /**
   * Calls `listener` after each committed change of the catalogue, a policy or the exposure snapshots,
   * made through this store or — on PostgreSQL — any other server sharing the database. Returns the
   * unsubscription.
   */
  watch(listener: CatalogueChangeListener): () => void;

  close(): Promise<void>;
}

export type EditorRole = 'viewer' | 'editor';
