import { RecommendationQuerySchema, RecommendationResponseSchema } from '@detour/sdk/contract';
import { createRoute } from '@hono/zod-openapi';
import type * as z from 'zod';
import type { AppDeps } from '../context.js';
import { type EncodedJson, encodeJson, sendEncodedJson } from '../encoded-json.js';
import {
  answerCacheControl,
  answerGeneration,
  answerKey,
  carriesHistory,
  computeAnswer,
  prepareAnswer,
} from '../recommend.js';
import { CACHE_HEADERS, problems } from '../responses.js';
import type { RouteModule } from './module.js';

/** `GET /v1/recommendations`: the engine's request as query parameters. */
export const recommendationRoutes: RouteModule = {
  name: 'recommendations',
  register(app, deps) {
    app.openapi(
      createRoute({
        method: 'get',
        path: '/v1/recommendations',
        tags: ['Recommendations'],
        summary: 'Nearby shows you were not searching for',
        description: [
          'Shows around `lat`/`lon` within `radius` km, each with its best performance (the earliest in the window, ties to the nearest), venue, distance, price and the reasons it was picked, diversified by the policy in force.',
          '`from`/`to` take a date-time with offset or a date (`2026-12-08`: from that day’s midnight, or to its end, on the Europe/Paris clock); at most 366 days apart. Left out, they follow `period` — `tonight`, `weekend` (Friday 18:00 to Monday), `week` or `month`, the policy’s by default — seen from now; `radius` defaults to the policy’s radius; `k` to 10 (≤ 50).',
          'Numbers are plain decimals (`lat=` or `lat=0x10` is a 400), and a parameter the route does not know is a 400 naming it.',
          '`show` is the show being viewed ("similar but different"); `history` up to 20 comma-separated show ids seen before, used for this answer only and never stored.',
          'The same request on the same catalogue, policy and exposure snapshot gives the same answer: `policyVersion`, `snapshotId` and `seed` say which.',
        ].join('\n\n'),
        request: { query: RecommendationQuerySchema },
        responses: {
          200: {
            description: 'The picks, best first, with their reasons.',
            headers: CACHE_HEADERS,
            content: { 'application/json': { schema: RecommendationResponseSchema } },
          },
          304: { description: 'Not modified (If-None-Match matched).' },
          ...problems(400, 503),
        },
      }),
      async (c) => {
        const q = c.req.valid('query');
        const encoded = await recommendationAnswer(deps, c.get('now'), q);
        return sendEncodedJson(c, encoded, answerCacheControl(c.get('now'), carriesHistory(q)));
      },
    );
  },
};

/** The encoded answer to a parsed recommendation query at `now` (this route's and the fast lane's). */
export async function recommendationAnswer(
  deps: AppDeps,
  now: Date,
  q: z.output<typeof RecommendationQuerySchema>,
): Promise<EncodedJson> {
  const prepared = await prepareAnswer(deps, now, q, { lat: q.lat, lon: q.lon }, null);
  const compute = async () => encodeJson(await computeAnswer(deps, prepared));
  // A visitor's history is used for this answer only: never a key of the cache (see carriesHistory).
  if (carriesHistory(q)) return compute();
  // Computed, serialised and gzipped once per generation; served byte for byte after that.
  return deps.responses.get(answerGeneration(prepared), answerKey(prepared), compute);
}
