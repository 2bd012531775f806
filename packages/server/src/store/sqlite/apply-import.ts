import type { ImportReport } from '@detour/sdk';
import type { ImportBatch, ImportedPerformance } from '../../catalogue/batch.js';
import { type ShowIdentity, showIdentity } from '../../catalogue/identity.js';
import { ElementOrder, findIndexedMatch, ShowIdentityIndex } from '../../catalogue/identity-index.js';
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
import { cachedStatement, type SqliteDatabase } from './database.js';

/**
 * The import algorithm, run inside one write transaction by the caller (all or nothing).
 *
 * Counting: each record of the batch lands in exactly one of created / updated / unchanged. A record
 * that joins an existing venue or show (identity match) counts as an update of it. `cancelled`
 * counts performances that became cancelled in this import (listed as cancelled, or absent from a
 * complete batch); they are never deleted. Provenance lastSeen moves for every listed record but is
 * not an update. Show identity is decided when a record is first seen; later edits of the record
 * update the show's fields but never move it (an editor's split is therefore permanent).
 */

/**
 * Largest page cache of an import (KiB). An import inserts into indexes keyed by long source ids all over the
 * database: once the database outgrows the connection's cache (2 MB by default), pages were read back from
 * the OS and spilled to the log many times within one transaction (at a million performances, most of the
 * insert time). So an import's cache is as large as the database, up to this; the connection's own setting is
 * restored before the commit, which then frees the extra pages.
 */
export const IMPORT_CACHE_KIB = 256 * 1024;

/** Applies `batch`; must run inside a transaction. */
export function applyImportInTransaction(
  db: SqliteDatabase,
  batch: ImportBatch,
  options: ImportOptions,
): ImportReport {
  const cacheSize = Number(db.pragma('cache_size', { simple: true }));
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  const databaseKib = (Number(db.pragma('page_count', { simple: true })) * pageSize) / 1024;
  // cache_size is in pages when positive, in KiB when negative.
  const currentKib = cacheSize < 0 ? -cacheSize : (cacheSize * pageSize) / 1024;
  const importKib = Math.min(IMPORT_CACHE_KIB, Math.ceil(databaseKib));
  const larger = importKib > currentKib;
  if (larger) db.pragma(`cache_size = ${-importKib}`);
  try {
    return applyBatch(db, batch, options);
  } finally {
    if (larger) db.pragma(`cache_size = ${cacheSize}`);
  }
}

