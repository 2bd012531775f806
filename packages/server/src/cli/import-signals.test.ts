import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteFileIn } from '../store/open.js';
import { LARGE_IMPORT_BYTES } from './young-generation.js';

/**
 * `detour import` of a large file re-runs itself as a child (young-generation.ts). SIGKILL of the pid the
 * user sees cannot be passed on to that child: the child must notice and abort before committing.
 */

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'detour-signals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether a process runs (a zombie waiting for a reaper that never comes counts as gone). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function childrenOf(pid: number): number[] {
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

async function until(condition: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (condition()) return true;
  return condition();
}

/** A CSV of real shape, over the relaunch threshold: long descriptions make the bytes, 40,000 rows the work. */
function largeCsv(file: string): void {
  const header = 'titre;discipline;lieu;ville;code_postal;latitude;longitude;date;heure;description\n';
  const words = 'Une pièce sur la mémoire, la ville et ceux qui la traversent la nuit. '.repeat(12);
  const rows: string[] = [];
  for (let i = 0; i < 40_000; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + (i % 12)).padStart(2, '0');
    rows.push(
      `Spectacle ${i};théâtre;Salle ${i % 500};Tours;37000;47.39;0.69;2027-${month}-${day};${String(14 + (i % 8)).padStart(2, '0')}:30;${words}`,
    );
  }
  writeFileSync(file, header + rows.join('\n'));
}

describe('detour import and signals', () => {
  it('SIGKILL of the visible pid during a ≥ 32 MiB import leaves no process and nothing committed', async () => {
    const file = join(dir, 'large.csv');
    largeCsv(file);
    expect(statSync(file).size).toBeGreaterThanOrEqual(LARGE_IMPORT_BYTES);
    const data = join(dir, 'db');
    const visible = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--conditions=@detour/source',
        CLI,
        'import',
        file,
        '--format',
        'csv',
        '--source',
        'big',
        '--data-dir',
        data,
      ],
      { env: { ...process.env, DATABASE_URL: '' }, stdio: 'ignore' },
    );
    const pid = visible.pid!;
    expect(await until(() => childrenOf(pid).length > 0, 60_000)).toBe(true);
    const [child] = childrenOf(pid);
    // Let the child load and start reading the file, then kill the command the user sees.
    await sleep(3000);
    expect(running(child!)).toBe(true);
    visible.kill('SIGKILL');
    expect(await until(() => !running(pid) && !running(child!), 120_000)).toBe(true);
    if (existsSync(sqliteFileIn(data))) {
      const db = new Database(sqliteFileIn(data), { readonly: true });
      try {
        expect(db.prepare("SELECT count(*) FROM performances WHERE source = 'big'").pluck().get()).toBe(0);
      } finally {
        db.close();
      }
    }
  }, 240_000);
});
