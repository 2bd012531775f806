#!/usr/bin/env node
// Serves the built app (index.html, app.css, dist/) on its own origin, pointed at a Détour API, under a
// strict Content-Security-Policy. No dependencies: `node examples/app/serve.mjs --api http://127.0.0.1:8787`.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.map': 'application/json',
};

/** The policy the page runs under: its own origin and the API, images from the venues' sites, nothing inline. */
export const cspFor = (api) =>
  `default-src 'self'; connect-src 'self' ${new URL(api).origin}; img-src 'self' https:; object-src 'none'; base-uri 'none'`;

/** Starts the static server; resolves to `{ url, close() }`. Port 0 picks a free port. */
export function serveApp({ api, port = 8788, host = '127.0.0.1' }) {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^[/\\]+/,
      '',
    );
    const file = join(ROOT, path === '' ? 'index.html' : path);
    const allowed =
      file === join(ROOT, 'index.html') ||
      file === join(ROOT, 'app.css') ||
      file.startsWith(join(ROOT, 'dist') + sep);
    if (!allowed || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    let body = readFileSync(file);
    if (file.endsWith('index.html')) {
      body = body
        .toString()
        .replace('name="detour-api" content=""', `name="detour-api" content="${new URL(api).origin}"`);
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-security-policy': cspFor(api),
    });
    res.end(body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: p } = server.address();
      resolve({ url: `http://${host}:${p}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === normalize(process.argv[1])) {
  const { values } = parseArgs({
    options: {
      api: { type: 'string', default: process.env.DETOUR_API ?? 'http://127.0.0.1:8787' },
      port: { type: 'string', default: '8788' },
    },
  });
  if (!existsSync(join(ROOT, 'dist', 'app.js'))) {
    console.error('Build the app first: npx -y pnpm@10.34.9 --filter @detour/example-app build');
    process.exit(1);
  }
  const { url } = await serveApp({ api: values.api, port: Number(values.port) });
  console.log(`Autour de moi: ${url}/#/?town=Tours (API ${values.api})`);
}
