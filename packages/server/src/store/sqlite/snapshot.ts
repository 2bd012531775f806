import type { Accessibility, AudienceKind, Discipline, SizeClass, SubDiscipline } from '@detour/sdk';
import {
  type CatalogueSnapshot,
  type SnapshotShow,
  type SnapshotVenue,
  STATUS_CODE,
} from '../../engine/snapshot.js';
import type { SqliteDatabase } from './database.js';

/**
 * One shared copy of each repeated value while a snapshot is read: disciplines, audiences, size classes,
 * towns, tags and creators, and whole lists of them. At national scale (120,000 shows) each show carrying
 * its own copies was ~25 MB of duplicate strings and arrays; a snapshot is never mutated, so sharing is
 * safe. Lists arriving as JSON text are also parsed once per distinct text.
 */
export class SnapshotInterner {
  readonly #strings = new Map<string, string>();
  readonly #lists = new Map<string, string[]>();

  /** The shared copy of a string. */
  string<T extends string>(value: T): T {
    const shared = this.#strings.get(value);
    if (shared !== undefined) return shared as T;
    this.#strings.set(value, value);
    return value;
  }

  /** The shared copy of a list given as JSON text (an array of strings). */
  json<T extends string>(text: string): T[] {
    let list = this.#lists.get(text);
    if (!list) {
      list = (JSON.parse(text) as string[]).map((v) => this.string(v));
      this.#lists.set(text, list);
    }
    return list as T[];
  }

  /** The shared copy of a list of strings. */
  list<T extends string>(values: readonly string[]): T[] {
    return this.json<T>(JSON.stringify(values));
  }
}

/** Snapshot id of a catalogue revision. */
export const snapshotIdOf = (revision: number): string => `cat-${revision}`;

/**
 * Reads the whole catalogue into the engine's columnar form, in one read transaction (a consistent
 * view even while an import commits). Performances stream through `.raw().iterate()` straight into
 * typed arrays: no object per row.
 */
export function loadSnapshotSync(db: SqliteDatabase): CatalogueSnapshot {
  return db.transaction(() => {
    const shared = new SnapshotInterner();
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
        town: shared.string(town),
        lat,
        lon,
        sizeClass: shared.string(sizeClass as SizeClass),
        accessibility: shared.json<Accessibility>(accessibility),
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
        creators: shared.json(creators),
        discipline: shared.string(discipline as Discipline),
        subDiscipline: subDiscipline === null ? null : shared.string(subDiscipline as SubDiscipline),
        audience: shared.string(audience as AudienceKind),
        minAge,
        tags: shared.json(tags),
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
