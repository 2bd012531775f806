import { HttpResponse, http, type RequestHandler } from 'msw';
import {
  MAX_EXCLUDED_VENUES,
  MAX_HISTORY,
  MAX_K,
  MAX_RADIUS_KM,
  PROBLEM_CONTENT_TYPE,
} from '../contract/constants.js';
import type { FieldError } from '../contract/index.js';
import { MAX_PAGE_LIMIT } from '../contract/queries.js';
import { ImpressionBatchSchema } from '../contract/recommendation.js';
import { buildTaxonomy } from '../contract/taxonomy.js';
import { AUDIENCE_IDS, DISCIPLINE_IDS } from '../contract/taxonomy-tables.js';
import {
  defaultCatalogue,
  type MockCatalogue,
  publicPolicy,
  recommendationResponse,
  search,
  showDetail,
  venueList,
} from './catalogue.js';

export interface MockApiOptions {
  /** The API origin the handlers answer for; any origin by default. */
  baseUrl?: string;
  /** The records served; the fixtures by default. */
  catalogue?: MockCatalogue;
  /** Cache-Control max-age of the GET responses, in seconds (the server's default for recommendations is short). */
  maxAge?: number;
  /** Called with each impression batch accepted, to assert on them in tests. */
  onImpressions?: (batch: {
    policyVersion: number;
    items: { showId: string; venueId: string; position: number }[];
  }) => void;
}

/** CORS as the server answers public requests, so browser-like test environments (happy-dom, jsdom) accept them. */
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'ETag, Age, Retry-After',
};

function problem(status: number, title: string, errors?: FieldError[]) {
  return HttpResponse.json(
    { type: 'about:blank', title, status, ...(errors ? { errors } : {}) },
    { status, headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...CORS } },
  );
}

class BadRequest extends Error {
  constructor(readonly errors: FieldError[]) {
    super('Bad request');
  }
}

/** Reads query parameters with the server's rules, collecting every offending field. */
function reader(url: URL) {
  const errors: FieldError[] = [];
  const num = (name: string, min: number, max: number, required = false): number | undefined => {
    const raw = url.searchParams.get(name);
    if (raw === null || raw === '') {
      if (required) errors.push({ path: name, message: 'required' });
      return undefined;
    }
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      errors.push({ path: name, message: `must be a number between ${min} and ${max}` });
      return undefined;
    }
    return n;
  };
  const bool = (name: string): boolean | undefined => {
    const raw = url.searchParams.get(name);
    if (raw === null) return undefined;
    if (!['true', 'false', '1', '0'].includes(raw))
      errors.push({ path: name, message: 'must be true or false' });
    return raw === 'true' || raw === '1';
  };
  const date = (name: string): string | undefined => {
    const raw = url.searchParams.get(name);
    if (raw === null) return undefined;
    if (Number.isNaN(Date.parse(raw))) errors.push({ path: name, message: 'must be an ISO 8601 date-time' });
    return raw;
  };
  const list = (name: string, max: number): string[] => {
    const raw = url.searchParams.get(name);
    const items = raw ? raw.split(',').filter(Boolean) : [];
    if (items.length > max) errors.push({ path: name, message: `at most ${max} values` });
    return items;
  };
  const oneOf = (name: string, values: readonly string[]): string | undefined => {
    const raw = url.searchParams.get(name);
    if (raw === null) return undefined;
    if (!values.includes(raw)) errors.push({ path: name, message: `must be one of ${values.join(', ')}` });
    return raw;
  };
  const done = () => {
    if (errors.length > 0) throw new BadRequest(errors);
  };
  return { num, bool, date, list, oneOf, done, get: (n: string) => url.searchParams.get(n) ?? undefined };
}

function windowOf(from: string | undefined, to: string | undefined) {
  const start = from ?? new Date().toISOString();
  const end = to ?? new Date(Date.parse(start) + 7 * 86_400_000).toISOString();
  if (Date.parse(end) <= Date.parse(start))
    throw new BadRequest([{ path: 'to', message: 'must be after from' }]);
  return { from: start, to: end };
}

/**
 * msw handlers for every endpoint of the Détour public API, answering from realistic fixtures (or your
 * catalogue). Parameters are checked like the server does: bad input gets a 400 problem naming the field.
 * The time window is echoed but not applied: fixture dates are fixed, so lists never go empty with time.
 */
