import { createRoute } from '@hono/zod-openapi';
import { attributionLines } from '../attribution.js';
import { openApiDocument } from '../openapi.js';
import { renderDocs } from '../pages/docs.js';
import { renderRoot } from '../pages/root.js';
import { SITE_CSS } from '../pages/site-css.js';
import type { RouteModule } from './module.js';

const htmlPage = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string' as const } } },
});

/** `GET /demo` (the demo's hub page; `/` is the example venue page), `/docs` (API reference), `/openapi.json` and the pages' stylesheet. */
export const pageRoutes: RouteModule = {
  name: 'pages',
  register(app, deps) {
    app.openapi(
      createRoute({
        method: 'get',
        path: '/openapi.json',
        tags: ['Service'],
        summary: 'This API as an OpenAPI 3.1 document',
        description: 'Generated from the zod schemas of the API contract (`@detour/sdk`).',
        responses: {
          200: {
            description: 'The OpenAPI document.',
            content: { 'application/json': { schema: { type: 'object' as const } } },
          },
          304: { description: 'Not modified (If-None-Match matched).' },
        },
      }),
      (c) => {
        c.header('Cache-Control', 'public, max-age=300');
        return c.json(openApiDocument(app) as Record<string, unknown>, 200);
      },
    );

    let docsPage: string | null = null;
    app.openapi(
      createRoute({
        method: 'get',
        path: '/docs',
        tags: ['Service'],
        summary: 'API reference (HTML)',
        description:
          'A readable reference of every endpoint and schema, rendered on the server from /openapi.json; no script.',
        responses: {
          200: htmlPage('The reference page.'),
          304: { description: 'Not modified (If-None-Match matched).' },
        },
      }),
      (c) => {
        docsPage ??= renderDocs(openApiDocument(app));
        c.header('Cache-Control', 'public, max-age=300');
        return c.html(docsPage, 200);
      },
    );

    app.openapi(
      createRoute({
        method: 'get',
        path: '/demo',
        tags: ['Service'],
        summary: 'Demo hub page',
        description:
          'Links to the API, its reference and the other pages of this server; the data’s attribution.',
        responses: {
          200: htmlPage('The root page.'),
          304: { description: 'Not modified (If-None-Match matched).' },
        },
      }),
      async (c) => {
        const state = deps.state;
        let counts = null;
        let attribution: string[] = [];
        if (state.ready) {
          const snapshot = state.view().index.snapshot;
          counts = {
            venues: snapshot.venues.length,
            shows: snapshot.shows.length,
            performances: snapshot.performances.count,
          };
          attribution = await attributionLines(deps);
        }
        const policy = await state.policy();
        return c.html(
          renderRoot({
            links: deps.links,
            attribution,
            notice: deps.notice,
            counts,
            policyVersion: policy?.version ?? null,
          }),
          200,
        );
      },
    );

    app.openapi(
      createRoute({
        method: 'get',
        path: '/assets/site.css',
        tags: ['Service'],
        summary: 'Stylesheet of the server’s pages',
        responses: {
          200: { description: 'CSS.', content: { 'text/css': { schema: { type: 'string' as const } } } },
          304: { description: 'Not modified (If-None-Match matched).' },
        },
      }),
      (c) => {
        c.header('Cache-Control', 'public, max-age=3600');
        c.header('Content-Type', 'text/css; charset=utf-8');
        return c.body(SITE_CSS, 200);
      },
    );
  },
};
