import { PROBLEM_DETAILS, VenueListSchema, VenueQuerySchema, VenueSchema } from '@detour/sdk/contract';
import { createRoute } from '@hono/zod-openapi';
import type { CatalogueView } from '../../app-state.js';
import type { SnapshotVenue } from '../../engine/snapshot.js';
import { cachePublic } from '../middleware/cache.js';
import { DEFAULT_PAGE_LIMIT, NoQuerySchema, pointOf, VenuePathSchema } from '../params.js';
import { HttpProblem } from '../problem.js';
import { CACHE_HEADERS, json, problems } from '../responses.js';
import type { RouteModule } from './module.js';

const byName = new WeakMap<CatalogueView, number[]>();
const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** Venue indices in French alphabetical order (cached per catalogue view). */
function alphabetical(view: CatalogueView): number[] {
  let order = byName.get(view);
  if (!order) {
    const venues: readonly SnapshotVenue[] = view.index.snapshot.venues;
    order = venues.map((_, i) => i);
    order.sort(
      (a, b) =>
        collator.compare(venues[a]!.name, venues[b]!.name) || (venues[a]!.id < venues[b]!.id ? -1 : 1),
    );
    byName.set(view, order);
  }
  return order;
}

/** `GET /v1/venues` (near a point, paginated) and `GET /v1/venues/{id}`. */
export const venueRoutes: RouteModule = {
  name: 'venues',
  register(app, deps) {
    app.openapi(
      createRoute({
        method: 'get',
        path: '/v1/venues',
        tags: ['Catalogue'],
        summary: 'Venues near a point',
        description:
          'Venues within `radius` km (default: the policy’s radius) of `lat`/`lon`, nearest first, with their distance; without a point, every venue in alphabetical order. Paginated with `offset` and `limit` (≤ 50, default 20).',
        request: { query: VenueQuerySchema },
        responses: {
          200: {
            description: 'A page of venues.',
            headers: CACHE_HEADERS,
            content: { 'application/json': { schema: VenueListSchema } },
          },
          304: { description: 'Not modified (If-None-Match matched).' },
          ...problems(400, 503),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const point = pointOf(q);
        const view = deps.state.view();
        const offset = q.offset ?? 0;
        const limit = q.limit ?? DEFAULT_PAGE_LIMIT;
        let rows: Array<{ venue: number; distanceKm: number | null }>;
        if (point) {
          const radius = q.radius ?? (await deps.state.policy())?.settings.defaults.radiusKm ?? 20;
          rows = view.venues.near(point.lat, point.lon, radius);
        } else {
          rows = alphabetical(view).map((venue) => ({ venue, distanceKm: null }));
        }
        const page = rows.slice(offset, offset + limit);
        const snapshotVenues = view.index.snapshot.venues;
        const ids = page.map((r) => snapshotVenues[r.venue]!.id);
        const found = new Map((await deps.state.store.getVenues(ids)).map((v) => [v.id, v]));
        const items = page.flatMap((r) => {
          const venue = found.get(snapshotVenues[r.venue]!.id);
          return venue ? [{ ...venue, distanceKm: r.distanceKm === null ? null : round(r.distanceKm) }] : [];
        });
        cachePublic(c, 300);
        return c.json({ items, page: { total: rows.length, offset, limit } }, 200);
      },
    );

    app.openapi(
      createRoute({
        method: 'get',
        path: '/v1/venues/{id}',
        tags: ['Catalogue'],
        summary: 'A venue',
        description: '`provenance` names the source record that gave each public field.',
        request: { params: VenuePathSchema, query: NoQuerySchema },
        responses: {
          200: { ...json(VenueSchema, 'The venue.'), headers: CACHE_HEADERS },
          304: { description: 'Not modified (If-None-Match matched).' },
          ...problems(400, 404),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const venue = await deps.state.store.getVenue(id);
        if (!venue) throw new HttpProblem(404, 'unknown-venue', PROBLEM_DETAILS.unknownVenue(id));
        cachePublic(c, 300);
        return c.json(venue, 200);
      },
    );
  },
};

/** Distances to 10 m: more would pretend a precision the geocodes do not have. */
export const round = (km: number) => Math.round(km * 100) / 100;