export function createDetourHandlers(options: MockApiOptions = {}): RequestHandler[] {
  const base = (options.baseUrl ?? '*').replace(/\/+$/, '');
  const c = options.catalogue ?? defaultCatalogue;
  const maxAge = options.maxAge ?? 60;
  /** A 200; `personal` (an answer that used the visitor's history) may be kept by the browser alone, as on the server. */
  const ok = (body: unknown, personal = false) =>
    HttpResponse.json(body as Record<string, unknown>, {
      headers: { 'cache-control': `${personal ? 'private' : 'public'}, max-age=${maxAge}`, ...CORS },
    });

  /** Runs a resolver body, turning parameter errors into a 400 problem. */
  const guarded = (fn: () => Response): Response => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof BadRequest) return problem(400, 'Paramètres invalides', e.errors);
      throw e;
    }
  };

  const recommendationFilter = (url: URL, at: { lat: number; lon: number } | null) => {
    const r = reader(url);
    const lat = r.num('lat', -90, 90, at === null);
    const lon = r.num('lon', -180, 180, at === null);
    const radiusKm = r.num('radius', 0.001, MAX_RADIUS_KM) ?? 30;
    const k = r.num('k', 1, MAX_K) ?? 10;
    const history = r.list('history', MAX_HISTORY);
    const excludeVenue = r.list('excludeVenue', MAX_EXCLUDED_VENUES);
    const free = r.bool('free');
    const maxPrice = r.num('maxPrice', 0, 100_000);
    const audience = r.oneOf('audience', AUDIENCE_IDS);
    const locale = r.oneOf('locale', ['fr', 'en']) ?? 'fr';
    const window = windowOf(r.date('from'), r.date('to'));
    r.done();
    const show = r.get('show');
    const seen = new Set(
      c.shows.filter((s) => s.id === show || history.includes(s.id)).map((s) => s.discipline),
    );
    return {
      filter: {
        lat: lat ?? at?.lat ?? 0,
        lon: lon ?? at?.lon ?? 0,
        radiusKm,
        k,
        exclude: new Set([
          ...(show ? [show] : []),
          ...history,
          // The programme of an excluded venue, wherever else it plays (as the engine does).
          ...c.performances.filter((p) => excludeVenue.includes(p.venueId)).map((p) => p.showId),
        ]),
        seen,
        free,
        maxPrice,
        audience,
      },
      window,
      locale: locale as 'fr' | 'en',
      personal: history.length > 0,
    };
  };

  // Preflights (a JSON POST, or GETs with custom headers) for every path of the API.
  const anyPath =
    base === '*' ? /\/(v1\/.*|healthz)$/ : new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`);

  return [
    http.options(
      anyPath,
      () =>
        new HttpResponse(null, {
          status: 204,
          headers: {
            ...CORS,
            'access-control-allow-methods': 'GET, POST',
            'access-control-allow-headers': 'content-type, accept',
            'access-control-max-age': '600',
          },
        }),
    ),
    http.get(`${base}/v1/recommendations`, ({ request }) =>
      guarded(() => {
        const { filter, window, locale, personal } = recommendationFilter(new URL(request.url), null);
        return ok(recommendationResponse(c, filter, window, locale), personal);
      }),
    ),
    http.get(`${base}/v1/shows/:id/similar`, ({ request, params }) =>
      guarded(() => {
        const detail = showDetail(c, String(params.id));
        if (!detail) return problem(404, 'Spectacle introuvable');
        const home = detail.venues[0]?.location ?? { lat: 0, lon: 0 };
        const { filter, window, locale, personal } = recommendationFilter(new URL(request.url), home);
        filter.exclude.add(detail.show.id);
        filter.seen.add(detail.show.discipline);
        return ok(recommendationResponse(c, { ...filter, similarTo: detail.show }, window, locale), personal);
      }),
    ),
    http.get(`${base}/v1/shows/:id`, ({ params }) => {
      const detail = showDetail(c, String(params.id));
      return detail ? ok(detail) : problem(404, 'Spectacle introuvable');
    }),
    http.get(`${base}/v1/search`, ({ request }) =>
      guarded(() => {
        const r = reader(new URL(request.url));
        const q = r.get('q') ?? '';
        const discipline = r.oneOf('discipline', DISCIPLINE_IDS);
        const f = {
          q,
          lat: r.num('lat', -90, 90),
          lon: r.num('lon', -180, 180),
          radiusKm: r.num('radius', 0.001, MAX_RADIUS_KM),
          free: r.bool('free'),
          maxPrice: r.num('maxPrice', 0, 100_000),
          offset: r.num('offset', 0, 10_000) ?? 0,
          limit: r.num('limit', 1, MAX_PAGE_LIMIT) ?? 20,
          discipline,
        };
        r.date('from');
        r.date('to');
        r.done();
        return ok(search(c, f));
      }),
    ),
    http.get(`${base}/v1/venues`, ({ request }) =>
      guarded(() => {
        const r = reader(new URL(request.url));
        const f = {
          lat: r.num('lat', -90, 90),
          lon: r.num('lon', -180, 180),
          radiusKm: r.num('radius', 0.001, MAX_RADIUS_KM),
          offset: r.num('offset', 0, 10_000) ?? 0,
          limit: r.num('limit', 1, MAX_PAGE_LIMIT) ?? 20,
        };
        r.done();
        return ok(venueList(c, f));
      }),
    ),
    http.get(`${base}/v1/venues/:id`, ({ params }) => {
      const venue = c.venues.find((v) => v.id === params.id);
      return venue ? ok(venue) : problem(404, 'Lieu introuvable');
    }),
    http.get(`${base}/v1/taxonomy`, () => ok(buildTaxonomy())),
    http.get(`${base}/v1/policy`, () => ok(publicPolicy())),
    http.post(`${base}/v1/impressions`, async ({ request }) => {
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        return problem(400, 'Corps JSON illisible', [{ path: 'body', message: 'malformed JSON' }]);
      }
      const parsed = ImpressionBatchSchema.safeParse(body);
      if (!parsed.success) {
        return problem(
          400,
          'Lot d’impressions invalide',
          parsed.error.issues.map((i) => ({
            path: ['body', ...i.path.map(String)].join('.'),
            message: i.message,
          })),
        );
      }
      options.onImpressions?.(parsed.data);
      return HttpResponse.json({ accepted: parsed.data.items.length }, { status: 202, headers: CORS });
    }),
    http.get(`${base}/healthz`, () =>
      HttpResponse.json(
        {
          status: 'ok',
          snapshotId: 'mock-fixtures',
          policyVersion: 1,
          exposureSnapshotId: null,
          counts: { venues: c.venues.length, shows: c.shows.length, performances: c.performances.length },
        },
        { headers: CORS },
      ),
    ),
  ];
}
