import { createRequire } from 'node:module';
import { join } from 'node:path';
import { periodWindow } from '../../packages/server/src/http/period.js';
import { machineDescription } from '../machine.js';
import { prefixSums, Random, TOWNS } from '../synthetic/index.js';
import {
  CATALOGUE,
  childPids,
  cpuSeconds,
  fmt,
  loadAverage,
  REPO,
  requireBuild,
  requireDatabase,
  rssMb,
  sleep,
  spawnServer,
  waitIdle,
  writeResults,
} from './common.js';

/**
 * `npm run bench:load`: HTTP load on GET /v1/recommendations against `detour serve --workers 2` over the
 * imported 1,000,000-performance database, with autocannon on 127.0.0.1 (bounded in time), at
 * concurrency 1, 16 and 64. The visitors' situations are generated beforehand (seeded): places weighted by
 * population, radii 5–50 km, periods tonight / weekend / week / month, a third with a viewed show and a
 * third with a five-show history taken from the catalogue, k = 10. A history is a visitor's own: each
 * request that carries one draws a new one as it is sent, so those requests never repeat (and never hit the
 * server's response cache); the others come round as the list does.
 */

const COMMAND = 'npm run bench:load';
const require = createRequire(join(REPO, 'packages/server/package.json'));
const autocannon = require('autocannon') as (
  options: Record<string, unknown>,
  done?: (error: Error | null, result: AutocannonResult) => void,
) => Promise<AutocannonResult>;

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p90: number; p99: number; max: number; average: number };
  throughput: { average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  duration: number;
}

const LEVELS = (process.env.DETOUR_BENCH_LEVELS ?? '1,16,64').split(',').map(Number);
const SECONDS = Number(process.env.DETOUR_BENCH_SECONDS ?? 20);
const WORKERS = Number(process.env.DETOUR_BENCH_WORKERS ?? 2);
const REQUESTS = 20_000;
const PERIODS = ['tonight', 'weekend', 'week', 'month'] as const;
const RADII = [5, 10, 20, 30, 50];

async function showIds(url: string, rnd: Random): Promise<string[]> {
  const ids = new Set<string>();
  for (let i = 0; i < 40 && ids.size < 400; i++) {
    const town = TOWNS[rnd.int(TOWNS.length)]!;
    const res = await fetch(`${url}/v1/recommendations?lat=${town.lat}&lon=${town.lon}&radius=50&k=50`);
    const body = (await res.json()) as { items: Array<{ show: { id: string } }> };
    for (const item of body.items) ids.add(item.show.id);
  }
  return [...ids];
}

/** A visitor's situation: the request's path, and whether the visitor has a history (drawn at each send). */
interface Situation {
  path: string;
  withHistory: boolean;
}

function requestList(shows: string[], rnd: Random, now: number): Situation[] {
  const townPrefix = prefixSums(TOWNS.map((t) => t.population));
  const windows = Object.fromEntries(PERIODS.map((p) => [p, periodWindow(p, now)]));
  const situations: Situation[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const town = TOWNS[rnd.weighted(townPrefix)]!;
    // Visitors are spread over the town and around it (σ 4 km).
    const lat = town.lat + (rnd.normal() * 4) / 111.2;
    const lon = town.lon + (rnd.normal() * 4) / (111.2 * Math.cos((town.lat * Math.PI) / 180));
    const w = windows[rnd.pick(PERIODS)]!;
    const params = new URLSearchParams({
      lat: lat.toFixed(4),
      lon: lon.toFixed(4),
      radius: String(rnd.pick(RADII)),
      from: w.from,
      to: w.to,
      k: '10',
    });
    const x = rnd.next();
    if (shows.length > 0 && x < 1 / 3) params.set('show', rnd.pick(shows));
    situations.push({
      path: `/v1/recommendations?${params}`,
      withHistory: shows.length > 0 && x >= 1 / 3 && x < 2 / 3,
    });
  }
  return situations;
}

/** A new five-show history: distinct shows in the order the visitor saw them. */
function drawHistory(shows: string[], rnd: Random): string {
  const seen = new Set<string>();
  while (seen.size < 5) seen.add(rnd.pick(shows));
  return [...seen].join(',');
}

interface Level {
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  total: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  serverCpuShare: number;
  loaderCpuShare: number;
  meanBytes: number;
  /** Requests sent since the start (warm-up included) over the list's length: how often the list came round. */
  listPasses: number;
  /** Share of the requests sent since the start that carried a newly drawn history (never sent before). */
  freshShare: number;
}

