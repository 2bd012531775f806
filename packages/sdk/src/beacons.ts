import type { ImpressionBatch } from './contract/index.js';

export interface SendImpressionsOptions {
  /** A fetch implementation for the fallback; the global one by default. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
}

/**
 * Reports what a list showed, surviving page unloads: `navigator.sendBeacon` with a JSON Blob where
 * available, else `fetch` with `keepalive`. Never sends cookies. Resolves to whether the report left
 * (queued by the browser, or accepted by the server); it never rejects.
 */
export async function sendImpressions(
  baseUrl: string,
  batch: ImpressionBatch,
  options: SendImpressionsOptions = {},
): Promise<boolean> {
  const url = `${baseUrl.replace(/\/+$/, '')}/v1/impressions`;
  const body = JSON.stringify(batch);
  const nav = (globalThis as { navigator?: { sendBeacon?: (url: string, data: Blob) => boolean } }).navigator;
  if (typeof nav?.sendBeacon === 'function' && typeof Blob === 'function') {
    try {
      // Beacons never carry credentials for a cross-origin request without CORS approval.
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
