import type { RecommendationResponse, Venue } from '@detour/sdk';

/** The API answered with an error status, or not at all. */
export class WidgetRequestError extends Error {
  constructor(
    readonly url: string,
    readonly status: number | null,
  ) {
    super(`Détour request failed (${status ?? 'network'}): ${url}`);
    this.name = 'WidgetRequestError';
  }
}

/**
 * GETs JSON from the API without credentials (no cookies ever leave with a widget request).
 * The widget needs two reads only; the SDK's full client (retries, timeouts, every endpoint) would
 * cost a fifth of the widget's size budget.
 */
async function getJson<T>(url: string, signal: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'omit', headers: { accept: 'application/json' }, signal });
  } catch (cause) {
    if (signal.aborted) throw cause;
    throw new WidgetRequestError(url, null);
  }
  if (!response.ok) throw new WidgetRequestError(url, response.status);
  return (await response.json()) as T;
}

/** `GET /v1/recommendations` with query values already as strings. */
export function fetchRecommendations(
  api: string,
  query: Record<string, string>,
  signal: AbortSignal,
): Promise<RecommendationResponse> {
  return getJson(`${api}/v1/recommendations?${new URLSearchParams(query)}`, signal);
}

/** `GET /v1/venues/{id}`. */
export function fetchVenue(api: string, id: string, signal: AbortSignal): Promise<Venue> {
  return getJson(`${api}/v1/venues/${encodeURIComponent(id)}`, signal);
}
