import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
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

/** Performance rows, four exact integers each (see the packing in PERFORMANCE_COLUMNS). */
const PERFORMANCE_COLUMNS = `id, show_id * ${2 ** 26} + venue_id,
  start_min * 8 + CASE status WHEN 'cancelled' THEN ${STATUS_CODE.cancelled} WHEN 'sold-out' THEN ${STATUS_CODE['sold-out']} WHEN 'postponed' THEN ${STATUS_CODE.postponed} ELSE ${STATUS_CODE.scheduled} END * 2 + free,
  CASE WHEN price_min IS NULL THEN -1 ELSE CAST(ROUND(price_min * 100) AS INTEGER) END`;
const PERFORMANCE_ROWS_ALL = `SELECT ${PERFORMANCE_COLUMNS} FROM performances ORDER BY id`;
const PERFORMANCE_ROWS_BELOW = `SELECT ${PERFORMANCE_COLUMNS} FROM performances WHERE id < ? ORDER BY id`;
const PERFORMANCE_ROWS_FROM = `SELECT ${PERFORMANCE_COLUMNS} FROM performances WHERE id >= ? ORDER BY id`;
const REVISION = 'SELECT revision FROM catalogue_state WHERE id = 1';

/** The performances a worker thread read, as the four packed columns, with the revision it read them at. */
interface PerformanceRows {
  revision: number;
  count: number;
  id: Float64Array;
  showVenue: Float64Array;
  startStatus: Float64Array;
  cents: Float64Array;
}

/**
 * Reads the whole catalogue into the engine's columnar form, in one read transaction (a consistent
 * view even while an import commits). Performances stream through `.raw().iterate()` straight into
 * typed arrays: no object per row.
 */
export function loadSnapshotSync(db: SqliteDatabase): CatalogueSnapshot {
  return db.transaction(() => readSnapshot(db, null).finish(null))();
}

/** Below this many performances one thread reads them all (a worker's start would cost more than it saves). */
export const PARALLEL_SNAPSHOT_MIN = 200_000;

/**
 * `loadSnapshotSync`, with the performances of a file database split between this thread and a worker
 * thread reading the upper half of the ids on its own read-only connection at the same time (the largest
 * part of a cold start at national scale). Each side reads in its own read transaction and notes the
 * catalogue revision it saw; if an import committed in between (revisions differ) or the worker fails,
 * the whole snapshot is read again here, so the result is always one consistent revision.
 */
export async function loadSnapshot(
  db: SqliteDatabase,
  options: {
    minParallel?: number;
    /** Told how the snapshot was read: by this thread alone, with the worker, or again after a mismatch. */
    report?: (how: 'single' | 'parallel' | 'retried') => void;
  } = {},
): Promise<CatalogueSnapshot> {
  const minParallel = options.minParallel ?? PARALLEL_SNAPSHOT_MIN;
  const single = () => {
    options.report?.('single');
    return loadSnapshotSync(db);
  };
  if (db.memory) return single();
  // Three sub-queries: each is answered from a b-tree edge or a small index (MIN and MAX together in one
  // select would scan the table).
  const { count, low, high } = db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM performances) AS count, (SELECT MIN(id) FROM performances) AS low,
         (SELECT MAX(id) FROM performances) AS high`,
    )
    .get() as { count: number; low: number | null; high: number | null };
  if (count < minParallel || low === null || high === null) return single();
  const split = Math.floor((low + high) / 2) + 1;
  const rest = readInWorker(db.name, split, high).catch(() => null);
  const part = db.transaction(() => readSnapshot(db, split))();
  const rows = await rest;
  if (!rows || rows.revision !== part.revision || !part.completedBy(rows)) {
    options.report?.('retried');
    return loadSnapshotSync(db);
  }
  options.report?.('parallel');
  return part.finish(rows);
}

/** The source of the worker thread that reads performances from `split` on (plain JavaScript, no build step). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
try {
  db.exec('BEGIN');
  const revision = Number(db.prepare(workerData.revisionSql).pluck().get());
  // Ids are unique integers: at most high - split + 1 rows (more if an import added some since: then the
  // revisions differ and the rows are not used).
  const count = Math.max(0, workerData.high - workerData.split + 1);
  const id = new Float64Array(count), showVenue = new Float64Array(count), startStatus = new Float64Array(count), cents = new Float64Array(count);
  let i = 0;
  for (const row of db.prepare(workerData.rowsSql).raw().iterate(workerData.split)) {
    if (i === count) { i = -1; break; } // more rows than ids allowed: another revision, not used
    id[i] = row[0]; showVenue[i] = row[1]; startStatus[i] = row[2]; cents[i] = row[3]; i++;
  }
  db.exec('COMMIT');
  parentPort.postMessage({ revision, count: i, id, showVenue, startStatus, cents }, [id.buffer, showVenue.buffer, startStatus.buffer, cents.buffer]);
} finally {
  db.close();
}
`;

function readInWorker(file: string, split: number, high: number): Promise<PerformanceRows> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, file, split, high, rowsSql: PERFORMANCE_ROWS_FROM, revisionSql: REVISION },
    });
    worker.once('message', (rows: PerformanceRows) => {
      resolve(rows);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`snapshot worker exited with ${code}`)));
  });
}

/** Venues, shows and the performances below `split` (all when null), read in the caller's transaction. */
function readSnapshot(db: SqliteDatabase, split: number | null) {
  const shared = new SnapshotInterner();
  const revision = Number(db.prepare(REVISION).pluck().get());

  const venues: SnapshotVenue[] = [];
  const venueIndex = new Map<number, number>();
  for (const [id, publicId, name, town, lat, lon, sizeClass, accessibility] of db
    .prepare('SELECT id, public_id, name, town, lat, lon, size_class, accessibility FROM venues ORDER BY id')
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
  // Above `split`, rows are read by a worker thread on its own connection (two cores read the biggest
  // table at once); below it, or for all of them when no worker is given, here.
  const own = split === null ? db.prepare(PERFORMANCE_ROWS_ALL) : db.prepare(PERFORMANCE_ROWS_BELOW);
  const ownRows = (split === null ? own.raw().iterate() : own.raw().iterate(split)) as Iterable<
    [number, number, number, number]
  >;
  const put = (id: number, showVenue: number, startStatus: number, cents: number) => {
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
  };
  for (const [id, showVenue, startStatus, cents] of ownRows) put(id, showVenue, startStatus, cents);
  return {
    revision,
    /** Whether `rest` holds exactly the performances this transaction counted beyond the ones read here. */
    completedBy: (rest: PerformanceRows) => rest.count >= 0 && i + rest.count === count,
    finish: (rest: PerformanceRows | null) => {
      if (rest)
        for (let j = 0; j < rest.count; j++)
          put(rest.id[j]!, rest.showVenue[j]!, rest.startStatus[j]!, rest.cents[j]!);
      return {
        id: snapshotIdOf(revision),
        venues,
        shows,
        performances: { count: i, rowId, show, venue, startMin, status, priceMinCents, free },
      };
    },
  };
}
