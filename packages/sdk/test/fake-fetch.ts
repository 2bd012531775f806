import type { FetchLike } from '../src/index.js';

export type Step = Response | Error | 'hang';

/**
 * A scripted fetch for retry, timeout and abort tests: each call takes the next step (a response, a
 * thrown error, or 'hang' until aborted) and records the request. No msw, so fake timers are safe.
 */
export function scriptedFetch(steps: Step[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = (url, init) => {
    calls.push({ url, init });
    const step = steps.shift();
    if (step === undefined) return Promise.reject(new Error(`unexpected call ${calls.length} to ${url}`));
    if (step === 'hang') {
      return new Promise((_, reject) => {
        const signal = init.signal;
        const fail = () => reject(signal?.reason ?? new DOMException('aborted', 'AbortError'));
        if (signal?.aborted) fail();
        signal?.addEventListener('abort', fail, { once: true });
      });
    }
    return step instanceof Error ? Promise.reject(step) : Promise.resolve(step);
  };
  return { fetch, calls };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const problem = (status: number, title: string, extra: Record<string, unknown> = {}, headers = {}) =>
  new Response(JSON.stringify({ type: 'about:blank', title, status, ...extra }), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
