import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { attributionLines } from '../attribution.js';
import type { AppDeps, AppEnv } from '../context.js';
import { ShowPathSchema } from '../params.js';
import { HttpProblem } from '../problem.js';
import { answer } from '../recommend.js';
import { problems } from '../responses.js';
import { renderShowPage, SHOW_PAGE_CSS } from './show-page.js';

/** Similar shows on a show page: as many as the widget shows by default. */
const SIMILAR_K = 6;

/** `GET /spectacles/{id}` (a show's public page) and its stylesheet. */
export function registerShowPages(app: OpenAPIHono<AppEnv>, deps: AppDeps): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/spectacles/{id}',
      tags: ['Examples'],
      summary: 'A show’s public page (HTML)',
      description:
        'Server-rendered, readable without JavaScript: the show, every upcoming performance with its venue, date, price and booking link where known, similar shows near the next performance with their reasons, schema.org Event JSON-LD and the data’s attribution. Cards of the widget and the fragment link here when the data has no page of its own.',
      request: { params: ShowPathSchema },
      responses: {
        200: {
          description: 'The page.',
          content: { 'text/html': { schema: { type: 'string' as const } } },
        },
        304: { description: 'Not modified (If-None-Match matched).' },
        ...problems(400, 404),
      },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const now = c.get('now');
      const store = deps.state.store;
      const show = await store.getShow(id);
      if (!show) throw new HttpProblem(404, 'unknown-show', `No show has the id "${id}".`);
      const performances = await store.listShowPerformances(id, now.toISOString());
      const venues = await store.getVenues([...new Set(performances.map((p) => p.venueId))]);
      let similar = null;
      // Around the venue of the next performance that still takes place.
      const next = performances.find((p) => p.status === 'scheduled' || p.status === 'sold-out');
      const venue = next && venues.find((v) => v.id === next.venueId);
      if (venue && deps.state.ready && deps.state.view().index.showById.has(id)) {
        similar = await answer(deps, now, { k: SIMILAR_K, locale: 'fr' }, venue.location, id);
      }
      const attribution = deps.state.ready ? await attributionLines(deps) : [];
      c.header('Cache-Control', 'public, max-age=300');
      return c.html(
        renderShowPage({
          show,
          performances,
          venues,
          similar,
          attribution,
          origin: new URL(c.req.url).origin,
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/assets/spectacle.css',
      tags: ['Examples'],
      summary: 'Stylesheet of the show pages',
      responses: {
        200: { description: 'CSS.', content: { 'text/css': { schema: { type: 'string' as const } } } },
        304: { description: 'Not modified (If-None-Match matched).' },
      },
    }),
    (c) => {
      c.header('Cache-Control', 'public, max-age=3600');
      c.header('Content-Type', 'text/css; charset=utf-8');
      return c.body(SHOW_PAGE_CSS, 200);
    },
  );
}
