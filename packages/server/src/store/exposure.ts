/**
 * Exposure counters are kept per network, venue and UTC day (no visitor identifier exists to store);
 * totals decay exponentially with a half-life. Dialect-neutral: shared by both stores.
 */

import { InvalidInputError } from './errors.js';

const DAY_MS = 86_400_000;

/** The UTC day bucket ("2026-11-25") of an ISO instant. */
export function dayBucket(at: string): string {
  const ms = Date.parse(at);
  if (!Number.isFinite(ms)) throw new InvalidInputError(`not a date: ${at}`);
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Weight left at `atMs` of impressions counted in `day`: halved every `halfLifeDays`. A day's
 * impressions are dated at its midday, and never count more than their weight.
 */
export function decayFactor(day: string, atMs: number, halfLifeDays: number): number {
  const ageDays = Math.max(0, (atMs - Date.parse(`${day}T12:00:00Z`)) / DAY_MS);
  return 0.5 ** (ageDays / halfLifeDays);
}

/**
 * How long exposure snapshots are kept after a newer one is published: one hour (twelve five-minute
 * steps), enough to look up the `exposureSnapshotId` of any answer a cache may still hold, while the
 * table stays at about a dozen rows per network. Older rows are deleted in the publishing transaction.
 */
export const EXPOSURE_RETENTION_MS = 60 * 60_000;

/** The computed_at before which snapshots are deleted once `newest` is published. */
export function exposurePruneBefore(newest: string): string {
  return new Date(Date.parse(newest) - EXPOSURE_RETENTION_MS).toISOString();
}

/** Impressions older than this many half-lives weigh less than a millionth of their value and are not read. */
export const HORIZON_HALF_LIVES = 20;

/** The first day bucket still worth reading at `at`. */
export function firstUsefulDay(at: string, halfLifeDays: number): string {
  if (!(halfLifeDays > 0)) throw new InvalidInputError('halfLifeDays must be positive');
  const ms = Date.parse(at) - HORIZON_HALF_LIVES * halfLifeDays * DAY_MS;
  if (!Number.isFinite(ms)) throw new InvalidInputError(`not a date: ${at}`);
  return new Date(Math.max(0, ms)).toISOString().slice(0, 10);
}

/** Sums per-venue daily rows (days after `at` left out) with decay. */
export function decayedTotals(
  rows: Iterable<{ venueId: string; day: string; weight: number }>,
  at: string,
  halfLifeDays: number,
): Record<string, number> {
  if (!(halfLifeDays > 0)) throw new InvalidInputError('halfLifeDays must be positive');
  const atMs = Date.parse(at);
  const lastDay = dayBucket(at);
  const totals: Record<string, number> = {};
  for (const r of rows) {
    if (r.day > lastDay) continue;
    totals[r.venueId] = (totals[r.venueId] ?? 0) + r.weight * decayFactor(r.day, atMs, halfLifeDays);
  }
  return totals;
}

/** Sums impression rows per venue (one upsert per venue and day instead of one per impression). */
export function aggregateImpressions(
  rows: ReadonlyArray<{ venueId: string; weight: number }>,
): Map<string, number> {
  const byVenue = new Map<string, number>();
  for (const r of rows) {
    if (!Number.isFinite(r.weight) || r.weight <= 0) continue;
    byVenue.set(r.venueId, (byVenue.get(r.venueId) ?? 0) + r.weight);
  }
  return byVenue;
}
