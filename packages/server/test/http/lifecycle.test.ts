import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HealthSchema, RecommendationResponseSchema } from '@detour/sdk/contract';
import { createRoute } from '@hono/zod-openapi';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/http/log.js';
import type { RouteModule } from '../../src/http/routes/module.js';
import { startServer } from '../../src/http/server.js';
import { getJson, NOW, qs, TOURS } from './support.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'detour-life-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('graceful shutdown', () => {
  it('finishes an in-flight request before closing, and refuses new connections meanwhile', async () => {
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => {
      entered = r;
    });
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow: RouteModule = {
      name: 'slow',
      register(app) {
        app.openapi(
          createRoute({
            method: 'get',
            path: '/test/slow',
            hide: true,
            responses: { 200: { description: 'late' } },
          }),
          async (c) => {
            entered();
            await gate;
            return c.text('done', 200);
          },
        );
      },
    };
    const server = await startServer(
      { port: 0, dataDir: tempDir(), databaseUrl: null, logLevel: 'silent' },
      { extraRoutes: [slow], exposureEveryMs: 0, revisionPollMs: 0 },
    );
    const pending = fetch(`${server.url}/test/slow`);
    await inHandler;
    let closed = false;
    const closing = server.close().then(() => {
      closed = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(false);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    release();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('done');
    await closing;
    expect(closed).toBe(true);
  });
});

describe('request logs', () => {
  it('record method, route pattern, status and duration only: no query string, address, header or token', async () => {
    const lines: string[] = [];
    const server = await startServer(
      { port: 0, dataDir: tempDir(), databaseUrl: null },
      {
        log: createLogger('info', (l) => lines.push(l)),
        clock: () => new Date(NOW),
        exposureEveryMs: 0,
        revisionPollMs: 0,
      },
    );
    try {
      const history = 'sSECRETHISTORY1,sSECRETHISTORY2';
      await getJson(
        server.url,
        `/v1/recommendations?${qs({ ...TOURS, history })}`,
        RecommendationResponseSchema,
        {
          headers: { 'X-Forwarded-For': '203.0.113.77', Authorization: 'Bearer dk_SECRETTOKEN' },
        },
      );
      await (await fetch(`${server.url}/v1/shows/sSECRETSHOW`)).text();
      const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
      expect(requests.map((r) => [r.method, r.route, r.status])).toEqual([
        ['GET', '/v1/recommendations', 200],
        ['GET', '/v1/shows/:id', 404],
      ]);
      for (const r of requests)
        expect(Object.keys(r).sort()).toEqual([
          'durationMs',
          'level',
          'method',
          'msg',
          'route',
          'status',
          'time',
        ]);
      const all = lines.join('\n');
      for (const secret of ['SECRETHISTORY', '203.0.113.77', 'SECRETTOKEN', 'SECRETSHOW', 'lat='])
        expect(all).not.toContain(secret);
    } finally {
      await server.close();
    }
  });
});

describe('detour serve (child process)', () => {
  it('serves on the configured port, then exits 0 on SIGTERM after closing', async () => {
    const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
    const tsx = createRequire(import.meta.url).resolve('tsx/cli');
    const child = spawn(
      process.execPath,
      [tsx, '--conditions=@detour/source', cli, 'serve', '--port', '0', '--data-dir', tempDir()],
      {
        env: { ...process.env, DETOUR_LOG: 'warn', DATABASE_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        const m = /écoute sur (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`exited early: ${stderr}`)));
    });
    const { body } = await getJson(url, '/healthz', HealthSchema);
    expect(body.status).toBe('ok');
    expect(body.policyVersion).toBe(1);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('SIGTERM');
  });
});
