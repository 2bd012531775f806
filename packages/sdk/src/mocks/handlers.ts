import { HttpResponse, http, type RequestHandler } from 'msw';
import type * as z from 'zod';
import { DEFAULT_POLICY_SETTINGS, MAX_WINDOW_DAYS, PROBLEM_CONTENT_TYPE } from '../contract/constants.js';
import type { FieldError, Period } from '../contract/index.js';
import {
  fieldErrors,
  PROBLEM_DETAILS,
  type ProblemInit,
  type ProblemSlug,
  problemDocument,
} from '../contract/problems.js';
import {
  NetworkQuerySchema,
  NoQuerySchema,
  SearchQuerySchema,
  ShowPathSchema,
  SimilarQuerySchema,
  VenuePathSchema,
  VenueQuerySchema,
} from '../contract/queries.js';
import { ImpressionBatchSchema, RecommendationQuerySchema } from '../contract/recommendation.js';
import { buildTaxonomy } from '../contract/taxonomy.js';
import { boundInstant, checkWindow, windowOf } from '../window.js';
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

/** A problem response, its body as the server writes it for the same request (the SDK's problem catalogue). */
function problem(slug: ProblemSlug, instance: string, init: ProblemInit = {}) {
  const body = problemDocument(slug, { ...init, instance });
  return HttpResponse.json(body, {
    status: body.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'cache-control': 'no-store', ...CORS },
  });
}

class BadRequest extends Error {
  constructor(readonly errors: FieldError[]) {
    super('Bad request');
  }
}

/** The query as the server's validator reads it: one value, or the list of a repeated parameter. */
function queryOf(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

/** Parses with a contract schema, as the server's validator does; its issues become the server's field errors. */
function valid<T extends z.ZodType>(schema: T, value: unknown, prefix = ''): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new BadRequest(fieldErrors(parsed.error.issues, prefix));
  return parsed.data;
}

/** Both coordinates or neither, as the server requires. */
function pointOf(q: { lat?: number | undefined; lon?: number | undefined }) {
  if (q.lat === undefined && q.lon === undefined) return null;
  if (q.lat === undefined) throw new BadRequest([{ path: 'lat', message: 'required with lon' }]);
  if (q.lon === undefined) throw new BadRequest([{ path: 'lon', message: 'required with lat' }]);
  return { lat: q.lat, lon: q.lon };
}

