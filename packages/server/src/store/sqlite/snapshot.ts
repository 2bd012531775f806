import type { Accessibility, AudienceKind, Discipline, SizeClass, SubDiscipline } from '@detour/sdk';
import {
  type CatalogueSnapshot,
  type SnapshotShow,
  type SnapshotVenue,
  STATUS_CODE,
} from '../../engine/snapshot.js';
import type { SqliteDatabase } from './database.js';

/** Snapshot id of a catalogue revision. */
export const snapshotIdOf = (revision: number): string => `cat-${revision}`;

/**
 * Reads the whole catalogue into the engine's columnar form, in one read transaction (a consistent
 * view even while an import commits). Performances stream through `.raw().iterate()` straight into
 * typed arrays: no object per row.
 */
export function loadSnapshotSync(db: SqliteDatabase): CatalogueSnapshot {
  return db.transaction(() => {
    const revision = Number(db.prepare('SELECT revision FROM catalogue_state WHERE id = 1').pluck().get());

    const venues: SnapshotVenue[] = [];
    const venueIndex = new Map<number, number>();
    for (const [id, publicId, name, town, lat, lon, sizeClass, accessibility] of db
      .prepare(
        'SELECT id, public_id, name, town, lat, lon, size_class, accessibility FROM venues ORDER BY id',
      )
      .raw()
      .iterate() as Iterable<[number, string, string, string, number, number, string, string]>) {
      venueIndex.set(id, venues.length);
      venues.push({
        id: publicId,
        name,
        town,
        lat,
        lon,
        sizeClass: sizeClass as SizeClass,
        accessibility: JSON.parse(accessibility) as Accessibility[],
      });
    }

    const shows: SnapshotShow[] = [];
    const showIndex = new Map<number, number>();
    for (const [
      id,
      publicId,
      title,
      description,
      creators,
      discipline,
      subDiscipline,
      audience,
      minAge,
      tags,
    ] of db
      .prepare(
        `SELECT id, public_id, title, description, creators, discipline, sub_discipline, audience_kind, min_age, tags
         FROM shows ORDER BY id`,
      )
      .raw()
      .iterate() as Iterable<
      [number, string, string, string | null, string, string, string | null, string, number | null, string]
    >) {
      showIndex.set(id, shows.length);
      shows.push({
        id: publicId,
        title,
        description,
        creators: JSON.parse(creators) as string[],
        discipline: discipline as Discipline,
        subDiscipline: subDiscipline as SubDiscipline | null,
        audience: audience as AudienceKind,
        minAge,
        tags: JSON.parse(tags) as string[],
      });
    }

    // Dense row-id → index tables: a typed-array lookup per performance instead of a Map lookup.
    const denseIndex = (index: Map<number, number>): Int32Array => {
      let max = 0;
      for (const id of index.keys()) if (id > max) max = id;
      const table = new Int32Array(max + 1).fill(-1);
      for (const [id, i] of index) table[id] = i;
      return table;
    };
    const venueOf = denseIndex(venueIndex);
    const showOf = denseIndex(showIndex);

    const count = Number(db.prepare('SELECT COUNT(*) FROM performances').pluck().get());
    const rowId = new Uint32Array(count);
    const show = new Uint32Array(count);
    const venue = new Uint32Array(count);
    const startMin = new Uint32Array(count);
    const status = new Uint8Array(count);
    const priceMinCents = new Int32Array(count);
    const free = new Uint8Array(count);
    let i = 0;
    // Status code and price in cents are computed by SQLite, and columns are packed two by two into exact
    // integers: converting SQLite values to JavaScript is most of the load (a cold start at national scale
    // reads a million rows), so four values per row instead of seven. Show and venue row ids stay below 2^26,
    // start minutes below 2^40.
    for (const [id, showVenue, startStatus, cents] of db
      .prepare(
        `SELECT id, show_id * ${2 ** 26} + venue_id,
           start_min * 8 + CASE status WHEN 'cancelled' THEN ${STATUS_CODE.cancelled} WHEN 'sold-out' THEN ${STATUS_CODE['sold-out']} ELSE ${STATUS_CODE.scheduled} END * 2 + free,
           CASE WHEN price_min IS NULL THEN -1 ELSE CAST(ROUND(price_min * 100) AS INTEGER) END
         FROM performances ORDER BY id`,
      )
      .raw()
      .iterate() as Iterable<[number, number, number, number]>) {
      const showId = Math.floor(showVenue / 2 ** 26);
      rowId[i] = id;
      show[i] = showOf[showId] as number;
      venue[i] = venueOf[showVenue - showId * 2 ** 26] as number;
      const start = Math.floor(startStatus / 8);
      const low = startStatus - start * 8;
      startMin[i] = start;
      status[i] = low >> 1;
      free[i] = low & 1;
      priceMinCents[i] = cents;
      i++;
    }

    return {
      id: snapshotIdOf(revision),
      venues,
      shows,
      performances: { count: i, rowId, show, venue, startMin, status, priceMinCents, free },
    };
  })();
}
