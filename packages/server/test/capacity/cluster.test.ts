import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get, type IncomingHttpHeaders, request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { RecommendationResponseSchema } from '@detour/sdk/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWorkers } from '../../src/cluster.js';
import { openStore } from '../../src/store/open.js';
import { syntheticBatch } from '../../src/store/testing/fixtures.js';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx/cli');
const QUERY = '/v1/recommendations?lat=44&lon=1&radius=200&from=2026-12-01T00:00:00Z&to=2026-12-31T00:00:00Z';
/** The one event of the partner's last feed: 750 km from QUERY's centre, after its window. */
const LILLE_ONLY = {
  '@context': 'https://schema.org',
  '@type': 'TheaterEvent',
  '@id': 'https://tiny.example/saison/lille',
  name: 'Une pièce à Lille',
  startDate: '2027-03-12T20:00:00+01:00',
  location: {
    '@type': 'Place',
    name: 'Salle du Nord',
    address: { '@type': 'PostalAddress', postalCode: '59000', addressLocality: 'Lille' },
    geo: { '@type': 'GeoCoordinates', latitude: 50.6292, longitude: 3.0573 },
  },
};
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

/** SIGKILL to the spawned process group (tsx, the primary under it, the workers), if any is left. */
function killGroup(child: ChildProcessWithoutNullStreams): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // Already gone.
  }
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

interface RunningCluster {
  child: ChildProcessWithoutNullStreams;
  /** What the CLI has written so far. */
  out: { stdout: string; stderr: string };
  exited: Promise<number | null>;
  url: string;
  primary: number;
  workers: number[];
}

/**
 * Starts `detour serve --workers 2` on `dataDir` in a process group of its own (a failed test kills tsx, the
 * primary and the workers together with `killGroup`) and waits for its banner and both workers.
 */
async function startCluster(dataDir: string): Promise<RunningCluster> {
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
    {
      env: { ...process.env, DETOUR_LOG: 'warn', DATABASE_URL: '', DETOUR_RATE_LIMIT: 'off' },
      detached: true,
    },
  );
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => {
    out.stdout += d;
  });
  child.stderr.on('data', (d) => {
    out.stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const url = await until(
      'the banner',
      () => /écoute sur (http:\/\/127\.0\.0\.1:\d+) \(2 workers\)/.exec(out.stdout)?.[1],
    );
    const primary = await until('the primary', () => primaryUnder(child.pid!));
    const workers = await until('two workers', () => {
      const pids = children(primary);
      return pids.length === 2 ? pids : undefined;
    });
    return { child, out, exited, url, primary, workers };
  } catch (error) {
    killGroup(child);
    throw error;
  }
}

async function tinyCatalogue(): Promise<string> {
  return (await tinyCatalogueWithKey()).dataDir;
}

/** The tiny catalogue, and the secret of an API key that may push its source through POST /v1/imports. */
async function tinyCatalogueWithKey(): Promise<{ dataDir: string; secret: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'detour-cluster-'));
  dirs.push(dir);
  const store = await openStore({ dataDir: dir, databaseUrl: null });
  await store.applyImport(syntheticBatch('tiny', { venues: 20, shows: 15, performances: 200 }), {
    now: '2026-11-25T12:00:00Z',
  });
  const { secret } = await store.createApiKey('cluster test', ['tiny'], '2026-11-25T12:00:00Z');
  await store.close();
  return { dataDir: dir, secret };
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request on a fresh connection, the body as sent (not decompressed). */
function requestRaw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (d: Buffer) => chunks.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A worker's response cache counters and state, as it writes them on SIGUSR2. */
interface WorkerCache {
  pid: number;
  revision: number | null;
  exposureId: string | null;
  hits: number;
  misses: number;
  adopted: number;
  adoptedHits: number;
  sentAnswers: number;
  receivedAnswers: number;
  receivedOtherState: number;
}

