import { type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { sqliteFileIn } from '../../src/store/open.js';

/** The CLI entry, run from its TypeScript source through tsx as the other CLI tests do. */
export const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
export const TSX = createRequire(import.meta.url).resolve('tsx/cli');

/** Runs `detour …` to completion. */
export function detour(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [TSX, '--conditions=@detour/source', CLI, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `detour …` as a child process (for SIGKILL / SIGTERM tests). */
export function spawnDetour(args: string[], env: Record<string, string> = {}, options: SpawnOptions = {}) {
  // `node --import tsx` runs the CLI in this one process (the tsx binary would add a parent relaying signals).
  return spawn(process.execPath, ['--import', 'tsx', '--conditions=@detour/source', CLI, ...args], {
    env: { ...process.env, DATABASE_URL: '', DETOUR_LOG: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...options,
  });
}

/** Temporary folders removed by `cleanup()`. */
export function tempDirs(prefix: string) {
  const dirs: string[] = [];
  return {
    make(): string {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir);
      return dir;
    },
    cleanup(): void {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface DbState {
  /** `PRAGMA integrity_check` and foreign key check results ('ok' and 0 when consistent). */
  integrity: string;
  foreignKeyViolations: number;
  /** Performances per source and status: { 'partner-a': { scheduled: 3, cancelled: 1 } }. */
  performances: Record<string, Record<string, number>>;
  shows: number;
  venues: number;
  policyVersions: number;
  exposureSnapshots: number;
  revision: number;
}

/** Reads an embedded database straight from its file (a second connection): what is really committed. */
export function readDb(dataDir: string): DbState {
  const db = new Database(sqliteFileIn(dataDir), { fileMustExist: true });
  try {
    const one = <T>(sql: string) => db.prepare(sql).get() as T;
    const performances: Record<string, Record<string, number>> = {};
    for (const row of db
      .prepare('SELECT source, status, COUNT(*) AS n FROM performances GROUP BY source, status')
      .all() as Array<{ source: string; status: string; n: number }>) {
      const bySource = performances[row.source] ?? {};
      bySource[row.status] = row.n;
      performances[row.source] = bySource;
    }
    return {
      integrity: one<{ integrity_check: string }>('PRAGMA integrity_check').integrity_check,
      foreignKeyViolations: db.prepare('PRAGMA foreign_key_check').all().length,
      performances,
      shows: one<{ n: number }>('SELECT COUNT(*) AS n FROM shows').n,
      venues: one<{ n: number }>('SELECT COUNT(*) AS n FROM venues').n,
      policyVersions: one<{ n: number }>('SELECT COUNT(*) AS n FROM policies').n,
      exposureSnapshots: one<{ n: number }>('SELECT COUNT(*) AS n FROM exposure_snapshots').n,
      revision: Number(
        one<{ revision: number }>('SELECT revision FROM catalogue_state WHERE id = 1').revision,
      ),
    };
  } finally {
    db.close();
  }
}

/** A small valid plain-CSV feed: one show per title, all in Tours, in 2026-12. */
export const CSV_HEADER = 'titre;discipline;lieu;ville;code_postal;latitude;longitude;date;heure';
export function csvFeed(titles: readonly string[], venue = 'Salle Thélème'): string {
  const rows = titles.map(
    (t, i) =>
      `${t};danse;${venue};Tours;37000;47.3941;0.6848;2026-12-${String(10 + (i % 18)).padStart(2, '0')};20:30`,
  );
  return `${CSV_HEADER}\n${rows.join('\n')}\n`;
}
