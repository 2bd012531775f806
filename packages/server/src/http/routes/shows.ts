import {
  PROBLEM_DETAILS,
  RecommendationResponseSchema,
  ShowDetailSchema,
  SimilarQuerySchema,
} from '@detour/sdk/contract';
import { createRoute } from '@hono/zod-openapi';
import { attributionLines } from '../attribution.js';
import { cachePrivate, cachePublic } from '../middleware/cache.js';
import { NoQuerySchema, pointOf, ShowPathSchema } from '../params.js';
import { HttpProblem, invalidField } from '../problem.js';
import { answer, carriesHistory } from '../recommend.js';
import { CACHE_HEADERS, problems } from '../responses.js';
import type { RouteModule } from './module.js';

const unknownShow = (id: string) => new HttpProblem(404, 'unknown-show', PROBLEM_DETAILS.unknownShow(id));

/** `GET /v1/shows/{id}` and `GET /v1/shows/{id}/similar`. */
export const showRoutes: RouteModule = {
  name: 'shows',
  register(app, deps) {
    app.openapi(
      createRoute({
        method: 'get',
        path: '/v1/shows/{id}',
        tags: ['Catalogue'],
        summary: 'A show with its upcoming performances',
        description:
          'The show, its performances from now on (cancelled ones included, with their status) and the venues they take place in. `show.provenance` names the source record that gave each public field.',
        request: { params: ShowPathSchema, query: NoQuerySchema },
        responses: {
          200: {
            description: 'The show.',
            headers: CACHE_HEADERS,
            content: { 'application/json': { schema: ShowDetailSchema } },
          },
          304: { description: 'Not modified (If-None-Match matched).' },
          ...problems(400, 404),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const store = deps.state.store;
        const show = await store.getShow(id);
        if (!show) throw unknownShow(id);
        const performances = await store.listShowPerformances(id, c.get('now').toISOString());
        const venues = await store.getVenues([...new Set(performances.map((p) => p.venueId))]);
        const attribution = deps.state.ready ? await attributionLines(deps) : [];
        cachePublic(c, 300);
        return c.json({ show, performances, venues, attribution }, 200);
      },
    );

    app.openapi(
      createRoute({
        method: 'get',
        path: '/v1/shows/{id}/similar',
        tags: ['Recommendations'],
        summary: 'Similar but different shows',
        description:
          'Shows like this one (the show itself excluded) around `lat`/`lon`, or around the venue of its next performance when no place is given; diversified by the policy like recommendations, with the same parameters and response.',
        request: { params: ShowPathSchema, query: SimilarQuerySchema },
        responses: {
          200: {
            description: 'The picks, best first, with their reasons.',
            headers: CACHE_HEADERS,
            content: { 'application/json': { schema: RecommendationResponseSchema } },
          },
          304: { description: 'Not modified (If-None-Match matched).' },
          ...problems(400, 404, 503),
        },
      }),
      async (c) => {
        const { id } = c.req.valid('param');
        const q = c.req.valid('query');
        const now = c.get('now');
        const view = deps.state.view();
        const showIndex = view.index.showById.get(id);
        if (showIndex === undefined) throw unknownShow(id);
        let place = pointOf(q);
        if (!place) {
          // The venue of the show's next performance that still takes place (cancelled ones are skipped).
          const p = view.index.snapshot.performances;
          const nowMin = Math.floor(now.getTime() / 60_000);
          const next = view.schedule.next(showIndex, {
            fromMin: nowMin,
            toMin: 2 ** 32,
            venueDistance: null,
          });
          if (next < 0)
            throw invalidField('lat', 'required: this show has no upcoming performance to search around');
          const venue = view.index.snapshot.venues[p.venue[next]!]!;
          place = { lat: venue.lat, lon: venue.lon };
        }
        const body = await answer(deps, now, q, place, id);
        // An answer that used the visitor's history is theirs alone (see carriesHistory).
        if (carriesHistory(q)) cachePrivate(c, 60);
        else cachePublic(c, 60);
        return c.json(body, 200);
      },
    );
  },
};
