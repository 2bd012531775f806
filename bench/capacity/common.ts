import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SYNTHETIC } from '../synthetic/index.js';

/** Paths and helpers shared by the capacity benchmarks (import, cold start, load, widget). */

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS = join(REPO, 'bench/results');
export const CLI = join(REPO, 'packages/server/dist/cli.js');

/** The synthetic catalogue every capacity bench runs on (the engine bench's national default). */
export const CATALOGUE = {
  seed: Number(process.env.DETOUR_BENCH_SEED ?? DEFAULT_SYNTHETIC.seed),
  performances: Number(process.env.DETOUR_BENCH_PERFORMANCES ?? DEFAULT_SYNTHETIC.performances),
  venues: Number(process.env.DETOUR_BENCH_VENUES ?? DEFAULT_SYNTHETIC.venues),
};

/** Where the import files and the imported database of a catalogue live (gitignored bench/.cache). */
export function cacheDir(c = CATALOGUE): { root: string; jsonld: string; dataDir: string; manifest: string } {
  const root = join(REPO, 'bench/.cache', `capacity-${c.seed}-${c.venues}-${c.performances}`);
  return {
    root,
    jsonld: join(root, 'jsonld-v3'),
    dataDir: join(root, 'data'),
    manifest: join(root, 'import.json'),
  };
}

/** The database of the catalogue, imported by `bench:import`; throws a clear message when missing. */
export function requireDatabase(): string {
  const { dataDir, manifest } = cacheDir();
  if (!existsSync(manifest)) {
    throw new Error(`No imported database in ${dataDir}: run \`npm run bench:import\` first.`);
  }
  return dataDir;
}

export function requireBuild(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
}

/** Writes bench/results/<name>.md and .json. */
export function writeResults(name: string, markdown: string, data: unknown): void {
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, `${name}.md`), markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  writeFileSync(join(RESULTS, `${name}.json`), `${JSON.stringify(data, null, 2)}\n`);
}

/** Resident set size of a process (MB), read from /proc (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** Child processes of a process (Linux /proc), for cluster workers. */
export function childPids(pid: number): number[] {
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

/** The 1-minute load average, to say how busy the shared machine was. */
export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  pid: number;
  /** ms from spawn to the "listening" line. */
  listeningMs: number;
  stderr: () => string;
  stop(): Promise<number | null>;
}

/**
 * Spawns `node packages/server/dist/cli.js serve` on a free port over a data folder and resolves when it
 * prints its URL. `extraArgs` go to the serve command (e.g. --workers 2), `nodeArgs` to node.
 */
export function spawnServer(
  dataDir: string,
  options: {
    extraArgs?: string[];
    nodeArgs?: string[];
    env?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      CLI,
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      ...(options.extraArgs ?? []),
    ],
    {
      cwd: REPO,
      env: { ...process.env, DETOUR_LOG: 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const stop = () =>
    new Promise<number | null>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
      const hard = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.once('exit', (code) => {
        clearTimeout(hard);
        done(code);
      });
      child.kill('SIGTERM');
    });
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`server did not start in time\n${err}`));
    }, options.timeoutMs ?? 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/[\d.:[\]]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        ok({
          child,
          url: m[1]!,
          pid: child.pid!,
          listeningMs: performance.now() - started,
          stderr: () => err,
          stop,
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with ${code} before listening\n${err}`));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * Waits until a server and its workers are at rest (less than 5 % of a core over a second), so that
 * background work after listening — the search index builds in the background — is not measured as
 * load or missed as memory. Gives up after `timeoutMs`.
 */
export async function waitIdle(pid: number, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const pids = [pid, ...childPids(pid)];
    const before = pids.reduce((a, p) => a + cpuSeconds(p), 0);
    await sleep(1000);
    const used = pids.reduce((a, p) => a + cpuSeconds(p), 0) - before;
    if (used < 0.05 || performance.now() - started > timeoutMs) return performance.now() - started;
  }
}

/** "1,234,567" */
export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
