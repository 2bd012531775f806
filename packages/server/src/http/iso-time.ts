/**
 * ISO 8601 instants read and written with a memory: a recommendation request parses its window's bounds
 * and writes them back in canonical form, plus the engine clock's step, and requests share these few
 * values (the periods seen from the same quarter hour, the same five-minute step). Parsing and formatting
 * dates was a few microseconds of every answer served from the response cache.
 */

const LIMIT = 512;
const parsed = new Map<string, number>();
const written = new Map<number, string>();

/** Exactly `Date.parse(text)`. */
export function parseInstant(text: string): number {
  let ms = parsed.get(text);
  if (ms === undefined) {
    ms = Date.parse(text);
    if (parsed.size >= LIMIT) parsed.clear();
    parsed.set(text, ms);
  }
  return ms;
}

/** Exactly `new Date(ms).toISOString()` (throws the same RangeError for an invalid time). */
export function instantText(ms: number): string {
  let text = written.get(ms);
  if (text === undefined) {
    text = new Date(ms).toISOString();
    if (written.size >= LIMIT) written.clear();
    written.set(ms, text);
  }
  return text;
}
