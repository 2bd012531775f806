import { extname, join } from 'node:path';
import { RecommendationQuerySchema } from '@detour/sdk/contract';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../context.js';
import { answer, answerCacheControl, carriesHistory } from '../recommend.js';
import { problems } from '../responses.js';
import type { RouteModule } from '../routes/module.js';
import { type Asset, AssetFolder, CONTENT_TYPES, repoRoot } from './assets.js';
import { FAVICON_SVG } from './favicon.js';
import { renderFragment } from './fragment.js';
import { registerShowPages } from './show-page-route.js';

/** Where the widget's script and the example venue site are served. */
export const WIDGET_PATH = '/widget/detour-widget.js';
export const VENUE_SITE_PATH = '/exemple/';
/** The demo opens on the example venue page: `npm start` serves it at the root too. */
export const DEMO_ROOT_PATH = '/';
/** The example app of the SDK (examples/app), served from this origin. */
export const APP_PATH = '/app/';

/**
 * The example site's policy: nothing but its own origin (the widget and the API included), except images,
 * which the catalogue links from the venues' own sites.
 */
export const SITE_CSP =
  "default-src 'self'; img-src 'self' https:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** One day fresh, then a week served stale while revalidating: a repeat view costs no request at all. */
const SCRIPT_CACHE = 'public, max-age=86400, stale-while-revalidate=604800';

export interface WidgetRoutesOptions {
  /** packages/widget/dist (default: found from the repository root). */
  widgetDist?: string;
  /** examples/venue-site (default: found from the repository root). */
  venueSite?: string;
  /** examples/app (default: found from the repository root). */
  exampleApp?: string;
}

