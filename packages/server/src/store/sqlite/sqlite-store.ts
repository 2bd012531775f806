import type { ImportReport, Performance, Policy, PolicySettings, Show, Venue } from '@detour/sdk';
import { PolicySettingsSchema } from '@detour/sdk/contract';
import type Database from 'better-sqlite3';
import type { ImportBatch } from '../../catalogue/batch.js';
import type { CatalogueSnapshot } from '../../engine/snapshot.js';
import { performanceRowId } from '../../engine/snapshot.js';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import {
  aggregateImpressions,
  dayBucket,
  decayedTotals,
  exposurePruneBefore,
  firstUsefulDay,
} from '../exposure.js';
import { hashSecret, newSecret, randomId, SECRET_PREFIX, stableId } from '../ids.js';
import { applyOrDryRun, reportChangedCatalogue } from '../import-rules.js';
import {
  fieldProvenance,
  groupByOwner,
  type MemberRow,
  PERFORMANCE_COLUMNS,
  PERFORMANCE_FROM,
  type PerformanceRow,
  type ProvenanceRow,
  performanceFromRow,
  type ShowRow,
  showFromRow,
  type VenueRow,
  venueFromRow,
} from '../rows.js';
import type {
  CatalogueChange,
  CatalogueChangeListener,
  CatalogueStore,
  EditorRole,
  ExposureSnapshot,
  ImportOptions,
  ShowMembership,
} from '../store.js';
import { applyImportInTransaction, forgetKeptIndex, insertShow, recomputeShow } from './apply-import.js';
import { openDatabase, type SqliteDatabase } from './database.js';
import { loadSnapshot } from './snapshot.js';

interface PolicyRow {
  network: string;
  version: number;
  settings: string;
  published_at: string;
  published_by: string;
  comment: string;
  restored_from: number | null;
}

const policyFromRow = (r: PolicyRow): Policy => ({
  network: r.network,
  version: r.version,
  settings: JSON.parse(r.settings) as PolicySettings,
  publishedAt: r.published_at,
  publishedBy: r.published_by,
  comment: r.comment,
  restoredFrom: r.restored_from,
});

interface RecordReads {
  venues: Database.Statement;
  venueSources: Database.Statement;
  shows: Database.Statement;
  showSources: Database.Statement;
  performances: Database.Statement;
}

// `IN (SELECT value FROM json_each(?))` searches the key's index once per id, as `IN (?, ?, …)` does.
const IDS = 'IN (SELECT value FROM json_each(?))';

function prepareRecordReads(db: SqliteDatabase): RecordReads {
  const sources = (table: string, owner: string) =>
    db.prepare(
      `SELECT ${owner} AS owner, source, source_id, last_seen FROM ${table} WHERE ${owner} ${IDS} ORDER BY id`,
    );
  return {
    venues: db.prepare(`SELECT * FROM venues WHERE public_id ${IDS}`),
    venueSources: sources('venue_sources', 'venue_id'),
    shows: db.prepare(`SELECT * FROM shows WHERE public_id ${IDS}`),
    showSources: sources('show_sources', 'show_id'),
    performances: db.prepare(`SELECT ${PERFORMANCE_COLUMNS} FROM ${PERFORMANCE_FROM} WHERE p.id ${IDS}`),
  };
}

/** The provenance rows of some venues or shows (keyed by their row), grouped by owner in their id order. */
function provenance(
  statement: Database.Statement,
  rows: Map<string, { id: number }>,
): Map<number, ProvenanceRow[]> {
  if (rows.size === 0) return new Map();
  const ids: number[] = [];
  for (const r of rows.values()) ids.push(r.id);
  return groupByOwner(statement.all(JSON.stringify(ids)) as ProvenanceRow[]);
}

/**
 * The embedded catalogue store: better-sqlite3 (synchronous, in-process) behind the async
 * CatalogueStore interface. One writer at a time; readers see the last committed state (WAL).
 */
export class SqliteCatalogueStore implements CatalogueStore {
  readonly kind = 'sqlite' as const;

  readonly #listeners = new Set<CatalogueChangeListener>();

  constructor(readonly db: SqliteDatabase) {}

