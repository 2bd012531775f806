/** How the client retries: attempts after the first, and the exponential backoff between them. */
export interface RetryOptions {
  /** Retries after the first attempt (0 disables retrying). Default 2. */
  retries: number;
  /** First backoff, doubled at each retry. Default 300 ms. */
  baseDelayMs: number;
  /** Longest backoff. Default 10 s. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the error is thrown instead. Default 60 s. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = {
  retries: 2,
  baseDelayMs: 300,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

/** Normalises the `retry` option: a number is a retry count. */
export function resolveRetry(option: number | Partial<RetryOptions> | undefined): RetryOptions {
  if (typeof option === 'number') return { ...DEFAULT_RETRY, retries: Math.max(0, Math.floor(option)) };
  return { ...DEFAULT_RETRY, ...option };
}

/** "Full jitter" backoff: uniform in [0, min(max, base·2^attempt)], so that clients don't retry in step. */
export function backoffDelay(
  attempt: number,
  options: RetryOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling * random());
}

/** Parses Retry-After (delta-seconds or an HTTP date) into milliseconds from `now`; null when absent or invalid. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** Statuses worth retrying: the server is overloaded or failing, not refusing the request itself. */
export function isRetryableStatus(status: number, idempotent: boolean): boolean {
  // A POST that reached a failing server may have been processed: only retry it when the server said
  // it did not take it (429 Too Many Requests, 503 Service Unavailable).
  if (!idempotent) return status === 429 || status === 503;
  return status === 429 || status >= 500;
}
