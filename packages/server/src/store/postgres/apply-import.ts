import type { ImportReport } from '@detour/sdk';
import type { ImportBatch, ImportedPerformance } from '../../catalogue/batch.js';
import {
  findShowMatch,
  type IdentityCandidate,
  mayMatchWithCreators,
  type ShowIdentity,
  showIdentity,
} from '../../catalogue/identity.js';
import { normaliseName } from '../../text/french.js';
import { ImportIntegrityError } from '../errors.js';
import { stableId } from '../ids.js';
import {
  checkImportClock,
  checkMassCancellation,
  checkShow,
  checkVenue,
  clockMinutes,
  emptyReport,
  isUpcoming,
  lastBySourceId,
  PROGRESS_EVERY,
  performanceFingerprint,
  reportChangedCatalogue,
  venueIdentityOf,
} from '../import-rules.js';
import {
  mergeRecords,
  performanceRecord,
  type ShowRecord,
  sameVenue,
  showRecord,
  type VenueIdentity,
  type VenueRecord,
  venueRecord,
  venueSizeClass,
} from '../records.js';
import type { ImportOptions } from '../store.js';
import { allocateIds, bulk, LOCK, notifyChange, type Queryable } from './database.js';

/**
 * The import on PostgreSQL: the same decisions as the embedded store (sqlite/apply-import.ts — same
 * counting, identity and cancellation rules, shared through import-rules.ts, records.ts and
 * catalogue/identity.ts), taken in memory from a few bulk reads, then written with one statement per
 * kind of change and chunk of rows (arrays unnested server-side) instead of one round trip per record.
 *
 * The caller runs it inside a transaction. Catalogue writers take a transaction-scoped advisory lock
 * first, so imports from several replicas run one after the other and identity decisions never race.
 * Rows that a new venue or show will get are known only after matching: they use provisional ids
 * above any real one (so "oldest show first" ordering still holds), replaced once the ids are drawn.
 */

const PROVISIONAL = 2 ** 50;

interface IdentityEntry {
  showId: number;
  identity: ShowIdentity;
}

const venueValues = (r: VenueRecord) => [
  r.name,
  r.address,
  r.town,
  r.postcode,
  r.inseeCode,
  r.lat,
  r.lon,
  r.capacity,
  venueSizeClass(r),
  r.type,
  JSON.stringify(r.accessibility),
  r.url,
];

const VENUE_COLUMNS = `$2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[],
  $9::int[], $10::text[], $11::text[], $12::text[], $13::text[]`;
const venueSelect = (
  t: string,
) => `${t}.name, ${t}.address, ${t}.town, ${t}.postcode, ${t}.insee_code, ${t}.lat,
  ${t}.lon, ${t}.capacity, ${t}.size_class, ${t}.type, ARRAY(SELECT jsonb_array_elements_text(${t}.accessibility::jsonb)),
  ${t}.url`;

/** Show row values from a record: lists as JSON, turned into TEXT[] server-side. */
export const showValues = (r: ShowRecord) => [
  r.title,
  JSON.stringify(r.creators),
  r.discipline,
  r.subDiscipline,
  r.audience.kind,
  r.audience.minAge,
  r.audience.maxAge,
  JSON.stringify(r.tags),
  r.description,
  r.image,
  r.language,
];

const SHOW_COLUMNS = `$2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[], $9::text[],
  $10::text[], $11::text[], $12::text[]`;
const showSelect = (t: string) => `${t}.title, ARRAY(SELECT jsonb_array_elements_text(${t}.creators::jsonb)),
  ${t}.discipline, ${t}.sub_discipline, ${t}.audience_kind, ${t}.min_age, ${t}.max_age,
  ARRAY(SELECT jsonb_array_elements_text(${t}.tags::jsonb)), ${t}.description, ${t}.image, ${t}.language`;
const SHOW_NAMES =
  'id, title, creators, discipline, sub_discipline, audience_kind, min_age, max_age, tags, description, image, language';

/** Inserts show rows [id, publicId, ...showValues]. */
export async function insertShows(db: Queryable, rows: unknown[][]): Promise<void> {
  await bulk(
    db,
    `INSERT INTO shows (id, public_id, ${SHOW_NAMES.slice(4)})
     SELECT t.id, t.public_id, ${showSelect('t')}
     FROM unnest($1::bigint[], $13::text[], ${SHOW_COLUMNS})
       AS t(id, public_id, ${SHOW_NAMES.slice(4)})`,
    rows.map(([id, publicId, ...values]) => [id, ...values, publicId]),
  );
}

