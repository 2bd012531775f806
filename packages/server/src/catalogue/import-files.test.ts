import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATATOURISME_FILE, LIST_FILE, PANORAMA_FILE, SHARED_DATA_DIR } from '../importers/test-data.js';
import { openSqliteStore, type SqliteCatalogueStore } from '../store/sqlite/sqlite-store.js';
import { importFile } from './import.js';
import { type ImportFileSpec, ImportFilesError, importFiles } from './import-files.js';

const NOW = '2020-08-01T00:00:00.000Z';
const dir = mkdtempSync(join(tmpdir(), 'detour-import-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Three real sources whose shows and venues join across files (the two festival lists share festivals).
const FILES: ImportFileSpec[] = [
  { file: `${SHARED_DATA_DIR}${LIST_FILE}`, format: 'festivals', source: 'festivals-liste' },
  { file: `${SHARED_DATA_DIR}${DATATOURISME_FILE}`, format: 'jsonld', source: 'datatourisme-cvl' },
  { file: `${SHARED_DATA_DIR}${PANORAMA_FILE}`, format: 'festivals', source: 'festivals-panorama' },
];

/** Every catalogue row, in id order. */
function dump(store: SqliteCatalogueStore): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const table of ['venues', 'venue_sources', 'shows', 'show_sources', 'performances', 'catalogue_state'])
    out[table] = store.db.prepare(`SELECT * FROM ${table} ORDER BY id`).raw().all();
  return out;
}

describe('importFiles', () => {
  it('pipelined (parsing in a worker thread) gives the same reports and the same rows as importing the files one by one', async () => {
    const sequential = openSqliteStore(join(dir, 'sequential.sqlite'));
    const pipelined = openSqliteStore(join(dir, 'pipelined.sqlite'));
    try {
      const one: unknown[] = [];
      for (const f of FILES) one.push(await importFile(sequential, { ...f, now: NOW }));
      const files: number[] = [];
      const results = await importFiles(pipelined, FILES, {
        now: NOW,
        pipeline: true,
        onFile: (_r, i) => files.push(i),
      });
      expect(files).toEqual([0, 1, 2]);
      expect(results.map((r) => r.report)).toEqual(one);
      expect(results.map((r) => r.source)).toEqual(FILES.map((f) => f.source));
      expect(results[1]!.report.created.performances).toBeGreaterThan(300);
      expect(results.every((r) => r.parseMs > 0 && r.storeMs > 0)).toBe(true);
      expect(dump(pipelined)).toEqual(dump(sequential));
    } finally {
      await sequential.close();
      await pipelined.close();
    }
  });

  it('without the pipeline gives the same reports as with it', async () => {
    const a = openSqliteStore(':memory:');
    const b = openSqliteStore(':memory:');
    try {
      const files = FILES.slice(0, 2);
      const on = await importFiles(a, files, { now: NOW, pipeline: true });
      const off = await importFiles(b, files, { now: NOW, pipeline: false });
      expect(off.map((r) => r.report)).toEqual(on.map((r) => r.report));
      expect(dump(b)).toEqual(dump(a));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('stops at a file that cannot be parsed: the files before it are committed, it and those after are not', async () => {
    const broken = join(dir, 'broken.jsonld');
    writeFileSync(broken, '{"@type": "TheaterEvent", "name": "Coupé');
    const store = openSqliteStore(':memory:');
    try {
      const files: ImportFileSpec[] = [
        FILES[0]!,
        { file: broken, format: 'jsonld', source: 'broken' },
        { file: `${SHARED_DATA_DIR}${DATATOURISME_FILE}`, format: 'jsonld', source: 'datatourisme-cvl' },
      ];
      const error = await importFiles(store, files, { now: NOW }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImportFilesError);
      const failure = error as ImportFilesError;
      expect(failure.file).toBe(broken);
      expect(failure.imported.map((r) => r.source)).toEqual(['festivals-liste']);
      const sources = store.db.prepare('SELECT DISTINCT source FROM show_sources').pluck().all();
      expect(sources).toEqual(['festivals-liste']);
    } finally {
      await store.close();
    }
  });

  it('a missing file is an ImportFilesError naming it', async () => {
    const store = openSqliteStore(':memory:');
    try {
      const missing = join(dir, 'absent.jsonld');
      const error = await importFiles(store, [{ file: missing, format: 'jsonld', source: 'x' }], {
        now: NOW,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ImportFilesError);
      expect((error as ImportFilesError).message).toContain('fichier illisible');
      expect((error as ImportFilesError).imported).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
