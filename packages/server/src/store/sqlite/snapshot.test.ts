import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { batch, performance, show, venue } from '../testing/fixtures.js';
import { openDatabase } from './database.js';
import { loadSnapshot, loadSnapshotSync } from './snapshot.js';
import { openSqliteStore, type SqliteCatalogueStore } from './sqlite-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A file store with `n` performances over a few venues and shows, some cancelled, some free, some priced. */
async function fileStore(n: number): Promise<{ store: SqliteCatalogueStore; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'detour-snapshot-'));
  dirs.push(dir);
  const file = join(dir, 'detour.sqlite');
  const store = openSqliteStore(file);
  const venues = [venue('v1'), venue('v2', { location: { lat: 48.85, lon: 2.35 } }), venue('v3')];
  const shows = [
    show('s1', { title: 'Un' }),
    show('s2', { title: 'Deux', discipline: 'danse' }),
    show('s3', { title: 'Trois', discipline: 'cirque' }),
  ];
  const performances = Array.from({ length: n }, (_, i) =>
    performance(`p${i}`, shows[i % 3]!.sourceId, venues[(i * 7) % 3]!.sourceId, {
      start: new Date(Date.UTC(2026, 0, 1, 20) + i * 3_600_000).toISOString(),
      ...(i % 11 === 0 ? { status: 'cancelled' as const } : {}),
      ...(i % 5 === 0
        ? { price: { min: null, max: null, free: true, currency: 'EUR' } }
        : { price: { min: 5 + (i % 9) * 1.25, max: null, free: false, currency: 'EUR' } }),
    }),
  );
  await store.applyImport(batch('src', { venues, shows, performances }), { now: '2025-12-01T00:00:00Z' });
  return { store, file };
}

describe('loadSnapshot on a file database', () => {
  it('gives exactly the single-thread snapshot when a worker thread reads the upper half', async () => {
    const { store, file } = await fileStore(3_000);
    await store.close();
    const db = openDatabase(file);
    try {
      const sync = loadSnapshotSync(db);
      const how: string[] = [];
      const parallel = await loadSnapshot(db, { minParallel: 1, report: (h) => how.push(h) });
      expect(how).toEqual(['parallel']);
      expect(parallel.performances.count).toBe(3_000);
      expect(parallel).toEqual(sync);
    } finally {
      db.close();
    }
  });

  it('reads alone below the threshold, and again alone when an import commits while the worker reads', async () => {
    const { store, file } = await fileStore(400);
    const db = openDatabase(file);
    try {
      const how: string[] = [];
      await loadSnapshot(db, { report: (h) => how.push(h) });
      expect(how).toEqual(['single']);
      // An import commits between this thread's read and the worker's: the revisions differ, so the
      // snapshot is read again in one transaction and holds the new performance.
      const racing = loadSnapshot(db, { minParallel: 1, report: (h) => how.push(h) });
      await store.applyImport(
        batch('late', {
          venues: [venue('lv')],
          shows: [show('ls', { title: 'Tard' })],
          performances: [performance('lp', 'ls', 'lv', { start: '2026-03-01T20:00:00Z' })],
        }),
        { now: '2025-12-01T00:00:00Z' },
      );
      const snapshot = await racing;
      // (This thread's part is read synchronously before the import runs; a worker thread takes tens of
      // milliseconds to start, the import a few.)
      expect(how[1]).toBe('retried');
      expect(snapshot.performances.count).toBe(401);
      expect(snapshot).toEqual(loadSnapshotSync(db));
    } finally {
      db.close();
      await store.close();
    }
  });
});
