import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A private PostgreSQL server for tests: Debian's binaries, a fresh cluster in a temporary folder, a
 * free port on 127.0.0.1, trust authentication, fsync off. As root the server runs as the `postgres`
 * OS user (PostgreSQL refuses to run as root). `postgresUnavailable()` says why it cannot start here,
 * so that the tests needing it skip with that message instead of failing.
 */

export interface PostgresServer {
  /** A URL of the maintenance database `postgres`. */
  url: string;
  port: number;
  /** The cluster's data folder (owned by `postgres` when run as root; root may read it). */
  dataDir: string;
  /** Creates an empty database (a copy of `template` when given) and returns its URL. */
  createDatabase(name?: string, template?: string): Promise<string>;
  /** Stops the server as a crash would (`-m immediate`), keeping its data: an outage. */
  pause(): void;
  /** Starts it again on the same port after pause(). */
  resume(): void;
  stop(): Promise<void>;
}

const ROOTS = ['/usr/lib/postgresql'];

/** The newest installed server binaries folder (…/postgresql/<version>/bin), or null. */
export function postgresBinDir(): string | null {
  for (const root of ROOTS) {
    if (!existsSync(root)) continue;
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], 'bin');
  }
  return null;
}

const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

function postgresUser(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/** Why PostgreSQL cannot be started on this machine, or null when it can. */
export function postgresUnavailable(): string | null {
  if (!postgresBinDir()) {
    return 'PostgreSQL server binaries not found under /usr/lib/postgresql (install Debian’s postgresql package; npm test does it as root)';
  }
  if (isRoot() && !postgresUser()) {
    return 'running as root without a `postgres` OS user to run the server as';
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Runs a server binary, as `postgres` when we are root. */
function runAs(bin: string, args: string[]): void {
  const command = isRoot() ? 'runuser' : bin;
  const argv = isRoot() ? ['-u', 'postgres', '--', bin, ...args] : args;
  const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) {
    throw new Error(`${bin} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

let databases = 0;

/** A pristine cluster made by initdb, cached in the temporary folder (made once, then reused). */
function clusterTemplate(bin: string, owner: { uid: number; gid: number } | null): string {
  const version = bin.split('/').at(-2) ?? 'pg';
  const template = join(tmpdir(), `detour-pg-template-${version}-${owner?.uid ?? process.getuid?.() ?? 0}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const work = mkdtempSync(join(tmpdir(), 'detour-pg-initdb-'));
  if (owner) chownSync(work, owner.uid, owner.gid);
  runAs(join(bin, 'initdb'), [
    '-D',
    join(work, 'data'),
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
    '--no-instructions',
  ]);
  try {
    // Atomic: a concurrent test file either sees no template or a complete one.
    renameSync(join(work, 'data'), template);
  } catch {
    // Another process won the race; its template is as good.
  }
  rmSync(work, { recursive: true, force: true });
  return template;
}

/** Starts a fresh PostgreSQL cluster; call `stop()` when done (also done on process exit). */
export async function startPostgres(): Promise<PostgresServer> {
  const reason = postgresUnavailable();
  if (reason) throw new Error(`PostgreSQL unavailable: ${reason}`);
  const bin = postgresBinDir() as string;
  const base = mkdtempSync(join(tmpdir(), 'detour-pg-'));
  const data = join(base, 'data');
  const owner = isRoot() ? postgresUser() : null;
  if (owner) chownSync(base, owner.uid, owner.gid);

  // initdb takes seconds: run it once per machine and version, then copy the cluster for each server.
  const template = clusterTemplate(bin, owner);
  const copy = spawnSync('cp', ['-a', template, data]);
  if (copy.status !== 0) throw new Error(`cannot copy the cluster template: ${copy.stderr}`);
  // Settings for a throwaway test server: no durability, little memory, local only.
  writeFileSync(
    join(base, 'test.conf'),
    [
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${base}'`,
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      'shared_buffers = 32MB',
      'max_connections = 60',
      "log_min_messages = 'warning'",
    ].join('\n'),
  );
  if (owner) chownSync(join(base, 'test.conf'), owner.uid, owner.gid);
  spawnSync('sh', [
    '-c',
    `echo "include '${join(base, 'test.conf')}'" >> '${join(data, 'postgresql.conf')}'`,
  ]);

  let port = 0;
  let started = false;
  for (let attempt = 0; attempt < 3 && !started; attempt++) {
    port = await freePort();
    try {
      runAs(join(bin, 'pg_ctl'), [
        '-D',
        data,
        '-l',
        join(base, 'server.log'),
        '-o',
        `-p ${port}`,
        '-w',
        '-t',
        '30',
        'start',
      ]);
      started = true;
    } catch (error) {
      if (attempt === 2) {
        rmSync(base, { recursive: true, force: true });
        throw error;
      }
    }
  }

  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    try {
      runAs(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // Already gone: nothing to stop.
    }
    rmSync(base, { recursive: true, force: true });
  };
  process.once('exit', stopNow);

  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    port,
    dataDir: data,
    pause() {
      runAs(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    },
    resume() {
      runAs(join(bin, 'pg_ctl'), [
        '-D',
        data,
        '-l',
        join(base, 'server.log'),
        '-o',
        `-p ${port}`,
        '-w',
        '-t',
        '30',
        'start',
      ]);
    },
    async createDatabase(name?: string, template = 'template0') {
      const db = name ?? `t${process.pid}_${++databases}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${db}" TEMPLATE "${template}"`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${db}`;
    },
    async stop() {
      process.removeListener('exit', stopNow);
      stopNow();
    },
  };
}

/**
 * For a test file: one private server shared by the file's tests (started in beforeAll, stopped in
 * afterAll), and `skip`, the reason PostgreSQL tests cannot run here (null when they can). Use
 * `describe.skipIf(pg.skip !== null)(pg.title('…'), …)` so a skipped run says why.
 */
export function postgresForTests(hooks: {
  beforeAll: (fn: () => Promise<void>, timeout?: number) => void;
  afterAll: (fn: () => Promise<void>) => void;
}): {
  skip: string | null;
  title: (name: string) => string;
  server: () => PostgresServer;
  database: () => Promise<string>;
} {
  const skip = postgresUnavailable();
  let server: PostgresServer | null = null;
  if (skip === null) {
    hooks.beforeAll(async () => {
      server = await startPostgres();
    }, 60_000);
    hooks.afterAll(async () => {
      await server?.stop();
    });
  }
  const running = () => {
    if (!server) throw new Error('PostgreSQL server not started');
    return server;
  };
  return {
    skip,
    title: (name) => (skip === null ? name : `${name} (skipped: ${skip})`),
    server: running,
    database: () => running().createDatabase(),
  };
}
