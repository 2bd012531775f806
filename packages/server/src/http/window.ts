import type { Period } from '@detour/sdk/contract';
import { instantText, parseInstant } from './iso-time.js';
import { periodLength, periodWindow, quarterHour } from './period.js';
import { invalidField } from './problem.js';

/** The longest time window a request may ask for. */
export const MAX_WINDOW_DAYS = 366;
const DAY = 86_400_000;

/**
 * The time window of a request: `from`/`to` as given, the missing bound from the default period, both
 * from the period seen from now when neither is given. Reversed or overlong windows are a 400 on `to`.
 */
export function resolveWindow(
  q: { from?: string | undefined; to?: string | undefined },
  period: Period,
  now: Date,
): { from: string; to: string } {
  let from: number;
  let to: number;
  if (q.from === undefined && q.to === undefined) {
    const w = periodWindow(period, now.getTime());
    from = parseInstant(w.from);
    to = parseInstant(w.to);
  } else if (q.to === undefined) {
    from = parseInstant(q.from!);
    to = from + periodLength(period);
  } else if (q.from === undefined) {
    from = quarterHour(now.getTime());
    to = parseInstant(q.to);
  } else {
    from = parseInstant(q.from);
    to = parseInstant(q.to);
  }
  if (!(from < to))
    throw invalidField('to', q.from === undefined ? 'must be in the future' : 'must be after from');
  if (to - from > MAX_WINDOW_DAYS * DAY)
    throw invalidField('to', `must be at most ${MAX_WINDOW_DAYS} days after from`);
  return { from: instantText(from), to: instantText(to) };
}
