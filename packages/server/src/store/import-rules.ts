import type { ImportReport } from '@detour/sdk';
import type { ImportBatch, ImportedShow, ImportedVenue } from '../catalogue/batch.js';
import { venueIdentity } from '../catalogue/venue-identity.js';
import { EmptyFeedError, ImportIntegrityError, MassCancellationError } from './errors.js';
import { fingerprintEnd, fingerprintFeed, fingerprintStart } from './ids.js';
import type { ShowRecord, VenueIdentity, VenueRecord } from './records.js';
import type { ImportOptions } from './store.js';

/**
 * The dialect-neutral rules of an import that both stores apply the same way: which record of a
 * duplicated source id wins, what a venue's identity is, which records are refused, how the report
 * starts and what counts as a change.
 */

/** How often an import reports progress (records). */
export const PROGRESS_EVERY = 2000;

/** Keeps the last occurrence of each sourceId (a source listing a record twice means its latest version). */
export function lastBySourceId<T extends { sourceId: string }>(records: readonly T[]): readonly T[] {
  const ids = new Set<string>();
  for (const r of records) ids.add(r.sourceId);
  if (ids.size === records.length) return records;
  const byId = new Map<string, T>();
  for (const r of records) byId.set(r.sourceId, r);
  return [...byId.values()];
}

const counts = () => ({ venues: 0, shows: 0, performances: 0 });

/** An empty report for a batch, before any record is applied. */
export function emptyReport(batch: ImportBatch): ImportReport {
  return {
    source: batch.source,
    format: batch.format,
    records: batch.records,
    created: counts(),
    updated: counts(),
    unchanged: counts(),
    cancelled: 0,
    skipped: batch.skipped,
    skips: [...batch.skips],
    rejected: [...batch.rejected],
    warnings: [...(batch.warnings ?? [])],
    merges: [],
  };
}

/** Whether an import changed the catalogue (then its revision moves). */
export function reportChangedCatalogue(report: ImportReport): boolean {
  return (
    report.created.venues +
      report.created.shows +
      report.created.performances +
      report.updated.venues +
      report.updated.shows +
      report.updated.performances +
      report.cancelled >
    0
  );
}

/** Throws unless the import clock is a date. */
export function checkImportClock(now: string): void {
  if (!Number.isFinite(Date.parse(now))) throw new ImportIntegrityError(`import clock is not a date: ${now}`);
}

/** What venue matching compares, from a cleaned record. */
export function venueIdentityOf(r: VenueRecord): VenueIdentity {
  return venueIdentity(r);
}

/** Refuses a venue without a name or with coordinates out of range (the whole batch then fails). */
export function checkVenue(v: ImportedVenue, r: VenueRecord): void {
  const { lat, lon } = r;
  if (r.name === '') throw new ImportIntegrityError(`venue ${v.sourceId}: no name`);
  if (!(Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180)) {
    throw new ImportIntegrityError(`venue ${v.sourceId}: coordinates out of range`);
  }
}

/** Refuses a show without a title. */
export function checkShow(s: ImportedShow, r: ShowRecord): void {
  if (r.title === '') throw new ImportIntegrityError(`show ${s.sourceId}: no title`);
}

/** The change fingerprint of a performance row: what an update compares (status apart). */
export function performanceFingerprintText(
  memberId: number,
  venueId: number,
  r: {
    start: string;
    end: string | null;
    priceMin: number | null;
    priceMax: number | null;
    free: boolean;
    url: string | null;
  },
): string {
  return `${memberId}|${venueId}|${r.start}|${r.end}|${r.priceMin}|${r.priceMax}|${r.free ? 1 : 0}|${r.url}`;
}

/** fingerprint(performanceFingerprintText(…)), computed without building the text. */
export function performanceFingerprint(
  memberId: number,
  venueId: number,
  r: Parameters<typeof performanceFingerprintText>[2],
): number {
  fingerprintStart();
  fingerprintFeed(String(memberId));
  fingerprintFeed('|');
  fingerprintFeed(String(venueId));
  fingerprintFeed('|');
  fingerprintFeed(r.start);
  fingerprintFeed('|');
  fingerprintFeed(String(r.end));
  fingerprintFeed('|');
  fingerprintFeed(String(r.priceMin));
  fingerprintFeed('|');
  fingerprintFeed(String(r.priceMax));
  fingerprintFeed(r.free ? '|1|' : '|0|');
  fingerprintFeed(String(r.url));
  return fingerprintEnd();
}

/** Refuses a full feed without any record: a wrong or empty file must not read as "withdraw everything". */
export function checkFeedNotEmpty(batch: ImportBatch): void {
  if (batch.complete && batch.venues.length + batch.shows.length + batch.performances.length === 0) {
    throw new EmptyFeedError(
      // The words of EmptyFeedError's default, which the CLI and the API both print.
      `this full feed holds no readable record (${batch.records} read for ${batch.source}): nothing was imported, nothing cancelled`,
    );
  }
}

/** The source's performances stored before an import, column by column (index = position). */
export interface StoredPerformances {
  rowId: number[];
  status: string[];
  startMin: number[];
  memberId: number[];
  venueId: number[];
}

/**
 * What a full feed does to the records it no longer sends (nor names from a performance): they are withdrawn,
 * and every trace of them goes. Stored performances it does not list are removed with their show record, or
 * when the source keeps no record of their venue; the others are cancelled (kept, so that visitors see it).
 * Refuses (MassCancellationError) when that would take more than half of the source's upcoming scheduled
 * performances without `confirmCancel`. Counts each performance leaving the programme once in `cancelled`.
 */
