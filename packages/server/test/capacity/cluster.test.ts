import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RecommendationResponseSchema } from '@detour/sdk/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWorkers } from '../../src/cluster.js';
import { openStore } from '../../src/store/open.js';
import { syntheticBatch } from '../../src/store/testing/fixtures.js';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx/cli');
const QUERY = '/v1/recommendations?lat=44&lon=1&radius=200&from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z';
const dirs: string[] = [];

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** One GET on a fresh connection (no keep-alive: each request is dealt to a worker anew). */
function fetchOnce(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

function children(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** The cluster primary under the spawned process (tsx runs the CLI in a child process of its own). */
function primaryUnder(root: number): number | undefined {
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    const kids = children(pid);
    if (kids.length > 0 && kids.every((k) => children(k).length === 0) && pid !== root) return pid;
    queue.push(...kids);
  }
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function tinyCatalogue(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'detour-cluster-'));
  dirs.push(dir);
  const store = await openStore({ dataDir: dir, databaseUrl: null });
  await store.applyImport(syntheticBatch('tiny', { venues: 20, shows: 15, performances: 200 }), {
    now: '2026-11-25T12:00:00Z',
  });
  await store.close();
  return dir;
}

describe('detour serve --workers', () => {
  it('parses a worker count, "auto" as the number of cores, and rejects anything else', () => {
    expect(parseWorkers(undefined)).toBe(1);
    expect(parseWorkers('2')).toBe(2);
    expect(parseWorkers('auto')).toBeGreaterThanOrEqual(1);
    for (const bad of ['0', '-1', '1.5', 'two', '']) expect(() => parseWorkers(bad)).toThrow(RangeError);
  });

  it('answers from two workers, replaces a killed worker, and the primary exits 0 on SIGTERM after both stop', async () => {
    const dataDir = await tinyCatalogue();
    const child: ChildProcessWithoutNullStreams = spawn(
      process.execPath,
      [
        TSX,
        '--conditions=@detour/source',
        CLI,
        'serve',
        '--workers',
        '2',
        '--port',
        '0',
        '--data-dir',
        dataDir,
      ],
      { env: { ...process.env, DETOUR_LOG: 'warn', DATABASE_URL: '', DETOUR_RATE_LIMIT: 'off' } },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await until(
        'the banner',
        () => /écoute sur (http:\/\/127\.0\.0\.1:\d+) \(2 workers\)/.exec(stdout)?.[1],
      );
      const primary = await until('the primary', () => primaryUnder(child.pid!));
      const [first, second] = await until('two workers', () => {
        const pids = children(primary);
        return pids.length === 2 ? pids : undefined;
      });
      const answered = await fetchOnce(url + QUERY);
      expect(answered.status).toBe(200);
      expect(RecommendationResponseSchema.parse(JSON.parse(answered.body)).items.length).toBeGreaterThan(0);

      // With the first worker gone, the second answers every request.
      process.kill(first!, 'SIGKILL');
      await until('the first worker to die', () => !alive(first!));
      for (let i = 0; i < 4; i++) expect((await fetchOnce(url + QUERY)).status).toBe(200);

      // The primary forks a replacement; once it is ready, it answers alone when the second dies too.
      const third = await until('a replacement', () => children(primary).find((p) => p !== second));
      await until('the replacement to listen', () => stderr.includes(`worker ${third} prêt`));
      process.kill(second!, 'SIGKILL');
      await until('the second worker to die', () => !alive(second!));
      for (let i = 0; i < 4; i++) expect((await fetchOnce(url + QUERY)).status).toBe(200);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(alive(third)).toBe(false);
      expect(stderr).toContain('SIGTERM');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
