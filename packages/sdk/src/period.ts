import type { Period } from './contract/index.js';

/**
 * Named periods on the Paris clock, one definition for the server, the widget and apps: tonight ends at midnight in Paris, the
 * weekend runs from Friday 18:00 (or now) to Monday 00:00, week and month are 7 and 30 days.
 * `from` is rounded down to a quarter of an hour so that repeated requests share one answer (and ETag).
 */

const ZONE = 'Europe/Paris';
const MINUTE = 60_000;
const DAY = 86_400_000;
const QUARTER = 15 * MINUTE;

// Made on first use: a module-level formatter would be a side effect that bundlers cannot drop.
let partsFormat: Intl.DateTimeFormat | undefined;

interface WallClock {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
  /** 0 = Sunday. */
  weekday: number;
}

/** Wall-clock fields of an instant in Paris. */
function parisFields(t: number): WallClock {
  partsFormat ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });
  const p: Record<string, number> = {};
  for (const part of partsFormat.formatToParts(t))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  const y = p.year ?? 1970;
  const m = p.month ?? 1;
  const d = p.day ?? 1;
  return {
    y,
    m,
    d,
    h: p.hour ?? 0,
    min: p.minute ?? 0,
    weekday: new Date(Date.UTC(y, m - 1, d)).getUTCDay(),
  };
}

/** The instant at which Paris clocks show this wall time (day overflow allowed: d = 32 is fine). */
export function parisTime(y: number, m: number, d: number, h = 0, min = 0): number {
  const wall = Date.UTC(y, m - 1, d, h, min);
  let t = wall;
  // Two passes settle the offset across a daylight-saving change.
  for (let i = 0; i < 2; i++) {
    const f = parisFields(t);
    const offset = Date.UTC(f.y, f.m - 1, f.d, f.h, f.min) - Math.floor(t / MINUTE) * MINUTE;
    t = wall - offset;
  }
  return t;
}

/** The window of a named period seen from `now` (milliseconds), as ISO instants. */
export function periodWindow(period: Period, now: number): { from: string; to: string } {
  const from = Math.floor(now / QUARTER) * QUARTER;
  const f = parisFields(now);
  let start = from;
  let end: number;
  if (period === 'tonight') {
    end = parisTime(f.y, f.m, f.d + 1);
  } else if (period === 'weekend') {
    const toMonday = f.weekday === 0 ? 1 : 8 - f.weekday;
    end = parisTime(f.y, f.m, f.d + toMonday);
    if (f.weekday >= 1 && f.weekday <= 5)
      start = Math.max(from, parisTime(f.y, f.m, f.d + (5 - f.weekday), 18));
  } else {
    end = from + (period === 'week' ? 7 : 30) * DAY;
  }
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

/** Length of a period in milliseconds, used when a request gives `from` but no `to`. */
export function periodLength(period: Period): number {
  if (period === 'tonight') return DAY;
  if (period === 'weekend') return 3 * DAY;
  return (period === 'week' ? 7 : 30) * DAY;
}

/** Rounds an instant down to the quarter hour (cacheable "now"). */
export function quarterHour(now: number): number {
  return Math.floor(now / QUARTER) * QUARTER;
}