/** Rewrites show rows as the merge of their records (first joined first). */
export async function recomputeShows(db: Queryable, showIds: readonly number[]): Promise<void> {
  if (showIds.length === 0) return;
  const { rows } = await db.query<{ show_id: number; data: string }>(
    'SELECT show_id, data FROM show_sources WHERE show_id = ANY($1::bigint[]) ORDER BY id',
    [showIds],
  );
  const byShow = new Map<number, ShowRecord[]>();
  for (const r of rows) {
    const list = byShow.get(r.show_id) ?? [];
    list.push(JSON.parse(r.data) as ShowRecord);
    byShow.set(r.show_id, list);
  }
  await bulk(
    db,
    `UPDATE shows s SET (${SHOW_NAMES.slice(4)}) = (SELECT ${showSelect('t')})
     FROM unnest($1::bigint[], ${SHOW_COLUMNS}) AS t(${SHOW_NAMES})
     WHERE s.id = t.id`,
    [...byShow].map(([id, records]) => [id, ...showValues(mergeRecords(records))]),
  );
}

/** Public ids among `ids` already taken in `table`. */
async function takenPublicIds(db: Queryable, table: 'venues' | 'shows', ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const { rows } = await db.query<{ public_id: string }>(
    `SELECT public_id FROM ${table} WHERE public_id = ANY($1::text[])`,
    [ids],
  );
  return new Set(rows.map((r) => r.public_id));
}

/**
 * The first free stable id for a record: its hash, else the next attempts (a collision, or a split).
 * `taken` holds the ids known to be taken; the first attempt is trusted to it when `precheckedFirst`
 * (the caller looked the batch's first attempts up in one query), later attempts are looked up.
 */
export async function freePublicId(
  db: Queryable,
  table: 'venues' | 'shows',
  prefix: 'v' | 's',
  source: string,
  sourceId: string,
  taken: Set<string>,
  precheckedFirst: boolean,
): Promise<string> {
  let attempt = 0;
  let id = stableId(prefix, source, sourceId);
  for (;;) {
    const free =
      !taken.has(id) &&
      ((attempt === 0 && precheckedFirst) || (await takenPublicIds(db, table, [id])).size === 0);
    if (free) return id;
    id = stableId(prefix, source, sourceId, ++attempt);
  }
}

