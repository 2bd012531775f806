/**
 * The soak test: a real `detour serve --demo` child process on 127.0.0.1 under bounded mixed traffic
 * (recommendations, the HTML fragment, search, shows, venues, impressions, partner imports, policy
 * publishes) for a fixed duration, counting every status and sampling the server's resident memory.
 * Only loopback addresses are ever contacted; every loop stops at the deadline.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../packages/server/src/store/open.js';
import { percentile } from '../machine.js';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(REPO, 'packages/server/src/cli.ts');
const GC_ON_SIGNAL = join(REPO, 'bench/soak/gc-on-signal.mjs');

export interface SoakOptions {
  durationMs: number;
  /** Memory samples before this are warm-up (indexes built, JIT warm, caches filled). */
  warmupMs: number;
  /** Concurrent request loops. */
  concurrency: number;
  /** Every this often: one partner import; and one policy publish. */
  importEveryMs: number;
  publishEveryMs: number;
  sampleEveryMs: number;
  /** Every this often, a full GC in the server (SIGUSR2, see gc-on-signal.mjs) then an RSS sample. */
  gcSampleEveryMs: number;
  log?: (line: string) => void;
}

export interface KindStats {
  requests: number;
  statuses: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface SoakResult {
  options: Omit<SoakOptions, 'log'>;
  startedAt: string;
  elapsedMs: number;
  requests: number;
  fiveXX: number;
  networkErrors: number;
  unexpected: Array<{ kind: string; status: number; body: string }>;
  byKind: Record<string, KindStats>;
  imports: number;
  publishes: number;
  /** RSS samples in MB with their time since the start (s): as found, and right after a full GC. */
  rss: Array<{ t: number; mb: number }>;
  rssAfterGc: Array<{ t: number; mb: number }>;
  /** V8 heap used plus external memory (array buffers, native objects) right after a full GC, MB. */
  heapAfterGc: Array<{ t: number; mb: number }>;
  heapFirstMb: number;
  heapLastMb: number;
  heapGrowth: number;
  /** Mean RSS of the first and of the last minute after warm-up (or of the first and last sixth for short runs). */
  rssFirstMb: number;
  rssLastMb: number;
  rssGrowth: number;
  /** The same figures on the post-GC samples: the memory the server retains. */
  retainedFirstMb: number;
  retainedLastMb: number;
  retainedGrowth: number;
  serverExit: { code: number | null; signal: string | null; stderr: string };
}

/** Towns with demo data around them (DATAtourisme Centre-Val de Loire, festivals everywhere). */
const PLACES = [
  { lat: 47.3941, lon: 0.6848 }, // Tours
  { lat: 47.9029, lon: 1.9093 }, // Orléans
  { lat: 47.5861, lon: 1.3359 }, // Blois
  { lat: 47.081, lon: 2.3988 }, // Bourges
  { lat: 48.4469, lon: 1.4893 }, // Chartres
  { lat: 48.8566, lon: 2.3522 }, // Paris
  { lat: 45.764, lon: 4.8357 }, // Lyon
  { lat: 43.9493, lon: 4.8055 }, // Avignon
  { lat: 47.2184, lon: -1.5536 }, // Nantes
  { lat: 44.8378, lon: -0.5792 }, // Bordeaux
];
const WORDS = [
  'festival',
  'jazz',
  'théâtre',
  'danse',
  'concert',
  'cirque',
  'musique',
  'conte',
  'orgue',
  'rock',
  'opera',
  'marionnettes',
];
const PERIODS = ['tonight', 'weekend', 'week', 'month'];

/** Deterministic pseudo-random numbers (mulberry32), so two runs send the same traffic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Starts `detour serve --demo` (sources through tsx, one process) and resolves with its URL. */
async function startServer(
  dataDir: string,
  memoryFile: string,
  log: (l: string) => void,
): Promise<{
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: string | null }>;
  stderr: () => string;
}> {
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      GC_ON_SIGNAL,
      '--import',
      'tsx',
      '--conditions=@detour/source',
      CLI,
      'serve',
      '--demo',
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      '--data-dir',
      dataDir,
    ],
    {
      cwd: REPO,
      env: {
        ...process.env,
        DETOUR_RATE_LIMIT: 'off',
        DETOUR_LOG: 'warn',
        DATABASE_URL: '',
        DETOUR_SOAK_MEMORY_FILE: memoryFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => {
    err += d;
    if (err.length > 100_000) err = err.slice(-50_000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 180 s\n${err}`)), 180_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /écoute sur (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening\n${err}`));
    });
  });
  log(`server ${child.pid} on ${url}`);
  void exited.then(({ code, signal }) => log(`server exited (code ${code}, signal ${signal})`));
  return { child, url, exited, stderr: () => err };
}

