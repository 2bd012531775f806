/**
 * The facts reasons quote, in French and English, as a visitor in France reads them: distances with a
 * decimal comma, times on the Europe/Paris clock ("jeudi 20 h", "Thursday 8 pm"). Dates are relative to
 * the request's `now`, never to the machine clock.
 */

const TIME_ZONE = 'Europe/Paris';

// Intl formatters are costly to build and cheap to use: build once per process.
const PARTS = new Intl.DateTimeFormat('fr-FR', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  weekday: 'short',
  hourCycle: 'h23',
});

const WEEKDAY_INDEX: Record<string, number> = { lun: 1, mar: 2, mer: 3, jeu: 4, ven: 5, sam: 6, dim: 0 };
const WEEKDAYS_FR = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'];
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS_FR = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A moment on the Paris wall clock. */
export interface ParisTime {
  year: number;
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
}

/** The Paris wall-clock reading of an instant through Intl (slow: a few microseconds a call). */
export function intlParisTime(ms: number): ParisTime {
  const out: ParisTime = { year: 0, month: 0, day: 0, weekday: 0, hour: 0, minute: 0 };
  for (const p of PARTS.formatToParts(ms)) {
    if (p.type === 'year') out.year = Number(p.value);
    else if (p.type === 'month') out.month = Number(p.value);
    else if (p.type === 'day') out.day = Number(p.value);
    else if (p.type === 'hour') out.hour = Number(p.value);
    else if (p.type === 'minute') out.minute = Number(p.value);
    else if (p.type === 'weekday') out.weekday = WEEKDAY_INDEX[p.value.replace('.', '').slice(0, 3)] ?? 0;
  }
  return out;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** From 1980 on, Paris changes its offset at most once a UTC day, on a minute; earlier instants go through Intl. */
const REGULAR_FROM = Date.UTC(1980, 0, 1);

/** Paris offset (ms) at a whole-minute instant, read through Intl. */
function offsetAt(ms: number): number {
  const t = intlParisTime(ms);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute) - ms;
}

/** A UTC day's Paris offset: `before` until `at` (the first minute of the new offset), `after` from it. */
interface DayOffset {
  at: number;
  before: number;
  after: number;
}

// Per UTC day, read once through Intl (a year of programme is a few hundred entries).
const dayOffsets = new Map<number, DayOffset>();

function dayOffset(day: number): DayOffset {
  const hit = dayOffsets.get(day);
  if (hit) return hit;
  const start = day * DAY_MS;
  const before = offsetAt(start);
  const last = offsetAt(start + DAY_MS - MINUTE_MS);
  const out: DayOffset = { at: Number.POSITIVE_INFINITY, before, after: before };
  if (last !== before) {
    // A daylight-saving change during the day: find its minute (binary search, a dozen Intl reads).
    let lo = 1;
    let hi = DAY_MS / MINUTE_MS - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (offsetAt(start + mid * MINUTE_MS) === before) lo = mid + 1;
      else hi = mid;
    }
    out.at = start + lo * MINUTE_MS;
    out.after = last;
  }
  if (dayOffsets.size > 20_000) dayOffsets.clear();
  dayOffsets.set(day, out);
  return out;
}

/**
 * The Paris wall-clock reading of an instant (ms since the epoch): the UTC reading of the instant
 * shifted by the day's Paris offset, which is read through Intl once per day. The same answer as
 * `intlParisTime` (format.test.ts compares them minute by minute across daylight-saving changes),
 * without a formatToParts call per reason.
 */
export function parisTime(ms: number): ParisTime {
  if (!(ms >= REGULAR_FROM)) return intlParisTime(ms);
  const o = dayOffset(Math.floor(ms / DAY_MS));
  const w = new Date(ms + (ms >= o.at ? o.after : o.before));
  return {
    year: w.getUTCFullYear(),
    month: w.getUTCMonth() + 1,
    day: w.getUTCDate(),
    weekday: w.getUTCDay(),
    hour: w.getUTCHours(),
    minute: w.getUTCMinutes(),
  };
}

/** Days between two Paris calendar dates (b − a). */
function dayDiff(a: ParisTime, b: ParisTime): number {
  return Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000,
  );
}

/** The Paris calendar day of an instant, as "YYYY-MM-DD" (the seed's day bucket). */
export function parisDay(ms: number): string {
  const t = parisTime(ms);
  return `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

/** "jeudi 20 h" / "Thursday 8 pm", with "aujourd'hui"/"demain" and a date beyond six days. */
export function formatStart(startMs: number, nowMs: number): { fr: string; en: string } {
  const t = parisTime(startMs);
  const days = dayDiff(parisTime(nowMs), t);
  const frClock = t.minute === 0 ? `${t.hour} h` : `${t.hour} h ${String(t.minute).padStart(2, '0')}`;
  const h12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  const suffix = t.hour < 12 ? 'am' : 'pm';
  const enClock =
    t.minute === 0 ? `${h12} ${suffix}` : `${h12}:${String(t.minute).padStart(2, '0')} ${suffix}`;
  if (days === 0) return { fr: `aujourd’hui ${frClock}`, en: `today ${enClock}` };
  if (days === 1) return { fr: `demain ${frClock}`, en: `tomorrow ${enClock}` };
  const wfr = WEEKDAYS_FR[t.weekday]!;
  const wen = WEEKDAYS_EN[t.weekday]!;
  if (days > 1 && days < 7) return { fr: `${wfr} ${frClock}`, en: `${wen} ${enClock}` };
  const dayFr = t.day === 1 ? '1er' : String(t.day);
  return {
    fr: `${wfr} ${dayFr} ${MONTHS_FR[t.month - 1]}, ${frClock}`,
    en: `${wen} ${t.day} ${MONTHS_EN[t.month - 1]}, ${enClock}`,
  };
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * `new Date(ms).toISOString()` for the instants the engine quotes (years 0–9999), built from the UTC
 * fields: Date's own formatter costs about a microsecond, a noticeable share of explaining a pick.
 */
export function isoString(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) return d.toISOString();
  const milli = d.getUTCMilliseconds();
  return `${year}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}T${pad2(d.getUTCHours())}:${pad2(
    d.getUTCMinutes(),
  )}:${pad2(d.getUTCSeconds())}.${milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : milli}Z`;
}

/** "3,2 km" / "3.2 km": one decimal under 10 km, whole kilometres beyond. */
export function formatKm(km: number): { fr: string; en: string } {
  const en = km < 10 ? (Math.round(km * 10) / 10).toFixed(1) : String(Math.round(km));
  return { fr: `${en.replace('.', ',')} km`, en: `${en} km` };
}
