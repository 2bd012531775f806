import { afterEach, describe, expect, it } from 'vitest';
import { stableId } from '../ids.js';
import { batch, performance, show, venue } from '../testing/fixtures.js';
import { tempStore } from '../testing/temp-store.js';
import { openSqliteStore } from './sqlite-store.js';

/**
 * An import keeps its show identity index for the next import on the same connection (a national import
 * comes in several files). These tests prove that the next import still decides from the database as it
 * is: after a split on the same connection, and after another connection wrote.
 */

const NOW = '2026-11-25T10:00:00Z';

const onlyShow = (source: string, showId: string, title: string, venueId = `${source}-hall`) =>
  batch(source, {
    venues: [venue(venueId, { name: `Salle ${source}`, location: { lat: 47.39, lon: 0.69 } })],
    shows: [show(showId, { title, creators: ['Compagnie du Fil'] })],
    performances: [performance(`${showId}-1`, showId, venueId)],
  });

describe('identity index kept between imports (SQLite)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('sees a split made between two imports: a near title from the split record’s source joins the other show', async () => {
    const t = tempStore();
    cleanups.push(t.cleanup);
    await t.store.applyImport(onlyShow('a', 'x', 'Les Oiseaux de la forêt enchantée'), { now: NOW });
    const joined = await t.store.applyImport(onlyShow('b', 'x', 'Les Oiseaux de la forêt enchantée'), {
      now: NOW,
    });
    expect(joined.merges).toHaveLength(1);
    const showId = joined.merges[0]!.showId;
    // Source b's record leaves the show: the show now holds only source a's record.
    await t.store.splitShow(showId, 'b', 'x');
    // A near title (one letter off) from source b: a similarity match, refused only within one source.
    // Before the split the show held a record of b; after it, it does not, so the record joins it.
    // (A full feed replacing b's only performance: the cancellation is confirmed, it is not what is tested.)
    const near = await t.store.applyImport(onlyShow('b', 'y', 'Les oiseaux de la foret enchante'), {
      now: NOW,
      confirmCancel: true,
    });
    expect(near.created.shows).toBe(0);
    expect(near.merges).toEqual([
      expect.objectContaining({ showId, sourceId: 'y', matched: ['title', 'creators', 'discipline'] }),
    ]);
  });

  it('reports the public id of a show created by the previous import on the connection when a record joins it', async () => {
    const t = tempStore();
    cleanups.push(t.cleanup);
    const first = await t.store.applyImport(onlyShow('a', 'x', 'Les Oiseaux de la forêt enchantée'), {
      now: NOW,
    });
    expect(first.created.shows).toBe(1);
    const joined = await t.store.applyImport(onlyShow('b', 'x', 'Les Oiseaux de la forêt enchantée'), {
      now: NOW,
    });
    const stored = t.store.db.prepare('SELECT public_id FROM shows').pluck().all();
    expect(stored).toEqual([stableId('s', 'a', 'x')]);
    expect(joined.merges.map((m) => m.showId)).toEqual(stored);
  });

  it('sees shows another connection imported in between', async () => {
    const t = tempStore();
    cleanups.push(t.cleanup);
    await t.store.applyImport(onlyShow('a', 'x', 'Les Oiseaux de la forêt enchantée'), { now: NOW });
    const other = openSqliteStore(t.file);
    cleanups.unshift(() => other.close());
    const created = await other.applyImport(onlyShow('b', 'y', 'Les Mouettes'), { now: NOW });
    expect(created.created.shows).toBe(1);
    // The first connection's next import joins the show the other connection created.
    const joined = await t.store.applyImport(onlyShow('c', 'z', 'Les Mouettes'), { now: NOW });
    expect(joined.created.shows).toBe(0);
    expect(joined.merges).toEqual([
      expect.objectContaining({ sourceId: 'z', matched: ['title', 'creators', 'discipline'], score: 1 }),
    ]);
  });
});

describe('public ids (SQLite)', () => {
  it('gives a venue or show whose derived public id is taken the next derived one, and inserts nothing else', async () => {
    const store = openSqliteStore(':memory:');
    try {
      // Rows already holding the ids source a's records would get (as a split or a collision leaves them).
      const taken = onlyShow('z', 'other', 'Autre titre', 'z-hall');
      await store.applyImport(taken, { now: NOW });
      store.db
        .prepare('UPDATE venues SET public_id = ? WHERE public_id = ?')
        .run(stableId('v', 'a', 'a-hall'), stableId('v', 'z', 'z-hall'));
      store.db
        .prepare('UPDATE shows SET public_id = ? WHERE public_id = ?')
        .run(stableId('s', 'a', 'x'), stableId('s', 'z', 'other'));
      const before = store.db.prepare('SELECT MAX(id) FROM shows').pluck().get() as number;
      const report = await store.applyImport(
        batch('a', {
          venues: [venue('a-hall', { name: 'Théâtre des Carmes', location: { lat: 43.94, lon: 4.8 } })],
          shows: [show('x', { title: 'Les Mouettes', creators: ['Compagnie du Fil'] })],
          performances: [performance('x-1', 'x', 'a-hall')],
        }),
        { now: NOW },
      );
      expect(report.created).toEqual({ venues: 1, shows: 1, performances: 1 });
      expect(store.db.prepare('SELECT public_id FROM venues ORDER BY id').pluck().all()).toEqual([
        stableId('v', 'a', 'a-hall'),
        stableId('v', 'a', 'a-hall', 1),
      ]);
      expect(store.db.prepare('SELECT id, public_id FROM shows ORDER BY id').raw().all()).toEqual([
        [before, stableId('s', 'a', 'x')],
        [before + 1, stableId('s', 'a', 'x', 1)],
      ]);
    } finally {
      await store.close();
    }
  });
});
