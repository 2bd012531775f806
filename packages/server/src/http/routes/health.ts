import { HealthSchema } from '@detour/sdk/contract';
import { createRoute } from '@hono/zod-openapi';
import * as z from 'zod';
import { json } from '../responses.js';
import type { RouteModule } from './module.js';

/** `GET /healthz`: answers as soon as the process listens; says whether the catalogue is loaded. */
export const healthRoutes: RouteModule = {
  name: 'health',
  register(app, deps) {
    app.openapi(
      createRoute({
        method: 'get',
        path: '/healthz',
        tags: ['Service'],
        summary: 'Health check',
        description: [
          'Whether the server answers, the catalogue snapshot, policy version and exposure snapshot in use.',
          '`status` is `starting` while the catalogue loads, `degraded` while the database is unreachable (recommendations, search and pages are answered from memory; imports, impressions and the editor API answer 503 with Retry-After), else `ok`; `database` says `ok` or `unavailable`.',
        ].join('\n\n'),
        responses: {
          200: json(HealthSchema, 'The server is up (status `starting` while the catalogue loads).'),
        },
      }),
      async (c) => {
        const state = deps.state;
        c.header('Cache-Control', 'no-store');
        if (!state.ready) {
          return c.json(
            {
              status: 'starting' as const,
              snapshotId: null,
              policyVersion: null,
              exposureSnapshotId: null,
              counts: null,
            },
            200,
          );
        }
        const database = await state.probeDatabase();
        const view = state.view();
        const snapshot = view.index.snapshot;
        const policy = await state.policy().catch(() => null);
        return c.json(
          {
            status: database ? ('ok' as const) : ('degraded' as const),
            database: database ? 'ok' : 'unavailable',
            snapshotId: view.index.snapshotId,
            policyVersion: policy?.version ?? null,
            exposureSnapshotId: state.exposure()?.id ?? null,
            counts: {
              venues: snapshot.venues.length,
              shows: snapshot.shows.length,
              performances: snapshot.performances.count,
            },
          },
          200,
        );
      },
    );

    app.openapi(
      createRoute({
        method: 'get',
        path: '/readyz',
        tags: ['Service'],
        summary: 'Readiness for load balancers',
        description:
          '`200` once the catalogue is indexed in memory: the replica can answer visitors, even while its database is unreachable (see `/healthz`, `degraded`). `503` while it starts. Route traffic to replicas that answer `200`.',
        responses: {
          200: json(ReadySchema, 'Ready to serve.'),
          503: json(ReadySchema, 'Not ready yet (the catalogue is loading).'),
        },
      }),
      (c) => {
        c.header('Cache-Control', 'no-store');
        if (!deps.state.ready) {
          c.header('Retry-After', '5');
          return c.json({ ready: false }, 503);
        }
        return c.json({ ready: true }, 200);
      },
    );
  },
};

const ReadySchema = z.object({ ready: z.boolean() }).meta({ id: 'Readiness' });
