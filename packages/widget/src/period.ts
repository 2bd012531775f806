/** Named periods of the `period` attribute. */
export type PeriodName = 'tonight' | 'weekend' | 'week' | 'month';

const ZONE = 'Europe/Paris';
const MINUTE = 60_000;
const DAY = 86_400_000;
let partsFormat: Intl.DateTimeFormat | undefined;

/** Wall-clock fields of an instant in Paris. */
function parisFields(t: number): {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
  weekday: number;
} {
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

/**
 * The time window of a named period, from `now`: tonight ends at midnight in Paris, the weekend runs from
 * Friday 18:00 to Sunday night, week and month are 7 and 30 days. `from` is rounded down to a quarter of an
 * hour so that repeated views share one cacheable URL.
 */
export function periodWindow(period: PeriodName, now: number): { from: string; to: string } {
  const from = Math.floor(now / (15 * MINUTE)) * 15 * MINUTE;
  const f = parisFields(now);
  let start = from;
  let end: number;
  if (period === 'tonight') {
    end = parisTime(f.y, f.m, f.d + 1);
  } else if (period === 'weekend') {
    // Days until next Monday 00:00 (weekday 0 = Sunday).
    const toMonday = f.weekday === 0 ? 1 : 8 - f.weekday;
    end = parisTime(f.y, f.m, f.d + toMonday);
    if (f.weekday >= 1 && f.weekday <= 5)
      start = Math.max(from, parisTime(f.y, f.m, f.d + (5 - f.weekday), 18));
  } else {
    end = from + (period === 'week' ? 7 : 30) * DAY;
  }
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

/**
 * Reads a `from`/`to` attribute: a full ISO date-time passes through; a plain date (YYYY-MM-DD) means midnight
 * in Paris that day (for `to`, the end of that day). Returns null when unreadable.
 */
export function parseBound(value: string | null | undefined, isEnd: boolean): string | null {
  if (!value) return null;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (date) {
    const t = parisTime(Number(date[1]), Number(date[2]), Number(date[3]) + (isEnd ? 1 : 0));
    return new Date(t).toISOString();
  }
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}
