import type { Accessibility, AudienceKind, Discipline, SizeClass, SubDiscipline } from '@detour/sdk';
import type pg from 'pg';
import {
  type CatalogueSnapshot,
  type SnapshotShow,
  type SnapshotVenue,
  STATUS_CODE,
} from '../../engine/snapshot.js';
import { SnapshotInterner, snapshotIdOf } from '../sqlite/snapshot.js';

/** Performance rows fetched per round trip: bounded memory however large the catalogue. */
const PAGE = 50_000;

function denseIndex(index: Map<number, number>): Int32Array {
  let max = 0;
  for (const id of index.keys()) if (id > max) max = id;
  const table = new Int32Array(max + 1).fill(-1);
  for (const [id, i] of index) table[id] = i;
  return table;
}

/**
 * Reads the whole catalogue into the engine's columnar form inside one REPEATABLE READ, read-only
 * transaction (one consistent view while imports commit elsewhere). Performances come in pages of
 * compact array rows, keyed by id, straight into typed arrays.
 */
export async function loadSnapshotPg(pool: pg.Pool): Promise<CatalogueSnapshot> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const shared = new SnapshotInterner();
    const revision = Number(
      (await client.query<{ revision: number }>('SELECT revision FROM catalogue_state WHERE id = 1')).rows[0]!
        .revision,
    );

    const venues: SnapshotVenue[] = [];
    const venueIndex = new Map<number, number>();
    for (const [id, publicId, name, town, lat, lon, sizeClass, accessibility] of (
      await client.query<[number, string, string, string, number, number, string, string[]]>({
        text: 'SELECT id, public_id, name, town, lat, lon, size_class, accessibility FROM venues ORDER BY id',
        rowMode: 'array',
      })
    ).rows) {
      venueIndex.set(id, venues.length);
      venues.push({
        id: publicId,
        name,
        town: shared.string(town),
        lat,
        lon,
        sizeClass: shared.string(sizeClass as SizeClass),
        accessibility: shared.list<Accessibility>(accessibility),
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
    ] of (
      await client.query<
        [
          number,
          string,
          string,
          string | null,
          string[],
          string,
          string | null,
          string,
          number | null,
          string[],
        ]
      >({
        text: `SELECT id, public_id, title, description, creators, discipline, sub_discipline, audience_kind, min_age, tags
               FROM shows ORDER BY id`,
        rowMode: 'array',
      })
    ).rows) {
      showIndex.set(id, shows.length);
      shows.push({
        id: publicId,
        title,
        description,
        creators: shared.list(creators),
        discipline: shared.string(discipline as Discipline),
        subDiscipline: subDiscipline === null ? null : shared.string(subDiscipline as SubDiscipline),
        audience: shared.string(audience as AudienceKind),
        minAge,
        tags: shared.list(tags),
      });
    }
    const venueOf = denseIndex(venueIndex);
    const showOf = denseIndex(showIndex);

    const count = Number(
      (await client.query<{ n: number }>('SELECT COUNT(*) AS n FROM performances')).rows[0]!.n,
    );
    const rowId = new Uint32Array(count);
    const show = new Uint32Array(count);
    const venue = new Uint32Array(count);
    const startMin = new Uint32Array(count);
    const status = new Uint8Array(count);
    const priceMinCents = new Int32Array(count);
    const free = new Uint8Array(count);
    let i = 0;
    let after = 0;
    for (;;) {
      // Status code, cents (Math.round: floor of x + 0.5) and the free flag computed by the server: only numbers travel.
      const { rows } = await client.query<[number, number, number, number, number, number, number]>({
        text: `SELECT id, show_id, venue_id, start_min,
                 CASE status WHEN 'cancelled' THEN ${STATUS_CODE.cancelled} WHEN 'sold-out' THEN ${STATUS_CODE['sold-out']}
                   WHEN 'postponed' THEN ${STATUS_CODE.postponed}
                   ELSE ${STATUS_CODE.scheduled} END,
                 CASE WHEN price_min IS NULL THEN -1 ELSE floor(price_min * 100 + 0.5)::int END,
                 free::int
               FROM performances WHERE id > $1 ORDER BY id LIMIT ${PAGE}`,
        values: [after],
        rowMode: 'array',
      });
      for (const [id, showId, venueId, start, code, cents, isFree] of rows) {
        rowId[i] = id;
        show[i] = showOf[showId] as number;
        venue[i] = venueOf[venueId] as number;
        startMin[i] = start;
        status[i] = code;
        priceMinCents[i] = cents;
        free[i] = isFree;
        i++;
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]![0];
    }
    await client.query('COMMIT');
    return {
      id: snapshotIdOf(revision),
      venues,
      shows,
      performances: { count: i, rowId, show, venue, startMin, status, priceMinCents, free },
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
