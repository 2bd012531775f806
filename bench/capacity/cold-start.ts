import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { machineDescription } from '../machine.js';
import {
  CATALOGUE,
  CLI,
  fmt,
  loadAverage,
  REPO,
  requireBuild,
  requireDatabase,
  rssMb,
  writeResults,
} from './common.js';

/**
 * `npm run bench:cold-start`: from `node packages/server/dist/cli.js serve` over the existing
 * 1,000,000-performance database to the first answered GET /v1/recommendations (polled every 10 ms),
 * three runs each with one worker and with two.
 */

const COMMAND = 'npm run bench:cold-start';
const RUNS = Number(process.env.DETOUR_BENCH_RUNS ?? 3);
const QUERY = '/v1/recommendations?lat=45.764&lon=4.8357&radius=20&k=10';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.once('error', reject);
  });
}

async function once(dataDir: string, workers: number): Promise<{ ms: number; rssMb: number }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--port', String(port), '--data-dir', dataDir, '--workers', String(workers)],
    { cwd: REPO, env: { ...process.env, DETOUR_LOG: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
      if (performance.now() - started > 120_000) throw new Error('no answer in 120 s');
      try {
        const res = await fetch(`http://127.0.0.1:${port}${QUERY}`);
        if (res.status === 200) {
          await res.arrayBuffer();
          const ms = performance.now() - started;
          return { ms, rssMb: rssMb(child.pid!) };
        }
        await res.arrayBuffer();
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 20_000).unref();
    });
  }
}

async function main(): Promise<void> {
  requireBuild();
  const dataDir = requireDatabase();
  const loadBefore = loadAverage();
  const rows: Array<{ workers: number; runs: number[]; median: number }> = [];
  for (const workers of [1, 2]) {
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await once(dataDir, workers);
      runs.push(r.ms);
      console.log(`workers ${workers}, run ${i + 1}: ${fmt(r.ms)} ms`);
    }
    const sorted = [...runs].sort((a, b) => a - b);
    rows.push({ workers, runs, median: sorted[Math.floor(sorted.length / 2)]! });
  }
  const loadAfter = loadAverage();
  const single = rows[0]!.median;
  const md = `# Cold start

Command: \`${COMMAND}\` (\`tsx --conditions=@detour/source bench/capacity/cold-start.ts\`).

Machine: ${machineDescription()}

From spawning \`node packages/server/dist/cli.js serve --workers N\` over the existing database of
${fmt(CATALOGUE.performances)} synthetic performances (imported by \`npm run bench:import\`) to the first
200 answer of \`GET ${QUERY}\`, polled every 10 ms: process start, module loading, opening SQLite, reading the
columnar snapshot, building the engine index, search and venue indexes, then listening. ${RUNS} runs each.

| workers | median | runs | target |
|---|---|---|---|
${rows
  .map(
    (r) =>
      `| ${r.workers} | **${fmt(r.median / 1000, 2)} s** | ${r.runs.map((ms) => fmt(ms / 1000, 2)).join(' · ')} s | ≤ 5 s${r.workers === 1 ? (r.median <= 5000 ? ' — yes' : ' — **no**') : ''} |`,
  )
  .join('\n')}

With two workers both build their index at the same time on the 2 cores; the first answer comes from
whichever is ready first.

Load average (1 min) before / after: ${loadBefore.toFixed(2)} / ${loadAfter.toFixed(2)} on 2 cores.
`;
  writeResults('cold-start', md, {
    command: COMMAND,
    machine: machineDescription(),
    catalogue: CATALOGUE,
    query: QUERY,
    rows,
    loadAverage: { before: loadBefore, after: loadAfter },
    target: { ms: 5000, met: single <= 5000 },
  });
  console.log(md);
}

await main();
