import type { RecommendationResponse } from '@detour/sdk';

/** Marks the JSON copy of the response inside a server-rendered fragment. */
export const RESPONSE_SELECTOR = 'script[type="application/json"][data-detour-response]';

/**
 * The response embedded by the server's HTML fragment inside the element, if any: the widget then renders
 * it in place without a request. Malformed content is ignored (the widget fetches instead).
 */
export function readServerResponse(el: Element): RecommendationResponse | null {
  const script = el.querySelector(RESPONSE_SELECTOR);
  if (!script?.textContent) return null;
  try {
    const data = JSON.parse(script.textContent) as RecommendationResponse;
    return Array.isArray(data?.items) && Array.isArray(data.attribution) ? data : null;
  } catch {
    return null;
  }
}