interface Pass {
  levels: Level[];
  rss: { primary: number; workers: number[] };
  settledMs: number;
}

/** One server start and the levels against it; `env` adds to the server's environment. */
async function measure(dataDir: string, env: Record<string, string>, label: string): Promise<Pass> {
  const server = await spawnServer(dataDir, {
    extraArgs: ['--workers', String(WORKERS)],
    env: { DETOUR_LOG: 'error', DETOUR_RATE_LIMIT: 'off', ...env },
  });
  // The same seed for every pass: the same request list.
  const rnd = new Random(CATALOGUE.seed);
  const levels: Level[] = [];
  const rss: Pass['rss'] = { primary: 0, workers: [] };
  let settledMs = 0;
  try {
    settledMs = await waitIdle(server.pid);
    const shows = await showIds(server.url, rnd);
    const situations = requestList(shows, rnd, Date.now());
    const histories = new Random(CATALOGUE.seed + 1);
    // One shared cursor: connections take the next request of the list in turn, so concurrent requests
    // differ (autocannon's own list would send every connection through the same sequence).
    let cursor = 0;
    let fresh = 0;
    const requests = [
      {
        method: 'GET',
        headers: { 'accept-encoding': 'gzip, deflate, br' },
        setupRequest: (req: Record<string, unknown>) => {
          const s = situations[cursor++ % situations.length]!;
          if (!s.withHistory) return { ...req, path: s.path };
          fresh++;
          return { ...req, path: `${s.path}&history=${drawHistory(shows, histories)}` };
        },
      },
    ];
    const workerPids = () => [server.pid, ...childPids(server.pid)];
    // Warm-up: JIT and caches of every worker.
    await autocannon({ url: server.url, connections: 16, duration: 5, requests });
    for (const connections of LEVELS) {
      await sleep(1000);
      const pids = workerPids();
      const serverBefore = pids.reduce((a, p) => a + cpuSeconds(p), 0);
      const loaderBefore = process.cpuUsage();
      const t0 = performance.now();
      const r = await autocannon({ url: server.url, connections, duration: SECONDS, requests });
      const wall = (performance.now() - t0) / 1000;
      const serverCpu = pids.reduce((a, p) => a + cpuSeconds(p), 0) - serverBefore;
      const loader = process.cpuUsage(loaderBefore);
      const loaderCpu = (loader.user + loader.system) / 1e6;
      levels.push({
        connections,
        seconds: SECONDS,
        requestsPerSecond: r.requests.average,
        total: r.requests.total,
        p50: r.latency.p50,
        p90: r.latency.p90,
        p99: r.latency.p99,
        max: r.latency.max,
        errors: r.errors,
        non2xx: r.non2xx,
        timeouts: r.timeouts,
        serverCpuShare: serverCpu / wall,
        loaderCpuShare: loaderCpu / wall,
        meanBytes: r.requests.total > 0 ? r.throughput.average / r.requests.average : 0,
        listPasses: cursor / situations.length,
        freshShare: cursor > 0 ? fresh / cursor : 0,
      });
      console.log(
        `${label} c=${connections}: ${fmt(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, errors ${r.errors}, non-2xx ${r.non2xx}`,
      );
    }
    rss.primary = rssMb(server.pid);
    rss.workers = childPids(server.pid).map(rssMb);
  } finally {
    await server.stop();
  }
  return { levels, rss, settledMs };
}

