import { NetworkQuerySchema, PublicPolicySchema } from '@detour/sdk/contract';
import { createRoute } from '@hono/zod-openapi';
import { describePolicy } from '../policy-description.js';
import { HttpProblem } from '../problem.js';
import { CACHE_HEADERS, problems } from '../responses.js';
import type { RouteModule } from './module.js';

/** `GET /v1/policy`: the policy in force, in machine form and in plain French and English, with its history. */
export const policyRoutes: RouteModule = {
  name: 'policy',
  register(app, deps) {
    app.openapi(
      createRoute({
        method: 'get',
        path: '/v1/policy',
        tags: ['Policy'],
        summary: 'The recommendation policy in force',
        description:
          'The published policy of a network (the default one unless `network` is given): its settings, a plain description of what the algorithm optimises, its targets, the data it uses and does not use, when it last changed, and every version published.',
        request: { query: NetworkQuerySchema },
        responses: {
          200: {
            description: 'The public policy.',
            headers: CACHE_HEADERS,
            content: { 'application/json': { schema: PublicPolicySchema } },
          },
          304: { description: 'Not modified (If-None-Match matched).' },
          ...problems(400, 404),
        },
      }),
      async (c) => {
        const network = c.req.valid('query').network ?? deps.config.network;
        const policy = await deps.state.policy(network);
        if (!policy)
          throw new HttpProblem(
            404,
            'unknown-network',
            `No policy has been published for network "${network}".`,
          );
        const versions = await deps.state.store.policyVersions(network);
        // No max-age: a new version must show at once; the ETag makes revalidation cheap.
        return c.json(
          {
            policy,
            description: describePolicy(policy),
            lastChanged: policy.publishedAt,
            history: [...versions]
              .sort((a, b) => b.version - a.version)
              .map((p) => ({
                version: p.version,
                publishedAt: p.publishedAt,
                publishedBy: p.publishedBy,
                comment: p.comment,
                restoredFrom: p.restoredFrom,
              })),
          },
          200,
        );
      },
    );
  },
};
