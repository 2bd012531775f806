import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticBatch } from '../testing/fixtures.js';
import { openDatabase, type SqliteDatabase } from './database.js';
import { MIGRATIONS } from './migrations.js';
import { SqliteCatalogueStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'detour-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const TABLES = ['venues', 'venue_sources', 'shows', 'show_sources', 'performances', 'catalogue_state'];
const dump = (db: SqliteDatabase) =>
  TABLES.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1`).raw().all());
const indexes = (db: SqliteDatabase, table: string) =>
  db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? ORDER BY name")
    .pluck()
    .all(table);

describe('migration 3 (import indexes)', () => {
  it('upgrades a database of version 2 keeping every row and row id; imports then behave as before', async () => {
    const file = join(dir, 'v2.sqlite');
    const v2 = new SqliteCatalogueStore(
      openDatabase(
        file,
        MIGRATIONS.filter((m) => m.version <= 2),
      ),
    );
    const first = syntheticBatch('a', { venues: 20, shows: 60, performances: 400 });
    await v2.applyImport(first, { now: '2026-11-25T10:00:00Z' });
    await v2.applyImport(syntheticBatch('b', { venues: 10, shows: 30, performances: 200 }), {
      now: '2026-11-25T10:00:00Z',
    });
    expect(indexes(v2.db, 'performances')).toContain('sqlite_autoindex_performances_1');
    const before = dump(v2.db);
    await v2.close();

    const upgraded = new SqliteCatalogueStore(openDatabase(file));
    try {
      expect(dump(upgraded.db)).toEqual(before);
      expect(indexes(upgraded.db, 'performances')).toEqual([
        'performances_member',
        'performances_show_start',
        'performances_source',
      ]);
      expect(indexes(upgraded.db, 'show_sources')).not.toContain('show_sources_title');
      expect(upgraded.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(upgraded.db.pragma('foreign_key_check')).toEqual([]);
      // The same file again: nothing created or updated; a new source appends after the last row id.
      const again = await upgraded.applyImport(first, { now: '2026-11-26T10:00:00Z' });
      expect(again.created).toEqual({ venues: 0, shows: 0, performances: 0 });
      expect(again.updated).toEqual({ venues: 0, shows: 0, performances: 0 });
      expect(again.unchanged.performances).toBe(400);
      const maxId = Math.max(...(before[4] as Array<[number]>).map((r) => r[0]));
      await upgraded.applyImport(syntheticBatch('c', { venues: 5, shows: 5, performances: 10 }), {
        now: '2026-11-26T10:00:00Z',
      });
      const ids = upgraded.db
        .prepare("SELECT id FROM performances WHERE source = 'c' ORDER BY id")
        .pluck()
        .all() as number[];
      expect(ids).toEqual(Array.from({ length: 10 }, (_, i) => maxId + 1 + i));
    } finally {
      await upgraded.close();
    }
  });
});

describe('migration 4 (performance ids never reused)', () => {
  it('never gives the id of a deleted newest performance to the next one (its public id is p<id>)', () => {
    const db = openDatabase(':memory:');
    try {
      db.exec(`INSERT INTO venues (id, public_id, name, town, lat, lon, size_class, type, accessibility)
                 VALUES (1, 'v1', 'Salle', 'Tours', 47, 0.7, 'moyen', 'theatre', '[]');
               INSERT INTO shows (id, public_id, title, creators, discipline, audience_kind, tags)
                 VALUES (1, 's1', 'Pièce', '[]', 'theatre', 'tout-public', '[]');
               INSERT INTO show_sources (id, source, source_id, show_id, data, title_key, creator_keys, discipline,
                 matched, score, merged_at, last_seen)
                 VALUES (1, 'a', 'x', 1, '{}', 'piece', '[]', 'theatre', '[]', 1, 'now', 'now')`);
      const insert =
        db.prepare(`INSERT INTO performances (source, source_id, show_id, show_member_id, venue_id,
        start_at, start_min, free, status, fingerprint, last_seen) VALUES ('a', ?, 1, 1, 1, 'd', 0, 0, 'scheduled', 0, 'now')`);
      const first = Number(insert.run('p-1').lastInsertRowid);
      db.prepare('DELETE FROM performances WHERE id = ?').run(first);
      expect(Number(insert.run('p-2').lastInsertRowid)).toBe(first + 1);
    } finally {
      db.close();
    }
  });
});
