import { type Period, parisTime, periodWindow } from '@detour/sdk';

/** Named periods of the `period` attribute (the contract's periods). */
export type PeriodName = Period;
export { parisTime, periodWindow };

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