/** The whole-request headers two identical answers share (Date and the seconds left in max-age aside). */
const sameHeaders = (h: IncomingHttpHeaders) => ({
  etag: h.etag,
  'content-type': h['content-type'],
  'content-encoding': h['content-encoding'],
  'content-length': h['content-length'],
  vary: h.vary,
  cacheControl: String(h['cache-control']).replace(/max-age=\d+/, 'max-age=N'),
});

describe('detour serve --workers', () => {
  it('parses a worker count, "auto" as the number of cores, and rejects anything else', () => {
    expect(parseWorkers(undefined)).toBe(1);
    expect(parseWorkers('2')).toBe(2);
    expect(parseWorkers('auto')).toBeGreaterThanOrEqual(1);
    for (const bad of ['0', '-1', '1.5', 'two', '']) expect(() => parseWorkers(bad)).toThrow(RangeError);
  });

  it('answers from two workers, replaces a killed worker, and the primary exits 0 on SIGTERM after both stop', async () => {
    const dataDir = await tinyCatalogue();
    const { child, out, exited, url, primary, workers } = await startCluster(dataDir);
    const [first, second] = workers;
    try {
      const answered = await fetchOnce(url + QUERY);
      expect(answered.status).toBe(200);
      expect(RecommendationResponseSchema.parse(JSON.parse(answered.body)).items.length).toBeGreaterThan(0);

      // With the first worker gone, the second answers every request.
      process.kill(first!, 'SIGKILL');
      await until('the first worker to die', () => !alive(first!));
      for (let i = 0; i < 4; i++) expect((await fetchOnce(url + QUERY)).status).toBe(200);

      // The primary forks a replacement; once it is ready, it answers alone when the second dies too.
      const third = await until('a replacement', () => children(primary).find((p) => p !== second));
      await until('the replacement to listen', () => out.stderr.includes(`worker ${third} prêt`));
      process.kill(second!, 'SIGKILL');
      await until('the second worker to die', () => !alive(second!));
      for (let i = 0; i < 4; i++) expect((await fetchOnce(url + QUERY)).status).toBe(200);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(alive(third)).toBe(false);
      expect(out.stderr).toContain('SIGTERM');
    } finally {
      killGroup(child);
    }
  }, 60_000);

  it('serves from the other worker’s cache, byte for byte, an answer one worker computed, and never an old one once the catalogue changed', async () => {
    const { dataDir, secret } = await tinyCatalogueWithKey();
    const { child, out, exited, url, workers } = await startCluster(dataDir);
    /** Asks each worker for its counters (SIGUSR2) and reads the lines they write. */
    const caches = async (pids: number[]): Promise<WorkerCache[]> => {
      const from = out.stderr.length;
      for (const pid of pids) process.kill(pid, 'SIGUSR2');
      return until('the cache counters', () => {
        const lines = out.stderr
          .slice(from)
          .split('\n')
          .filter((l) => l.includes('"msg":"response cache"'))
          .map((l) => JSON.parse(l) as WorkerCache);
        const found = pids.map((pid) => lines.find((l) => l.pid === pid));
        return found.every((f) => f !== undefined) ? (found as WorkerCache[]) : undefined;
      });
    };
    const settle = async (pids: number[], what: string, done: (c: WorkerCache[]) => boolean) => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const c = await caches(pids);
        if (done(c)) return c;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(c)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const gzip = { 'accept-encoding': 'gzip' };
    try {
      // Both serve the same exposure snapshot once each has heard of the other's (keys name it).
      const start = await settle(
        workers,
        'one exposure snapshot',
        ([a, b]) => a!.exposureId === b!.exposureId,
      );

      // Answers are kept for the engine clock's five-minute step: start well inside one.
      const leftInStep = 300_000 - (Date.now() % 300_000);
      if (leftInStep < 30_000) await new Promise((r) => setTimeout(r, leftInStep + 100));
      const first = await requestRaw(url + QUERY, { headers: gzip });
      expect(first.status).toBe(200);
      expect(first.headers['content-encoding']).toBe('gzip');
      const answer = RecommendationResponseSchema.parse(JSON.parse(gunzipSync(first.body).toString()));
      expect(answer.items.length).toBeGreaterThan(0);
      // The worker that computed it sends it on; the other keeps it.
      await settle(workers, 'the answer to reach the other worker', (c) => c.some((w) => w.adopted === 1));

      // Fresh connections are dealt to the workers in turn: ask until both have served it from memory.
      const served: RawResponse[] = [];
      expect((await caches(workers)).map((w) => w.hits)).toEqual([0, 0]); // nobody asked again yet
      let counters: WorkerCache[] = [];
      for (let i = 0; i < 12; i++) {
        served.push(await requestRaw(url + QUERY, { headers: gzip }));
        counters = await caches(workers);
        if (counters.every((w) => w.hits >= 1)) break;
      }
      expect(counters.map((w) => w.misses).reduce((a, b) => a + b)).toBe(1); // computed once in all
      const computer = counters.find((w) => w.misses === 1)!;
      const other = counters.find((w) => w.misses === 0)!;
      expect(other.adopted).toBe(1);
      expect(other.adoptedHits).toBeGreaterThanOrEqual(1);
      expect(computer.sentAnswers).toBe(1);
      expect(other.receivedOtherState).toBe(0);
      for (const r of served) {
        expect(r.status).toBe(200);
        expect(r.body.equals(first.body)).toBe(true);
        expect(sameHeaders(r.headers)).toEqual(sameHeaders(first.headers));
      }
      // Without gzip, either worker sends the same JSON.
      for (let i = 0; i < 2; i++) {
        const plain = await requestRaw(url + QUERY);
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(plain.body.equals(gunzipSync(first.body))).toBe(true);
        expect(plain.headers.etag).toBe(first.headers.etag);
      }

      // The partner withdraws every performance near the query: one worker commits, both rebuild their index.
      // Its full feed now lists one play in Lille, out of the query's reach (an empty feed is refused, and
      // withdrawing the whole programme is a mass cancellation that must be confirmed).
      const imported = await requestRaw(`${url}/v1/imports?source=tiny&format=jsonld&confirmCancel=true`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/ld+json' },
        body: JSON.stringify([LILLE_ONLY]),
      });
      expect(imported.status).toBe(200);
      expect(JSON.parse(imported.body.toString()).cancelled).toBeGreaterThan(0);
      await settle(workers, 'both workers on the new catalogue', (c) =>
        c.every((w) => w.revision !== null && w.revision > start[0]!.revision!),
      );
      const changed: RawResponse[] = [await requestRaw(url + QUERY, { headers: gzip })];
      // Sent on within SHARE_FLUSH_MS: as above, let it reach the other worker before asking again.
      await settle(
        workers,
        'the new answer to reach the other worker',
        (c) => c.reduce((sum, w) => sum + w.adopted, 0) === 2,
      );
      for (let i = 1; i < 6; i++) changed.push(await requestRaw(url + QUERY, { headers: gzip }));
      for (const r of changed) {
        expect(r.status).toBe(200);
        const json = r.headers['content-encoding'] === 'gzip' ? gunzipSync(r.body) : r.body;
        const body = RecommendationResponseSchema.parse(JSON.parse(json.toString()));
        expect(body.items).toEqual([]);
        expect(body.snapshotId).not.toBe(answer.snapshotId);
        expect(r.headers.etag).not.toBe(first.headers.etag);
        expect(r.body.equals(changed[0]!.body)).toBe(true);
      }
      // The new answer was computed once and shared too.
      const end = await caches(workers);
      expect(end.map((w) => w.misses).reduce((a, b) => a + b)).toBe(2);
      expect(end.map((w) => w.adopted).reduce((a, b) => a + b)).toBe(2);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      killGroup(child);
    }
  }, 90_000);
});
