import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context } from 'hono';
import type { AppEnv } from '../context.js';
import { html } from '../pages/html.js';
import { type Asset, AssetFolder } from '../widget/assets.js';

/**
 * The console's own policy: nothing but its origin, no inline script or style, and never inside a frame
 * (a framed console could be clickjacked into publishing).
 */
export const EDITOR_CSP =
  "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'; form-action 'self'";

/** packages/server, found from this file whether it runs from src/ (tsx, tests) or from dist/. */
export function serverPackageRoot(from = dirname(fileURLToPath(import.meta.url))): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@detour/server')
          return dir;
      } catch {
        // not ours: keep walking up
      }
    }
    if (dirname(dir) === dir) return null;
  }
}

/** Where the console bundle is built (`tsup --config tsup.editor.config.ts`). */
export const defaultEditorDist = (): string => join(serverPackageRoot() ?? '.', 'dist', 'editor');

/** The bundle files, each served under a name carrying its digest so that it can be cached for good. */
export const BUNDLE = { js: 'editor.js', css: 'editor.css' } as const;

/** Short digest of an asset (from its strong ETag), for its URL. */
const shortHash = (asset: Asset) =>
  asset.etag
    .replace(/"/g, '')
    .slice(0, 10)
    .replace(/[^A-Za-z0-9_-]/g, '_');

export class EditorBundle {
  readonly folder: AssetFolder;
  constructor(root: string) {
    this.folder = new AssetFolder(root);
  }

  /** The hashed URLs of the built bundle, or null when it is not built. */
  async urls(): Promise<{ js: string; css: string } | null> {
    const [js, css] = await Promise.all([this.folder.get(BUNDLE.js), this.folder.get(BUNDLE.css)]);
    if (!js || !css) return null;
    return {
      js: `/editor/assets/editor.${shortHash(js)}.js`,
      css: `/editor/assets/editor.${shortHash(css)}.css`,
    };
  }

  /**
   * The asset behind a requested name: `editor.<hash>.js|css` when the hash is the current one
   * (immutable), or the source map. Anything else: null.
   */
  async resolve(name: string): Promise<{ asset: Asset; immutable: boolean } | null> {
    if (name === 'editor.js.map' || name === 'editor.css.map') {
      const asset = await this.folder.get(name);
      return asset ? { asset, immutable: false } : null;
    }
    const match = /^editor\.([A-Za-z0-9_-]{10})\.(js|css)$/.exec(name);
    if (!match) return null;
    const asset = await this.folder.get(match[2] === 'js' ? BUNDLE.js : BUNDLE.css);
    if (!asset || shortHash(asset) !== match[1]) return null;
    return { asset, immutable: true };
  }
}

/** The console's HTML shell: the bundle's stylesheet and deferred script, a message for no-JS browsers. */
export function renderConsoleShell(urls: { js: string; css: string }): string {
  return html`<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Console éditoriale — Détour</title>
<link rel="stylesheet" href="${urls.css}">
<script src="${urls.js}" defer></script>
</head>
<body>
<div id="app"><main class="boot"><h1>Console éditoriale</h1><p>Chargement de la console…</p>
<noscript><p>La console a besoin de JavaScript. La politique en vigueur se lit sans : <a href="/policy">/policy</a>.</p></noscript></main></div>
</body>
</html>
`.value;
}

/** The page served when the bundle has not been built. */
export function renderNotBuilt(): string {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Console non construite — Détour</title><link rel="stylesheet" href="/assets/site.css"></head>
<body><main><h1>Console éditoriale indisponible</h1><p>La console n’a pas été construite sur ce serveur : lancez <code>npm run build</code>. La politique en vigueur reste lisible sur <a href="/policy">/policy</a>.</p></main></body></html>
`;
}

/** Sends an asset with its ETag (304 on a match) and cache policy. */
export function sendAsset(c: Context<AppEnv>, asset: Asset, immutable: boolean): Response {
  c.header('Content-Type', asset.contentType);
  c.header('ETag', asset.etag);
  c.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  const tags = (c.req.header('If-None-Match') ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (tags.includes(asset.etag) || tags.includes('*')) return c.body(null, 304);
  return c.body(new Uint8Array(asset.body), 200);
}
