import type { ImportReport } from '@detour/sdk';
import type { ImportBatch, ImportedShow, ImportedVenue } from '../catalogue/batch.js';
import { normaliseName } from '../text/french.js';
import { EmptyFeedError, ImportIntegrityError, MassCancellationError } from './errors.js';
import { fingerprintEnd, fingerprintFeed, fingerprintStart } from './ids.js';
import type { ShowRecord, VenueIdentity, VenueRecord } from './records.js';

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
    rejected: [...batch.rejected],
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
  return {
    nameKey: normaliseName(r.name),
    townKey: normaliseName(r.town),
    postcode: r.postcode,
    inseeCode: r.inseeCode,
    lat: r.lat,
    lon: r.lon,
  };
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

/**
 * The guard against a feed that wipes a programme: throws MassCancellationError when a full feed would
 * cancel more than half of the source's upcoming performances (start ≥ now, scheduled) and the import did
 * not confirm it. `wouldCancel` counts upcoming performances the feed no longer lists.
 */
export function checkMassCancellation(wouldCancel: number, upcoming: number, confirmCancel = false): void {
  if (!confirmCancel && wouldCancel > 0 && wouldCancel * 2 > upcoming)
    throw new MassCancellationError(wouldCancel, upcoming);
}

/** Whether a stored performance counts as upcoming for checkMassCancellation (start in minutes since the epoch). */
export function isUpcoming(startMin: number, status: string, nowMin: number): boolean {
  return status === 'scheduled' && startMin >= nowMin;
}

/** The import clock in minutes since the epoch, as performances' start_min columns store starts. */
export function clockMinutes(now: string): number {
  return Math.floor(Date.parse(now) / 60_000);
}

/** Refuses a full feed with no readable record: taken as is, it would cancel everything the source has. */
export function checkFeedNotEmpty(
  batch: Pick<ImportBatch, 'complete' | 'venues' | 'shows' | 'performances'>,
): void {
  if (batch.complete && batch.venues.length + batch.shows.length + batch.performances.length === 0)
    throw new EmptyFeedError();
}

/** Thrown inside an import's transaction to roll a dry run back; carries the report it computed. */
export class DryRunRollback extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run: rolled back');
    this.name = 'DryRunRollback';
  }
}

/** Called last inside an import's transaction: runs beforeCommit, then returns the report, or — for a dry run — throws it out of the transaction so that nothing is committed. */
export function endOfImport(
  report: ImportReport,
  options: { dryRun?: boolean; beforeCommit?: () => void },
): ImportReport {
  options.beforeCommit?.();
  if (options.dryRun) throw new DryRunRollback(report);
  return report;
}

/** Runs an import's transaction; a dry run's rollback gives its report back. */
export async function runImport(
  transaction: () => Promise<ImportReport> | ImportReport,
): Promise<ImportReport> {
  try {
    return await transaction();
  } catch (error) {
    if (error instanceof DryRunRollback) return error.report;
    throw error;
  }
}
