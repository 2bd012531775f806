import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { run as migrate } from '../../packages/server/src/cli/migrate-to-postgres.js';
import { ensureDemoCatalogue } from '../../packages/server/src/demo/build.js';
import { sqliteFileIn } from '../../packages/server/src/store/open.js';
import { openSqliteStore } from '../../packages/server/src/store/sqlite/sqlite-store.js';
import { postgresUnavailable, startPostgres } from '../../packages/server/test/support/postgres.js';
import { REPO, writeResults } from '../capacity/common.js';

/**
 * `npm run bench:replicas`: the scale-out levers on one machine, same URLs, one run — one server
 * (SQLite), `serve --workers 2`, and two replicas on one PostgreSQL behind nginx
 * (docs/nginx/detour.conf) without and with its proxy_cache. Loopback only; every phase is bounded
 * (DETOUR_BENCH_SECONDS each, default 10) and everything started is stopped at the end.
 * Finds Debian's nginx (/usr/sbin/nginx), installing nginx-light with apt-get when run as root;
 * otherwise writes why it could not run.
 */

const COMMAND = 'npm run bench:replicas';
const NGINX = '/usr/sbin/nginx';
const SECONDS = Number(process.env.DETOUR_BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.DETOUR_BENCH_CONNECTIONS ?? 32);
const NOW = '2026-11-25T08:00:00.000Z';
const require = createRequire(join(REPO, 'packages/server/package.json'));
const autocannon = require('autocannon') as (o: Record<string, unknown>) => Promise<{
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}>;

// 50 recommendation URLs over mainland France (a 10 × 5 grid), as repeated visitors would ask them.
const PATHS: string[] = [];
for (let i = 0; i < 10; i++)
  for (let j = 0; j < 5; j++)
    PATHS.push(
      `/v1/recommendations?lat=${(43.3 + j * 1.2).toFixed(2)}&lon=${(-1.2 + i * 0.8).toFixed(2)}&k=10`,
    );

const children: ChildProcess[] = [];
// SIGTERM, not SIGKILL: nginx's master then stops its own workers (a killed master leaves them running).
const stopAll = () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
};
process.once('exit', stopAll);

function findNginx(): string | null {
  if (existsSync(NGINX)) return null;
  if (process.getuid?.() !== 0) return `${NGINX} not found and not root (install Debian's nginx-light)`;
  if (!existsSync('/usr/bin/apt-get')) return `${NGINX} not found and no apt-get to install it`;
  process.stderr.write('Installing nginx-light with apt-get…\n');
  const r = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'nginx-light'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
    timeout: 300_000,
  });
  return existsSync(NGINX) ? null : `apt-get install nginx-light failed: ${(r.stderr ?? '').slice(-300)}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** `detour serve` from the sources; resolves with its URL once it listens. */
function serve(args: string[], env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      '--conditions=@detour/source',
      '--import',
      'tsx',
      join(REPO, 'packages/server/src/cli.ts'),
      'serve',
      '--port',
      '0',
      ...args,
    ],
    {
      cwd: REPO,
      env: { ...process.env, DETOUR_LOG: 'warn', DETOUR_RATE_LIMIT: 'off', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => {
    err += d;
  });
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve did not start\n${err}`)), 180_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /écoute sur (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ url: m[1]!, child });
      }
    });
    child.once('exit', (code) => fail(new Error(`serve exited (${code})\n${err}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const hard = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(hard);
}

interface Row {
  setup: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function load(setup: string, base: string): Promise<Row> {
  const requests = PATHS.map((path) => ({ method: 'GET', path }));
  // Warm-up (not counted): every URL answered once, caches filled as they would be in service.
  await autocannon({ url: base, connections: 8, amount: PATHS.length * 2, requests });
  const r = await autocannon({ url: base, connections: CONNECTIONS, duration: SECONDS, requests });
  process.stderr.write(`${setup}: ${Math.round(r.requests.average)} req/s, p99 ${r.latency.p99} ms\n`);
  return {
    setup,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
  };
}

async function startNginx(
  dir: string,
  upstreams: string[],
  cached: boolean,
): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  for (const sub of ['cache', 'logs', 'temp']) mkdirSync(join(dir, sub), { recursive: true });
  for (const sub of ['', 'cache', 'logs', 'temp']) chmodSync(join(dir, sub), 0o777);
  let site = readFileSync(join(REPO, 'docs/nginx/detour.conf'), 'utf8')
    .replace('10.0.0.11:8787', new URL(upstreams[0]!).host)
    .replace('10.0.0.12:8787', new URL(upstreams[1]!).host)
    .replace('listen 80;', `listen 127.0.0.1:${port};`)
    .replace('/var/cache/nginx/detour', join(dir, 'cache'))
    .replace(/access_log [^;]+;/, 'access_log off;');
  if (!cached) site = site.replace(/^\s*(proxy_cache|proxy_no_cache)\b[^;]*;\n/gm, '');
  writeFileSync(join(dir, 'detour.conf'), site);
  writeFileSync(
    join(dir, 'nginx.conf'),
    `worker_processes 1;\npid ${join(dir, 'nginx.pid')};\nerror_log ${join(dir, 'logs/error.log')} warn;\n` +
      `events { worker_connections 1024; }\nhttp {\n  client_body_temp_path ${join(dir, 'temp')};\n  proxy_temp_path ${join(dir, 'temp')};\n  include ${join(dir, 'detour.conf')};\n}\n`,
  );
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: 'ignore',
  });
  children.push(child);
  const base = `http://127.0.0.1:${port}`;
  let last = '';
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null)
      throw new Error(`nginx exited: ${readFileSync(join(dir, 'logs/error.log'), 'utf8')}`);
    const status = await fetch(`${base}/readyz`).then(
      (r) => r.status,
      (e: Error) => `${e.message} ${String((e.cause as Error | undefined)?.message ?? '')}`,
    );
    if (status === 200) return { base, child };
    last = String(status);
    await new Promise((r) => setTimeout(r, 100));
  }
  const log = existsSync(join(dir, 'logs/error.log'))
    ? readFileSync(join(dir, 'logs/error.log'), 'utf8')
    : '';
  throw new Error(`nginx did not answer (${last}): ${log.slice(-1000)}`);
}

