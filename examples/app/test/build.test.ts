// Builds examples/app as its README says and checks what a browser will load.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const app = fileURLToPath(new URL('..', import.meta.url));
const tsup = fileURLToPath(new URL('../../../node_modules/tsup/dist/cli-default.js', import.meta.url));

beforeAll(async () => {
  await run(process.execPath, [tsup], { cwd: app });
}, 120_000);

describe('examples/app build', () => {
  it('index.html loads one module script and the stylesheet, with no inline script or style', () => {
    const html = readFileSync(`${app}/index.html`, 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(scripts[0]![1]).toMatch(/type="module"/);
    expect(scripts[0]![1]).toMatch(/src="dist\/app\.js"/);
    expect(scripts[0]![2]!.trim()).toBe('');
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(html).toMatch(/<link rel="stylesheet" href="app\.css"/);
  });

  it('bundles Preact, query-core and the SDK into a module that never loads zod up front', () => {
    const js = readFileSync(`${app}/dist/app.js`, 'utf8');
    // The SDK's response validation stays a lazy chunk the app never asks for.
    const staticImports = [...js.matchAll(/(?:^|[;}])import(?:[^"'()]*?from)?\s*["']\.\/([^"']+)["']/g)].map(
      (m) => m[1],
    );
    expect(staticImports.some((f) => f?.startsWith('validate'))).toBe(false);
    expect(js).toMatch(/import\(["']\.\/validate-[A-Z0-9]+\.js["']\)/);
    expect(js).not.toMatch(/from\s*["'](zod|preact|@tanstack\/query-core|@detour\/sdk)["']/);
    const gzip = gzipSync(js).length;
    // Measured: ~23 kB gzip (Preact ~5, query-core ~11, SDK ~3, the app ~4).
    expect(gzip).toBeLessThan(30_000);
  });
});