export function planWithdrawal(
  batch: {
    venues: readonly { sourceId: string }[];
    shows: readonly { sourceId: string }[];
    performances: readonly { venueSourceId: string; showSourceId: string }[];
  },
  venueMembers: ReadonlyMap<string, { id: number; venueId: number }>,
  showMembers: ReadonlyMap<string, { id: number; showId: number }>,
  stored: StoredPerformances,
  listed: Uint8Array,
  options: ImportOptions,
) {
  const sentVenues = new Set(batch.venues.map((v) => v.sourceId));
  const sentShows = new Set(batch.shows.map((sh) => sh.sourceId));
  for (const perf of batch.performances) {
    sentVenues.add(perf.venueSourceId);
    sentShows.add(perf.showSourceId);
  }
  const venues: Array<{ id: number; venueId: number }> = [];
  const shows: Array<{ id: number; showId: number }> = [];
  const keptVenues = new Set<number>();
  for (const [sourceId, m] of venueMembers) {
    if (sentVenues.has(sourceId)) keptVenues.add(Number(m.venueId));
    else venues.push({ id: Number(m.id), venueId: Number(m.venueId) });
  }
  for (const [sourceId, m] of showMembers)
    if (!sentShows.has(sourceId)) shows.push({ id: Number(m.id), showId: Number(m.showId) });
  const withdrawnShows = new Set(shows.map((m) => m.id));

  const nowMin = Math.floor(Date.parse(options.now) / 60_000);
  const cancel: number[] = [];
  const remove: number[] = [];
  let cancelled = 0;
  let upcoming = 0;
  let wouldCancel = 0;
  for (let i = 0; i < stored.rowId.length; i++) {
    const isUpcoming = stored.status[i] === 'scheduled' && stored.startMin[i]! >= nowMin;
    if (isUpcoming) upcoming++;
    if (listed[i] === 1) continue;
    if (isUpcoming) wouldCancel++;
    const wasCancelled = stored.status[i] === 'cancelled';
    if (withdrawnShows.has(stored.memberId[i]!) || !keptVenues.has(stored.venueId[i]!)) {
      remove.push(stored.rowId[i]!);
      if (!wasCancelled) cancelled++;
    } else if (!wasCancelled) {
      cancel.push(stored.rowId[i]!);
      cancelled++;
    }
  }
  if (wouldCancel * 2 > upcoming && options.confirmCancel !== true) {
    throw new MassCancellationError(wouldCancel, upcoming);
  }
  return { venues, shows, cancel, remove, cancelled };
}

/** Thrown at the end of a dry run's transaction: rolls everything back and carries the full report out. */
export class DryRunRollback extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run: rolled back');
  }
}

/** Runs an import in `transaction`; a dry run (options.dryRun) rolls it back and returns its report. */
export async function applyOrDryRun(
  options: ImportOptions,
  transaction: (end: (report: ImportReport) => ImportReport) => ImportReport | Promise<ImportReport>,
): Promise<{ report: ImportReport; written: boolean }> {
  try {
    const report = await transaction((r) => {
      // Last inside the transaction: a CLI child whose parent died aborts here, before anything commits.
      options.beforeCommit?.();
      if (options.dryRun === true) throw new DryRunRollback(r);
      return r;
    });
    return { report, written: true };
  } catch (error) {
    if (error instanceof DryRunRollback) return { report: error.report, written: false };
    throw error;
  }
}

/** How far a performance may move and still be the same one (its source id changed with its time). */
export const MOVE_WITHIN_MIN = 12 * 60;

/**
 * Stored performances of the source that the batch does not list, by show record and venue: a new
 * performance of the same record at the same venue within MOVE_WITHIN_MIN of one of them is that
 * performance moved (a concert put back from 20:00 to 20:30 gets a new source id from most importers), so
 * it is updated instead of kept beside a second one. Built on first use; call after every listed
 * performance is marked in `listed`.
 */
export class MovedPerformances {
  #byKey: Map<string, number[]> | null = null;

  constructor(
    private readonly stored: StoredPerformances,
    private readonly listed: Uint8Array,
  ) {}

  /** The stored performance (index) a new one moves, marked listed; undefined when none. */
  take(memberId: number, venueId: number, startMin: number): number | undefined {
    if (this.stored.rowId.length === 0) return undefined;
    if (this.#byKey === null) {
      this.#byKey = new Map();
      for (let i = 0; i < this.stored.rowId.length; i++) {
        if (this.listed[i] === 1) continue;
        const key = `${this.stored.memberId[i]}|${this.stored.venueId[i]}`;
        const list = this.#byKey.get(key);
        if (list) list.push(i);
        else this.#byKey.set(key, [i]);
      }
    }
    let best: number | undefined;
    for (const i of this.#byKey.get(`${memberId}|${venueId}`) ?? []) {
      const distance = Math.abs(this.stored.startMin[i]! - startMin);
      if (this.listed[i] === 0 && distance <= MOVE_WITHIN_MIN) {
        if (best === undefined || distance < Math.abs(this.stored.startMin[best]! - startMin)) best = i;
      }
    }
    if (best !== undefined) this.listed[best] = 1;
    return best;
  }
}
