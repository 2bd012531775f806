import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/http/server.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { CatalogueStore } from '../../src/store/store.js';
import { batch, performance, show, venue } from '../../src/store/testing/fixtures.js';

/**
 * docs/nginx/detour.conf, as documented (only the replicas' addresses, the port and the paths
 * substituted), in front of two replicas: requests are spread over both, a public answer is served
 * from nginx's cache, an answer that used a history (private) is never cached, and the visitor's
 * address reaches the replicas in X-Forwarded-For.
 */

const NGINX = '/usr/sbin/nginx';
const CONF = fileURLToPath(new URL('../../../../docs/nginx/detour.conf', import.meta.url));
const skip = existsSync(NGINX)
  ? null
  : `${NGINX} not found (Debian: apt-get install nginx-light; npm run bench:replicas installs it as root)`;

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

describe.skipIf(skip !== null)(`nginx in front of two replicas${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'detour-nginx-'));
  let store: CatalogueStore;
  const replicas: RunningServer[] = [];
  let nginx: ChildProcess | undefined;
  let base = '';
  const seenBy = [0, 0];

  beforeAll(async () => {
    store = openSqliteStore(join(dir, 'detour.sqlite'));
    const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
    await store.applyImport(
      batch('theatre-tours', {
        venues: [venue('olympia', { name: 'Théâtre Olympia' })],
        shows: [show('avare', { title: 'L’Avare' }), show('jazz', { title: 'Nuit du jazz' })],
        performances: [
          performance('avare-1', 'avare', 'olympia', { start: at(1) }),
          performance('jazz-1', 'jazz', 'olympia', { start: at(2) }),
        ],
      }),
      { now: new Date().toISOString() },
    );
    for (let i = 0; i < 2; i++) {
      replicas.push(
        await startServer(
          { port: 0, host: '127.0.0.1', logLevel: 'silent' },
          {
            store,
            revisionPollMs: 0,
            exposureEveryMs: 0,
            fastLane: false,
            // Counts the requests each replica answers (nginx's cache answers the others).
            middleware: (stack) => [
              {
                path: '*',
                handler: async (_c, next) => {
                  seenBy[i]!++;
                  await next();
                },
              } as (typeof stack)[number],
              ...stack,
            ],
          },
        ),
      );
    }
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    for (const sub of ['cache', 'logs', 'temp']) mkdirSync(join(dir, sub));
    for (const sub of ['', 'cache', 'logs', 'temp']) chmodSync(join(dir, sub), 0o777);
    const site = readFileSync(CONF, 'utf8')
      .replace('10.0.0.11:8787', new URL(replicas[0]!.url).host)
      .replace('10.0.0.12:8787', new URL(replicas[1]!.url).host)
      .replace('listen 80;', `listen 127.0.0.1:${port};`)
      .replace('/var/cache/nginx/detour', join(dir, 'cache'))
      .replace('/var/log/nginx/detour.access.log', join(dir, 'logs', 'access.log'));
    writeFileSync(join(dir, 'detour.conf'), site);
    writeFileSync(
      join(dir, 'nginx.conf'),
      [
        'worker_processes 1;',
        `pid ${join(dir, 'nginx.pid')};`,
        `error_log ${join(dir, 'logs', 'error.log')} warn;`,
        'events { worker_connections 256; }',
        'http {',
        `  client_body_temp_path ${join(dir, 'temp')};`,
        `  proxy_temp_path ${join(dir, 'temp')};`,
        `  include ${join(dir, 'detour.conf')};`,
        '}',
      ].join('\n'),
    );
    nginx = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    nginx.stderr!.on('data', (d) => {
      stderr += d;
    });
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (nginx.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
      const status = await fetch(`${base}/readyz`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) break;
      if (Date.now() > deadline) throw new Error(`nginx did not answer: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);

  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((resolve) => nginx!.once('exit', resolve));
      nginx.kill('SIGQUIT');
      await exited;
    }
    await Promise.all(replicas.map((r) => r.close()));
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('spreads requests over both replicas', async () => {
    const before = [...seenBy];
    for (let i = 0; i < 6; i++) await (await fetch(`${base}/v1/taxonomy?n=${i}`)).arrayBuffer();
    expect(seenBy[0]! - before[0]!).toBeGreaterThan(0);
    expect(seenBy[1]! - before[1]!).toBeGreaterThan(0);
  });

  it('serves a public recommendation from its cache, byte for byte, without asking a replica', async () => {
    const url = `${base}/v1/recommendations?lat=47.39&lon=0.69&k=5&radius=30`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toMatch(/public/);
    expect(first.headers.get('x-cache-status')).toBe('MISS');
    const body = await first.text();
    const asked = seenBy[0]! + seenBy[1]!;
    const again = await fetch(url);
    expect(again.headers.get('x-cache-status')).toBe('HIT');
    expect(await again.text()).toBe(body);
    expect(seenBy[0]! + seenBy[1]!).toBe(asked);
  });

  it('never caches an answer that used a visitor history (private)', async () => {
    const plain = (await (
      await fetch(`${base}/v1/recommendations?lat=47.39&lon=0.69&k=5&radius=30`)
    ).json()) as {
      items: Array<{ show: { id: string } }>;
    };
    const url = `${base}/v1/recommendations?lat=47.39&lon=0.69&k=5&radius=30&history=${plain.items[0]!.show.id}`;
    for (let i = 0; i < 2; i++) {
      const res = await fetch(url);
      await res.arrayBuffer();
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toMatch(/private/);
      expect(res.headers.get('x-cache-status')).not.toBe('HIT');
    }
  });
});
