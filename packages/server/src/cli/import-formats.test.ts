import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { GOOGLE_SEASON } from '../importers/ics-calendars.js';
import { OPENAGENDA_FILE, OPENAGENDA_ODS_FILE, SHARED_DATA_DIR } from '../importers/test-data.js';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));
const TSX = createRequire(import.meta.url).resolve('tsx/cli');
const dir = mkdtempSync(join(tmpdir(), 'detour-cli-formats-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function detourImport(file: string, format: string, source: string) {
  const r = spawnSync(
    process.execPath,
    [
      TSX,
      '--conditions=@detour/source',
      CLI,
      'import',
      file,
      '--format',
      format,
      '--source',
      source,
      '--data-dir',
      join(dir, source),
      '--now',
      '2026-09-10T10:00:00Z',
    ],
    { encoding: 'utf8' },
  ); // prettier-ignore
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('detour import --format (child process, SQLite)', () => {
  it('imports the OpenAgenda v2 fixture with --format openagenda', () => {
    const r = detourImport(`${SHARED_DATA_DIR}${OPENAGENDA_FILE}`, 'openagenda', 'oa');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Import « oa » (openagenda) : 119 enregistrements lus');
    expect(r.stdout).toMatch(/créés {6}: [1-9]\d* représentations/);
    expect(r.stdout).toMatch(/ignorés {4}: [1-9]\d* \(hors spectacle vivant\)/);
  });

  it('prints a warning for a timing whose offset contradicts Paris time, and still exits 0', () => {
    const events = JSON.parse(readFileSync(`${SHARED_DATA_DIR}${OPENAGENDA_FILE}`, 'utf8')) as Array<
      Record<string, unknown>
    >;
    const concert = {
      ...events.find((e) => e.uid === 44797991)!,
      timings: [{ begin: '2026-10-08T20:00:00+01:00', end: null }],
    };
    const file = join(dir, 'warned.json');
    writeFileSync(file, JSON.stringify({ events: [concert] }));
    const r = detourImport(file, 'openagenda', 'warned');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('avertis    : 1');
    expect(r.stderr).toContain(
      "averti #0 : 2026-10-08 20:00+01:00 : le décalage +01:00 ne correspond pas à l'heure de Paris",
    );
  });

  it('imports the Opendatasoft fixture with --format openagenda-ods', () => {
    const r = detourImport(`${SHARED_DATA_DIR}${OPENAGENDA_ODS_FILE}`, 'openagenda-ods', 'ods');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Import « ods » (openagenda-ods) : 100 enregistrements lus');
  });

  it('imports a calendar with --format ics, lists its refused events and exits 1', () => {
    const file = join(dir, 'saison.ics');
    writeFileSync(file, GOOGLE_SEASON);
    const r = detourImport(file, 'ics', 'pave');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Import « pave » (ics) : 6 enregistrements lus');
    expect(r.stdout).toContain('créés      : 7 représentations, 3 spectacles, 1 lieux');
    expect(r.stderr).toContain('refusé #4 VEVENT[6].LOCATION : lieu hors de France (pays CH)');
    expect(r.stderr).toContain('refusé #5 VEVENT[7].GEO');
  });
});
