import type { ImportReport, Performance, Policy, PolicySettings, Show, Venue } from '@detour/sdk';
import { PolicySettingsSchema } from '@detour/sdk/contract';
import type pg from 'pg';
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
import { hashSecret, newSecret, randomId, SECRET_PREFIX } from '../ids.js';
import { applyOrDryRun } from '../import-rules.js';
import {
  fieldProvenance,
  groupByOwner,
  type MemberRow,
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
  CatalogueChangeListener,
  CatalogueStore,
  EditorRole,
  ExposureSnapshot,
  ImportOptions,
  ShowMembership,
} from '../store.js';
import { applyImportPg, freePublicId, insertShows, recomputeShows, showValues } from './apply-import.js';
import { allocateIds, createPool, inTransaction, LOCK, migrate, notifyChange } from './database.js';
import { ChangeFeed } from './notifications.js';
import { loadSnapshotPg } from './snapshot.js';

// Rows shaped as the embedded store's (sqlite/rows.ts), so that both share the mapping to contract records.
const VENUE_COLUMNS = `id, public_id, name, address, town, postcode, insee_code, lat, lon, capacity, size_class, type,
  array_to_json(accessibility)::text AS accessibility, url`;
const SHOW_COLUMNS = `id, public_id, title, array_to_json(creators)::text AS creators, discipline, sub_discipline,
  audience_kind, min_age, max_age, array_to_json(tags)::text AS tags, description, image, language`;
const PERFORMANCE_COLUMNS = `p.id, p.source, p.source_id, s.public_id AS show_public_id, v.public_id AS venue_public_id,
  p.start_at, p.end_at, p.price_min, p.price_max, p.free::int AS free, p.url, p.status, p.last_seen`;

interface PolicyRow {
  network: string;
  version: number;
  settings: PolicySettings;
  published_at: string;
  published_by: string;
  comment: string;
  restored_from: number | null;
}

const policyFromRow = (r: PolicyRow): Policy => ({
  network: r.network,
  version: r.version,
  settings: r.settings,
  publishedAt: r.published_at,
  publishedBy: r.published_by,
  comment: r.comment,
  restoredFrom: r.restored_from,
});

export interface PostgresStoreOptions {
  /** Largest number of pooled connections (each replica holds its own pool, plus one listening connection). */
  maxConnections?: number;
  /** Where connection errors of idle or listening connections go (they are retried, never thrown). */
  onError?: (error: Error) => void;
}

/**
 * The catalogue store on PostgreSQL, for several stateless replicas sharing one database: same
 * schema versions and semantics as the embedded store. Writers that must not interleave (imports,
 * splits, policy publications) take transaction-scoped advisory locks; every commit that changes
 * what replicas serve sends a NOTIFY from inside its transaction, delivered through `watch`.
 */
export class PostgresCatalogueStore implements CatalogueStore {
  readonly kind = 'postgres' as const;
  readonly #feed: ChangeFeed;

  constructor(
    readonly pool: pg.Pool,
    url: string,
    onError: (error: Error) => void = () => {},
  ) {
    this.#feed = new ChangeFeed({ url, pool, onError, onReconnect: logListenerReconnected });
  }

  async applyImport(batch: ImportBatch, options: ImportOptions): Promise<ImportReport> {
    const { report } = await applyOrDryRun(options, (end) =>
      inTransaction(this.pool, async (client) => end(await applyImportPg(client, batch, options))),
    );
    return report;
  }

  async revision(): Promise<number> {
    const { rows } = await this.pool.query<{ revision: number }>(
      'SELECT revision FROM catalogue_state WHERE id = 1',
    );
    return Number(rows[0]!.revision);
  }