  /**
   * Calls `listener` after each change committed through this store (the embedded database has one
   * writing process; `detour serve --workers` relays between its workers).
   */
  watch(listener: CatalogueChangeListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Tells the listeners of a committed change, after the write's own caller resumes. */
  #changed(event: CatalogueChange): void {
    if (this.#listeners.size === 0) return;
    queueMicrotask(() => {
      for (const listener of [...this.#listeners]) {
        try {
          listener(event);
        } catch {
          // A listener's failure is its own: the change is committed either way.
        }
      }
    });
  }

  async applyImport(batch: ImportBatch, options: ImportOptions): Promise<ImportReport> {
    // IMMEDIATE: take the write lock up front, so a concurrent writer waits instead of failing mid-way.
    const { report, written } = await applyOrDryRun(options, (end) =>
      this.db.transaction(() => end(applyImportInTransaction(this.db, batch, options))).immediate(),
    );
    if (!written) forgetKeptIndex(this.db);
    else if (reportChangedCatalogue(report))
      this.#changed({ kind: 'catalogue', revision: await this.revision() });
    return report;
  }

  async revision(): Promise<number> {
    return Number(this.db.prepare('SELECT revision FROM catalogue_state WHERE id = 1').pluck().get());
  }

  /**
   * The statements of the record reads (hydration runs them on every recommendation the record cache
   * misses), prepared once per connection. Ids go in as one JSON array (`json_each`): one statement
   * whatever the number of ids, instead of one SQL text, compiled anew, per list length.
   */
  #reads: RecordReads | null = null;

  get #read(): RecordReads {
    this.#reads ??= prepareRecordReads(this.db);
    return this.#reads;
  }

  /** The venue with the source record of each public field. */
  async getVenue(id: string): Promise<Venue | null> {
    return this.#withProvenance((await this.getVenues([id]))[0], 'venue_sources', 'venues', 'venue_id');
  }

  /** A venue or show with `provenance`: which of its records gave each public field. */
  #withProvenance<T extends Venue | Show>(
    record: T | undefined,
    members: 'venue_sources' | 'show_sources',
    owners: 'venues' | 'shows',
    column: 'venue_id' | 'show_id',
  ): T | null {
    if (!record) return null;
    const rows = this.db
      .prepare(
        `SELECT m.source, m.source_id, m.data FROM ${members} m JOIN ${owners} o ON o.id = m.${column}
         WHERE o.public_id = ? ORDER BY m.id`,
      )
      .all(record.id) as MemberRow[];
    return { ...record, provenance: fieldProvenance(rows) };
  }

  /** Venues in the order asked, unknown ids left out. */
  async getVenues(ids: readonly string[]): Promise<Venue[]> {
    if (ids.length === 0) return [];
    const read = this.#read;
    const rows = new Map<string, VenueRow>();
    for (const r of read.venues.all(JSON.stringify(ids)) as VenueRow[]) rows.set(r.public_id, r);
    const sources = provenance(read.venueSources, rows);
    return ids.flatMap((id) => {
      const r = rows.get(id);
      return r ? [venueFromRow(r, sources.get(r.id) ?? [])] : [];
    });
  }

  /** The show with the source record of each public field. */
  async getShow(id: string): Promise<Show | null> {
    return this.#withProvenance((await this.getShows([id]))[0], 'show_sources', 'shows', 'show_id');
  }

  /** Shows in the order asked, unknown ids left out. */
  async getShows(ids: readonly string[]): Promise<Show[]> {
    if (ids.length === 0) return [];
    const read = this.#read;
    const rows = new Map<string, ShowRow>();
    for (const r of read.shows.all(JSON.stringify(ids)) as ShowRow[]) rows.set(r.public_id, r);
    const sources = provenance(read.showSources, rows);
    return ids.flatMap((id) => {
      const r = rows.get(id);
      return r ? [showFromRow(r, sources.get(r.id) ?? [])] : [];
    });
  }

  /** Performances in the order asked, unknown ids left out. */
  async getPerformances(ids: readonly string[]): Promise<Performance[]> {
    const rowIds = ids.map(performanceRowId).filter((n): n is number => n !== null);
    if (rowIds.length === 0) return [];
    const byId = new Map<number, Performance>();
    for (const r of this.#read.performances.all(JSON.stringify(rowIds)) as PerformanceRow[]) {
      byId.set(r.id, performanceFromRow(r));
    }
    return ids.flatMap((id) => {
      const n = performanceRowId(id);
      const p = n === null ? undefined : byId.get(n);
      return p ? [p] : [];
    });
  }

