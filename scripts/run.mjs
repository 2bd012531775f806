#!/usr/bin/env node
// The two set-up commands of the README: `npm start` (the demo) and `npm test` (every test).
// Only Node and npm are assumed: pnpm is run through npx at the pinned version.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM = ['-y', 'pnpm@10.34.9'];
const isWindows = process.platform === 'win32';

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
    shell: isWindows,
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function pnpm(...args) {
  run('npx', [...PNPM, ...args]);
}

function install() {
  pnpm('install', process.env.CI ? '--frozen-lockfile' : '--prefer-offline');
}

function hasPostgresServer() {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return false;
  return readdirSync(base).some((v) => existsSync(join(base, v, 'bin', 'postgres')));
}

/** Installs Debian's chromium, PostgreSQL and nginx for the browser, database and proxy tests when we may. */
function ensureSystemPackages() {
  const wanted = [];
  if (!existsSync('/usr/bin/chromium')) wanted.push('chromium');
  if (!hasPostgresServer()) wanted.push('postgresql');
  // The replicas' nginx test runs docs/nginx/detour.conf in front of two replicas.
  if (!existsSync('/usr/sbin/nginx')) wanted.push('nginx-light');
  if (wanted.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    console.warn(`[detour] ${wanted.join(', ')} missing: the tests that need them will say so and skip.`);
    return;
  }
  console.log(`[detour] installing ${wanted.join(', ')} from Debian's packages…`);
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...wanted], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

const command = process.argv[2];
if (command === 'start') {
  install();
  pnpm('-r', '--filter', './packages/*', '--filter', './examples/app', 'run', 'build');
  run('node', ['packages/server/dist/cli.js', 'serve', '--demo', ...process.argv.slice(3)]);
} else if (command === 'test') {
  install();
  ensureSystemPackages();
  // Bundles are what size-limit measures and what the browser tests load.
  pnpm('-r', '--filter', './packages/*', '--filter', './examples/app', 'run', 'build');
  // A fork that runs many server files in a row reached V8's default 4 GB heap once (an OOM of the test
  // worker, not of a test); the machine has 24 GiB. The cause, memory kept across files, is still to be found.
  run('npx', ['vitest', 'run', ...process.argv.slice(3)], {
    NODE_OPTIONS: [process.env.NODE_OPTIONS, '--max-old-space-size=8192'].filter(Boolean).join(' '),
  });
} else {
  console.error('usage: node scripts/run.mjs start|test');
  process.exit(2);
}
