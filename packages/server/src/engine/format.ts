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

// Small bounded cache: many picks share start times (20:00, 20:30 …) and the same `now`.
const cache = new Map<number, ParisTime>();

/** The Paris wall-clock reading of an instant (ms since the epoch). */
export function parisTime(ms: number): ParisTime {
  const hit = cache.get(ms);
  if (hit) return hit;
  const out: ParisTime = { year: 0, month: 0, day: 0, weekday: 0, hour: 0, minute: 0 };
  for (const p of PARTS.formatToParts(ms)) {
    if (p.type === 'year') out.year = Number(p.value);
    else if (p.type === 'month') out.month = Number(p.value);
    else if (p.type === 'day') out.day = Number(p.value);
    else if (p.type === 'hour') out.hour = Number(p.value);
    else if (p.type === 'minute') out.minute = Number(p.value);
    else if (p.type === 'weekday') out.weekday = WEEKDAY_INDEX[p.value.replace('.', '').slice(0, 3)] ?? 0;
  }
  if (cache.size > 4096) cache.clear();
  cache.set(ms, out);
  return out;
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

/** "3,2 km" / "3.2 km": one decimal under 10 km, whole kilometres beyond. */
export function formatKm(km: number): { fr: string; en: string } {
  const en = km < 10 ? (Math.round(km * 10) / 10).toFixed(1) : String(Math.round(km));
  return { fr: `${en.replace('.', ',')} km`, en: `${en} km` };
}
