import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The packages published to npm, by folder. */
export const PUBLISHED = ['sdk', 'widget'] as const;
export type Published = (typeof PUBLISHED)[number];

export const packageDir = (name: Published): string => join(ROOT, 'packages', name);

/** The pinned pnpm, through npx, as the root scripts run it. */
export const PNPM = ['-y', 'pnpm@10.34.9'];

/** Fails with a clear message when a package has not been built (`npm test` builds before testing). */
export function requireBuilt(name: Published): void {
  const entry = join(packageDir(name), 'dist', 'index.js');
  if (!existsSync(entry))
    throw new Error(`${entry} is missing: build first (npm run build), as npm test does`);
}

/**
 * Packs the published packages with pnpm, as they are released: pnpm replaces `workspace:*` with the
 * version, which npm cannot install. Returns the tarball of each package, in a fresh folder outside the workspace.
 */
export function packWithPnpm(): Record<Published, string> {
  const out = mkdtempSync(join(tmpdir(), 'detour-pack-'));
  const tarballs = {} as Record<Published, string>;
  for (const name of PUBLISHED) {
    requireBuilt(name);
    execFileSync('npx', [...PNPM, 'pack', '--pack-destination', out], {
      cwd: packageDir(name),
      stdio: 'pipe',
    });
    const file = readdirSync(out).find((f) => f.startsWith(`detour-${name}-`) && f.endsWith('.tgz'));
    if (!file) throw new Error(`pnpm pack wrote no tarball for ${name}`);
    tarballs[name] = join(out, file);
  }
  return tarballs;
}

/** The file names inside a tarball. */
export function tarballFiles(tarball: string): string[] {
  return execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** A JSON file of a tarball. */
export function tarballJson(tarball: string, path: string): Record<string, unknown> {
  return JSON.parse(execFileSync('tar', ['xzf', tarball, '-O', path], { encoding: 'utf8' }));
}