const FragmentQuerySchema = RecommendationQuerySchema.extend({
  showUrl: z
    .string()
    .max(500)
    .regex(/^https?:\/\//, 'must be an absolute http(s) URL template')
    .optional()
    .openapi({
      description: 'Show-page link template: `{show}`, `{performance}` and `{venue}` are replaced.',
    }),
});

function send(c: Context<AppEnv>, asset: Asset, cacheControl: string): Response {
  c.header('Content-Type', asset.contentType);
  c.header('ETag', asset.etag);
  c.header('Cache-Control', cacheControl);
  // Weak comparison: compression turns our strong tag into W/"…", which the browser then sends back.
  const tags = (c.req.header('If-None-Match') ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (tags.includes(asset.etag) || tags.includes('*')) return c.body(null, 304);
  return c.body(new Uint8Array(asset.body), 200);
}

/**
 * The widget's server side: `GET /v1/recommendations.html` (the recommendations as an HTML fragment with
 * schema.org JSON-LD, for pages without JavaScript and for search engines), the shows' public pages at
 * `/spectacles/{id}` (where cards lead when the data has no page of its own), `/favicon.ico`, the drop-in script at
 * `/widget/detour-widget.js`, the example venue site under `/exemple/` and at the root (the demo's front
 * page), and the SDK's example app under `/app/`.
 */
export function createWidgetRoutes(options: WidgetRoutesOptions = {}): RouteModule {
  const root = repoRoot();
  const dist = new AssetFolder(options.widgetDist ?? join(root ?? '.', 'packages', 'widget', 'dist'));
  const site = new AssetFolder(options.venueSite ?? join(root ?? '.', 'examples', 'venue-site'));
  const exampleApp = new AssetFolder(options.exampleApp ?? join(root ?? '.', 'examples', 'app'));
  const appDist = new AssetFolder(join(exampleApp.root, 'dist'));
  return {
    name: 'widget',
    links: [
      {
        href: DEMO_ROOT_PATH,
        label: 'Page de lieu de démonstration',
        description:
          'La Parenthèse (Ballan-Miré) : une saison et une page de spectacle qui intègrent le widget.',
      },
      {
        href: APP_PATH,
        label: 'Application exemple « Autour de moi »',
        description:
          'Une petite application construite avec le SDK : propositions, raisons, spectacles proches.',
      },
    ],
    register(app, deps) {
      app.openapi(
        createRoute({
          method: 'get',
          path: '/v1/recommendations.html',
          tags: ['Recommendations'],
          summary: 'The same recommendations as an HTML fragment',
          description: [
            'The parameters and the picks of `GET /v1/recommendations`, as an HTML fragment to include in a page: readable and linked without JavaScript, with schema.org `Event` JSON-LD for search engines.',
            'Wrapped in `<detour-recommendations>`, it is enhanced in place by the widget, which reads the embedded response instead of fetching it again.',
            '`locale` chooses the language (French by default); `showUrl` a link template for the venue’s own show pages. Build the query from the element’s attributes (the widget’s `elementQuery`): the element shows the embedded answer only when it was computed for its own query, and asks for its own otherwise.',
            'An answer computed with a `history` is sent with `Cache-Control: private`.',
          ].join('\n\n'),
          request: { query: FragmentQuerySchema },
          responses: {
            200: {
              description: 'The fragment.',
              content: { 'text/html': { schema: { type: 'string' as const } } },
            },
            304: { description: 'Not modified (If-None-Match matched).' },
            ...problems(400, 503),
          },
        }),
        async (c) => {
          const q = c.req.valid('query');
          const now = c.get('now');
          const response = await answer(deps, now, q, { lat: q.lat, lon: q.lon }, null);
          const origin = new URL(c.req.url).origin;
          // The parameters that choose the cards, as the element compares them (see the widget's enhance.ts).
          const query: Record<string, string> = {};
          for (const [name, value] of Object.entries(q)) {
            if (value !== undefined && name !== 'showUrl' && name !== 'history') query[name] = String(value);
          }
          // An answer computed with the visitor's history is theirs alone: never in a shared cache.
          c.header('Cache-Control', answerCacheControl(now, carriesHistory(q)));
          return c.html(
            renderFragment(response, {
              lang: q.locale ?? 'fr',
              policyUrl: `${origin}/policy`,
              showUrl: q.showUrl,
              origin,
              query,
            }),
            200,
          );
        },
      );

      registerShowPages(app, deps);

      app.openapi(
        createRoute({
          method: 'get',
          path: '/favicon.ico',
          tags: ['Service'],
          summary: 'The site icon',
          description: 'A small SVG icon, so that browsers asking for `/favicon.ico` find one.',
          responses: {
            200: {
              description: 'The icon.',
              content: { 'image/svg+xml': { schema: { type: 'string' as const } } },
            },
            304: { description: 'Not modified (If-None-Match matched).' },
          },
        }),
        (c) => {
          c.header('Content-Type', 'image/svg+xml');
          c.header('Cache-Control', 'public, max-age=604800');
          return c.body(FAVICON_SVG, 200);
        },
      );

      for (const file of ['detour-widget.js', 'detour-widget.js.map']) {
        app.openapi(
          createRoute({
            method: 'get',
            path: `/widget/${file}`,
            tags: ['Widget'],
            summary: file.endsWith('.map') ? 'Source map of the widget script' : 'The drop-in widget script',
            description: file.endsWith('.map')
              ? 'For debugging the minified script.'
              : 'Defines `<detour-recommendations>`; include it with `<script src="…/widget/detour-widget.js" defer>`. Cached a day, revalidated by ETag.',
            responses: {
              200: {
                description: 'The file.',
                content: { 'text/javascript': { schema: { type: 'string' as const } } },
              },
              304: { description: 'Not modified (If-None-Match matched).' },
              404: { description: 'The widget has not been built (`npm run build`).' },
            },
          }),
          async (c) => {
            const asset = await dist.get(file);
            if (!asset) return c.text('The widget is not built: run `npm run build`.', 404);
            return send(c, asset, SCRIPT_CACHE);
          },
        );
      }

      // The example venue site (under /exemple/ and at the root) and the example app: their static files,
      // each a documented route, under a strict policy.
      const folders = [
        { folder: site, mount: VENUE_SITE_PATH, what: 'Example venue site', dir: 'examples/venue-site' },
        {
          folder: site,
          mount: DEMO_ROOT_PATH,
          what: 'Demo front page (the example venue site)',
          dir: 'examples/venue-site',
        },
        { folder: exampleApp, mount: APP_PATH, what: 'Example app', dir: 'examples/app' },
        { folder: appDist, mount: `${APP_PATH}dist/`, what: 'Example app bundle', dir: 'examples/app/dist' },
      ];
      for (const { folder, mount, what, dir } of folders) {
        for (const file of folder.list()) {
          const paths = file === 'index.html' ? [mount, `${mount}${file}`] : [`${mount}${file}`];
          for (const path of paths) {
            app.openapi(
              createRoute({
                method: 'get',
                path,
                tags: ['Examples'],
                summary: `${what}: ${file}`,
                description: `A static file of ${dir}, served as it is.`,
                responses: {
                  200: {
                    description: 'The file.',
                    content: {
                      [CONTENT_TYPES[extname(file)] ?? 'text/plain']: { schema: { type: 'string' as const } },
                    },
                  },
                  304: { description: 'Not modified (If-None-Match matched).' },
                },
              }),
              async (c) => {
                const asset = await folder.get(file);
                if (!asset) return c.notFound() as never;
                const isHtml = asset.contentType.startsWith('text/html');
                if (isHtml) c.header('Content-Security-Policy', SITE_CSP);
                return send(c, asset, isHtml ? 'no-cache' : 'public, max-age=3600');
              },
            );
          }
        }
      }
    },
  };
}

/** The module with its files found from the repository (what the server registers). */
export const widgetRoutes: RouteModule = createWidgetRoutes();