function levelTable(levels: Level[]): string {
  const rows = levels.map(
    (l) =>
      `| ${l.connections} | **${fmt(l.requestsPerSecond)}** | ${l.p50} | ${l.p90} | ${l.p99} | ${l.max} | ${l.errors + l.non2xx + l.timeouts} (${l.non2xx}, ${l.timeouts}) | ${l.serverCpuShare.toFixed(2)} | ${l.loaderCpuShare.toFixed(2)} | ${fmt(l.meanBytes)} | ${l.listPasses.toFixed(1)} | ${(100 * l.freshShare).toFixed(0)} % |`,
  );
  return [
    '| concurrency | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors (non-2xx, timeouts) | server CPU (cores) | autocannon CPU (cores) | mean response bytes | passes of the list so far | requests never sent before (new history) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

const rssLine = (rss: Pass['rss']) =>
  `primary ${fmt(rss.primary)} MB, workers ${rss.workers.map((m) => `${fmt(m)} MB`).join(', ')}`;

async function main(): Promise<void> {
  requireBuild();
  const dataDir = requireDatabase();
  const loadBefore = loadAverage();
  // The server as shipped (its response cache on), then the same list with the cache off: what computing
  // every answer costs.
  const shipped = await measure(dataDir, {}, 'cache on');
  const computed = await measure(dataDir, { DETOUR_RESPONSE_CACHE_MB: '0' }, 'cache off');
  const { levels, rss, settledMs } = shipped;
  const loadAfter = loadAverage();

  const top = levels.find((l) => l.connections === 64) ?? levels[levels.length - 1]!;
  const errorsTotal = [...levels, ...computed.levels].reduce(
    (a, l) => a + l.errors + l.non2xx + l.timeouts,
    0,
  );
  const ok = (v: boolean) => (v ? 'yes' : '**no**');
  const md = `# HTTP load: GET /v1/recommendations

Command: \`${COMMAND}\` (\`tsx --conditions=@detour/source bench/capacity/load.ts\`; ${SECONDS} s per level after a 5 s warm-up).

Machine: ${machineDescription()}

Server: \`node packages/server/dist/cli.js serve --workers ${WORKERS}\` (node:cluster, each worker with its own
engine index built from the same SQLite file) on 127.0.0.1, over the database imported by \`npm run bench:import\`
(${fmt(CATALOGUE.performances)} synthetic performances, seed ${CATALOGUE.seed}); logs at \`error\`, rate limits off.
Measured once the workers were at rest after start (their search indexes build in the background:
${fmt(settledMs / 1000, 1)} s). Load: autocannon 8 in the bench process on the same machine, keep-alive connections cycling through
${fmt(REQUESTS)} pre-generated visitor situations: places weighted by population (σ 4 km around ${TOWNS.length} towns),
radius ∈ {${RADII.join(', ')}} km, period ∈ {${PERIODS.join(', ')}} (as from/to), one third with a viewed show,
one third with a five-show history (distinct shows taken from the catalogue through the API), k = 10. A history is
a visitor's own, so it is drawn anew each time such a situation is sent: those requests (a third of all) are never
the same twice and are always computed. No request sends If-None-Match; like a browser, requests accept gzip.
Connections take the next situation of the list in turn, so concurrent requests differ. Non-2xx answers count as
errors.

The server keeps each answer it computes for the engine clock's five-minute step (its response cache,
\`DETOUR_RESPONSE_CACHE_MB\`, 128 MiB per worker by default) and shares it with the other workers through the
primary, so a request the list repeats within the step is served from cache by whichever worker receives it;
a new step (or a catalogue or policy change) starts the caches afresh. The last two columns say how many times
the list had come round by the end of each level (warm-up included) — requests without a history repeat beyond
the first pass — and which share of the requests carried a new history.
The targets are read on the server as shipped; the second table runs the same list against the same server with
the cache off (\`DETOUR_RESPONSE_CACHE_MB=0\`), every answer computed, to show what the cache is worth.

**The load generator shares the 2 cores with the server**: the CPU columns say how the machine's time was
split (1.00 = one core busy for the whole run).

**Server as shipped (response cache on)**

${levelTable(levels)}

**Same list, response cache off (every answer computed)**

${levelTable(computed.levels)}

| target | result | met |
|---|---|---|
| ≥ 3,000 requests/s at c = 64 | ${fmt(top.requestsPerSecond)} | ${ok(top.requestsPerSecond >= 3000)} |
| p99 ≤ 50 ms at c = 64 | ${top.p99} ms | ${ok(top.p99 <= 50)} |
| zero errors | ${errorsTotal} | ${ok(errorsTotal === 0)} |

Memory after the run (RSS): as shipped ${rssLine(rss)}; cache off ${rssLine(computed.rss)}.

Load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)} on 2 cores.
`;
  writeResults('http-load', md, {
    command: COMMAND,
    machine: machineDescription(),
    catalogue: CATALOGUE,
    workers: WORKERS,
    secondsPerLevel: SECONDS,
    requests: REQUESTS,
    levels,
    levelsCacheOff: computed.levels,
    rssMb: rss,
    rssMbCacheOff: computed.rss,
    loadAverage: { before: loadBefore, after: loadAfter },
    targets: { requestsPerSecond: 3000, p99Ms: 50, errors: 0 },
  });
  console.log(md);
}

await main();
