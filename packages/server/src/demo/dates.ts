import type { ImportBatch, ImportedPerformance } from '../catalogue/batch.js';
import type { Season } from '../importers/festivals.js';
import { addDays, daysBetween, departmentOf, timeZoneOf, zonedIso } from '../importers/geo.js';
import { stableHash } from '../importers/text.js';

/**
 * Moving the open data's past dates into the coming twelve months, as SOURCES.md allows: each edition
 * (all performances of one show) moves by whole years, then by at most three days so that every date keeps
 * its weekday; the season stays the same to within those days.
 */

/** The demo window: dates from `from` (inclusive) to `to` (exclusive), "YYYY-MM-DD". */
export interface DemoWindow {
  from: string;
  to: string;
}

/**
 * The coming twelve months seen from `now`, with a two-day margin at both ends so that every local start time,
 * in any French time zone (UTC−10 to UTC+12), falls strictly after `now` and within a year of it.
 */
export function demoWindow(now: string): DemoWindow {
  const today = new Date(now).toISOString().slice(0, 10);
  const from = addDays(today, 2);
  const yearLater = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`;
  return { from, to: addDays(yearLater.endsWith('02-29') ? `${yearLater.slice(0, 8)}28` : yearLater, -2) };
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** The same day `years` later, moved by −3…+3 days to the same weekday. */
export function shiftKeepingWeekday(date: string, years: number): string {
  const y = Number(date.slice(0, 4)) + years;
  let md = date.slice(5);
  if (md === '02-29') md = '02-28';
  const same = `${y}-${md}`;
  let delta = (weekday(date) - weekday(same) + 7) % 7;
  if (delta > 3) delta -= 7;
  return addDays(same, delta);
}

/** Days to add to an edition starting on `first` so that it starts inside the window (a multiple of 7). */
export function editionOffset(first: string, window: DemoWindow): number {
  const years = Math.max(0, Number(window.from.slice(0, 4)) - Number(first.slice(0, 4)) - 1);
  for (let k = years; k < years + 4; k++) {
    const shifted = shiftKeepingWeekday(first, k);
    if (shifted >= window.from) return daysBetween(first, shifted);
  }
  return daysBetween(first, shiftKeepingWeekday(first, years + 4));
}

/** Splits an ISO start "2019-07-14T20:30:00+02:00" into its local date and time. */
function localParts(iso: string): { date: string; time: string } {
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/**
 * Moves a batch's performances into the window, edition by edition (per show); performances that would fall
 * beyond the window's end are dropped. Returns a new batch.
 */
export function shiftBatchIntoWindow(batch: ImportBatch, window: DemoWindow): ImportBatch {
  const tzOfVenue = new Map(
    batch.venues.map((v) => [v.sourceId, timeZoneOf(departmentOf(v.inseeCode ?? v.postcode))]),
  );
  const byShow = new Map<string, ImportedPerformance[]>();
  for (const p of batch.performances) {
    const list = byShow.get(p.showSourceId);
    if (list) list.push(p);
    else byShow.set(p.showSourceId, [p]);
  }
  const out: ImportedPerformance[] = [];
  for (const list of byShow.values()) {
    const first = list.map((p) => p.start.slice(0, 10)).sort()[0]!;
    const offset = editionOffset(first, window);
    for (const p of list) {
      const tz = tzOfVenue.get(p.venueSourceId) ?? 'Europe/Paris';
      const s = localParts(p.start);
      const date = addDays(s.date, offset);
      if (date < window.from || date >= window.to) continue;
      const end = p.end ? localParts(p.end) : null;
      out.push({
        ...p,
        start: zonedIso(date, s.time, tz),
        end: end ? zonedIso(addDays(end.date, offset), end.time, tz) : null,
      });
    }
  }
  return { ...batch, performances: out };
}

/** Consecutive evenings a synthesised edition lasts: 1 to this many. */
export const SYNTHETIC_MAX_DAYS = 4;

/**
 * Dates for a festival known only by its season: 1–4 consecutive evenings at a place in the season chosen
 * from a hash of the festival id (the same id gives the same dates), in the first year where that edition
 * falls inside the window; dates outside the window are dropped. The place is chosen in the whole season,
 * not in what is left of it after the window opens: otherwise every festival of a season already under
 * way (« après-saison » seen from late November) would be packed into its last weeks.
 */
export function synthesiseDates(festivalId: string, season: Season, window: DemoWindow): string[] {
  const h = Number.parseInt(stableHash(festivalId), 16);
  const firstYear = Number(window.from.slice(0, 4));
  for (const year of [firstYear, firstYear + 1]) {
    const from = `${year}-${season.from}`;
    const to = season.to === '02-29' && !isLeapYear(year) ? `${year}-02-28` : `${year}-${season.to}`;
    const span = daysBetween(from, to) + 1;
    if (span < 1) continue;
    const length = Math.min(1 + (h % SYNTHETIC_MAX_DAYS), span);
    const first = addDays(from, (h >>> 4) % (span - length + 1));
    const dates = Array.from({ length }, (_, d) => addDays(first, d)).filter(
      (d) => d >= window.from && d < window.to,
    );
    if (dates.length > 0) return dates;
  }
  return [];
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
