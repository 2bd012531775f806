import { MAX_WINDOW_DAYS } from './contract/constants.js';
import type { FieldError, Period } from './contract/index.js';
import { parisTime, periodLength, periodWindow, quarterHour } from './period.js';

/**
 * The time window of a request, one definition for the server and the mocks: `from`/`to` as given (a date
 * is read on the Paris clock), the missing bound from the period, both from the period seen from now when
 * neither is given. Zod-free, so the core client could use it too.
 */

const DAY = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The instant a bound names: an ISO instant as it is; a date is that day's Paris midnight (`from`) or the next day's (`to`). */
export function boundInstant(text: string, bound: 'from' | 'to'): number {
  const date = DATE.exec(text);
  if (!date) return Date.parse(text);
  const [, y, m, d] = date;
  return parisTime(Number(y), Number(m), Number(d) + (bound === 'to' ? 1 : 0));
}

/** A window in milliseconds, or the field error that refuses it (reversed, in the past, longer than MAX_WINDOW_DAYS). */
export function windowOf(
  q: { from?: string | undefined; to?: string | undefined },
  period: Period,
  now: number,
): { from: number; to: number } | FieldError {
  let from: number;
  let to: number;
  if (q.from === undefined && q.to === undefined) {
    const w = periodWindow(period, now);
    from = Date.parse(w.from);
    to = Date.parse(w.to);
  } else if (q.to === undefined) {
    from = boundInstant(q.from!, 'from');
    to = from + periodLength(period);
  } else if (q.from === undefined) {
    from = quarterHour(now);
    to = boundInstant(q.to, 'to');
  } else {
    from = boundInstant(q.from, 'from');
    to = boundInstant(q.to, 'to');
  }
  return checkWindow(from, to, q.from !== undefined);
}

/** A window's bounds checked: `to` after `from`, at most MAX_WINDOW_DAYS apart. */
export function checkWindow(
  from: number,
  to: number,
  fromGiven: boolean,
): { from: number; to: number } | FieldError {
  if (!(from < to))
    return { path: 'to', message: fromGiven ? 'must be after from' : 'must be in the future' };
  if (to - from > MAX_WINDOW_DAYS * DAY)
    return { path: 'to', message: `must be at most ${MAX_WINDOW_DAYS} days after from` };
  return { from, to };
}
