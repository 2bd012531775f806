import { addDays, daysBetween, isIsoDate } from './geo.js';

/**
 * Dates of a run, as schema.org writes them: a date range with a daily time, and `eventSchedule`
 * (`Schedule`: `byDay`, `byMonthDay`, `byMonth`, `repeatFrequency`, `repeatCount`, `startDate`, `endDate`,
 * `startTime`, `endTime`, `duration`, `exceptDate`). Each gives one performance per day it names, at most
 * MAX_RUN_DAYS of them: a season-long run is real (« du 6 au 18 octobre à 20 h » is 13 evenings), an
 * endless rule is not a catalogue.
 */

/** Performances one event may give (a run every day of a year, not more). */
export const MAX_RUN_DAYS = 366;

/** A day of a run: its date, its local time if known, and the offset the producer wrote, if any. */
export interface RunDay {
  date: string;
  time: string | null;
  endTime: string | null;
  /** Offset as written ("+02:00", "Z"), checked against the venue's zone later; null for local times. */
  zone: string | null;
}

const DAY_NAMES: Record<string, number> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  su: 0,
  mo: 1,
  tu: 2,
  we: 3,
  th: 4,
  fr: 5,
  sa: 6,
  dimanche: 0,
  lundi: 1,
  mardi: 2,
  mercredi: 3,
  jeudi: 4,
  vendredi: 5,
  samedi: 6,
};