  async listShowPerformances(showId: string, fromIso: string): Promise<Performance[]> {
    const fromMs = Date.parse(fromIso);
    if (!Number.isFinite(fromMs)) throw new InvalidInputError(`not a date: ${fromIso}`);
    const fromMin = Math.floor(fromMs / 60_000);
    const rows = this.db
      .prepare(
        `SELECT ${PERFORMANCE_COLUMNS} FROM ${PERFORMANCE_FROM}
         WHERE s.public_id = ? AND p.start_min >= ? ORDER BY p.start_min, p.id`,
      )
      .all(showId, fromMin) as PerformanceRow[];
    // start_min is rounded down to the minute: drop the ones starting within that minute but before fromIso.
    return rows.filter((r) => Date.parse(r.start_at) >= fromMs).map(performanceFromRow);
  }

  async showMembers(showId: string): Promise<ShowMembership[]> {
    const rows = this.db
      .prepare(
        `SELECT m.source, m.source_id, m.matched, m.score, m.merged_at, m.split_at
         FROM show_sources m JOIN shows s ON s.id = m.show_id WHERE s.public_id = ? ORDER BY m.id`,
      )
      .all(showId) as Array<{
      source: string;
      source_id: string;
      matched: string;
      score: number;
      merged_at: string;
      split_at: string | null;
    }>;
    return rows.map((r) => ({
      source: r.source,
      sourceId: r.source_id,
      matched: JSON.parse(r.matched) as string[],
      score: r.score,
      mergedAt: r.merged_at,
      splitAt: r.split_at,
    }));
  }

  async splitShow(showId: string, source: string, sourceId: string): Promise<string> {
    const db = this.db;
    const split = db
      .transaction(() => {
        const show = db.prepare('SELECT id FROM shows WHERE public_id = ?').pluck().get(showId) as
          | number
          | undefined;
        if (show === undefined) throw new NotFoundError(`no show ${showId}`);
        const member = db
          .prepare('SELECT id, show_id, data FROM show_sources WHERE source = ? AND source_id = ?')
          .get(source, sourceId) as { id: number; show_id: number; data: string } | undefined;
        if (!member || member.show_id !== show) {
          throw new NotFoundError(`show ${showId} has no record ${source}/${sourceId}`);
        }
        const members = Number(
          db.prepare('SELECT COUNT(*) FROM show_sources WHERE show_id = ?').pluck().get(show),
        );
        if (members < 2)
          throw new ConflictError(`${source}/${sourceId} is the only record of show ${showId}`);

        const taken = db.prepare('SELECT 1 FROM shows WHERE public_id = ?').pluck();
        let attempt = 0;
        let publicId = stableId('s', source, sourceId);
        while (taken.get(publicId) !== undefined) publicId = stableId('s', source, sourceId, ++attempt);
        const newShow = insertShow(db, publicId, JSON.parse(member.data));
        const at = new Date().toISOString();
        // The record keeps its new show on every later import: identity is only decided for new records.
        db.prepare(
          "UPDATE show_sources SET show_id = ?, matched = '[]', score = 1, split_at = ? WHERE id = ?",
        ).run(newShow, at, member.id);
        db.prepare('UPDATE performances SET show_id = ? WHERE show_member_id = ?').run(newShow, member.id);
        recomputeShow(db, show);
        recomputeShow(db, newShow);
        db.prepare('UPDATE catalogue_state SET revision = revision + 1 WHERE id = 1').run();
        return publicId;
      })
      .immediate();
    this.#changed({ kind: 'catalogue', revision: await this.revision() });
    return split;
  }

  async counts(): Promise<{ venues: number; shows: number; performances: number }> {
    const count = (table: string) => Number(this.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get());
    return { venues: count('venues'), shows: count('shows'), performances: count('performances') };
  }

  async sources(): Promise<Array<{ source: string; performances: number }>> {
    return (
      this.db
        .prepare('SELECT source, COUNT(*) AS n FROM performances GROUP BY source ORDER BY source')
        .all() as Array<{
        source: string;
        n: number;
      }>
    ).map((r) => ({ source: r.source, performances: Number(r.n) }));
  }

  async loadSnapshot(): Promise<CatalogueSnapshot> {
    return loadSnapshot(this.db);
  }

  // ---- policies ----

