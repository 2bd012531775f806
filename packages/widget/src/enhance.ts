import type { RecommendationResponse } from '@detour/sdk';

/** Marks the JSON copy of the response inside a server-rendered fragment. */
export const RESPONSE_SELECTOR = 'script[type="application/json"][data-detour-response]';

/** Parameters that do not change which cards an answer holds (words come in both languages). */
const SAME_CARDS = new Set(['from', 'to', 'locale', 'history', 'showUrl']);
/** How far the embedded window may be from the element's own (its `from` moves by quarter hours). */
const WINDOW_SLACK_MS = 3_600_000;

/**
 * Whether an embedded answer was computed for the element's own query: the same parameters, and a window
 * within an hour of the element's (a fragment cached for a while still counts). `ignorePlace` when the
 * element finds its place itself (`venue`): the fragment's coordinates are then taken as they are.
 */
export function sameQuery(
  embedded: URLSearchParams,
  own: Record<string, string>,
  ignorePlace: boolean,
  window?: { from: string; to: string },
): boolean {
  // A fragment asked with a named `period` says its window through the answer's context (`window`).
  if (embedded.has('period') && window && !embedded.has('from')) {
    embedded = new URLSearchParams(embedded);
    embedded.delete('period');
    embedded.set('from', window.from);
    embedded.set('to', window.to);
  }
  const keys = new Set([...embedded.keys(), ...Object.keys(own)]);
  for (const key of keys) {
    if (SAME_CARDS.has(key) || (ignorePlace && (key === 'lat' || key === 'lon'))) continue;
    if ((embedded.get(key) ?? undefined) !== own[key]) return false;
  }
  for (const bound of ['from', 'to']) {
    const a = embedded.get(bound);
    const b = own[bound];
    if (a === null || b === undefined) {
      if (a !== null || b !== undefined) return false;
    } else if (!(Math.abs(Date.parse(a) - Date.parse(b)) <= WINDOW_SLACK_MS)) return false;
  }
  return true;
}

/**
 * The response embedded by the server's HTML fragment inside the element, if any and if it was computed for
 * `own` (the element's query): the widget then renders it in place without a request. A fragment for another
 * query, or malformed content, is ignored (the widget fetches its own).
 */
export function readServerResponse(
  el: Element,
  own: Record<string, string>,
  ignorePlace = false,
): RecommendationResponse | null {
  const script = el.querySelector(RESPONSE_SELECTOR);
  if (!script?.textContent) return null;
  const query = script.closest('[data-detour-query]')?.getAttribute('data-detour-query');
  if (query === null || query === undefined) return null;
  try {
    const data = JSON.parse(script.textContent) as RecommendationResponse;
    if (!Array.isArray(data?.items) || !Array.isArray(data.attribution)) return null;
    return sameQuery(new URLSearchParams(query), own, ignorePlace, data.context) ? data : null;
  } catch {
    return null;
  }
}