/** The window of a request by the server's rules (the SDK's windowOf), as ISO instants. */
function windowFrom(q: { from?: string | undefined; to?: string | undefined; period?: Period | undefined }) {
  const w = windowOf(q, q.period ?? DEFAULT_POLICY_SETTINGS.defaults.period, Date.now());
  if ('path' in w) throw new BadRequest([w]);
  return { from: new Date(w.from).toISOString(), to: new Date(w.to).toISOString() };
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

  /** Runs a resolver body, turning parameter errors into the server's 400 problem. */
  const guarded = (request: Request, fn: (url: URL) => Response): Response => {
    const url = new URL(request.url);
    try {
      return fn(url);
    } catch (e) {
      if (e instanceof BadRequest)
        return problem('invalid-request', url.pathname, {
          detail: PROBLEM_DETAILS.invalidFields,
          errors: e.errors,
        });
      throw e;
    }
  };

  const recommendationFilter = (
    q: z.output<typeof SimilarQuerySchema> & { show?: string | undefined },
    at: { lat: number; lon: number },
  ) => {
    const history = q.history ? q.history.split(',').filter(Boolean) : [];
    const excludeVenue = q.excludeVenue ? q.excludeVenue.split(',').filter(Boolean) : [];
    const window = windowFrom(q);
    const seen = new Set(
      c.shows.filter((s) => s.id === q.show || history.includes(s.id)).map((s) => s.discipline),
    );
    return {
      filter: {
        lat: at.lat,
        lon: at.lon,
        radiusKm: q.radius ?? DEFAULT_POLICY_SETTINGS.defaults.radiusKm,
        k: q.k ?? 10,
        exclude: new Set([
          ...(q.show ? [q.show] : []),
          ...history,
          // The programme of an excluded venue, wherever else it plays (as the engine does).
          ...c.performances.filter((p) => excludeVenue.includes(p.venueId)).map((p) => p.showId),
        ]),
        seen,
        free: q.free === undefined ? undefined : q.free === 'true' || q.free === '1',
        maxPrice: q.maxPrice,
        audience: q.audience,
      },
      window,
      locale: q.locale ?? 'fr',
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
      guarded(request, (url) => {
        const q = valid(RecommendationQuerySchema, queryOf(url));
        const { filter, window, locale, personal } = recommendationFilter(q, q);
        return ok(recommendationResponse(c, filter, window, locale), personal);
      }),
    ),
    http.get(`${base}/v1/shows/:id/similar`, ({ request, params }) =>
      guarded(request, (url) => {
        const q = valid(SimilarQuerySchema, queryOf(url));
        const { id } = valid(ShowPathSchema, params);
        const detail = showDetail(c, id);
        if (!detail)
          return problem('unknown-show', url.pathname, { detail: PROBLEM_DETAILS.unknownShow(id) });
        const home = pointOf(q) ?? detail.venues[0]?.location ?? { lat: 0, lon: 0 };
        const { filter, window, locale, personal } = recommendationFilter(q, home);
        filter.exclude.add(detail.show.id);
        filter.seen.add(detail.show.discipline);
        return ok(recommendationResponse(c, { ...filter, similarTo: detail.show }, window, locale), personal);
      }),
    ),
    http.get(`${base}/v1/shows/:id`, ({ request, params }) =>
      guarded(request, (url) => {
        valid(NoQuerySchema, queryOf(url));
        const { id } = valid(ShowPathSchema, params);
        const detail = showDetail(c, id);
        return detail
          ? ok(detail)
          : problem('unknown-show', url.pathname, { detail: PROBLEM_DETAILS.unknownShow(id) });
      }),
    ),
    http.get(`${base}/v1/search`, ({ request }) =>
      guarded(request, (url) => {
        const q = valid(SearchQuerySchema, queryOf(url));
        const point = pointOf(q);
        const from = q.from ? boundInstant(q.from, 'from') : Date.now();
        const to = q.to ? boundInstant(q.to, 'to') : from + MAX_WINDOW_DAYS * 86_400_000;
        const window = checkWindow(from, to, q.from !== undefined);
        if ('path' in window) throw new BadRequest([window]);
        const free = q.free === undefined ? undefined : q.free === 'true' || q.free === '1';
        return ok(
          search(c, {
            q: q.q ?? '',
            lat: point?.lat,
            lon: point?.lon,
            radiusKm: point ? (q.radius ?? DEFAULT_POLICY_SETTINGS.defaults.radiusKm) : undefined,
            free,
            maxPrice: q.maxPrice,
            offset: q.offset ?? 0,
            limit: q.limit ?? 20,
            discipline: q.discipline,
          }),
        );
      }),
    ),
    http.get(`${base}/v1/venues`, ({ request }) =>
      guarded(request, (url) => {
        const q = valid(VenueQuerySchema, queryOf(url));
        const point = pointOf(q);
        return ok(
          venueList(c, {
            lat: point?.lat,
            lon: point?.lon,
            radiusKm: point ? (q.radius ?? DEFAULT_POLICY_SETTINGS.defaults.radiusKm) : undefined,
            offset: q.offset ?? 0,
            limit: q.limit ?? 20,
          }),
        );
      }),
    ),
    http.get(`${base}/v1/venues/:id`, ({ request, params }) =>
      guarded(request, (url) => {
        valid(NoQuerySchema, queryOf(url));
        const { id } = valid(VenuePathSchema, params);
        const venue = c.venues.find((v) => v.id === id);
        return venue
          ? ok(venue)
          : problem('unknown-venue', url.pathname, { detail: PROBLEM_DETAILS.unknownVenue(id) });
      }),
    ),
    http.get(`${base}/v1/taxonomy`, ({ request }) =>
      guarded(request, (url) => {
        valid(NoQuerySchema, queryOf(url));
        return ok(buildTaxonomy());
      }),
    ),
    http.get(`${base}/v1/policy`, ({ request }) =>
      guarded(request, (url) => {
        valid(NetworkQuerySchema, queryOf(url));
        return ok(publicPolicy());
      }),
    ),
    http.post(`${base}/v1/impressions`, async ({ request }) => {
      const url = new URL(request.url);
      let text: string;
      try {
        valid(NetworkQuerySchema, queryOf(url));
        text = await request.text();
      } catch (e) {
        if (e instanceof BadRequest)
          return problem('invalid-request', url.pathname, {
            detail: PROBLEM_DETAILS.invalidFields,
            errors: e.errors,
          });
        throw e;
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return problem('malformed-json', url.pathname, {
          detail: PROBLEM_DETAILS.malformedJson,
          errors: [{ path: 'body', message: 'malformed JSON' }],
        });
      }
      const parsed = ImpressionBatchSchema.safeParse(body);
      if (!parsed.success) {
        return problem('invalid-request', url.pathname, {
          detail: PROBLEM_DETAILS.invalidFields,
          errors: fieldErrors(parsed.error.issues, 'body'),
        });
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
