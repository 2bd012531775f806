import { checkWindow, SearchQuerySchema, SearchResponseSchema } from '@detour/sdk/contract';
import { createRoute } from '@hono/zod-openapi';
import { performanceId } from '../../engine/snapshot.js';
import { loadRecords } from '../hydrate.js';
import type { PerformanceFilter } from '../indexes/show-schedule.js';
import { cachePublic } from '../middleware/cache.js';
import { boolOf, DEFAULT_PAGE_LIMIT, pointOf } from '../params.js';
import { quarterHour } from '../period.js';
import { invalidField } from '../problem.js';
import { CACHE_HEADERS, problems } from '../responses.js';
import { boundOf, MAX_WINDOW_DAYS } from '../window.js';
import type { RouteModule } from './module.js';
import { round } from './venues.js';

const MINUTE = 60_000;

interface Hit {
  show: number;
  score: number;
  perf: number;
  start: number;
  distanceKm: number | null;
}

/** `GET /v1/search`: full text over shows, filtered and paginated. */
export const searchRoutes: RouteModule = {
  name: 'search',
  register(app, deps) {
    app.openapi(
      createRoute({
        method: 'get',
        path: '/v1/search',
        tags: ['Catalogue'],
        summary: 'Search shows',
        description: [
          'Full text over titles, creators, disciplines, tags, venue names and towns, and descriptions: accents and case are ignored, French stop words dropped, words match by prefix and (from five letters) with a typo.',
          'Only shows with a performance that fits the filters are listed: from `from` (default now) to `to` (a date-time, or a date on the Paris clock; at most 366 days after `from`), within `radius` km (default: the policy’s) of `lat`/`lon` when given, of `discipline`, at most `maxPrice` euros or `free`. Each hit carries that next performance and its venue.',
          'Best matches first (soonest first without `q`). Paginated with `offset` and `limit` (≤ 50, default 20).',
        ].join('\n\n'),
        request: { query: SearchQuerySchema },
        responses: {
          200: {
            description: 'A page of hits.',
            headers: CACHE_HEADERS,
            content: { 'application/json': { schema: SearchResponseSchema } },
          },
          304: { description: 'Not modified (If-None-Match matched).' },
          ...problems(400, 503),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const now = c.get('now');
        const point = pointOf(q);
        const view = deps.state.view();
        const snapshot = view.index.snapshot;

        // From now on by default, and never more than MAX_WINDOW_DAYS: the scan is bounded like a recommendation's.
        const fromMs = q.from ? boundOf(q.from, 'from') : quarterHour(now.getTime());
        const toMs = q.to ? boundOf(q.to, 'to') : fromMs + MAX_WINDOW_DAYS * 86_400_000;
        const window = checkWindow(fromMs, toMs, q.from !== undefined);
        if ('path' in window) throw invalidField(window.path, window.message);

        let venueDistance: Map<number, number> | null = null;
        if (point) {
          const radius = q.radius ?? (await deps.state.policy())?.settings.defaults.radiusKm ?? 20;
          venueDistance = new Map(
            view.venues.near(point.lat, point.lon, radius).map((h) => [h.venue, h.distanceKm]),
          );
        }
        const filter: PerformanceFilter = {
          fromMin: Math.ceil(fromMs / MINUTE),
          toMin: Math.ceil(toMs / MINUTE),
          venueDistance,
        };
        if (q.maxPrice !== undefined) filter.maxPriceCents = Math.round(q.maxPrice * 100);
        const free = boolOf(q.free);
        if (free) filter.free = true;

        const text = view.search.search(q.q ?? '');
        const hits: Hit[] = [];
        const consider = (show: number, score: number) => {
          if (q.discipline && snapshot.shows[show]!.discipline !== q.discipline) return;
          const perf = view.schedule.next(show, filter);
          if (perf < 0) return;
          const venue = snapshot.performances.venue[perf]!;
          hits.push({
            show,
            score,
            perf,
            start: snapshot.performances.startMin[perf]!,
            distanceKm: venueDistance ? venueDistance.get(venue)! : null,
          });
        };
        if (text) for (const [show, score] of text) consider(show, score);
        else for (let show = 0; show < snapshot.shows.length; show++) consider(show, 0);
        const id = (h: Hit) => snapshot.shows[h.show]!.id;
        hits.sort(
          (a, b) =>
            b.score - a.score ||
            a.start - b.start ||
            (a.distanceKm ?? 0) - (b.distanceKm ?? 0) ||
            (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0),
        );

        const offset = q.offset ?? 0;
        const limit = q.limit ?? DEFAULT_PAGE_LIMIT;
        const page = hits.slice(offset, offset + limit);
        const p = snapshot.performances;
        const records = await loadRecords(
          deps.state.store,
          {
            shows: page.map((h) => snapshot.shows[h.show]!.id),
            performances: page.map((h) => performanceId(p.rowId[h.perf]!)),
            venues: page.map((h) => snapshot.venues[p.venue[h.perf]!]!.id),
            // The view's record cache, shared with recommendations: records already read are served from
            // memory (also while the database is unreachable); a new revision starts a new cache.
          },
          view,
        );
        const items = page.flatMap((h) => {
          const show = records.shows.get(snapshot.shows[h.show]!.id);
          if (!show) return [];
          return [
            {
              show,
              score: Math.round(h.score * 1000) / 1000,
              next: records.performances.get(performanceId(p.rowId[h.perf]!)) ?? null,
              venue: records.venues.get(snapshot.venues[p.venue[h.perf]!]!.id) ?? null,
              distanceKm: h.distanceKm === null ? null : round(h.distanceKm),
            },
          ];
        });
        cachePublic(c, 60);
        return c.json({ query: q.q ?? '', items, page: { total: hits.length, offset, limit } }, 200);
      },
    );
  },
};
