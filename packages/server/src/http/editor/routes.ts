import { NetworkQuerySchema, PROBLEM_CONTENT_TYPE, ProblemSchema } from '@detour/sdk/contract';
import { createRoute, z } from '@hono/zod-openapi';
import { describePolicy } from '../policy-description.js';
import { HttpProblem } from '../problem.js';
import type { RouteModule } from '../routes/module.js';
import { registerEditorApi, withChanges } from './api.js';
import {
  defaultEditorDist,
  EDITOR_CSP,
  EditorBundle,
  renderConsoleShell,
  renderNotBuilt,
  sendAsset,
} from './console.js';
import { renderPolicyPage } from './policy-page.js';

export interface EditorRoutesOptions {
  /** Folder of the built console bundle (default: packages/server/dist/editor). */
  dist?: string;
}

const htmlResponse = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string' as const } } },
});

/**
 * The editor console (`/editor` and its bundle), its API (`/v1/editor/*`) and the public policy page
 * (`/policy`).
 */
export function createEditorRoutes(options: EditorRoutesOptions = {}): RouteModule {
  return {
    name: 'editor',
    register(app, deps) {
      const bundle = new EditorBundle(options.dist ?? defaultEditorDist());
      registerEditorApi(app, deps);
      for (const link of [
        {
          href: '/policy',
          label: 'Politique de recommandation',
          description: 'La version en vigueur, expliquée, et l’historique de ses changements.',
        },
        {
          href: '/editor',
          label: 'Console éditoriale',
          description: 'Régler, prévisualiser et publier la politique (jeton d’éditeur).',
        },
      ]) {
        if (!deps.links.some((l) => l.href === link.href)) deps.links.push(link);
      }

      app.openapi(
        createRoute({
          method: 'get',
          path: '/editor',
          tags: ['Editor'],
          summary: 'The editor console (HTML)',
          description:
            "A Preact application: sign in with an editor token (kept in the tab’s sessionStorage only), tune the policy, preview it, publish it, browse and restore versions. Served with `frame-ancestors 'none'` and no inline script or style.",
          responses: {
            200: htmlResponse('The console.'),
            304: { description: 'Not modified (If-None-Match matched).' },
            503: htmlResponse('The console bundle has not been built.'),
          },
        }),
        async (c) => {
          c.header('Content-Security-Policy', EDITOR_CSP);
          c.header('X-Frame-Options', 'DENY');
          const urls = await bundle.urls();
          if (!urls) return c.html(renderNotBuilt(), 503);
          c.header('Cache-Control', 'no-cache');
          return c.html(renderConsoleShell(urls), 200);
        },
      );

      app.openapi(
        createRoute({
          method: 'get',
          path: '/editor/assets/{file}',
          tags: ['Editor'],
          summary: 'The console’s script and stylesheet',
          description:
            'Named after their digest (`editor.<hash>.js`), so cached for a year; the ETag is their digest too.',
          request: { params: z.object({ file: z.string().max(100) }) },
          responses: {
            200: {
              description: 'The file.',
              content: {
                'text/javascript': { schema: { type: 'string' as const } },
                'text/css': { schema: { type: 'string' as const } },
              },
            },
            304: { description: 'Not modified (If-None-Match matched).' },
            404: { description: 'No such file (or a digest of an older build).' },
          },
        }),
        async (c) => {
          const found = await bundle.resolve(c.req.valid('param').file);
          if (!found) throw new HttpProblem(404, 'not-found', 'No such console asset.');
          return sendAsset(c, found.asset, found.immutable);
        },
      );

      app.openapi(
        createRoute({
          method: 'get',
          path: '/policy',
          tags: ['Policy'],
          summary: 'The policy in force, as a public page (HTML)',
          description:
            'What `GET /v1/policy` says, for people: the version in force, what it optimises, its targets, the data used and not used, and every version with what changed. No script.',
          request: { query: NetworkQuerySchema },
          responses: {
            200: htmlResponse('The page.'),
            304: { description: 'Not modified (If-None-Match matched).' },
            404: {
              description: 'No policy published for this network.',
              content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
            },
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
          const versions = withChanges(await deps.state.store.policyVersions(network));
          const pub = {
            policy,
            description: describePolicy(policy),
            lastChanged: policy.publishedAt,
            history: versions.map((v) => ({
              version: v.version,
              publishedAt: v.publishedAt,
              publishedBy: v.publishedBy,
              comment: v.comment,
              restoredFrom: v.restoredFrom,
            })),
          };
          return c.html(renderPolicyPage(pub, versions), 200);
        },
      );
    },
  };
}

/** The editor module with the bundle at its default place. */
export const editorRoutes: RouteModule = createEditorRoutes();
