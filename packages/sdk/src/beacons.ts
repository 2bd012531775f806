import type { ImpressionBatch } from './contract/index.js';

export interface SendImpressionsOptions {
  /** A fetch implementation for the fallback; the global one by default. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

/** Whether `url` has the same origin as the page running this code (false outside browsers). */
function sameOrigin(url: string): boolean {
  const here = (globalThis as { location?: { origin?: string } }).location?.origin;
  if (!here || here === 'null') return false;
  try {
    return new URL(url, here).origin === here;
  } catch {
    return false;
  }
}

/**
 * Reports what a list showed, surviving page unloads, never with cookies. Same-origin: a
 * `navigator.sendBeacon` with a JSON Blob where available. Cross-origin (a widget or an app on another
 * site), or without sendBeacon: `fetch` with `keepalive` and `credentials: 'omit'` — a beacon always
 * carries credentials, which a cross-origin API answering `Access-Control-Allow-Origin: *` must refuse.
 * Resolves to whether the report left (queued by the browser, or accepted by the server); never rejects.
 */
export async function sendImpressions(
  baseUrl: string,
  batch: ImpressionBatch,
  options: SendImpressionsOptions = {},
): Promise<boolean> {
  const url = `${baseUrl.replace(/\/+$/, '')}/v1/impressions`;
  const body = JSON.stringify(batch);
  const nav = (globalThis as { navigator?: { sendBeacon?: (url: string, data: Blob) => boolean } }).navigator;
  if (typeof nav?.sendBeacon === 'function' && typeof Blob === 'function' && sameOrigin(url)) {
    try {
      if (nav.sendBeacon(url, new Blob([body], { type: 'application/json' }))) return true;
    } catch {
      // Some browsers refuse non-form Blob types: fall through to fetch.
    }
  }
  const doFetch = options.fetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init));
  try {
    const response = await doFetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
      keepalive: true,
      credentials: 'omit',
    });
    return response.ok;
  } catch {
    return false;
  }
}
