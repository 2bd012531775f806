import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteFileIn } from '../store/open.js';

/** `detour import` refuses the feeds the API refuses, with exit code 3 and the same words (issue 16). */

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx/cli');
const OPENAGENDA_V2 = fileURLToPath(
  new URL('../../../../../shared/data/fixtures/openagenda-v2-events-119.json', import.meta.url),
);
const dir = mkdtempSync(join(tmpdir(), 'detour-cli-guards-'));
const data = join(dir, 'db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOW = '2026-11-25T10:00:00Z';
const HEADER = 'titre;discipline;lieu;ville;code_postal;latitude;longitude;date;heure';
const row = (title: string, date: string) =>
  `${title};théâtre;Le Quai;Angers;49100;47.473;-0.551;${date};20:30`;
const PROGRAMME = [
  row('Le Cid', '2026-12-03'),
  row('Phèdre', '2026-12-04'),
  row('Tartuffe', '2026-12-05'),
  row('Bérénice', '2026-12-06'),
];

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function detour(path: string, format: string, ...options: string[]) {
  const r = spawnSync(
    process.execPath,
    [
      TSX,
      '--conditions=@detour/source',
      CLI,
      'import',
      path,
      '--format',
      format,
      '--source',
      'quai',
      '--data-dir',
      data,
      '--now',
      NOW,
      ...options,
    ],
    { encoding: 'utf8' },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function statuses(): Record<string, number> {
  const db = new Database(sqliteFileIn(data), { readonly: true });
  try {
    const rows = db
      .prepare("SELECT status, count(*) AS n FROM performances WHERE source = 'quai' GROUP BY status")
      .all() as Array<{ status: string; n: number }>;
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  } finally {
    db.close();
  }
}

describe('detour import refuses feeds that would wipe a programme', () => {
  const one = `${HEADER}\n${PROGRAMME[0]}\n`;
  beforeAll(() => {
    const first = detour(file('programme.csv', `${HEADER}\n${PROGRAMME.join('\n')}\n`), 'csv');
    expect(first.code, first.stderr).toBe(0);
    expect(statuses()).toEqual({ scheduled: 4 });
  });

  it('exits 3 on an empty full feed and cancels nothing', () => {
    const r = detour(file('empty.jsonld', '[]'), 'jsonld');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('this full feed holds no readable record');
    expect(r.stderr).toContain("rien n'a été importé");
    expect(statuses()).toEqual({ scheduled: 4 });
  });

  it('exits 3 on a raw OpenAgenda v2 export given as jsonld, naming the format to use', () => {
    const r = detour(OPENAGENDA_V2, 'jsonld');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('this looks like OpenAgenda v2 JSON: send `--format openagenda`');
    expect(statuses()).toEqual({ scheduled: 4 });
  });

  it('exits 3 when a full feed would cancel more than half of the upcoming performances', () => {
    const r = detour(file('one.csv', one), 'csv');
    expect(r.code).toBe(3);
    expect(r.stderr).toContain("would cancel 3 of the source's 4 upcoming performances");
    expect(r.stderr).toContain('--confirm-cancel');
    expect(statuses()).toEqual({ scheduled: 4 });
  });

  it('--dry-run prints the full report and writes nothing; --confirm-cancel lets the feed through', () => {
    const dry = detour(file('one.csv', one), 'csv', '--dry-run', '--confirm-cancel');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('annulés    : 3 représentations');
    expect(dry.stdout).toContain("rien n'a été écrit");
    expect(statuses()).toEqual({ scheduled: 4 });
    const confirmed = detour(file('one.csv', one), 'csv', '--confirm-cancel');
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toContain('annulés    : 3 représentations');
    // The three shows the feed no longer sends are withdrawn: their performances are deleted (issue 16).
    expect(statuses()).toEqual({ scheduled: 1 });
  });
});