async function main(): Promise<void> {
  const skipped: string[] = [];
  const nginxMissing = findNginx();
  if (nginxMissing) skipped.push(`nginx rows: ${nginxMissing}`);
  const pgMissing = postgresUnavailable();
  if (pgMissing) skipped.push(`replica rows: ${pgMissing}`);

  const dir = mkdtempSync(join(tmpdir(), 'detour-bench-replicas-'));
  // nginx's workers (an unprivileged user when started as root) must reach their cache folder.
  chmodSync(dir, 0o755);
  const rows: Row[] = [];
  try {
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    const store = openSqliteStore(sqliteFileIn(dataDir));
    await ensureDemoCatalogue(store, { now: NOW });
    await store.close();

    const one = await serve(['--data-dir', dataDir], {});
    rows.push(await load('one server (SQLite)', one.url));
    await stop(one.child);

    const workers = await serve(['--data-dir', dataDir, '--workers', '2'], {});
    rows.push(await load('`serve --workers 2` (SQLite)', workers.url));
    await stop(workers.child);

    if (!nginxMissing && !pgMissing) {
      const pg = await startPostgres();
      try {
        const url = await pg.createDatabase();
        const code = await migrate(['--data-dir', dataDir, '--database-url', url]);
        if (code !== 0) throw new Error(`migrate-to-postgres exited ${code}`);
        const replicas = [await serve([], { DATABASE_URL: url }), await serve([], { DATABASE_URL: url })];
        for (const cached of [false, true]) {
          const nginx = await startNginx(
            join(dir, cached ? 'nginx-cache' : 'nginx'),
            replicas.map((r) => r.url),
            cached,
          );
          rows.push(
            await load(
              `2 replicas (PostgreSQL) behind nginx, ${cached ? 'with' : 'without'} proxy_cache`,
              nginx.base,
            ),
          );
          nginx.child.kill('SIGQUIT');
          await new Promise((r) => nginx.child.once('exit', r));
        }
        for (const r of replicas) await stop(r.child);
      } finally {
        await pg.stop();
      }
    }
  } finally {
    stopAll();
    rmSync(dir, { recursive: true, force: true });
  }

  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const md = `# Replicas: scale-out levers on one machine

Written by \`${COMMAND}\` (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'};
the machine may be shared: compare rows of one run, not runs). The demo catalogue; the same ${PATHS.length}
recommendation URLs (a grid over mainland France, \`k=10\`) cycled by autocannon from this process,
${CONNECTIONS} keep-alive connections, ${SECONDS} s per row after a warm-up pass; rate limits off;
everything on 127.0.0.1. nginx runs docs/nginx/detour.conf (one worker), without its \`proxy_cache\`
lines, then as documented.

| setup | requests/s | p50 ms | p99 ms | errors (non-2xx, timeouts) |
| --- | --: | --: | --: | --: |
${rows.map((r) => `| ${r.setup} | ${fmt(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} |`).join('\n')}
${skipped.length > 0 ? `\nNot measured: ${skipped.join('; ')}.\n` : ''}
The answers are \`public, max-age=300\` and identical on every replica within a clock step, so
nginx's cache answers repeated URLs without reaching a replica; what it cannot cache (answers that
used a visitor's history: \`private\`) gets the uncached rows' throughput.
`;
  writeResults('replicas', md, {
    seconds: SECONDS,
    connections: CONNECTIONS,
    urls: PATHS.length,
    rows,
    skipped,
  });
  process.stdout.write(md);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    stopAll();
    process.exit(1);
  },
);
