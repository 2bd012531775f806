import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppState } from '../../src/app-state.js';
import { createApp } from '../../src/http/app.js';
import { EDITOR_CSP } from '../../src/http/editor/console.js';
import { createEditorRoutes } from '../../src/http/editor/routes.js';
import { tempStore } from '../../src/store/testing/temp-store.js';

let dir: string;
let store: ReturnType<typeof tempStore>;
let app: ReturnType<typeof createApp>;
let empty: ReturnType<typeof createApp>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'detour-editor-dist-'));
  writeFileSync(join(dir, 'editor.js'), 'document.title = "console";\n');
  writeFileSync(join(dir, 'editor.css'), 'body { color: black; }\n');
  writeFileSync(join(dir, 'editor.js.map'), '{"version":3}');
  mkdirSync(join(dir, 'empty'));
  store = tempStore();
  const state = new AppState(store.store, { network: 'national' });
  app = createApp({ state, routes: [createEditorRoutes({ dist: dir })] });
  empty = createApp({ state, routes: [createEditorRoutes({ dist: join(dir, 'empty') })] });
});
afterAll(async () => {
  await store.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function shell() {
  const res = await app.request('/editor');
  const html = await res.text();
  const js = /<script src="([^"]+)" defer><\/script>/.exec(html)![1]!;
  const css = /<link rel="stylesheet" href="([^"]+)">/.exec(html)![1]!;
  return { res, html, js, css };
}

describe('GET /editor', () => {
  it('serves the shell under a CSP with no inline script or style, never framed', async () => {
    const { res, html } = await shell();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(EDITOR_CSP);
    expect(EDITOR_CSP).toMatch(/^default-src 'self'; frame-ancestors 'none'/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(html).not.toMatch(/<script>|<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=/i);
    expect(html).toContain('lang="fr"');
  });

  it('links the bundle under digest names, served immutable with an ETag and 304 on revalidation', async () => {
    const { js, css } = await shell();
    expect(js).toMatch(/^\/editor\/assets\/editor\.[A-Za-z0-9_-]{10}\.js$/);
    expect(css).toMatch(/^\/editor\/assets\/editor\.[A-Za-z0-9_-]{10}\.css$/);
    const res = await app.request(js);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(await res.text()).toContain('document.title');
    const etag = res.headers.get('etag')!;
    expect((await app.request(js, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    expect((await app.request(css)).headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('changes the script URL when the bundle changes, and refuses a stale or unknown name', async () => {
    const before = (await shell()).js;
    writeFileSync(join(dir, 'editor.js'), 'document.title = "console v2";\n');
    const after = (await shell()).js;
    expect(after).not.toBe(before);
    expect((await app.request(before)).status).toBe(404);
    expect((await app.request('/editor/assets/..%2Fpackage.json')).status).toBe(404);
    expect((await app.request('/editor/assets/editor.js')).status).toBe(404);
    expect((await app.request('/editor/assets/editor.js.map')).status).toBe(200);
  });

  it('says the console is not built (503) rather than serving a broken page', async () => {
    const res = await empty.request('/editor');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });
});