/** A partner feed that changes over time: shows come and go, so imports create, update and cancel. */
function partnerFeed(round: number): string {
  const header = 'titre;discipline;lieu;ville;code_postal;latitude;longitude;date;heure;prix';
  const rows: string[] = [];
  for (let i = 0; i < 40; i++) {
    const show = (round + i) % 60;
    const day = String(1 + ((show * 7) % 28)).padStart(2, '0');
    rows.push(
      `Soirée partenaire ${show};${['danse', 'théâtre', 'musique', 'cirque'][show % 4]};Salle du Soak ${show % 5};Tours;37000;${(47.39 + (show % 5) * 0.003).toFixed(4)};0.6848;2027-01-${day};20:30;${(round % 3) + 8}`,
    );
  }
  return `${header}\n${rows.join('\n')}\n`;
}

/** Runs the soak and resolves with its figures. The server is stopped (SIGTERM) at the end. */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const log = options.log ?? (() => {});
  const dataDir = mkdtempSync(join(tmpdir(), 'detour-soak-'));
  // Credentials made before the server starts, straight in the store: a partner key and an editor token.
  const store = await openStore({ dataDir, databaseUrl: null });
  const now = new Date().toISOString();
  const partnerKey = (await store.createApiKey('Soak', ['soak-partner'], now)).secret;
  const editorToken = (await store.createEditorToken('Soak', 'editor', now)).secret;
  await store.close();

  const memoryFile = join(dataDir, 'memory-after-gc.jsonl');
  const server = await startServer(dataDir, memoryFile, log);
  const started = performance.now();
  const deadline = started + options.durationMs;
  const rand = random(20261125);
  const latencies = new Map<string, number[]>();
  const byKind: Record<string, KindStats> = {};
  const unexpected: SoakResult['unexpected'] = [];
  let requests = 0;
  let fiveXX = 0;
  let networkErrors = 0;
  let imports = 0;
  let publishes = 0;
  const seen: Array<{ showId: string; venueId: string }> = [];

  async function call(
    kind: string,
    path: string,
    init: RequestInit = {},
    ok: number[] = [200],
  ): Promise<string | null> {
    const t0 = performance.now();
    let status = 0;
    let body = '';
    try {
      const res = await fetch(server.url + path, init);
      status = res.status;
      body = await res.text();
    } catch (error) {
      networkErrors++;
      body = (error as Error).message;
    }
    const ms = performance.now() - t0;
    requests++;
    const stats = byKind[kind] ?? { requests: 0, statuses: {}, p50Ms: 0, p99Ms: 0, maxMs: 0 };
    byKind[kind] = stats;
    stats.requests++;
    stats.statuses[String(status)] = (stats.statuses[String(status)] ?? 0) + 1;
    const list = latencies.get(kind) ?? [];
    latencies.set(kind, list);
    list.push(ms);
    if (status >= 500) fiveXX++;
    if (!ok.includes(status) && unexpected.length < 50)
      unexpected.push({ kind, status, body: body.slice(0, 300) });
    return ok.includes(status) ? body : null;
  }

  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

  async function oneRequest(): Promise<void> {
    const r = rand();
    const place = pick(PLACES);
    const lat = (place.lat + (rand() - 0.5) * 0.2).toFixed(4);
    const lon = (place.lon + (rand() - 0.5) * 0.2).toFixed(4);
    if (r < 0.45) {
      const history =
        seen.length > 5 && rand() < 0.3
          ? `&history=${seen
              .slice(-3)
              .map((s) => s.showId)
              .join(',')}`
          : '';
      const body = await call(
        'recommendations',
        `/v1/recommendations?lat=${lat}&lon=${lon}&radius=${pick([10, 20, 50, 100])}&period=${pick(PERIODS)}&k=${pick([5, 10, 20])}${history}`,
      );
      if (body) {
        const items = (JSON.parse(body) as { items: Array<{ show: { id: string }; venue: { id: string } }> })
          .items;
        for (const item of items.slice(0, 3)) seen.push({ showId: item.show.id, venueId: item.venue.id });
        if (seen.length > 200) seen.splice(0, 100);
      }
    } else if (r < 0.5) {
      await call('fragment', `/v1/recommendations.html?lat=${lat}&lon=${lon}&radius=50&k=6`);
    } else if (r < 0.72) {
      await call(
        'search',
        `/v1/search?q=${encodeURIComponent(pick(WORDS))}&lat=${lat}&lon=${lon}&radius=${pick([20, 100, 200])}&limit=10`,
      );
    } else if (r < 0.8 && seen.length > 0) {
      const s = pick(seen);
      await call('show', `/v1/shows/${s.showId}`);
    } else if (r < 0.86) {
      await call('venues', `/v1/venues?lat=${lat}&lon=${lon}&radius=30&limit=20`);
    } else if (r < 0.88) {
      await call('policy', '/v1/policy');
    } else if (seen.length > 0) {
      const items = Array.from({ length: 1 + Math.floor(rand() * 6) }, (_, i) => {
        const s = pick(seen);
        return { showId: s.showId, venueId: s.venueId, position: i + 1 };
      });
      await call(
        'impressions',
        '/v1/impressions',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ policyVersion: 1, items }),
        },
        [202],
      );
    } else {
      await call('taxonomy', '/v1/taxonomy');
    }
  }

  async function loop(): Promise<void> {
    while (performance.now() < deadline) await oneRequest();
  }

  async function periodic(everyMs: number, task: () => Promise<void>): Promise<void> {
    while (performance.now() + everyMs < deadline) {
      await new Promise((r) => setTimeout(r, everyMs));
      await task();
    }
  }

  const importTask = async () => {
    const ok = await call('import', '/v1/imports?source=soak-partner&format=csv', {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${partnerKey}` },
      body: partnerFeed(imports),
    });
    if (ok) imports++;
  };
  const publishTask = async () => {
    const auth = { Authorization: `Bearer ${editorToken}` };
    const current = await call('editor-policy', '/v1/editor/policy', { headers: auth });
    if (!current) return;
    const settings = (JSON.parse(current) as { policy: { settings: { lambda: number } } }).policy.settings;
    settings.lambda = publishes % 2 === 0 ? 0.55 : 0.7;
    const ok = await call(
      'publish',
      '/v1/editor/policy/publish',
      {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ settings, comment: `Soak : publication ${publishes + 1}` }),
      },
      [200, 201],
    );
    if (ok) publishes++;
  };

  const rss: SoakResult['rss'] = [];
  const sampler = setInterval(() => {
    const mb = rssMb(server.child.pid!);
    if (mb !== null)
      rss.push({ t: Math.round((performance.now() - started) / 100) / 10, mb: Math.round(mb * 10) / 10 });
  }, options.sampleEveryMs);
  const rssAfterGc: SoakResult['rssAfterGc'] = [];
  const heapAfterGc: SoakResult['heapAfterGc'] = [];
  const gcSampler = setInterval(() => {
    server.child.kill('SIGUSR2');
    setTimeout(() => {
      const mb = rssMb(server.child.pid!);
      const t = Math.round((performance.now() - started) / 100) / 10;
      if (mb !== null && performance.now() < deadline) rssAfterGc.push({ t, mb: Math.round(mb * 10) / 10 });
      const last = (existsSync(memoryFile) ? readFileSync(memoryFile, 'utf8') : '').trim().split('\n').at(-1);
      if (last && performance.now() < deadline) {
        const m = JSON.parse(last) as { heapUsed: number; external: number };
        heapAfterGc.push({ t, mb: Math.round(((m.heapUsed + m.external) / 2 ** 20) * 10) / 10 });
      }
    }, 1_000);
  }, options.gcSampleEveryMs);
  const progress = setInterval(() => {
    log(
      `${Math.round((performance.now() - started) / 1000)} s: ${requests} requests, ${fiveXX} 5xx, ${imports} imports, ${publishes} publishes, RSS ${rss.at(-1)?.mb ?? '?'} MB`,
    );
  }, 30_000);

  try {
    await Promise.all([
      ...Array.from({ length: options.concurrency }, loop),
      periodic(options.importEveryMs, importTask),
      periodic(options.publishEveryMs, publishTask),
    ]);
  } finally {
    clearInterval(sampler);
    clearInterval(gcSampler);
    clearInterval(progress);
  }
  const elapsedMs = performance.now() - started;

  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
  const exit = await server.exited;
  rmSync(dataDir, { recursive: true, force: true });

  for (const [kind, list] of latencies) {
    list.sort((a, b) => a - b);
    const stats = byKind[kind]!;
    stats.p50Ms = Math.round(percentile(list, 50) * 10) / 10;
    stats.p99Ms = Math.round(percentile(list, 99) * 10) / 10;
    stats.maxMs = Math.round(list.at(-1)! * 10) / 10;
  }

  // Memory: the first and the last minute after warm-up (a sixth of the measured span on short runs).
  const measured = rss.filter((s) => s.t * 1000 >= options.warmupMs);
  const spanS = (options.durationMs - options.warmupMs) / 1000;
  const windowS = Math.max(Math.min(60, spanS / 6), (2 * options.gcSampleEveryMs) / 1000);
  const firstEnd = options.warmupMs / 1000 + windowS;
  const lastStart = options.durationMs / 1000 - windowS;
  // An empty window has no mean (NaN), so that a run without samples can never pass.
  const mean = (xs: number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
  const windowMeans = (samples: Array<{ t: number; mb: number }>) => {
    const after = samples.filter((s) => s.t * 1000 >= options.warmupMs);
    return [
      mean(after.filter((s) => s.t <= firstEnd).map((s) => s.mb)),
      mean(after.filter((s) => s.t >= lastStart).map((s) => s.mb)),
    ] as const;
  };
  const [rssFirstMb, rssLastMb] = windowMeans(measured);
  const [retainedFirstMb, retainedLastMb] = windowMeans(rssAfterGc);
  const [heapFirstMb, heapLastMb] = windowMeans(heapAfterGc);
  const growth = (a: number, b: number) => (a > 0 ? Math.round(((b - a) / a) * 1000) / 1000 : Number.NaN);

  const { log: _log, ...recorded } = options;
  return {
    options: recorded,
    startedAt: new Date(Date.now() - elapsedMs).toISOString(),
    elapsedMs: Math.round(elapsedMs),
    requests,
    fiveXX,
    networkErrors,
    unexpected,
    byKind,
    imports,
    publishes,
    rss,
    rssFirstMb: Math.round(rssFirstMb * 10) / 10,
    rssLastMb: Math.round(rssLastMb * 10) / 10,
    rssGrowth: growth(rssFirstMb, rssLastMb),
    rssAfterGc,
    retainedFirstMb: Math.round(retainedFirstMb * 10) / 10,
    retainedLastMb: Math.round(retainedLastMb * 10) / 10,
    retainedGrowth: growth(retainedFirstMb, retainedLastMb),
    heapAfterGc,
    heapFirstMb: Math.round(heapFirstMb * 10) / 10,
    heapLastMb: Math.round(heapLastMb * 10) / 10,
    heapGrowth: growth(heapFirstMb, heapLastMb),
    serverExit: { ...exit, stderr: server.stderr().slice(-2000) },
  };
}