  async #provenance(table: 'venue_sources' | 'show_sources', owner: 'venue_id' | 'show_id', ids: number[]) {
    if (ids.length === 0) return new Map<number, ProvenanceRow[]>();
    const { rows } = await this.pool.query<ProvenanceRow>({
      name: `detour-${table}-of`,
      text: `SELECT ${owner} AS owner, source, source_id, last_seen FROM ${table} WHERE ${owner} = ANY($1::bigint[]) ORDER BY id`,
      values: [ids],
    });
    return groupByOwner(rows);
  }

  // The record reads below (hydration runs them on every recommendation the record cache misses) are
  // named statements: each pooled connection parses and plans them once, then only binds and executes.

  /** The venue with the source record of each public field. */
  async getVenue(id: string): Promise<Venue | null> {
    return this.#withProvenance((await this.getVenues([id]))[0], 'venue_sources', 'venues', 'venue_id');
  }

  /** A venue or show with `provenance`: which of its records gave each public field. */
  async #withProvenance<T extends Venue | Show>(
    record: T | undefined,
    members: 'venue_sources' | 'show_sources',
    owners: 'venues' | 'shows',
    column: 'venue_id' | 'show_id',
  ): Promise<T | null> {
    if (!record) return null;
    const { rows } = await this.pool.query<MemberRow>(
      `SELECT m.source, m.source_id, m.data FROM ${members} m JOIN ${owners} o ON o.id = m.${column}
       WHERE o.public_id = $1 ORDER BY m.id`,
      [record.id],
    );
    return { ...record, provenance: fieldProvenance(rows) };
  }

  /** Venues in the order asked, unknown ids left out. */
  async getVenues(ids: readonly string[]): Promise<Venue[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<VenueRow>({
      name: 'detour-venues-by-id',
      text: `SELECT ${VENUE_COLUMNS} FROM venues WHERE public_id = ANY($1::text[])`,
      values: [[...new Set(ids)]],
    });
    const byId = new Map(rows.map((r) => [r.public_id, r]));
    const sources = await this.#provenance(
      'venue_sources',
      'venue_id',
      rows.map((r) => r.id),
    );
    return ids.flatMap((id) => {
      const r = byId.get(id);
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
    const { rows } = await this.pool.query<ShowRow>({
      name: 'detour-shows-by-id',
      text: `SELECT ${SHOW_COLUMNS} FROM shows WHERE public_id = ANY($1::text[])`,
      values: [[...new Set(ids)]],
    });
    const byId = new Map(rows.map((r) => [r.public_id, r]));
    const sources = await this.#provenance(
      'show_sources',
      'show_id',
      rows.map((r) => r.id),
    );
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [showFromRow(r, sources.get(r.id) ?? [])] : [];
    });
  }

  /** Performances in the order asked, unknown ids left out. */
  async getPerformances(ids: readonly string[]): Promise<Performance[]> {
    const rowIds = [...new Set(ids.map(performanceRowId).filter((n): n is number => n !== null))];
    if (rowIds.length === 0) return [];
    const { rows } = await this.pool.query<PerformanceRow>({
      name: 'detour-performances-by-id',
      text: `SELECT ${PERFORMANCE_COLUMNS} FROM ${PERFORMANCE_FROM} WHERE p.id = ANY($1::bigint[])`,
      values: [rowIds],
    });
    const byId = new Map(rows.map((r) => [r.id, performanceFromRow(r)]));
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
    const { rows } = await this.pool.query<PerformanceRow>(
      `SELECT ${PERFORMANCE_COLUMNS} FROM ${PERFORMANCE_FROM}
       WHERE s.public_id = $1 AND p.start_min >= $2 ORDER BY p.start_min, p.id`,
      [showId, fromMin],
    );
    // start_min is rounded down to the minute: drop the ones starting within that minute but before fromIso.
    return rows.filter((r) => Date.parse(r.start_at) >= fromMs).map(performanceFromRow);
  }

  async showMembers(showId: string): Promise<ShowMembership[]> {
    const { rows } = await this.pool.query<{
      source: string;
      source_id: string;
      matched: string[];
      score: number;
      merged_at: string;
      split_at: string | null;
    }>(
      `SELECT m.source, m.source_id, m.matched, m.score, m.merged_at, m.split_at
       FROM show_sources m JOIN shows s ON s.id = m.show_id WHERE s.public_id = $1 ORDER BY m.id`,
      [showId],
    );
    return rows.map((r) => ({
      source: r.source,
      sourceId: r.source_id,
      matched: r.matched,
      score: r.score,
      mergedAt: r.merged_at,
      splitAt: r.split_at,
    }));
  }

  async splitShow(showId: string, source: string, sourceId: string): Promise<string> {
    return inTransaction(this.pool, async (db) => {
      await db.query('SELECT pg_advisory_xact_lock($1, $2)', [...LOCK.catalogue]);
      const show = (await db.query<{ id: number }>('SELECT id FROM shows WHERE public_id = $1', [showId]))
        .rows[0]?.id;
      if (show === undefined) throw new NotFoundError(`no show ${showId}`);
      const member = (
        await db.query<{ id: number; show_id: number; data: string }>(
          'SELECT id, show_id, data FROM show_sources WHERE source = $1 AND source_id = $2',
          [source, sourceId],
        )
      ).rows[0];
      if (!member || member.show_id !== show) {
        throw new NotFoundError(`show ${showId} has no record ${source}/${sourceId}`);
      }
      const members = Number(
        (await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM show_sources WHERE show_id = $1', [show]))
          .rows[0]!.n,
      );
      if (members < 2) throw new ConflictError(`${source}/${sourceId} is the only record of show ${showId}`);

      const publicId = await freePublicId(db, 'shows', 's', source, sourceId, new Set(), false);
      const [newShow] = (await allocateIds(db, 'shows', 1)) as [number];
      await insertShows(db, [[newShow, publicId, ...showValues(JSON.parse(member.data))]]);
      const at = new Date().toISOString();
      // The record keeps its new show on every later import: identity is only decided for new records.
      await db.query(
        "UPDATE show_sources SET show_id = $1, matched = '{}', score = 1, split_at = $2 WHERE id = $3",
        [newShow, at, member.id],
      );
      await db.query('UPDATE performances SET show_id = $1 WHERE show_member_id = $2', [newShow, member.id]);
      await recomputeShows(db, [show, newShow]);
      const { rows } = await db.query<{ revision: number }>(
        'UPDATE catalogue_state SET revision = revision + 1 WHERE id = 1 RETURNING revision',
      );
      await notifyChange(db, { kind: 'catalogue', revision: Number(rows[0]!.revision) });
      return publicId;
    });
  }

  async counts(): Promise<{ venues: number; shows: number; performances: number }> {
    const { rows } = await this.pool.query<{ venues: number; shows: number; performances: number }>(
      `SELECT (SELECT COUNT(*) FROM venues) AS venues, (SELECT COUNT(*) FROM shows) AS shows,
              (SELECT COUNT(*) FROM performances) AS performances`,
    );
    const r = rows[0]!;
    return { venues: Number(r.venues), shows: Number(r.shows), performances: Number(r.performances) };
  }

  async sources(): Promise<Array<{ source: string; performances: number }>> {
    const { rows } = await this.pool.query<{ source: string; n: number }>(
      'SELECT source, COUNT(*) AS n FROM performances GROUP BY source ORDER BY source COLLATE "C"',
    );
    return rows.map((r) => ({ source: r.source, performances: Number(r.n) }));
  }

  async loadSnapshot(): Promise<CatalogueSnapshot> {
    return loadSnapshotPg(this.pool);
  }

  // ---- policies ----

  async currentPolicy(network: string): Promise<Policy | null> {
    const { rows } = await this.pool.query<PolicyRow>(
      'SELECT * FROM policies WHERE network = $1 ORDER BY version DESC LIMIT 1',
      [network],
    );
    return rows[0] ? policyFromRow(rows[0]) : null;
  }

  /** Every version of a network's policy, oldest first. */
  async policyVersions(network: string): Promise<Policy[]> {
    const { rows } = await this.pool.query<PolicyRow>(
      'SELECT * FROM policies WHERE network = $1 ORDER BY version',
      [network],
    );
    return rows.map(policyFromRow);
  }

  async publishPolicy(
    network: string,
    settings: PolicySettings,
    meta: { by: string; comment: string; restoredFrom: number | null; at: string },
  ): Promise<Policy> {
    const parsed = PolicySettingsSchema.safeParse(settings);
    if (!parsed.success) throw new InvalidInputError(`invalid policy settings: ${parsed.error.message}`);
    if (!Number.isFinite(Date.parse(meta.at))) throw new InvalidInputError(`not a date: ${meta.at}`);
    return inTransaction(this.pool, async (db) => {
      // Versions are numbered per network: publishers of one network take turns.
      await db.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK.policies[0], network]);
      const last = Number(
        (
          await db.query<{ v: number }>(
            'SELECT COALESCE(MAX(version), 0) AS v FROM policies WHERE network = $1',
            [network],
          )
        ).rows[0]!.v,
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
      await db.query(
        `INSERT INTO policies (network, version, settings, published_at, published_by, comment, restored_from)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          network,
          policy.version,
          JSON.stringify(policy.settings),
          policy.publishedAt,
          policy.publishedBy,
          policy.comment,
          policy.restoredFrom,
        ],
      );
      await notifyChange(db, { kind: 'policy', network, version: policy.version });
      return policy;
    });
  }

  // ---- exposure: counters aggregated in the database, so that every replica's impressions add up ----

  async addImpressions(
    network: string,
    rows: ReadonlyArray<{ venueId: string; weight: number }>,
    at: string,
  ): Promise<void> {
    const day = dayBucket(at);
    // Sorted: concurrent upserts from several replicas lock rows in the same order (no deadlock).
    const byVenue = [...aggregateImpressions(rows)].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    if (byVenue.length === 0) return;
    await this.pool.query(
      `INSERT INTO exposure_daily (network, venue_id, day, weight)
       SELECT $1, v, $2, w FROM unnest($3::text[], $4::float8[]) AS t(v, w)
       ON CONFLICT (network, day, venue_id) DO UPDATE SET weight = exposure_daily.weight + excluded.weight`,
      [network, day, byVenue.map((r) => r[0]), byVenue.map((r) => r[1])],
    );
  }

  async exposureTotals(network: string, at: string, halfLifeDays: number): Promise<Record<string, number>> {
    const lastDay = dayBucket(at);
    const { rows } = await this.pool.query<{ venueId: string; day: string; weight: number }>(
      'SELECT venue_id AS "venueId", day, weight FROM exposure_daily WHERE network = $1 AND day >= $2 AND day <= $3',
      [network, firstUsefulDay(at, halfLifeDays), lastDay],
    );
    return decayedTotals(rows, at, halfLifeDays);
  }

  async saveExposureSnapshot(snapshot: ExposureSnapshot): Promise<ExposureSnapshot> {
    return inTransaction(this.pool, async (db) => {
      // Snapshots are immutable: saving an id again keeps the first, and the first is what is returned.
      const { rowCount } = await db.query(
        `INSERT INTO exposure_snapshots (id, network, computed_at, venues) VALUES ($1, $2, $3, $4)
         ON CONFLICT (id) DO NOTHING`,
        [snapshot.id, snapshot.network, snapshot.computedAt, JSON.stringify(snapshot.venues)],
      );
      await db.query('DELETE FROM exposure_snapshots WHERE network = $1 AND computed_at < $2', [
        snapshot.network,
        exposurePruneBefore(snapshot.computedAt),
      ]);
      if (rowCount) {
        await notifyChange(db, { kind: 'exposure', network: snapshot.network, id: snapshot.id });
        return snapshot;
      }
      const { rows } = await db.query<SnapshotRow>(
        'SELECT id, network, computed_at, venues FROM exposure_snapshots WHERE id = $1',
        [snapshot.id],
      );
      return rows[0] ? snapshotOf(rows[0]) : snapshot;
    });
  }

  async latestExposureSnapshot(network: string): Promise<ExposureSnapshot | null> {
    const { rows } = await this.pool.query<SnapshotRow>(
      `SELECT id, network, computed_at, venues FROM exposure_snapshots WHERE network = $1
       ORDER BY computed_at DESC, seq DESC LIMIT 1`,
      [network],
    );
    return rows[0] ? snapshotOf(rows[0]) : null;
  }

  // ---- API keys and editor tokens: only SHA-256 hashes are stored ----

  async createApiKey(
    label: string,
    sources: readonly string[],
    at: string,
  ): Promise<{ id: string; secret: string }> {
    const id = randomId('key_');
    const secret = newSecret(SECRET_PREFIX.apiKey);
    await this.pool.query(
      'INSERT INTO api_keys (id, label, sources, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
      [id, label, [...sources], hashSecret(secret), at],
    );
    return { id, secret };
  }

  async verifyApiKey(secret: string): Promise<{ id: string; label: string; sources: string[] } | null> {
    if (!secret.startsWith(SECRET_PREFIX.apiKey)) return null;
    const { rows } = await this.pool.query<{ id: string; label: string; sources: string[] }>(
      'SELECT id, label, sources FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL',
      [hashSecret(secret)],
    );
    return rows[0] ?? null;
  }

  async revokeApiKey(id: string, at: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL',
      [at, id],
    );
    return (rowCount ?? 0) > 0;
  }

  async listApiKeys(): Promise<
    Array<{ id: string; label: string; sources: string[]; createdAt: string; revokedAt: string | null }>
  > {
    const { rows } = await this.pool.query<{
      id: string;
      label: string;
      sources: string[];
      created_at: string;
      revoked_at: string | null;
    }>(
      'SELECT id, label, sources, created_at, revoked_at FROM api_keys ORDER BY created_at COLLATE "C", id COLLATE "C"',
    );
    return rows.map((r) => ({
      id: r.id,
      label: r.label,
      sources: r.sources,
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
    await this.pool.query(
      'INSERT INTO editor_tokens (id, name, role, secret_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
      [id, name, role, hashSecret(secret), at],
    );
    return { id, secret };
  }

  async verifyEditorToken(secret: string): Promise<{ id: string; name: string; role: EditorRole } | null> {
    if (!secret.startsWith(SECRET_PREFIX.editorToken)) return null;
    const { rows } = await this.pool.query<{ id: string; name: string; role: EditorRole }>(
      'SELECT id, name, role FROM editor_tokens WHERE secret_hash = $1 AND revoked_at IS NULL',
      [hashSecret(secret)],
    );
    return rows[0] ?? null;
  }

  async editorTokenRevokedAt(secret: string): Promise<string | null> {
    if (!secret.startsWith(SECRET_PREFIX.editorToken)) return null;
    const { rows } = await this.pool.query<{ revoked_at: string }>(
      'SELECT revoked_at FROM editor_tokens WHERE secret_hash = $1 AND revoked_at IS NOT NULL',
      [hashSecret(secret)],
    );
    return rows[0]?.revoked_at ?? null;
  }

  async revokeEditorToken(id: string, at: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'UPDATE editor_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL',
      [at, id],
    );
    return (rowCount ?? 0) > 0;
  }

  // ---- change notifications ----

  /** Calls `listener` after each change committed by any server on this database; returns its removal. */
  watch(listener: CatalogueChangeListener): () => void {
    return this.#feed.add(listener);
  }

  /** Resolves once change notifications are being received (the first `watch` connects in the background). */
  watching(): Promise<void> {
    return this.#feed.listening();
  }

  /** The backend process of the listening connection, or null (monitoring, tests). */
  get listenerPid(): number | null {
    return this.#feed.pid;
  }

  #closed = false;

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#feed.stop();
    await this.pool.end();
  }
}

/** Pool size from DETOUR_PG_POOL_MAX (default 10 connections per server). */
export function poolSizeFromEnv(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.DETOUR_PG_POOL_MAX);
  return Number.isInteger(n) && n > 0 ? n : 10;
}

/** Shortest time between two connection-trouble lines: one line per outage, not one per pooled client. */
const CONNECTION_LOG_EVERY_MS = 30_000;
let lastConnectionLog = 0;
let unloggedConnectionErrors = 0;

/**
 * Connection trouble goes to stderr as a JSON log line, at most one per CONNECTION_LOG_EVERY_MS (every
 * pooled connection fails at once when the server goes away); the pool and the listener retry on their own.
 */
const logConnectionError = (error: Error): void => {
  const now = Date.now();
  if (now - lastConnectionLog < CONNECTION_LOG_EVERY_MS) {
    unloggedConnectionErrors++;
    return;
  }
  const also = unloggedConnectionErrors;
  lastConnectionLog = now;
  unloggedConnectionErrors = 0;
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'warn', msg: 'postgresql connection error', error: error.message, ...(also > 0 ? { alsoSinceLastLine: also } : {}) })}\n`,
  );
};

/** One line when the listening connection is back: the replica follows changes again (and has caught up). */
const logListenerReconnected = (): void => {
  lastConnectionLog = 0;
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'postgresql listener reconnected' })}\n`,
  );
};

/** Connects to PostgreSQL at `url`, applies pending migrations and returns the store. */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresCatalogueStore> {
  const onError = options.onError ?? logConnectionError;
  const pool = createPool(url, options.maxConnections ?? poolSizeFromEnv(), onError);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  return new PostgresCatalogueStore(pool, url, onError);
}

interface SnapshotRow {
  id: string;
  network: string;
  computed_at: string;
  venues: ExposureSnapshot['venues'];
}

function snapshotOf(row: SnapshotRow): ExposureSnapshot {
  return { id: row.id, network: row.network, computedAt: row.computed_at, venues: row.venues };
}
