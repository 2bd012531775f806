import { MAX_WINDOW_DAYS } from '@detour/sdk';
import type { Period } from '@detour/sdk/contract';
import { boundInstant, checkWindow } from '@detour/sdk/contract';
import { instantText, parseInstant } from './iso-time.js';
import { periodLength, periodWindow, quarterHour } from './period.js';
import { invalidField } from './problem.js';

/** The longest time window a request may ask for. */
export { MAX_WINDOW_DAYS };

const DATE_LENGTH = 'YYYY-MM-DD'.length;

/** A bound's instant: a date is read on the Paris clock (SDK's boundInstant); an instant is parsed with a memory. */
export function boundOf(text: string, bound: 'from' | 'to'): number {
  return text.length === DATE_LENGTH ? boundInstant(text, bound) : parseInstant(text);
}

/**
 * The time window of a request: `from`/`to` as given, the missing bound from the period, both from the
 * period seen from now when neither is given. Reversed or overlong windows are a 400 on `to`. The rules are
 * the SDK's (windowOf), which the mocks apply; this one memoises the instants of the hot path.
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
    from = boundOf(q.from!, 'from');
    to = from + periodLength(period);
  } else if (q.from === undefined) {
    from = quarterHour(now.getTime());
    to = boundOf(q.to, 'to');
  } else {
    from = boundOf(q.from, 'from');
    to = boundOf(q.to, 'to');
  }
  const checked = checkWindow(from, to, q.from !== undefined);
  if ('path' in checked) throw invalidField(checked.path, checked.message);
  return { from: instantText(from), to: instantText(to) };
}