  async currentPolicy(network: string): Promise<Policy | null> {
    const row = this.db
      .prepare('SELECT * FROM policies WHERE network = ? ORDER BY version DESC LIMIT 1')
      .get(network) as PolicyRow | undefined;
    return row ? policyFromRow(row) : null;
  }

  /** Every version of a network's policy, oldest first. */
  async policyVersions(network: string): Promise<Policy[]> {
    return (
      this.db.prepare('SELECT * FROM policies WHERE network = ? ORDER BY version').all(network) as PolicyRow[]
    ).map(policyFromRow);
  }

  async publishPolicy(
    network: string,
    settings: PolicySettings,
    meta: { by: string; comment: string; restoredFrom: number | null; at: string },
  ): Promise<Policy> {
    const parsed = PolicySettingsSchema.safeParse(settings);
    if (!parsed.success) throw new InvalidInputError(`invalid policy settings: ${parsed.error.message}`);
    if (!Number.isFinite(Date.parse(meta.at))) throw new InvalidInputError(`not a date: ${meta.at}`);
    const db = this.db;
    const published = db
      .transaction(() => {
        const last = Number(
          db.prepare('SELECT COALESCE(MAX(version), 0) FROM policies WHERE network = ?').pluck().get(network),
        );
        if (meta.restoredFrom !== null && (meta.restoredFrom < 1 || meta.restoredFrom > last)) {
          throw new ConflictError(`network ${network} has no policy version ${meta.restoredFrom}`);
        }
        const policy: Policy = {
          network,
          version: last + 1,
          settings: parsed.data,
          publishedAt: meta.at,
          publishedBy: meta.by,
          comment: meta.comment,
          restoredFrom: meta.restoredFrom,
        };
        db.prepare(
          `INSERT INTO policies (network, version, settings, published_at, published_by, comment, restored_from)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          network,
          policy.version,
          JSON.stringify(policy.settings),
          policy.publishedAt,
          policy.publishedBy,
          policy.comment,
          policy.restoredFrom,
        );
        return policy;
      })
      .immediate();
    this.#changed({ kind: 'policy', network, version: published.version });
    return published;
  }

  // ---- exposure ----

  async addImpressions(
    network: string,
    rows: ReadonlyArray<{ venueId: string; weight: number }>,
    at: string,
  ): Promise<void> {
    const day = dayBucket(at);
    const upsert = this.db.prepare(
      `INSERT INTO exposure_daily (network, venue_id, day, weight) VALUES (?, ?, ?, ?)
       ON CONFLICT (network, day, venue_id) DO UPDATE SET weight = exposure_daily.weight + excluded.weight`,
    );
    const byVenue = aggregateImpressions(rows);
    this.db.transaction(() => {
      for (const [venueId, weight] of byVenue) upsert.run(network, venueId, day, weight);
    })();
  }

  async exposureTotals(network: string, at: string, halfLifeDays: number): Promise<Record<string, number>> {
    const rows = this.db
      .prepare(
        'SELECT venue_id AS venueId, day, weight FROM exposure_daily WHERE network = ? AND day >= ? AND day <= ?',
      )
      .all(network, firstUsefulDay(at, halfLifeDays), dayBucket(at)) as Array<{
      venueId: string;
      day: string;
      weight: number;
    }>;
    return decayedTotals(rows, at, halfLifeDays);
  }

  async saveExposureSnapshot(snapshot: ExposureSnapshot): Promise<ExposureSnapshot> {
    // Snapshots are immutable: saving an id again keeps the first, and the first is what is returned.
    const save = this.db.transaction(() => {
      const { changes } = this.db
        .prepare(
          `INSERT INTO exposure_snapshots (id, network, computed_at, venues) VALUES (?, ?, ?, ?)
           ON CONFLICT (id) DO NOTHING`,
        )
        .run(snapshot.id, snapshot.network, snapshot.computedAt, JSON.stringify(snapshot.venues));
      this.db
        .prepare('DELETE FROM exposure_snapshots WHERE network = ? AND computed_at < ?')
        .run(snapshot.network, exposurePruneBefore(snapshot.computedAt));
      const stored = this.db
        .prepare('SELECT id, network, computed_at, venues FROM exposure_snapshots WHERE id = ?')
        .get(snapshot.id) as { id: string; network: string; computed_at: string; venues: string } | undefined;
      return { changes, stored };
    });
    const { changes, stored } = save();
    if (changes > 0) this.#changed({ kind: 'exposure', network: snapshot.network, id: snapshot.id });
    return stored
      ? {
          id: stored.id,
          network: stored.network,
          computedAt: stored.computed_at,
          venues: JSON.parse(stored.venues),
        }
      : snapshot;
  }

  async latestExposureSnapshot(network: string): Promise<ExposureSnapshot | null> {
    const row = this.db
      .prepare(
        'SELECT id, network, computed_at, venues FROM exposure_snapshots WHERE network = ? ORDER BY computed_at DESC, seq DESC LIMIT 1',
      )
      .get(network) as { id: string; network: string; computed_at: string; venues: string } | undefined;
    return row
      ? { id: row.id, network: row.network, computedAt: row.computed_at, venues: JSON.parse(row.venues) }
      : null;
  }

  // ---- API keys and editor tokens: only SHA-256 hashes are stored ----

  async createApiKey(
    label: string,
    sources: readonly string[],
    at: string,
  ): Promise<{ id: string; secret: string }> {
    const id = randomId('key_');
    const secret = newSecret(SECRET_PREFIX.apiKey);
    this.db
      .prepare('INSERT INTO api_keys (id, label, sources, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, label, JSON.stringify([...sources]), hashSecret(secret), at);
    return { id, secret };
  }

  async verifyApiKey(secret: string): Promise<{ id: string; label: string; sources: string[] } | null> {
    if (!secret.startsWith(SECRET_PREFIX.apiKey)) return null;
    const row = this.db
      .prepare('SELECT id, label, sources FROM api_keys WHERE secret_hash = ? AND revoked_at IS NULL')
      .get(hashSecret(secret)) as { id: string; label: string; sources: string } | undefined;
    return row ? { id: row.id, label: row.label, sources: JSON.parse(row.sources) as string[] } : null;
  }

  async revokeApiKey(id: string, at: string): Promise<boolean> {
    return (
      this.db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id)
        .changes > 0
    );
  }

  async listApiKeys(): Promise<
    Array<{ id: string; label: string; sources: string[]; createdAt: string; revokedAt: string | null }>
  > {
    const rows = this.db
      .prepare('SELECT id, label, sources, created_at, revoked_at FROM api_keys ORDER BY created_at, id')
      .all() as Array<{
      id: string;
      label: string;
      sources: string;
      created_at: string;
      revoked_at: string | null;
    }>;
    return rows.map((r) => ({
      id: r.id,
      label: r.label,
      sources: JSON.parse(r.sources) as string[],
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
    }));
  }

  async createEditorToken(
    name: string,
    role: EditorRole,
    at: string,
  ): Promise<{ id: string; secret: string }> {
    const id = randomId('tok_');
    const secret = newSecret(SECRET_PREFIX.editorToken);
    this.db
      .prepare('INSERT INTO editor_tokens (id, name, role, secret_hash, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, name, role, hashSecret(secret), at);
    return { id, secret };
  }

  async verifyEditorToken(secret: string): Promise<{ id: string; name: string; role: EditorRole } | null> {
    if (!secret.startsWith(SECRET_PREFIX.editorToken)) return null;
    const row = this.db
      .prepare('SELECT id, name, role FROM editor_tokens WHERE secret_hash = ? AND revoked_at IS NULL')
      .get(hashSecret(secret)) as { id: string; name: string; role: EditorRole } | undefined;
    return row ?? null;
  }

  async editorTokenRevokedAt(secret: string): Promise<string | null> {
    if (!secret.startsWith(SECRET_PREFIX.editorToken)) return null;
    const row = this.db
      .prepare('SELECT revoked_at FROM editor_tokens WHERE secret_hash = ? AND revoked_at IS NOT NULL')
      .get(hashSecret(secret)) as { revoked_at: string } | undefined;
    return row?.revoked_at ?? null;
  }

  async revokeEditorToken(id: string, at: string): Promise<boolean> {
    return (
      this.db
        .prepare('UPDATE editor_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
        .run(at, id).changes > 0
    );
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** Opens the embedded store on a file (created with its folder when missing), or ':memory:' for tests. */
export function openSqliteStore(file: string): SqliteCatalogueStore {
  return new SqliteCatalogueStore(openDatabase(file));
}
