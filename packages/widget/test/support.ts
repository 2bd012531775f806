import type { RecommendationResponse } from '@detour/sdk';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { PARENTHESE } from './fixtures.js';

export const API = 'https://api.detour.test';

/** Every request the fake API received, in order. */
export const requests: Request[] = [];

let next: () => Response | Promise<Response> = () => HttpResponse.json({});

/** Sets what `GET /v1/recommendations` answers next. */
export function answer(body: RecommendationResponse | (() => Response | Promise<Response>)): void {
  next = typeof body === 'function' ? body : () => HttpResponse.json(body);
}

export const server = setupServer(
  http.get(`${API}/v1/recommendations`, ({ request }) => {
    requests.push(request);
    return next();
  }),
  http.get(`${API}/v1/venues/:id`, ({ request, params }) => {
    requests.push(request);
    return params.id === PARENTHESE.id
      ? HttpResponse.json(PARENTHESE)
      : HttpResponse.json({ type: 'about:blank', title: 'Not Found', status: 404 }, { status: 404 });
  }),
  // The beacon's JSON body makes a cross-origin request preflighted, as in browsers.
  http.options(`${API}/v1/impressions`, () => {
    return new HttpResponse(null, {
      status: 204,
      headers: {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'content-type',
      },
    });
  }),
  http.post(`${API}/v1/impressions`, ({ request }) => {
    requests.push(request);
    return HttpResponse.json(
      { accepted: 1 },
      { status: 202, headers: { 'access-control-allow-origin': '*' } },
    );
  }),
);

/** The query parameters of the recommendation requests made so far. */
export function recommendationQueries(): URLSearchParams[] {
  return requests
    .filter((r) => r.url.includes('/v1/recommendations'))
    .map((r) => new URL(r.url).searchParams);
}

/** A controllable IntersectionObserver: nothing is visible until `reveal()` (happy-dom's never fires). */
export class FakeIntersectionObserver {
  static instances: FakeIntersectionObserver[] = [];
  targets = new Set<Element>();
  constructor(
    readonly callback: IntersectionObserverCallback,
    readonly options: IntersectionObserverInit = {},
  ) {
    FakeIntersectionObserver.instances.push(this);
  }
  observe(target: Element) {
    this.targets.add(target);
  }
  unobserve(target: Element) {
    this.targets.delete(target);
  }
  disconnect() {
    this.targets.clear();
  }
  takeRecords() {
    return [];
  }
  /** Reports every observed target as intersecting. */
  static reveal(): void {
    for (const io of [...FakeIntersectionObserver.instances]) {
      if (io.targets.size === 0) continue;
      const entries = [...io.targets].map((target) => ({
        target,
        isIntersecting: true,
        intersectionRatio: 1,
      }));
      io.callback(entries as unknown as IntersectionObserverEntry[], io as unknown as IntersectionObserver);
    }
  }
}

/** Waits until `check` passes (for DOM updates after fetches), failing with its last error. */
export async function until(check: () => void, timeoutMs = 4000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}
