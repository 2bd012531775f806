import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx/cli');
const dir = mkdtempSync(join(tmpdir(), 'detour-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function detour(...args: string[]) {
  const r = spawnSync(process.execPath, [TSX, '--conditions=@detour/source', CLI, ...args], {
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const HEADER = 'titre;discipline;lieu;ville;code_postal;latitude;longitude;date;heure';
const good = `${HEADER}\nNotre-Dame;théâtre;Le Quai;Angers;49100;47.473;-0.551;2026-12-03;20:30\n`;
const withBad = `${good}Cassé;théâtre;Le Quai;Angers;49100;47.473;-0.551;demain;20:30\n`;

describe('detour import (child process)', () => {
  it('imports a file, prints the summary and exits 0; a second run changes nothing', () => {
    const file = join(dir, 'good.csv');
    writeFileSync(file, good);
    const data = join(dir, 'db1');
    const first = detour(
      'import',
      file,
      '--format',
      'csv',
      '--source',
      'quai',
      '--data-dir',
      data,
      '--now',
      '2026-11-25T10:00:00Z',
    );
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('créés      : 1 représentations, 1 spectacles, 1 lieux');
    expect(first.stdout).toContain('refusés    : 0');
    const second = detour(
      'import',
      file,
      '--format',
      'csv',
      '--source',
      'quai',
      '--data-dir',
      data,
      '--now',
      '2026-11-26T10:00:00Z',
    );
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('créés      : 0 représentations, 0 spectacles, 0 lieux');
    expect(second.stdout).toContain('modifiés   : 0 représentations, 0 spectacles, 0 lieux');
  });

  it('exits 1 when a record is rejected and writes the rejects file on request', () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, withBad);
    const rejects = join(dir, 'rejects.json');
    const r = detour(
      'import',
      file,
      '--format',
      'csv',
      '--source',
      'quai',
      '--data-dir',
      join(dir, 'db2'),
      '--rejects',
      rejects,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('refusés    : 1');
    expect(JSON.parse(readFileSync(rejects, 'utf8'))).toEqual([
      {
        index: 1,
        path: 'row 3, column date',
        reason: expect.stringContaining('date illisible'),
        sourceId: null,
      },
    ]);
  });

  it('exits 2 on a usage error or an unreadable file, importing nothing', () => {
    const usage = detour('import', 'x.csv', '--format', 'xml', '--source', 's');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain(
      '--format doit valoir jsonld, festivals, csv, openagenda, openagenda-ods, ics',
    );
    const file = join(dir, 'truncated.jsonld');
    writeFileSync(file, '[{"@type": "TheaterEvent", "name": "Coupé"');
    const parse = detour(
      'import',
      file,
      '--format',
      'jsonld',
      '--source',
      's',
      '--data-dir',
      join(dir, 'db3'),
    );
    expect(parse.code).toBe(2);
    expect(parse.stderr).toContain("rien n'a été importé");
    expect(detour('nope').code).toBe(2);
  });

  it('imports several files, one --source each, in order; a file without its source is a usage error', () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    writeFileSync(a, good);
    writeFileSync(b, `${HEADER}\nLe Cid;théâtre;Le Quai;Angers;49100;47.473;-0.551;2026-12-04;20:30\n`);
    const data = join(dir, 'db4');
    const both = detour(
      'import',
      a,
      b,
      '--format',
      'csv',
      '--source',
      'quai',
      '--source',
      'angers',
      '--data-dir',
      data,
    );
    expect(both.stderr).toBe('');
    expect(both.code).toBe(0);
    expect(both.stdout).toContain('Import « quai » (csv) : 1 enregistrements lus');
    expect(both.stdout).toContain('Import « angers » (csv) : 1 enregistrements lus');
    expect(both.stdout.indexOf('« quai »')).toBeLessThan(both.stdout.indexOf('« angers »'));
    // The venue is the same in both files: created by the first, joined by the second.
    expect(both.stdout).toContain('créés      : 1 représentations, 1 spectacles, 0 lieux');
    const missing = detour('import', a, b, '--format', 'csv', '--source', 'quai', '--data-dir', data);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('un --source par fichier (2 fichiers, 1 sources)');
  });
});
