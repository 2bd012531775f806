import { buildTaxonomy, TaxonomySchema } from '@detour/sdk/contract';
import { createRoute } from '@hono/zod-openapi';
import { cachePublic } from '../middleware/cache.js';
import { NoQuerySchema } from '../params.js';
import { CACHE_HEADERS } from '../responses.js';
import type { RouteModule } from './module.js';

/** `GET /v1/taxonomy`: the facets and their labels, fixed for a release. */
export const taxonomyRoutes: RouteModule = {
  name: 'taxonomy',
  register(app) {
    const taxonomy = buildTaxonomy();
    app.openapi(
      createRoute({
        method: 'get',
        path: '/v1/taxonomy',
        tags: ['Catalogue'],
        summary: 'Disciplines and other facets',
        description:
          'Disciplines with their sub-disciplines, venue size classes, price bands, audiences, venue types and accessibility families, each with a stable id and French and English labels.',
        request: { query: NoQuerySchema },
        responses: {
          200: {
            description: 'The taxonomy.',
            headers: CACHE_HEADERS,
            content: { 'application/json': { schema: TaxonomySchema } },
          },
          304: { description: 'Not modified (If-None-Match matched).' },
        },
      }),
      (c) => {
        cachePublic(c, 86_400);
        return c.json(taxonomy, 200);
      },
    );
  },
};
