import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresForTests } from '../../test/support/postgres.js';
import { openPostgresStore, type PostgresCatalogueStore } from './postgres/postgres-store.js';
import { openSqliteStore, type SqliteCatalogueStore } from './sqlite/sqlite-store.js';
import { batch, performance, show, venue } from './testing/fixtures.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const child = fileURLToPath(new URL('./testing/import-child.ts', import.meta.url));
const postgres = postgresForTests({ beforeAll, afterAll });

function state(store: SqliteCatalogueStore): string {
  const tables = ['venues', 'venue_sources', 'shows', 'show_sources', 'performances', 'catalogue_state'];
  return JSON.stringify(tables.map((t) => store.db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()));
}

/**
 * Runs the import child with `args`; once it says it is writing (its transaction open), runs `whileWriting`,
 * then SIGKILLs it. Resolves to what it printed and the signal that ended it.
 */
async function killMidImport(
  args: string[],
  whileWriting: () => Promise<void> | void,
): Promise<{ stdout: string; signal: NodeJS.Signals | null }> {
  const proc = spawn(process.execPath, ['--conditions=@detour/source', '--import', 'tsx', child, ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    proc.on('exit', (_code, signal) => resolve(signal)),
  );
  await new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (d) => {
      stdout += d;
      if (!stdout.includes('writing')) return;
      proc.stdout.removeAllListeners('data');
      void (async () => {
        await whileWriting();
        proc.kill('SIGKILL');
        resolve();
      })().catch(reject);
    });
    proc.on('exit', () => reject(new Error(`child exited before writing: ${stdout}\n${stderr}`)));
  });
  return { stdout, signal: await exited };
}

describe('crash safety', () => {
  const dir = mkdtempSync(join(tmpdir(), 'detour-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves the database exactly as before when the importing process is SIGKILLed mid-import, and never blocks readers', async () => {
    const file = join(dir, 'detour.sqlite');
    const before = openSqliteStore(file);
    await before.applyImport(
      batch('theatre-tours', {
        venues: [venue('olympia')],
        shows: [show('avare')],
        performances: [performance('avare-1', 'avare', 'olympia')],
      }),
      { now: '2026-11-25T10:00:00Z' },
    );
    const counts = await before.counts();
    const revision = await before.revision();
    const dump = state(before);
    await before.close();

    // Large enough that half of it no longer fits the connection's page cache: the open transaction
    // spills uncommitted pages to the write-ahead log before the kill (checked below).
    let walBytesAtKill = 0;
    let readerSaw = '';
    const { stdout, signal } = await killMidImport([dir, '200000'], () => {
      // The open transaction has already spilled pages to the write-ahead log on disk.
      walBytesAtKill = existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0;
      // Meanwhile a reader (the server, say) is not blocked and sees only the committed catalogue.
      const reader = openSqliteStore(file);
      try {
        readerSaw = state(reader);
      } finally {
        reader.db.close();
      }
    });
    expect(signal).toBe('SIGKILL');
    expect(stdout).toMatch(/^writing \d+\/\d+/);
    expect(stdout).not.toContain('committed');
    expect(walBytesAtKill).toBeGreaterThan(1_000_000);
    expect(readerSaw).toBe(dump);

    const after = openSqliteStore(file);
    try {
      expect(await after.counts()).toEqual(counts);
      expect(await after.revision()).toBe(revision);
      expect(state(after)).toBe(dump);
      expect(after.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      await after.close();
    }
  });
});

/** Everything the PostgreSQL catalogue tables hold, in a stable order. */
async function pgState(store: PostgresCatalogueStore): Promise<string> {
  const tables = ['venues', 'venue_sources', 'shows', 'show_sources', 'performances', 'catalogue_state'];
  const rows = [];
  for (const t of tables) rows.push((await store.pool.query(`SELECT * FROM ${t} ORDER BY 1`)).rows);
  return JSON.stringify(rows);
}

describe.skipIf(postgres.skip !== null)(postgres.title('crash safety (PostgreSQL)'), () => {
  const dir = mkdtempSync(join(tmpdir(), 'detour-crash-pg-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('leaves the database exactly as before when the importing process is SIGKILLed mid-import, and frees its lock', async () => {
    const url = await postgres.database();
    const store = await openPostgresStore(url);
    try {
      await store.applyImport(
        batch('theatre-tours', {
          venues: [venue('olympia')],
          shows: [show('avare')],
          performances: [performance('avare-1', 'avare', 'olympia')],
        }),
        { now: '2026-11-25T10:00:00Z' },
      );
      const counts = await store.counts();
      const revision = await store.revision();
      const dump = await pgState(store);

      let openWrites = 0;
      let readerSaw = '';
      const { stdout, signal } = await killMidImport([dir, '30000', url], async () => {
        // The import's transaction is open, holds the catalogue lock and has written (it has a transaction id)…
        openWrites = Number(
          (
            await store.pool.query<{ n: number }>(
              `SELECT COUNT(*)::int AS n FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
               WHERE a.state = 'idle in transaction' AND a.backend_xid IS NOT NULL
                 AND l.locktype = 'advisory' AND l.granted`,
            )
          ).rows[0]!.n,
        );
        // …while a reader (a replica) is not blocked and sees only the committed catalogue.
        readerSaw = await pgState(store);
      });
      expect(signal).toBe('SIGKILL');
      expect(stdout).toMatch(/^writing \d+\/\d+/);
      expect(stdout).not.toContain('committed');
      expect(openWrites).toBe(1);
      expect(readerSaw).toBe(dump);

      // The server ends the dead client's transaction: nothing of it stays, and its lock is free again.
      await expect
        .poll(
          async () =>
            (
              await store.pool.query<{ n: number }>(
                "SELECT COUNT(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'",
              )
            ).rows[0]!.n,
          { timeout: 10_000 },
        )
        .toBe(0);
      expect(await store.counts()).toEqual(counts);
      expect(await store.revision()).toBe(revision);
      expect(await pgState(store)).toBe(dump);
      const next = await store.applyImport(
        batch('theatre-tours', {
          venues: [venue('olympia')],
          shows: [show('avare')],
          performances: [
            performance('avare-1', 'avare', 'olympia'),
            performance('avare-2', 'avare', 'olympia'),
          ],
        }),
        { now: '2026-11-26T10:00:00Z' },
      );
      expect(next.created.performances).toBe(1);
    } finally {
      await store.close();
    }
  });
});
