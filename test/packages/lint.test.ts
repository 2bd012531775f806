import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { publint } from 'publint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PUBLISHED,
  packageDir,
  packWithPnpm,
  ROOT,
  requireBuilt,
  tarballFiles,
  tarballJson,
} from './support.js';

let tarballs: Record<(typeof PUBLISHED)[number], string>;
beforeAll(() => {
  tarballs = packWithPnpm();
});
afterAll(() => {
  if (tarballs) rmSync(dirname(tarballs.sdk), { recursive: true, force: true });
});

describe.each(PUBLISHED)('@detour/%s as published', (name) => {
  it('passes publint with no error, warning or suggestion (on the tarball pnpm packs)', async () => {
    const tarball = readFileSync(tarballs[name]);
    const { messages } = await publint({
      // Files of a tarball sit under package/.
      pkgDir: 'package',
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
      level: 'suggestion',
      strict: true,
    });
    expect(messages).toEqual([]);
  });

  it('passes @arethetypeswrong/cli --pack --profile esm-only', () => {
    requireBuilt(name);
    const cli = join(ROOT, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
    const run = spawnSync(process.execPath, [cli, '--pack', packageDir(name), '--profile', 'esm-only'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    // The esm-only profile ignores node10 and require(): every other resolution must be clean.
    const bad = run.stdout.split('\n').filter((line) => /❌|💀|⚠️/.test(line) && !/ignored/.test(line));
    expect(bad).toEqual([]);
  });

  it('ships no test file, and a LICENSE', () => {
    const files = tarballFiles(tarballs[name]);
    expect(files.filter((f) => /\.test(-d)?\.tsx?$/.test(f))).toEqual([]);
    expect(files).toContain('package/LICENSE');
  });

  it('names its repository, home page and issue tracker, and resolves without an import condition', () => {
    const manifest = tarballJson(tarballs[name], 'package/package.json');
    expect(manifest).toMatchObject({
      license: 'MIT',
      repository: { type: 'git', directory: `packages/${name}` },
      homepage: expect.stringMatching(/^https:\/\//),
      bugs: { url: expect.stringMatching(/^https:\/\//) },
    });
    const exports = manifest.exports as Record<string, unknown>;
    for (const [subpath, target] of Object.entries(exports)) {
      if (typeof target === 'string') continue;
      expect(Object.keys(target as object).at(-1), subpath).toBe('default');
    }
  });
});

describe('@detour/widget as published', () => {
  it('depends on the SDK by version, not by the workspace protocol npm cannot install', () => {
    const manifest = tarballJson(tarballs.widget, 'package/package.json');
    const sdk = tarballJson(tarballs.sdk, 'package/package.json');
    expect((manifest.dependencies as Record<string, string>)['@detour/sdk']).toBe(sdk.version);
  });

  it('names its drop-in script for CDNs (unpkg, jsDelivr), and ships it', () => {
    const manifest = tarballJson(tarballs.widget, 'package/package.json');
    expect(manifest.unpkg).toBe('./dist/detour-widget.js');
    expect(manifest.jsdelivr).toBe('./dist/detour-widget.js');
    expect(tarballFiles(tarballs.widget)).toContain('package/dist/detour-widget.js');
  });
});

describe('@detour/sdk as published', () => {
  it('leaves @tanstack/query-core to the app (a ^5 peer), so that an app has one copy', () => {
    const manifest = tarballJson(tarballs.sdk, 'package/package.json');
    expect((manifest.dependencies as Record<string, string>)['@tanstack/query-core']).toBeUndefined();
    expect((manifest.peerDependencies as Record<string, string>)['@tanstack/query-core']).toMatch(/^\^5\./);
    expect((manifest.peerDependencies as Record<string, string>).msw).toMatch(/\^3/);
  });
});
