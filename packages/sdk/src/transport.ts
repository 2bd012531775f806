import { DetourError, toProblem } from './errors.js';
import { backoffDelay, isRetryableStatus, parseRetryAfter, type RetryOptions } from './retry.js';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** Caching facts of a response, read from its headers (what the query integration uses for stale times). */
export interface ResponseMeta {
  status: number;
  /** Seconds the response stays fresh (Cache-Control max-age minus Age), when the server said so. */
  maxAge: number | null;
  etag: string | null;
  /** When the response was received (ms since epoch). */
  receivedAt: number;
}

const metaByData = new WeakMap<object, ResponseMeta>();

/** The caching facts of a value returned by the client (null for values it did not return). */
export function responseMeta(data: unknown): ResponseMeta | null {
  return typeof data === 'object' && data !== null ? (metaByData.get(data) ?? null) : null;
}

export interface TransportOptions {
  baseUrl: string;
  fetch: FetchLike;
  headers: () => Record<string, string>;
  timeoutMs: number;
  retry: RetryOptions;
  random: () => number;
}

export interface Call {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  signal?: AbortSignal | undefined;
  headers?: Record<string, string> | undefined;
}

/**
 * Builds the absolute URL of a call; parameters left undefined are not sent. Encoded by hand rather than
 * with URLSearchParams, which React Native only partly implements.
 */
export function buildUrl(baseUrl: string, path: string, query?: Record<string, string | undefined>): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  }
  return `${baseUrl.replace(/\/+$/, '')}${path}${pairs.length > 0 ? `?${pairs.join('&')}` : ''}`;
}

function maxAgeOf(headers: Headers): number | null {
  const cc = headers.get('cache-control');
  if (!cc) return null;
  if (/no-store|no-cache/i.test(cc)) return 0;
  // `(?:^|,)` keeps s-maxage (for shared caches) out.
  const m = /(?:^|,)\s*max-age=(\d+)/i.exec(cc);
  if (!m) return null;
  const age = Number(headers.get('age') ?? 0) || 0;
  return Math.max(0, Number(m[1]) - age);
}

function abortError(url: string, reason: unknown): DetourError {
  return new DetourError({ kind: 'aborted', message: 'Request aborted', url, cause: reason });
}

/** Waits `ms`, or rejects as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(url, signal.reason));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(url, signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** One attempt: fetch under the caller's signal and the timeout, then map any failure to a DetourError. */
async function attempt(
  t: TransportOptions,
  call: Call,
  url: string,
): Promise<{ data: unknown; meta: ResponseMeta }> {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(call.signal?.reason);
  call.signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    t.timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, t.timeoutMs)
      : undefined;
  try {
    let response: Response;
    try {
      const headers: Record<string, string> = { accept: 'application/json', ...t.headers(), ...call.headers };
      if (call.body !== undefined) headers['content-type'] = 'application/json';
      response = await t.fetch(url, {
        method: call.method,
        headers,
        ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
        signal: controller.signal,
        // No cookies, ever: Détour keeps no visitor state on the server.
        credentials: 'omit',
      });
    } catch (cause) {
      if (call.signal?.aborted) throw abortError(url, call.signal.reason);
      if (timedOut) {
        throw new DetourError({
          kind: 'timeout',
          message: `No response within ${t.timeoutMs} ms`,
          url,
          cause,
        });
      }
      throw new DetourError({ kind: 'network', message: 'Network error', url, cause });
    }
    let text: string;
    try {
      text = await response.text();
    } catch (cause) {
      if (call.signal?.aborted) throw abortError(url, call.signal.reason);
      const kind = timedOut ? 'timeout' : 'network';
      throw new DetourError({
        kind,
        message: 'The response body could not be read',
        url,
        status: response.status,
        cause,
      });
    }
    let body: unknown = null;
    let parsed = text.length === 0;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
        parsed = true;
      } catch {
        parsed = false;
      }
    }
    if (!response.ok) {
      const problem = toProblem(parsed ? body : null, response.status, response.statusText);
      throw new DetourError({
        kind: 'http',
        message: problem.detail ? `${problem.title}: ${problem.detail}` : problem.title,
        url,
        status: response.status,
        problem,
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      });
    }
    if (!parsed || text.length === 0) {
      throw new DetourError({
        kind: 'invalid-response',
        message: 'The response is not JSON',
        url,
        status: response.status,
      });
    }
    const meta: ResponseMeta = {
      status: response.status,
      maxAge: maxAgeOf(response.headers),
      etag: response.headers.get('etag'),
      receivedAt: Date.now(),
    };
    return { data: body, meta };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    call.signal?.removeEventListener('abort', onAbort);
  }
}

/** Sends a call with the retry policy: network errors, timeouts, 5xx and 429 are retried; other 4xx never. */
export async function send(t: TransportOptions, call: Call): Promise<unknown> {
  const url = buildUrl(t.baseUrl, call.path, call.query);
  const idempotent = call.method === 'GET';
  for (let n = 0; ; n++) {
    if (call.signal?.aborted) throw abortError(url, call.signal.reason);
    try {
      const { data, meta } = await attempt(t, call, url);
      if (typeof data === 'object' && data !== null) metaByData.set(data, meta);
      return data;
    } catch (error) {
      if (!(error instanceof DetourError) || n >= t.retry.retries) throw error;
      const transient = error.kind === 'network' || error.kind === 'timeout';
      const retryable =
        error.kind === 'http' ? isRetryableStatus(error.status ?? 0, idempotent) : transient && idempotent;
      if (!retryable) throw error;
      if (error.retryAfterMs !== null && error.retryAfterMs > t.retry.maxRetryAfterMs) throw error;
      // The server's Retry-After wins over our own backoff: it knows when it will be ready.
      await sleep(error.retryAfterMs ?? backoffDelay(n, t.retry, t.random), call.signal, url);
    }
  }
}