/** Applies `batch`; must run inside a transaction. */
export async function applyImportPg(
  db: Queryable,
  batch: ImportBatch,
  options: ImportOptions,
): Promise<ImportReport> {
  const { source } = batch;
  const now = options.now;
  checkImportClock(now);
  await db.query('SELECT pg_advisory_xact_lock($1, $2)', [...LOCK.catalogue]);
  const report = emptyReport(batch);

  const venues = lastBySourceId(batch.venues);
  const shows = lastBySourceId(batch.shows);
  const performances = lastBySourceId(batch.performances);
  const total = venues.length + shows.length + performances.length;
  let done = 0;
  const step = () => {
    done++;
    if (options.onProgress && (done % PROGRESS_EVERY === 0 || done === total))
      options.onProgress(done, total);
  };
  options.onProgress?.(0, total);

  // ---- venues ----
  const venueRecords = venues.map((v) => {
    const rec = venueRecord(v);
    checkVenue(v, rec);
    return rec;
  });
  const venueIdBySourceId = new Map<string, number>();
  const venueMembers = new Map<string, { id: number; venueId: number; data: string }>();
  for (const row of (
    await db.query<{ id: number; source_id: string; venue_id: number; data: string }>(
      'SELECT id, source_id, venue_id, data FROM venue_sources WHERE source = $1',
      [source],
    )
  ).rows) {
    venueMembers.set(row.source_id, { id: row.id, venueId: row.venue_id, data: row.data });
    venueIdBySourceId.set(row.source_id, row.venue_id);
  }
  const newVenueRecords = venues.filter((v) => !venueMembers.has(v.sourceId));
  const venueMemberIds = await allocateIds(db, 'venue_sources', newVenueRecords.length);

  // Stored records that new records could match: only the same normalised name can. The embedded store
  // reads its index when it meets the batch's first new record, so records of this source changed
  // before that one are seen with their new identity, and later ones with their old one: same here.
  const venueIndex = new Map<string, Array<{ venueId: number; identity: VenueIdentity }>>();
  const venuePublicTaken = new Set<string>();
  if (newVenueRecords.length > 0) {
    const names = [...new Set(venueRecords.map((r) => venueIdentityOf(r).nameKey))];
    const { rows } = await db.query<{
      id: number;
      venue_id: number;
      name_key: string;
      town_key: string;
      postcode: string | null;
      insee_code: string | null;
      lat: number;
      lon: number;
    }>(
      `SELECT id, venue_id, name_key, town_key, postcode, insee_code, lat, lon FROM venue_sources
       WHERE name_key = ANY($1::text[])`,
      [names],
    );
    const entries = new Map<number, { venueId: number; identity: VenueIdentity }>();
    for (const r of rows) {
      entries.set(r.id, {
        venueId: r.venue_id,
        identity: {
          nameKey: r.name_key,
          townKey: r.town_key,
          postcode: r.postcode,
          inseeCode: r.insee_code,
          lat: r.lat,
          lon: r.lon,
        },
      });
    }
    const firstNew = venues.findIndex((v) => !venueMembers.has(v.sourceId));
    for (let i = 0; i < firstNew; i++) {
      const known = venueMembers.get(venues[i]!.sourceId)!;
      if (known.data !== JSON.stringify(venueRecords[i]))
        entries.set(known.id, { venueId: known.venueId, identity: venueIdentityOf(venueRecords[i]!) });
    }
    for (const [, entry] of [...entries].sort((a, b) => a[0] - b[0])) {
      const list = venueIndex.get(entry.identity.nameKey) ?? [];
      list.push(entry);
      venueIndex.set(entry.identity.nameKey, list);
    }
    for (const id of await takenPublicIds(
      db,
      'venues',
      newVenueRecords.map((v) => stableId('v', source, v.sourceId)),
    ))
      venuePublicTaken.add(id);
  }

  const venueInserts: Array<{ provisional: number; publicId: string; rec: VenueRecord }> = [];
  const venueMemberInserts: unknown[][] = [];
  const venueMemberUpdates: unknown[][] = [];
  const venueMemberTouches: number[] = [];
  const touchedVenues = new Set<number>();
  let nextMember = 0;
  for (let i = 0; i < venues.length; i++) {
    const v = venues[i]!;
    const rec = venueRecords[i]!;
    const data = JSON.stringify(rec);
    const identity = venueIdentityOf(rec);
    const keys = [identity.nameKey, identity.townKey, rec.postcode, rec.inseeCode, rec.lat, rec.lon];
    const known = venueMembers.get(v.sourceId);
    if (known) {
      if (known.data === data) {
        venueMemberTouches.push(known.id);
        report.unchanged.venues++;
      } else {
        venueMemberUpdates.push([known.id, data, ...keys]);
        touchedVenues.add(known.venueId);
        report.updated.venues++;
      }
    } else {
      const same = (venueIndex.get(identity.nameKey) ?? []).find((c) => sameVenue(identity, c.identity));
      let venueId: number;
      if (same) {
        venueId = same.venueId;
        touchedVenues.add(venueId);
        report.updated.venues++;
      } else {
        const publicId = await freePublicId(db, 'venues', 'v', source, v.sourceId, venuePublicTaken, true);
        venuePublicTaken.add(publicId);
        venueId = PROVISIONAL + venueInserts.length;
        venueInserts.push({ provisional: venueId, publicId, rec });
        report.created.venues++;
      }
      const memberId = venueMemberIds[nextMember++]!;
      venueMemberInserts.push([memberId, v.sourceId, venueId, data, ...keys]);
      venueMembers.set(v.sourceId, { id: memberId, venueId, data });
      venueIdBySourceId.set(v.sourceId, venueId);
      const list = venueIndex.get(identity.nameKey) ?? [];
      list.push({ venueId, identity });
      venueIndex.set(identity.nameKey, list);
    }
    step();
  }
  const realVenueIds = await allocateIds(db, 'venues', venueInserts.length);
  const realVenue = (id: number) => (id >= PROVISIONAL ? realVenueIds[id - PROVISIONAL]! : id);
  for (const [sourceId, id] of venueIdBySourceId) venueIdBySourceId.set(sourceId, realVenue(id));

  await bulk(
    db,
    `INSERT INTO venues (id, public_id, name, address, town, postcode, insee_code, lat, lon, capacity, size_class, type,
       accessibility, url)
     SELECT t.id, t.public_id, ${venueSelect('t')}
     FROM unnest($1::bigint[], $14::text[], ${VENUE_COLUMNS})
       AS t(id, public_id, name, address, town, postcode, insee_code, lat, lon, capacity, size_class, type, accessibility, url)`,
    venueInserts.map((v) => [realVenue(v.provisional), ...venueValues(v.rec), v.publicId]),
  );
  await bulk(
    db,
    `INSERT INTO venue_sources (id, source, source_id, venue_id, data, name_key, town_key, postcode, insee_code, lat, lon, last_seen)
     SELECT id, $11::text, source_id, venue_id, data, name_key, town_key, postcode, insee_code, lat, lon, $12::text
     FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::float8[], $10::float8[])
       AS t(id, source_id, venue_id, data, name_key, town_key, postcode, insee_code, lat, lon)`,
    venueMemberInserts.map((row) => [row[0], row[1], realVenue(row[2] as number), ...row.slice(3)]),
    [source, now],
  );
  await bulk(
    db,
    `UPDATE venue_sources m SET data = t.data, name_key = t.name_key, town_key = t.town_key, postcode = t.postcode,
       insee_code = t.insee_code, lat = t.lat, lon = t.lon, last_seen = $9::text
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::float8[])
       AS t(id, data, name_key, town_key, postcode, insee_code, lat, lon)
     WHERE m.id = t.id`,
    venueMemberUpdates,
    [now],
  );
  await bulk(
    db,
    'UPDATE venue_sources SET last_seen = $2::text FROM unnest($1::bigint[]) AS t(id) WHERE venue_sources.id = t.id',
    venueMemberTouches.map((id) => [id]),
    [now],
  );
  const touchedVenueIds = [...touchedVenues].map(realVenue);
  if (touchedVenueIds.length > 0) {
    const { rows } = await db.query<{ venue_id: number; data: string }>(
      'SELECT venue_id, data FROM venue_sources WHERE venue_id = ANY($1::bigint[]) ORDER BY id',
      [touchedVenueIds],
    );
    const byVenue = new Map<number, VenueRecord[]>();
    for (const r of rows) {
      const list = byVenue.get(r.venue_id) ?? [];
      list.push(JSON.parse(r.data) as VenueRecord);
      byVenue.set(r.venue_id, list);
    }
    await bulk(
      db,
      `UPDATE venues v SET (name, address, town, postcode, insee_code, lat, lon, capacity, size_class, type, accessibility, url)
         = (SELECT ${venueSelect('t')})
       FROM unnest($1::bigint[], ${VENUE_COLUMNS})
         AS t(id, name, address, town, postcode, insee_code, lat, lon, capacity, size_class, type, accessibility, url)
       WHERE v.id = t.id`,
      [...byVenue].map(([id, records]) => [id, ...venueValues(mergeRecords(records))]),
    );
  }

  // ---- shows ----
  const showRecords = shows.map((sh) => {
    const rec = showRecord(sh);
    checkShow(sh, rec);
    return rec;
  });
  const showMembers = new Map<string, { id: number; showId: number; data: string }>();
  for (const row of (
    await db.query<{ id: number; source_id: string; show_id: number; data: string }>(
      'SELECT id, source_id, show_id, data FROM show_sources WHERE source = $1',
      [source],
    )
  ).rows) {
    showMembers.set(row.source_id, { id: row.id, showId: row.show_id, data: row.data });
  }

  // Venues each show record of the batch plays at: evidence for records without creators.
  const batchShowVenues = new Map<string, Set<number>>();
  for (const p of performances) {
    const venueId = venueIdBySourceId.get(p.venueSourceId);
    if (venueId === undefined) continue;
    const set = batchShowVenues.get(p.showSourceId) ?? new Set<number>();
    set.add(venueId);
    batchShowVenues.set(p.showSourceId, set);
  }

  const identities = showRecords.map((rec) => showIdentity(rec));
  const newShowIndexes = shows.flatMap((sh, i) => (showMembers.has(sh.sourceId) ? [] : [i]));
  const showMemberIds = await allocateIds(db, 'show_sources', newShowIndexes.length);

  // Identity index over the stored records new ones could match: same discipline and title, or a creator in common.
  const byTitle = new Map<string, IdentityEntry[]>();
  const byCreator = new Map<string, IdentityEntry[]>();
  const sourcesOf = new Map<number, Set<string>>();
  const showVenues = new Map<number, Set<number>>();
  const publicIdOf = new Map<number, string>();
  const showPublicTaken = new Set<string>();
  // A touring show's records share one identity: listed once per show (as the embedded store does), the
  // candidate lists grow with the number of distinct shows, not of records. Same matches, same order.
  const indexed = new Set<string>();
  const addToIndex = (entry: IdentityEntry) => {
    const key = `${entry.showId}\u0000${entry.identity.discipline}\u0000${entry.identity.titleKey}\u0000${entry.identity.creatorKeys.join('\u0001')}`;
    if (indexed.has(key)) return;
    indexed.add(key);
    const d = entry.identity.discipline;
    const tk = `${d}\u0000${entry.identity.titleKey}`;
    const titled = byTitle.get(tk);
    if (titled) titled.push(entry);
    else byTitle.set(tk, [entry]);
    for (const c of entry.identity.creatorKeys) {
      const ck = `${d}\u0000${c}`;
      const created = byCreator.get(ck);
      if (created) created.push(entry);
      else byCreator.set(ck, [entry]);
    }
  };
  const addSource = (showId: number, memberSource: string) => {
    const set = sourcesOf.get(showId) ?? new Set<string>();
    set.add(memberSource);
    sourcesOf.set(showId, set);
  };
  if (newShowIndexes.length > 0) {
    const disciplines: string[] = [];
    const titles: string[] = [];
    const creators = new Set<string>();
    for (const i of newShowIndexes) {
      disciplines.push(identities[i]!.discipline);
      titles.push(identities[i]!.titleKey);
      for (const c of identities[i]!.creatorKeys) creators.add(c);
    }
    const { rows } = await db.query<{
      id: number;
      show_id: number;
      title_key: string;
      creator_keys: string[];
      discipline: ShowIdentity['discipline'];
    }>(
      `SELECT id, show_id, title_key, creator_keys, discipline FROM show_sources
       WHERE (discipline, title_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))
          OR creator_keys && $3::text[]`,
      [disciplines, titles, [...creators]],
    );
    const entries = new Map<number, IdentityEntry>();
    for (const r of rows) {
      entries.set(r.id, {
        showId: r.show_id,
        identity: {
          titleKey: r.title_key,
          titleTokens: r.title_key.split(' ').filter(Boolean),
          creatorKeys: r.creator_keys,
          discipline: r.discipline,
        },
      });
    }
    // As for venues: records of this source changed before the first new one are seen changed.
    const firstNew = newShowIndexes[0]!;
    for (let i = 0; i < firstNew; i++) {
      const known = showMembers.get(shows[i]!.sourceId)!;
      if (known.data !== JSON.stringify(showRecords[i]))
        entries.set(known.id, { showId: known.showId, identity: identities[i]! });
    }
    const sorted = [...entries].sort((a, b) => a[0] - b[0]).map(([, e]) => e);
    for (const entry of sorted) addToIndex(entry);
    const candidateShows = [...new Set(sorted.map((e) => e.showId))];
    if (candidateShows.length > 0) {
      for (const r of (
        await db.query<{ show_id: number; source: string }>(
          'SELECT DISTINCT show_id, source FROM show_sources WHERE show_id = ANY($1::bigint[])',
          [candidateShows],
        )
      ).rows)
        addSource(r.show_id, r.source);
      for (const r of (
        await db.query<{ show_id: number; venue_id: number }>(
          'SELECT DISTINCT show_id, venue_id FROM performances WHERE show_id = ANY($1::bigint[])',
          [candidateShows],
        )
      ).rows) {
        const set = showVenues.get(r.show_id) ?? new Set<number>();
        set.add(r.venue_id);
        showVenues.set(r.show_id, set);
      }
      for (const r of (
        await db.query<{ id: number; public_id: string }>(
          'SELECT id, public_id FROM shows WHERE id = ANY($1::bigint[])',
          [candidateShows],
        )
      ).rows)
        publicIdOf.set(r.id, r.public_id);
    }
    for (const id of await takenPublicIds(
      db,
      'shows',
      newShowIndexes.map((i) => stableId('s', source, shows[i]!.sourceId)),
    ))
      showPublicTaken.add(id);
  }
  // The commune of a venue (INSEE code, else postcode and town): evidence for records without creators.
  const venueCommunes = new Map<number, string | null>();
  if (newShowIndexes.length > 0) {
    const ids = new Set<number>();
    for (const set of batchShowVenues.values()) for (const v of set) ids.add(v);
    for (const set of showVenues.values()) for (const v of set) ids.add(v);
    if (ids.size > 0) {
      const { rows } = await db.query<{
        id: number;
        insee_code: string | null;
        postcode: string | null;
        town: string;
      }>('SELECT id, insee_code, postcode, town FROM venues WHERE id = ANY($1::bigint[])', [[...ids]]);
      for (const r of rows) {
        venueCommunes.set(
          r.id,
          r.insee_code ?? (r.postcode !== null ? `${r.postcode}|${normaliseName(r.town)}` : null),
        );
      }
    }
  }
  const communeOf = (venueId: number): string | null => venueCommunes.get(venueId) ?? null;
  const venuesOf = (showId: number): Set<number> => {
    let set = showVenues.get(showId);
    if (!set) {
      set = new Set();
      showVenues.set(showId, set);
    }
    return set;
  };

  const memberOfShowSourceId = new Map<string, { memberId: number; showId: number }>();
  for (const [sourceId, m] of showMembers)
    memberOfShowSourceId.set(sourceId, { memberId: m.id, showId: m.showId });

  const showInserts: Array<{ provisional: number; publicId: string; rec: ShowRecord }> = [];
  const showMemberInserts: unknown[][] = [];
  const showMemberUpdates: unknown[][] = [];
  const showMemberTouches: number[] = [];
  const touchedShows = new Set<number>();
  nextMember = 0;
  for (let i = 0; i < shows.length; i++) {
    const sh = shows[i]!;
    const rec = showRecords[i]!;
    const identity = identities[i]!;
    const data = JSON.stringify(rec);
    const known = showMembers.get(sh.sourceId);
    if (known) {
      if (known.data === data) {
        showMemberTouches.push(known.id);
        report.unchanged.shows++;
      } else {
        showMemberUpdates.push([
          known.id,
          data,
          identity.titleKey,
          JSON.stringify(identity.creatorKeys),
          rec.discipline,
        ]);
        touchedShows.add(known.showId);
        report.updated.shows++;
      }
    } else {
      const recordVenues = batchShowVenues.get(sh.sourceId) ?? new Set<number>();
      const seen = new Set<IdentityEntry>();
      const candidates: IdentityCandidate<number>[] = [];
      const consider = (entries: IdentityEntry[] | undefined, byCreator = false) => {
        for (const e of entries ?? []) {
          if (seen.has(e)) continue;
          // Records of a prolific creator: most cannot match (see mayMatchWithCreators) and need no candidate.
          if (
            byCreator &&
            !mayMatchWithCreators(identity, e.identity, sourcesOf.get(e.showId)?.has(source) ?? false)
          )
            continue;
          seen.add(e);
          const needsVenue =
            e.identity.titleKey === identity.titleKey &&
            (e.identity.creatorKeys.length === 0 || identity.creatorKeys.length === 0);
          const sameSource = sourcesOf.get(e.showId)?.has(source) ?? false;
          let sharedVenue = false;
          let sharedCommune = false;
          if (needsVenue && recordVenues.size > 0) {
            const theirs = venuesOf(e.showId);
            for (const v of recordVenues) if (theirs.has(v)) sharedVenue = true;
            if (!sharedVenue && !sameSource) {
              const communes = new Set<string | null>([...theirs].map(communeOf));
              for (const v of recordVenues) {
                const c = communeOf(v);
                if (c !== null && communes.has(c)) sharedCommune = true;
              }
            }
          }
          candidates.push({ showId: e.showId, identity: e.identity, sameSource, sharedVenue, sharedCommune });
        }
      };
      consider(byTitle.get(`${rec.discipline}\u0000${identity.titleKey}`));
      for (const c of identity.creatorKeys) consider(byCreator.get(`${rec.discipline}\u0000${c}`), true);
      // Ties go to the oldest show, so the outcome does not depend on index order.
      candidates.sort((a, b) => a.showId - b.showId);
      const found = findShowMatch(identity, candidates);

      let showId: number;
      let matched: string[] = [];
      let score = 1;
      if (found) {
        showId = found.showId;
        matched = found.match.matched;
        score = found.match.score;
        touchedShows.add(showId);
        report.updated.shows++;
        report.merges.push({
          showId: publicIdOf.get(showId) as string,
          sourceId: sh.sourceId,
          matched,
          score,
        });
      } else {
        const publicId = await freePublicId(db, 'shows', 's', source, sh.sourceId, showPublicTaken, true);
        showPublicTaken.add(publicId);
        showId = PROVISIONAL + showInserts.length;
        showInserts.push({ provisional: showId, publicId, rec });
        publicIdOf.set(showId, publicId);
        showVenues.set(showId, new Set());
        report.created.shows++;
      }
      const memberId = showMemberIds[nextMember++]!;
      showMemberInserts.push([
        memberId,
        sh.sourceId,
        showId,
        data,
        identity.titleKey,
        JSON.stringify(identity.creatorKeys),
        rec.discipline,
        JSON.stringify(matched),
        score,
      ]);
      showMembers.set(sh.sourceId, { id: memberId, showId, data });
      memberOfShowSourceId.set(sh.sourceId, { memberId, showId });
      addToIndex({ showId, identity });
      addSource(showId, source);
      for (const v of recordVenues) venuesOf(showId).add(v);
    }
    step();
  }
  const realShowIds = await allocateIds(db, 'shows', showInserts.length);
  const realShow = (id: number) => (id >= PROVISIONAL ? realShowIds[id - PROVISIONAL]! : id);
  for (const m of memberOfShowSourceId.values()) m.showId = realShow(m.showId);

  await insertShows(
    db,
    showInserts.map((s) => [realShow(s.provisional), s.publicId, ...showValues(s.rec)]),
  );
  await bulk(
    db,
    `INSERT INTO show_sources (id, source, source_id, show_id, data, title_key, creator_keys, discipline, matched, score,
       merged_at, last_seen)
     SELECT id, $10::text, source_id, show_id, data, title_key, ARRAY(SELECT jsonb_array_elements_text(creator_keys::jsonb)),
       discipline, ARRAY(SELECT jsonb_array_elements_text(matched::jsonb)), score, $11::text, $11::text
     FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::float8[]) AS t(id, source_id, show_id, data, title_key, creator_keys, discipline, matched, score)`,
    showMemberInserts.map((row) => [row[0], row[1], realShow(row[2] as number), ...row.slice(3)]),
    [source, now],
  );
  await bulk(
    db,
    `UPDATE show_sources m SET data = t.data, title_key = t.title_key,
       creator_keys = ARRAY(SELECT jsonb_array_elements_text(t.creator_keys::jsonb)), discipline = t.discipline, last_seen = $6::text
     FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(id, data, title_key, creator_keys, discipline)
     WHERE m.id = t.id`,
    showMemberUpdates,
    [now],
  );
  await bulk(
    db,
    'UPDATE show_sources SET last_seen = $2::text FROM unnest($1::bigint[]) AS t(id) WHERE show_sources.id = t.id',
    showMemberTouches.map((id) => [id]),
    [now],
  );
  await recomputeShows(db, [...touchedShows].map(realShow));

  // ---- performances ----
  const existingIndex = new Map<string, number>();
  const existingRowId: number[] = [];
  const existingFingerprint: number[] = [];
  const existingStatus: string[] = [];
  const existingStartMin: number[] = [];
  for (const [id, sourceId, fp, status, startMin] of (
    await db.query<[number, string, number, string, number]>({
      text: 'SELECT id, source_id, fingerprint, status, start_min FROM performances WHERE source = $1',
      values: [source],
      rowMode: 'array',
    })
  ).rows) {
    existingIndex.set(sourceId, existingRowId.length);
    existingRowId.push(id);
    existingFingerprint.push(Number(fp));
    existingStatus.push(status);
    existingStartMin.push(Number(startMin));
  }
  const listed = new Uint8Array(existingRowId.length);

  const resolve = (perf: ImportedPerformance) => {
    const member = memberOfShowSourceId.get(perf.showSourceId);
    if (!member)
      throw new ImportIntegrityError(`performance ${perf.sourceId}: unknown show ${perf.showSourceId}`);
    const venueId = venueIdBySourceId.get(perf.venueSourceId);
    if (venueId === undefined) {
      throw new ImportIntegrityError(`performance ${perf.sourceId}: unknown venue ${perf.venueSourceId}`);
    }
    return { member, venueId };
  };

  const inserts: unknown[][] = [];
  const updates: unknown[][] = [];
  const touches: number[] = [];
  for (const perf of performances) {
    const { member, venueId } = resolve(perf);
    const r = performanceRecord(perf);
    const fp = performanceFingerprint(member.memberId, venueId, r);
    const at = existingIndex.get(perf.sourceId);
    const values = [
      member.showId,
      member.memberId,
      venueId,
      r.start,
      r.startMin,
      r.end,
      r.priceMin,
      r.priceMax,
      r.free,
      r.url,
      r.status,
      fp,
    ];
    if (at === undefined) {
      inserts.push([perf.sourceId, ...values]);
      report.created.performances++;
      if (r.status === 'cancelled') report.cancelled++;
    } else {
      listed[at] = 1;
      if (existingFingerprint[at] === fp && existingStatus[at] === r.status) {
        touches.push(existingRowId[at]!);
        report.unchanged.performances++;
      } else {
        updates.push([existingRowId[at], ...values]);
        report.updated.performances++;
        if (r.status === 'cancelled' && existingStatus[at] !== 'cancelled') report.cancelled++;
      }
    }
    step();
  }
  const cancels: number[] = [];
  if (batch.complete) {
    const nowMin = clockMinutes(now);
    let upcoming = 0;
    let wouldCancel = 0;
    for (let i = 0; i < existingRowId.length; i++) {
      if (!isUpcoming(existingStartMin[i]!, existingStatus[i]!, nowMin)) continue;
      upcoming++;
      if (listed[i] === 0) wouldCancel++;
    }
    checkMassCancellation(wouldCancel, upcoming, options.confirmCancel);
    for (let i = 0; i < existingRowId.length; i++) {
      if (listed[i] === 0 && existingStatus[i] !== 'cancelled') {
        cancels.push(existingRowId[i]!);
        report.cancelled++;
      }
    }
  }

  const performanceIds = await allocateIds(db, 'performances', inserts.length);
  const PERFORMANCE_UNNEST = `$3::bigint[], $4::bigint[], $5::bigint[], $6::text[], $7::bigint[], $8::text[], $9::float8[],
    $10::float8[], $11::bool[], $12::text[], $13::text[], $14::bigint[]`;
  const PERFORMANCE_NAMES =
    'show_id, show_member_id, venue_id, start_at, start_min, end_at, price_min, price_max, free, url, status, fingerprint';
  await bulk(
    db,
    `INSERT INTO performances (id, source_id, ${PERFORMANCE_NAMES}, source, last_seen)
     SELECT *, $15::text, $16::text FROM unnest($1::bigint[], $2::text[], ${PERFORMANCE_UNNEST})`,
    inserts.map((row, i) => [performanceIds[i], ...row]),
    [source, now],
  );
  await bulk(
    db,
    `UPDATE performances p SET (${PERFORMANCE_NAMES}, last_seen) = (${PERFORMANCE_NAMES.split(', ')
      .map((c) => `t.${c}`)
      .join(', ')}, $15::text)
     FROM unnest($1::bigint[], $2::text[], ${PERFORMANCE_UNNEST}) AS t(id, unused, ${PERFORMANCE_NAMES})
     WHERE p.id = t.id`,
    updates.map(([id, ...values]) => [id, '', ...values]),
    [now],
  );
  await bulk(
    db,
    'UPDATE performances SET last_seen = $2::text FROM unnest($1::bigint[]) AS t(id) WHERE performances.id = t.id',
    touches.map((id) => [id]),
    [now],
  );
  await bulk(
    db,
    "UPDATE performances SET status = 'cancelled' FROM unnest($1::bigint[]) AS t(id) WHERE performances.id = t.id",
    cancels.map((id) => [id]),
  );

  if (reportChangedCatalogue(report)) {
    const { rows } = await db.query<{ revision: number }>(
      'UPDATE catalogue_state SET revision = revision + 1 WHERE id = 1 RETURNING revision',
    );
    await notifyChange(db, { kind: 'catalogue', revision: rows[0]!.revision });
  }
  return report;
}
