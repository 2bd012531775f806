import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClient, type DetourError, parseRetryAfter } from '../src/index.js';
import { backoffDelay, DEFAULT_RETRY } from '../src/retry.js';
import { json, problem, scriptedFetch } from './fake-fetch.js';

const API = 'https://api.detour.test';
const ok = () =>
  json({ status: 'ok', snapshotId: null, policyVersion: null, exposureSnapshotId: null, counts: null });
const batch = { policyVersion: 1, items: [{ showId: 's1', venueId: 'v1', position: 1 }] };

/** A client whose backoff is 1 ms·2^n and deterministic, over a scripted fetch. */
function setup(steps: Parameters<typeof scriptedFetch>[0], retries = 2, extra = {}) {
  const f = scriptedFetch(steps);
  const client = createClient({
    baseUrl: API,
    fetch: f.fetch,
    retry: { retries, baseDelayMs: 1, maxDelayMs: 10 },
    random: () => 1,
    ...extra,
  });
  return { client, calls: f.calls };
}

describe('what is retried', () => {
  it('retries a GET after a network error, then succeeds', async () => {
    const { client, calls } = setup([new TypeError('fetch failed'), ok()]);
    await expect(client.getHealth()).resolves.toMatchObject({ status: 'ok' });
    expect(calls).toHaveLength(2);
  });

  it.each([500, 502, 503, 504, 429])('retries a GET answered %i', async (status) => {
    const { client, calls } = setup([problem(status, 'Oops'), ok()]);
    await client.getHealth();
    expect(calls).toHaveLength(2);
  });

  it('gives up after the configured count and throws the last error', async () => {
    const { client, calls } = setup([problem(503, 'A'), problem(503, 'B'), problem(503, 'C'), ok()], 2);
    await expect(client.getHealth()).rejects.toMatchObject({ kind: 'http', status: 503, title: 'C' });
    expect(calls).toHaveLength(3);
  });

  it('retry: 0 makes a single attempt', async () => {
    const { client, calls } = setup([problem(500, 'A'), ok()], 0);
    await expect(client.getHealth()).rejects.toMatchObject({ status: 500 });
    expect(calls).toHaveLength(1);
  });

  it('a number as the retry option is the retry count', async () => {
    const f = scriptedFetch([new TypeError('x'), new TypeError('x'), new TypeError('x'), new TypeError('x')]);
    vi.useFakeTimers();
    try {
      const client = createClient({ baseUrl: API, fetch: f.fetch, retry: 3 });
      const p = client.getHealth().catch((e: DetourError) => e);
      await vi.runAllTimersAsync();
      expect(await p).toMatchObject({ kind: 'network' });
      expect(f.calls).toHaveLength(4);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('what is never retried', () => {
  it.each([400, 401, 403, 404, 409, 413, 422])('a GET answered %i is thrown at once', async (status) => {
    const { client, calls } = setup([problem(status, 'No'), ok()]);
    await expect(client.getHealth()).rejects.toMatchObject({ kind: 'http', status });
    expect(calls).toHaveLength(1);
  });

  it('a POST that may have been processed (500, network error) is not retried', async () => {
    const a = setup([problem(500, 'Oops'), json({ accepted: 1 }, 202)]);
    await expect(a.client.recordImpressions(batch)).rejects.toMatchObject({ status: 500 });
    expect(a.calls).toHaveLength(1);
    const b = setup([new TypeError('fetch failed'), json({ accepted: 1 }, 202)]);
    await expect(b.client.recordImpressions(batch)).rejects.toMatchObject({ kind: 'network' });
    expect(b.calls).toHaveLength(1);
  });

  it('a POST refused with 429 or 503 (not processed) is retried', async () => {
    const { client, calls } = setup([
      problem(429, 'Slow down'),
      problem(503, 'Busy'),
      json({ accepted: 1 }, 202),
    ]);
    await expect(client.recordImpressions(batch)).resolves.toEqual({ accepted: 1 });
    expect(calls).toHaveLength(3);
    expect(calls[2]!.init.body).toBe(JSON.stringify(batch));
  });
});

describe('backoff and Retry-After', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2027-10-15T18:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('backs off exponentially with full jitter, capped', () => {
    const o = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(n, o, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(3, o, () => 0.5)).toBe(400);
    expect(backoffDelay(3, o, () => 0)).toBe(0);
  });

  it('waits the backoff before the next attempt', async () => {
    const f = scriptedFetch([problem(502, 'A'), problem(502, 'B'), ok()]);
    const client = createClient({
      baseUrl: API,
      fetch: f.fetch,
      retry: { retries: 2, baseDelayMs: 100 },
      random: () => 1,
    });
    const p = client.getHealth();
    await vi.advanceTimersByTimeAsync(99);
    expect(f.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(199);
    expect(f.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.calls).toHaveLength(3);
    await expect(p).resolves.toMatchObject({ status: 'ok' });
  });

  it('honours Retry-After in seconds over its own backoff', async () => {
    const f = scriptedFetch([problem(429, 'Slow down', {}, { 'retry-after': '3' }), ok()]);
    const client = createClient({
      baseUrl: API,
      fetch: f.fetch,
      retry: { retries: 1, baseDelayMs: 10 },
      random: () => 1,
    });
    const p = client.getHealth();
    await vi.advanceTimersByTimeAsync(2999);
    expect(f.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(f.calls).toHaveLength(2);
    await p;
  });

  it('honours Retry-After as an HTTP date', async () => {
    const at = new Date(Date.now() + 5000).toUTCString();
    const f = scriptedFetch([problem(503, 'Maintenance', {}, { 'retry-after': at }), ok()]);
    const client = createClient({ baseUrl: API, fetch: f.fetch, retry: 1 });
    const p = client.getHealth();
    await vi.advanceTimersByTimeAsync(4999);
    expect(f.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await p;
    expect(f.calls).toHaveLength(2);
  });

  it('does not wait for a Retry-After beyond maxRetryAfterMs: throws it instead', async () => {
    const f = scriptedFetch([problem(429, 'Quota', {}, { 'retry-after': '3600' }), ok()]);
    const client = createClient({
      baseUrl: API,
      fetch: f.fetch,
      retry: { retries: 3, maxRetryAfterMs: 60_000 },
    });
    const e = (await client.getHealth().catch((x: unknown) => x)) as DetourError;
    expect(e).toMatchObject({ kind: 'http', status: 429, retryAfterMs: 3_600_000 });
    expect(f.calls).toHaveLength(1);
  });

  it('parses Retry-After forms', () => {
    const now = Date.parse('2027-10-15T18:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Fri, 15 Oct 2027 18:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 15 Oct 2027 17:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('timeout and abort', () => {
  afterEach(() => vi.useRealTimers());

  it('times out an attempt that hangs, as kind timeout, and retries it', async () => {
    vi.useFakeTimers();
    const f = scriptedFetch(['hang', ok()]);
    const client = createClient({
      baseUrl: API,
      fetch: f.fetch,
      timeoutMs: 500,
      retry: { retries: 1, baseDelayMs: 1 },
    });
    const p = client.getHealth();
    await vi.advanceTimersByTimeAsync(500);
    await vi.advanceTimersByTimeAsync(2);
    await expect(p).resolves.toMatchObject({ status: 'ok' });
    expect(f.calls).toHaveLength(2);
  });

  it('reports kind timeout once attempts are spent', async () => {
    vi.useFakeTimers();
    const f = scriptedFetch(['hang']);
    const client = createClient({ baseUrl: API, fetch: f.fetch, timeoutMs: 200, retry: 0 });
    const p = client.getHealth().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(200);
    expect(await p).toMatchObject({ kind: 'timeout', status: null });
  });

  it('aborting during the request rejects with kind aborted and makes no retry', async () => {
    const f = scriptedFetch(['hang', ok()]);
    const client = createClient({ baseUrl: API, fetch: f.fetch, retry: 3 });
    const controller = new AbortController();
    const p = client.getHealth({ signal: controller.signal });
    controller.abort();
    await expect(p).rejects.toMatchObject({ kind: 'aborted' });
    expect(f.calls).toHaveLength(1);
  });

  it('aborting during the backoff stops retrying', async () => {
    vi.useFakeTimers();
    const f = scriptedFetch([problem(503, 'Busy'), ok()]);
    const client = createClient({
      baseUrl: API,
      fetch: f.fetch,
      retry: { retries: 3, baseDelayMs: 1000 },
      random: () => 1,
    });
    const controller = new AbortController();
    const p = client.getHealth({ signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    await vi.advanceTimersByTimeAsync(5000);
    expect(await p).toMatchObject({ kind: 'aborted' });
    expect(f.calls).toHaveLength(1);
  });

  it('an already-aborted signal sends nothing', async () => {
    const f = scriptedFetch([ok()]);
    const client = createClient({ baseUrl: API, fetch: f.fetch });
    await expect(client.getHealth({ signal: AbortSignal.abort() })).rejects.toMatchObject({
      kind: 'aborted',
    });
    expect(f.calls).toHaveLength(0);
  });

  it('the caller signal and the timeout are combined into the one signal fetch sees', async () => {
    vi.useFakeTimers();
    const f = scriptedFetch(['hang']);
    const client = createClient({ baseUrl: API, fetch: f.fetch, timeoutMs: 1000, retry: 0 });
    const controller = new AbortController();
    const p = client.getHealth({ signal: controller.signal }).catch((e: unknown) => e);
    const seen = f.calls[0]!.init.signal!;
    expect(seen).not.toBe(controller.signal);
    expect(seen.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen.aborted).toBe(true);
    expect(await p).toMatchObject({ kind: 'timeout' });
  });
});
