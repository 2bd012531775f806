import type { ImportReport } from '@detour/sdk';
import type { ImportBatch, ImportedShow, ImportedVenue } from '../catalogue/batch.js';
import { venueIdentity } from '../catalogue/venue-identity.js';
import { ImportIntegrityError } from './errors.js';
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