/** "https://schema.org/Tuesday", "schema:Tuesday", "Tuesday", iCalendar "TU" → 2; null when none of those. */
export function weekdayOf(v: unknown): number | null {
  const s =
    typeof v === 'string' ? v : v && typeof v === 'object' ? (v as Record<string, unknown>)['@id'] : null;
  if (typeof s !== 'string') return null;
  const name = s
    .replace(/^.*[/#:]/, '')
    .trim()
    .toLowerCase();
  return DAY_NAMES[name] ?? null;
}

const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

/** "20:00", "20:00:00", "20:00:00+02:00", "20h30" → time and written offset; null when not a time. */
export function timeAndZone(v: unknown): { time: string; zone: string | null } | null {
  if (typeof v !== 'string') return null;
  const m = /^(\d{1,2})[:h](\d{2})(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(v.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return { time: `${m[1]!.padStart(2, '0')}:${m[2]}`, zone: m[3] ? m[3].toUpperCase() : null };
}

/** "PT2H", "PT1H30M" → minutes; null when not such a duration. */
function minutesOf(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/i.exec(v.trim());
  if (!m || (!m[1] && !m[2])) return null;
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

function addMinutes(time: string, minutes: number): string | null {
  const total = Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5)) + minutes;
  if (total >= 24 * 60) return null; // ends after midnight: the end is not the same day's
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** Every day from `from` to `to` (included) at one time: a date range with a daily time. */
export function dailyRun(
  from: string,
  to: string,
  time: string | null,
  endTime: string | null,
  zone: string | null,
): RunDay[] {
  const span = Math.min(Math.max(daysBetween(from, to), 0), MAX_RUN_DAYS - 1);
  const out: RunDay[] = [];
  for (let d = 0; d <= span; d++) out.push({ date: addDays(from, d), time, endTime, zone });
  return out;
}

/** "P1D" → [1, 'D'], "P2W" → [2, 'W'], "weekly" → [1, 'W']; null when unreadable. */
function frequencyOf(v: unknown): [number, 'D' | 'W' | 'M' | 'Y'] | null {
  if (typeof v !== 'string') return null;
  const s = v.trim().toUpperCase();
  const iso = /^P(\d+)([DWMY])$/.exec(s);
  if (iso) return Number(iso[1]) > 0 ? [Number(iso[1]), iso[2] as 'D' | 'W' | 'M' | 'Y'] : null;
  const words: Record<string, [number, 'D' | 'W' | 'M' | 'Y']> = {
    DAILY: [1, 'D'],
    WEEKLY: [1, 'W'],
    MONTHLY: [1, 'M'],
    YEARLY: [1, 'Y'],
  };
  return words[s] ?? null;
}

const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const dateOf = (v: unknown): string | null => {
  if (typeof v !== 'string') return null;
  const d = v.trim().slice(0, 10);
  return isIsoDate(d) ? d : null;
};
const nums = (v: unknown): number[] =>
  list(v)
    .map((x) => (typeof x === 'number' ? x : typeof x === 'string' ? Number(x) : Number.NaN))
    .filter((n) => Number.isInteger(n));

/**
 * The days a schema.org `Schedule` names, between its `startDate` (else the event's first day) and its
 * `endDate` (else the event's last day, else a year on), at most MAX_RUN_DAYS of them. Null when the
 * schedule says nothing readable about its days (no first day): the event's own dates are used instead.
 */
export function scheduleRun(
  schedule: Record<string, unknown>,
  eventFrom: string | null,
  eventTo: string | null,
): RunDay[] | null {
  const from = dateOf(schedule.startDate) ?? eventFrom;
  if (!from) return null;
  const until = dateOf(schedule.endDate) ?? (eventTo && eventTo > from ? eventTo : null);
  const count = nums(schedule.repeatCount)[0] ?? null;
  const days = new Set(
    list(schedule.byDay)
      .map(weekdayOf)
      .filter((d): d is number => d !== null),
  );
  const monthDays = new Set(nums(schedule.byMonthDay));
  const months = new Set(nums(schedule.byMonth));
  const except = new Set(
    list(schedule.exceptDate)
      .map(dateOf)
      .filter((d): d is string => d !== null),
  );
  const [every, unit] =
    frequencyOf(schedule.repeatFrequency) ??
    (days.size > 0 ? [1, 'W'] : monthDays.size > 0 ? [1, 'M'] : [1, 'D']);
  const start =
    timeAndZone(schedule.startTime) ??
    (typeof schedule.startDate === 'string' ? timeAndZone(schedule.startDate.slice(11)) : null);
  const end = timeAndZone(schedule.endTime);
  const duration = minutesOf(schedule.duration);
  const endTime = end?.time ?? (start && duration !== null ? addMinutes(start.time, duration) : null);
  const last = until ?? addDays(from, MAX_RUN_DAYS - 1);
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const out: RunDay[] = [];
  // Day by day over at most three years (a rule every third week still gives its days within the bound).
  for (let d = 0, date = from; date <= last && d < 3 * MAX_RUN_DAYS; d++, date = addDays(from, d)) {
    const [y, m, md] = date.split('-').map(Number) as [number, number, number];
    let on: boolean;
    if (unit === 'D') on = d % every === 0;
    else if (unit === 'W') {
      const wd = weekday(date);
      const week = Math.floor((d + ((weekday(from) + 6) % 7)) / 7); // weeks from Monday of the first week
      on = (days.size > 0 ? days.has(wd) : wd === weekday(from)) && week % every === 0;
    } else {
      const monthIndex = (y - fy) * 12 + (m - fm);
      const stepOk = unit === 'M' ? monthIndex % every === 0 : m === fm && (y - fy) % every === 0;
      on = stepOk && (monthDays.size > 0 ? monthDays.has(md) : md === Number(from.slice(8, 10)));
      if (unit === 'M' && days.size > 0 && monthDays.size === 0)
        on = monthIndex % every === 0 && days.has(weekday(date));
    }
    if (on && days.size > 0 && unit !== 'W' && !days.has(weekday(date))) on = false;
    if (on && months.size > 0 && !months.has(m)) on = false;
    if (!on || except.has(date)) continue;
    out.push({ date, time: start?.time ?? null, endTime, zone: start?.zone ?? null });
    if (out.length >= MAX_RUN_DAYS || (count !== null && out.length >= count)) break;
  }
  return out;
}