function applyBatch(db: SqliteDatabase, batch: ImportBatch, options: ImportOptions): ImportReport {
  const { source } = batch;
  const now = options.now;
  checkImportClock(now);
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
  const q = {
    venueMembersOfSource: db.prepare(
      'SELECT id, source_id, venue_id, data FROM venue_sources WHERE source = ?',
    ),
    allVenueMembers: db
      .prepare('SELECT venue_id, name_key, town_key, postcode, insee_code, lat, lon FROM venue_sources')
      .raw(),
    insertVenue: db.prepare(
      `INSERT INTO venues (public_id, name, address, town, postcode, insee_code, lat, lon, capacity, size_class, type, accessibility, url)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateVenue: db.prepare(
      `UPDATE venues SET name = ?, address = ?, town = ?, postcode = ?, insee_code = ?, lat = ?, lon = ?, capacity = ?,
       size_class = ?, type = ?, accessibility = ?, url = ? WHERE id = ?`,
    ),
    venueMemberData: db.prepare('SELECT data FROM venue_sources WHERE venue_id = ? ORDER BY id').pluck(),
    insertVenueMember: db.prepare(
      `INSERT INTO venue_sources (source, source_id, venue_id, data, name_key, town_key, postcode, insee_code, lat, lon, last_seen)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateVenueMember: db.prepare(
      `UPDATE venue_sources SET data = ?, name_key = ?, town_key = ?, postcode = ?, insee_code = ?, lat = ?, lon = ?, last_seen = ?
       WHERE id = ?`,
    ),
    touchVenueMember: db.prepare('UPDATE venue_sources SET last_seen = ? WHERE id = ?'),
  };

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

  const venueIdBySourceId = new Map<string, number>();
  const venueMembers = new Map<string, { id: number; venueId: number; data: string }>();
  for (const row of q.venueMembersOfSource.iterate(source) as Iterable<{
    id: number;
    source_id: string;
    venue_id: number;
    data: string;
  }>) {
    venueMembers.set(row.source_id, { id: row.id, venueId: row.venue_id, data: row.data });
    venueIdBySourceId.set(row.source_id, row.venue_id);
  }

  let venueIndex: Map<string, Array<{ venueId: number; identity: VenueIdentity }>> | null = null;
  const loadVenueIndex = () => {
    if (venueIndex) return venueIndex;
    const index = new Map<string, Array<{ venueId: number; identity: VenueIdentity }>>();
    for (const [
      venueId,
      nameKey,
      townKey,
      postcode,
      inseeCode,
      lat,
      lon,
    ] of q.allVenueMembers.iterate() as Iterable<
      [number, string, string, string | null, string | null, number, number]
    >) {
      const list = index.get(nameKey) ?? [];
      list.push({ venueId, identity: { nameKey, townKey, postcode, inseeCode, lat, lon } });
      index.set(nameKey, list);
    }
    venueIndex = index;
    return index;
  };

  const touchedVenues = new Set<number>();
  for (const v of venues) {
    const rec = venueRecord(v);
    checkVenue(v, rec);
    const data = JSON.stringify(rec);
    const identity = venueIdentityOf(rec);
    const keys = [identity.nameKey, identity.townKey, rec.postcode, rec.inseeCode, rec.lat, rec.lon];
    const known = venueMembers.get(v.sourceId);
    if (known) {
      if (known.data === data) {
        q.touchVenueMember.run(now, known.id);
        report.unchanged.venues++;
      } else {
        q.updateVenueMember.run(data, ...keys, now, known.id);
        touchedVenues.add(known.venueId);
        report.updated.venues++;
      }
    } else {
      const index = loadVenueIndex();
      const same = (index.get(identity.nameKey) ?? []).find((c) => sameVenue(identity, c.identity));
      let venueId: number;
      if (same) {
        venueId = same.venueId;
        touchedVenues.add(venueId);
        report.updated.venues++;
      } else {
        venueId = insertWithPublicId('v', source, v.sourceId, (publicId) =>
          Number(q.insertVenue.run(publicId, ...venueValues(rec)).lastInsertRowid),
        ).id;
        report.created.venues++;
      }
      const memberId = Number(
        q.insertVenueMember.run(source, v.sourceId, venueId, data, ...keys, now).lastInsertRowid,
      );
      venueMembers.set(v.sourceId, { id: memberId, venueId, data });
      venueIdBySourceId.set(v.sourceId, venueId);
      const list = index.get(identity.nameKey) ?? [];
      list.push({ venueId, identity });
      index.set(identity.nameKey, list);
    }
    step();
  }
  for (const venueId of touchedVenues) {
    const merged = mergeRecords(
      (q.venueMemberData.all(venueId) as string[]).map((d) => JSON.parse(d) as VenueRecord),
    );
    q.updateVenue.run(...venueValues(merged), venueId);
  }

  // ---- shows ----
  const s = {
    membersOfSource: db.prepare('SELECT id, source_id, show_id, data FROM show_sources WHERE source = ?'),
    allMembers: db
      .prepare('SELECT show_id, source, title_key, creator_keys, discipline FROM show_sources')
      .raw(),
    publicIdOf: db.prepare('SELECT public_id FROM shows WHERE id = ?').pluck(),
    venuesOfShow: db.prepare('SELECT DISTINCT venue_id FROM performances WHERE show_id = ?').pluck(),
    insertMember: db.prepare(
      `INSERT INTO show_sources (source, source_id, show_id, data, title_key, creator_keys, discipline, matched, score, merged_at, last_seen)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateMember: db.prepare(
      'UPDATE show_sources SET data = ?, title_key = ?, creator_keys = ?, discipline = ?, last_seen = ? WHERE id = ?',
    ),
    touchMember: db.prepare('UPDATE show_sources SET last_seen = ? WHERE id = ?'),
  };

  const showMembers = new Map<string, { id: number; showId: number; data: string }>();
  for (const row of s.membersOfSource.iterate(source) as Iterable<{
    id: number;
    source_id: string;
    show_id: number;
    data: string;
  }>) {
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
  // The commune of a venue (INSEE code, else postcode and town): evidence for records without creators.
  const venueCommuneRow = db.prepare('SELECT insee_code, postcode, town FROM venues WHERE id = ?').raw();
  const venueCommunes = new Map<number, string | null>();
  const communeOf = (venueId: number): string | null => {
    let commune = venueCommunes.get(venueId);
    if (commune === undefined) {
      const row = venueCommuneRow.get(venueId) as [string | null, string | null, string] | undefined;
      commune = row ? (row[0] ?? (row[1] !== null ? `${row[1]}|${normaliseName(row[2])}` : null)) : null;
      venueCommunes.set(venueId, commune);
    }
    return commune;
  };
  // Venues of known shows, read only when a candidate needs them (a record without creators); venues of
  // this batch's records are added as the records join, read or not.
  const showVenues = new Map<number, Set<number>>();
  const pendingVenues = new Map<number, Set<number>>();
  const venuesOf = (showId: number): Set<number> => {
    let set = showVenues.get(showId);
    if (!set) {
      set = new Set((s.venuesOfShow.all(showId) as number[]).map(Number));
      for (const v of pendingVenues.get(showId) ?? []) set.add(v);
      pendingVenues.delete(showId);
      showVenues.set(showId, set);
    }
    return set;
  };
  const addVenuesOf = (showId: number, venues: Set<number>) => {
    if (venues.size === 0) return;
    const target = showVenues.get(showId) ?? pendingVenues.get(showId);
    if (target) for (const v of venues) target.add(v);
    else pendingVenues.set(showId, new Set(venues));
  };

  // Records of the batch, cleaned once: their identities also fix the identity index's element order.
  const showRecords = shows.map((sh) => {
    const rec = showRecord(sh);
    checkShow(sh, rec);
    return { rec, identity: showIdentity(rec) };
  });

  // Identity index over every show record already stored, loaded only when the batch brings new ones — or
  // the one the previous import on this connection left, when nothing has written since.
  const kept = takeKeptIndex(db);
  let identityIndex: ShowIdentityIndex | null = kept?.index ?? null;
  let identityChanged = false;
  const loadIdentityIndex = (): ShowIdentityIndex => {
    if (identityIndex) return identityIndex;
    const stored: Array<{ showId: number; source: string; identity: ShowIdentity }> = [];
    // Most stored records repeat an identity of their show (one record per venue): one object for each.
    const identities = new Map<string, ShowIdentity>();
    for (const [
      showId,
      memberSource,
      titleKey,
      creatorKeys,
      discipline,
    ] of s.allMembers.iterate() as Iterable<[number, string, string, string, ShowIdentity['discipline']]>) {
      const key = `${showId}\u0000${discipline}\u0000${titleKey}\u0000${creatorKeys}`;
      let identity = identities.get(key);
      if (!identity) {
        identity = {
          titleKey,
          titleTokens: titleKey.split(' ').filter(Boolean),
          creatorKeys: JSON.parse(creatorKeys) as string[],
          discipline,
        };
        identities.set(key, identity);
      }
      stored.push({ showId, source: memberSource, identity });
    }
    const order = new ElementOrder([...identities.values(), ...showRecords.map((r) => r.identity)]);
    identityIndex = new ShowIdentityIndex(order);
    for (const row of stored) identityIndex.add(row.showId, row.identity, row.source);
    return identityIndex;
  };

  const memberOfShowSourceId = new Map<string, { memberId: number; showId: number }>();
  for (const [sourceId, m] of showMembers)
    memberOfShowSourceId.set(sourceId, { memberId: m.id, showId: m.showId });

  // Public ids of the shows records join (one query per show, not per record; those an earlier import on
  // this connection read or created are kept with its identity index).
  const publicIds = kept?.publicIds ?? new Map<number, string>();
  const publicIdOf = (showId: number): string => {
    let id = publicIds.get(showId);
    if (id === undefined) {
      id = s.publicIdOf.get(showId) as string;
      publicIds.set(showId, id);
    }
    return id;
  };

  const touchedShows = new Set<number>();
  // Shows one of whose stored records changed: their row is merged again from all their records. The
  // others touched only gained records (appended, so merged last): see mergeShowRow.
  const remergedShows = new Set<number>();
  const joinedRecords = new Map<number, ShowRecord[]>();
  const resolvedInBatch = new Map<string, number>();
  for (let i = 0; i < shows.length; i++) {
    const sh = shows[i]!;
    const { rec, identity } = showRecords[i]!;
    const data = JSON.stringify(rec);
    const creatorKeys = JSON.stringify(identity.creatorKeys);
    const known = showMembers.get(sh.sourceId);
    if (known) {
      if (known.data === data) {
        s.touchMember.run(now, known.id);
        report.unchanged.shows++;
      } else {
        s.updateMember.run(data, identity.titleKey, creatorKeys, rec.discipline, now, known.id);
        // The index lists the record's former identity; the next import reads the new one from the database.
        identityChanged = true;
        touchedShows.add(known.showId);
        remergedShows.add(known.showId);
        report.updated.shows++;
      }
    } else {
      const index = loadIdentityIndex();
      // A record identical (discipline, title, creators) to one already resolved in this batch — a touring
      // show listed once per venue — has its certain match already: the show that record went to (no older
      // show can match it better, or the first record would have gone there).
      const memoKey =
        identity.creatorKeys.length > 0
          ? `${rec.discipline}\u0000${identity.titleKey}\u0000${identity.creatorKeys.join('\u0001')}`
          : null;
      const resolved = memoKey === null ? undefined : resolvedInBatch.get(memoKey);
      const recordVenues = batchShowVenues.get(sh.sourceId) ?? new Set<number>();
      let found: ReturnType<typeof findIndexedMatch>;
      if (resolved !== undefined) {
        found = {
          showId: resolved,
          match: { matched: ['title', 'creators', 'discipline'], score: 1, certain: true },
        };
      } else {
        found = findIndexedMatch(index, identity, source, (e, sameSource) => {
          const needsVenue =
            e.identity.titleKey === identity.titleKey &&
            (e.identity.creatorKeys.length === 0 || identity.creatorKeys.length === 0);
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
          return { showId: e.showId, identity: e.identity, sameSource, sharedVenue, sharedCommune };
        });
      }

      let showId: number;
      let matched: string[] = [];
      let score = 1;
      if (found) {
        showId = found.showId;
        matched = found.match.matched;
        score = found.match.score;
        touchedShows.add(showId);
        const joined = joinedRecords.get(showId);
        if (joined) joined.push(rec);
        else joinedRecords.set(showId, [rec]);
        report.updated.shows++;
        report.merges.push({
          showId: publicIdOf(showId),
          sourceId: sh.sourceId,
          matched,
          score,
        });
      } else {
        const inserted = insertWithPublicId('s', source, sh.sourceId, (publicId) =>
          insertShow(db, publicId, rec),
        );
        showId = inserted.id;
        publicIds.set(showId, inserted.publicId);
        showVenues.set(showId, new Set());
        report.created.shows++;
      }
      const memberId = Number(
        s.insertMember.run(
          source,
          sh.sourceId,
          showId,
          data,
          identity.titleKey,
          creatorKeys,
          rec.discipline,
          JSON.stringify(matched),
          score,
          now,
          now,
        ).lastInsertRowid,
      );
      if (memoKey !== null && resolved === undefined) resolvedInBatch.set(memoKey, showId);
      showMembers.set(sh.sourceId, { id: memberId, showId, data });
      memberOfShowSourceId.set(sh.sourceId, { memberId, showId });
      index.add(showId, identity, source);
      addVenuesOf(showId, recordVenues);
    }
    step();
  }
  for (const showId of touchedShows) {
    if (remergedShows.has(showId)) recomputeShow(db, showId);
    else mergeShowRow(db, showId, joinedRecords.get(showId) ?? []);
  }

  // ---- performances ----
  const p = {
    ofSource: db
      .prepare('SELECT id, source_id, fingerprint, status, start_min FROM performances WHERE source = ?')
      .raw(),
    insert: db.prepare(
      `INSERT INTO performances (source, source_id, show_id, show_member_id, venue_id, start_at, start_min, end_at,
       price_min, price_max, free, url, status, fingerprint, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    update: db.prepare(
      `UPDATE performances SET show_id = ?, show_member_id = ?, venue_id = ?, start_at = ?, start_min = ?, end_at = ?,
       price_min = ?, price_max = ?, free = ?, url = ?, status = ?, fingerprint = ?, last_seen = ? WHERE id = ?`,
    ),
    touch: db.prepare('UPDATE performances SET last_seen = ? WHERE id = ?'),
    cancel: db.prepare("UPDATE performances SET status = 'cancelled' WHERE id = ?"),
  };

  const existingIndex = new Map<string, number>();
  const existingRowId: number[] = [];
  const existingFingerprint: number[] = [];
  const existingStatus: string[] = [];
  const existingStartMin: number[] = [];
  for (const [id, sourceId, fp, status, startMin] of p.ofSource.iterate(source) as Iterable<
    [number, string, number, string, number]
  >) {
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

  for (const perf of performances) {
    const { member, venueId } = resolve(perf);
    const r = performanceRecord(perf);
    const fp = performanceFingerprint(member.memberId, venueId, r);
    const at = existingIndex.get(perf.sourceId);
    // Arguments passed one by one (no array spread per row): a national import inserts a million rows.
    if (at === undefined) {
      p.insert.run(
        source,
        perf.sourceId,
        member.showId,
        member.memberId,
        venueId,
        r.start,
        r.startMin,
        r.end,
        r.priceMin,
        r.priceMax,
        r.free ? 1 : 0,
        r.url,
        r.status,
        fp,
        now,
      );
      report.created.performances++;
      if (r.status === 'cancelled') report.cancelled++;
    } else {
      listed[at] = 1;
      if (existingFingerprint[at] === fp && existingStatus[at] === r.status) {
        p.touch.run(now, existingRowId[at]);
        report.unchanged.performances++;
      } else {
        p.update.run(
          member.showId,
          member.memberId,
          venueId,
          r.start,
          r.startMin,
          r.end,
          r.priceMin,
          r.priceMax,
          r.free ? 1 : 0,
          r.url,
          r.status,
          fp,
          now,
          existingRowId[at],
        );
        report.updated.performances++;
        if (r.status === 'cancelled' && existingStatus[at] !== 'cancelled') report.cancelled++;
      }
    }
    step();
  }
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
        p.cancel.run(existingRowId[i]);
        report.cancelled++;
      }
    }
  }

  if (reportChangedCatalogue(report)) {
    db.prepare('UPDATE catalogue_state SET revision = revision + 1 WHERE id = 1').run();
  }
  if (identityIndex && !identityChanged) keepIndex(db, identityIndex, publicIds);
  return report;
}

/**
 * Inserts a venue or show row under the first free public id derived from (source, sourceId): the insert
 * itself meets a taken id (the table's only unique key, public_id), instead of a lookup before every insert
 * for a collision that practically never happens. A failed insert leaves nothing behind (statement rollback).
 */
function insertWithPublicId(
  prefix: 'v' | 's',
  source: string,
  sourceId: string,
  insert: (publicId: string) => number,
): { id: number; publicId: string } {
  for (let attempt = 0; ; attempt++) {
    const publicId = stableId(prefix, source, sourceId, attempt);
    try {
      return { id: insert(publicId), publicId };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
    }
  }
}

/**
 * The identity index an import leaves on its connection, for the next import: loading it means reading every
 * show record stored, which a national import in several files would otherwise do once per file. It is
 * reused only while the database is exactly as that import left it: no other connection has committed
 * (PRAGMA data_version), and the catalogue revision is the one that import wrote (a split, or a rolled back
 * import, moves it or leaves it behind). Dropped after a minute without imports, so that a server does not
 * hold it at rest.
 */
interface KeptIndex {
  index: ShowIdentityIndex;
  /** Public ids of shows that import read or created (a show's public id never changes). */
  publicIds: Map<number, string>;
  dataVersion: number;
  revision: number;
  timer: NodeJS.Timeout;
}

const KEEP_INDEX_MS = 60_000;
const keptIndexes = new WeakMap<SqliteDatabase, KeptIndex>();

const databaseState = (db: SqliteDatabase) => ({
  dataVersion: Number(db.pragma('data_version', { simple: true })),
  revision: Number(db.prepare('SELECT revision FROM catalogue_state WHERE id = 1').pluck().get()),
});

/** The kept index when still valid for this connection's database (taken: an import that fails leaves none). */
function takeKeptIndex(
  db: SqliteDatabase,
): { index: ShowIdentityIndex; publicIds: Map<number, string> } | null {
  const kept = keptIndexes.get(db);
  if (!kept) return null;
  keptIndexes.delete(db);
  clearTimeout(kept.timer);
  const now = databaseState(db);
  return now.dataVersion === kept.dataVersion && now.revision === kept.revision
    ? { index: kept.index, publicIds: kept.publicIds }
    : null;
}

/** Keeps the index of a successful import (called inside its transaction, with the revision it commits). */
function keepIndex(db: SqliteDatabase, index: ShowIdentityIndex, publicIds: Map<number, string>): void {
  const timer = setTimeout(() => {
    if (keptIndexes.get(db)?.index === index) keptIndexes.delete(db);
  }, KEEP_INDEX_MS);
  timer.unref();
  keptIndexes.set(db, { index, publicIds, ...databaseState(db), timer });
}

const showValues = (r: ShowRecord) => [
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

/** Inserts a show row from one record; returns its row id. */
export function insertShow(db: SqliteDatabase, publicId: string, r: ShowRecord): number {
  return Number(
    cachedStatement(
      db,
      `INSERT INTO shows (public_id, title, creators, discipline, sub_discipline, audience_kind, min_age, max_age, tags,
         description, image, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(publicId, ...showValues(r)).lastInsertRowid,
  );
}

/**
 * Rewrites the row of a show whose stored records are unchanged as the merge of that row with `added`, the
 * records it gained (joined after every stored one). Why: the row is the merge of its stored records (first
 * joined first), and a merge fills only empty fields, first non-empty value wins — so merging the row with
 * the new records gives what recomputeShow gives, without reading and parsing every record of a touring show.
 */
function mergeShowRow(db: SqliteDatabase, showId: number, added: readonly ShowRecord[]): void {
  const row = cachedStatement(
    db,
    `SELECT title, creators, discipline, sub_discipline, audience_kind, min_age, max_age, tags, description, image,
     language FROM shows WHERE id = ?`,
  )
    .raw()
    .get(showId) as
    | [
        string,
        string,
        ShowRecord['discipline'],
        ShowRecord['subDiscipline'],
        ShowRecord['audience']['kind'],
        number | null,
        number | null,
        string,
        string | null,
        string | null,
        string | null,
      ]
    | undefined;
  if (!row) return;
  const stored: ShowRecord = {
    title: row[0],
    creators: JSON.parse(row[1]) as string[],
    discipline: row[2],
    subDiscipline: row[3],
    audience: { kind: row[4], minAge: row[5], maxAge: row[6] },
    tags: JSON.parse(row[7]) as string[],
    description: row[8],
    image: row[9],
    language: row[10],
  };
  const values = showValues(mergeRecords([stored, ...added]));
  // Most records joining a show fill none of its empty fields: the row would be written unchanged.
  if (values.every((v, i) => v === row[i])) return;
  cachedStatement(
    db,
    `UPDATE shows SET title = ?, creators = ?, discipline = ?, sub_discipline = ?, audience_kind = ?, min_age = ?,
     max_age = ?, tags = ?, description = ?, image = ?, language = ? WHERE id = ?`,
  ).run(...values, showId);
}

/** Rewrites a show row as the merge of its records (first joined first). */
export function recomputeShow(db: SqliteDatabase, showId: number): void {
  const rows = cachedStatement(db, 'SELECT data FROM show_sources WHERE show_id = ? ORDER BY id').all(
    showId,
  ) as Array<{
    data: string;
  }>;
  if (rows.length === 0) return;
  const merged = mergeRecords(rows.map((row) => JSON.parse(row.data) as ShowRecord));
  cachedStatement(
    db,
    `UPDATE shows SET title = ?, creators = ?, discipline = ?, sub_discipline = ?, audience_kind = ?, min_age = ?,
     max_age = ?, tags = ?, description = ?, image = ?, language = ? WHERE id = ?`,
  ).run(...showValues(merged), showId);
}
