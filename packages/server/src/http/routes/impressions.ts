import { ImpressionAckSchema, ImpressionBatchSchema, NetworkQuerySchema } from '@detour/sdk/contract';
import { createRoute } from '@hono/zod-openapi';
import { positionWeight } from '../../engine/index.js';
import { HttpProblem } from '../problem.js';
import { json, problems } from '../responses.js';
import type { RouteModule } from './module.js';

/**
 * `POST /v1/impressions`: what a list showed, folded at once into per-venue weights. Nothing that could
 * identify a visitor exists in the request model, and nothing of the request (address, headers) is kept.
 */
export const impressionRoutes: RouteModule = {
  name: 'impressions',
  register(app, deps) {
    app.openapi(
      createRoute({
        method: 'post',
        path: '/v1/impressions',
        tags: ['Recommendations'],
        summary: 'Report what a list showed (aggregate, anonymous)',
        description:
          'Positions at which shows of a list were displayed. Each is folded into its venue’s exposure counter with weight 1/log2(1 + position); the counters feed the exposure-fairness term. No identifier, cookie or IP address is stored. Venues unknown to the catalogue are ignored; a network without a published policy is a 404. The body is at most 16 KiB.',
        request: {
          query: NetworkQuerySchema,
          body: { required: true, content: { 'application/json': { schema: ImpressionBatchSchema } } },
        },
        responses: {
          202: json(ImpressionAckSchema, 'Counted: `accepted` impressions were added to their venues.'),
          ...problems(400, 404, 413, 415, 503),
        },
      }),
      async (c) => {
        const batch = c.req.valid('json');
        const network = c.req.valid('query').network ?? deps.config.network;
        // Only a network with a published policy has exposure counters: anything else would grow the table.
        if (!(await deps.state.policy(network)))
          throw new HttpProblem(
            404,
            'unknown-network',
            `No policy has been published for network "${network}".`,
            { errors: [{ path: 'network', message: 'unknown network' }] },
          );
        const known = deps.state.view().index.venueById;
        const weights = new Map<string, number>();
        let accepted = 0;
        for (const item of batch.items) {
          if (!known.has(item.venueId)) continue;
          weights.set(item.venueId, (weights.get(item.venueId) ?? 0) + positionWeight(item.position));
          accepted++;
        }
        if (weights.size > 0) {
          const rows = [...weights].map(([venueId, weight]) => ({ venueId, weight }));
          await deps.state.store.addImpressions(network, rows, c.get('now').toISOString());
        }
        c.header('Cache-Control', 'no-store');
        return c.json({ accepted }, 202);
      },
    );
  },
};
