import { HealthSchema } from '@detour/sdk/contract';
import { createRoute } from '@hono/zod-openapi';
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
        description:
          'Whether the server answers, the catalogue snapshot, policy version and exposure snapshot in use.',
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
        const view = state.view();
        const snapshot = view.index.snapshot;
        const policy = await state.policy();
        return c.json(
          {
            status: 'ok' as const,
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
  },
};
