import type { Performance, Recommendation, Show, Venue } from '@detour/sdk/contract';
import type { EnginePick } from '../engine/index.js';
import { performanceId } from '../engine/snapshot.js';
import type { CatalogueStore } from '../store/store.js';

/** Records kept per catalogue view: enough for the shows and venues a busy day's requests return. */
export const RECORD_CACHE_LIMITS = { shows: 20_000, performances: 20_000, venues: 30_000 } as const;

/**
 * A bounded map that forgets the entries least recently used, by generations: entries go to a young
 * map; when it holds half the limit, it becomes the old map and the previous old one is dropped; a hit
 * in the old map moves the entry back to the young one. At most `limit` entries, and a hit in the young
 * map is one lookup (a strict LRU moved every hit to the end of one map: a delete and an insert per
 * record of every answer).
 */
class RecentMap<V> {
  #young = new Map<string, V>();
  #old = new Map<string, V>();
  readonly #half: number;
  constructor(readonly limit: number) {
    this.#half = Math.max(1, Math.floor(limit / 2));
  }
  get(key: string): V | undefined {
    const young = this.#young.get(key);
    if (young !== undefined) return young;
    const old = this.#old.get(key);
    if (old !== undefined) this.set(key, old);
    return old;
  }
  set(key: string, value: V): void {
    if (this.#young.size >= this.#half) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, value);
  }
}

interface RecordCache {
  shows: RecentMap<Show>;
  performances: RecentMap<Performance>;
  venues: RecentMap<Venue>;
}

// Keyed by the catalogue view (one per store revision): a new revision starts with an empty cache.
const caches = new WeakMap<object, RecordCache>();

// Records held by a record cache: shared by every answer that picks them, never changed after the read.
const shared = new WeakSet<object>();
// Their JSON in UTF-8, written the first time an answer containing them is serialised; gone with the record.
const fragments = new WeakMap<object, Uint8Array>();

/**
 * The JSON of a record held by a record cache (exactly the UTF-8 bytes of `JSON.stringify(record)`),
 * written once and reused by every answer that contains it; undefined for any other value. Serialising
 * the show, performance and venue records was most of the cost of serialising an answer.
 */
export function recordJson(value: object): Uint8Array | undefined {
  let json = fragments.get(value);
  if (json === undefined && shared.has(value)) {
    // A copy of its own: small Buffers are slices of a shared 8 kB pool that a kept slice would pin.
    json = new Uint8Array(Buffer.from(JSON.stringify(value)));
    fragments.set(value, json);
  }
  return json;
}

async function cached<V extends { id: string }>(
  ids: readonly string[],
  cache: RecentMap<V> | null,
  load: (ids: readonly string[]) => Promise<V[]>,
): Promise<Map<string, V>> {
  const found = new Map<string, V>();
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const hit = cache?.get(id);
    if (hit) found.set(id, hit);
    else missing.push(id);
  }
  if (missing.length > 0) {
    for (const record of await load(missing)) {
      found.set(record.id, record);
      if (cache) {
        cache.set(record.id, record);
        shared.add(record);
      }
    }
  }
  return found;
}

/**
 * Full records of some shows, performances and venues, fetched in three batched reads. With a `scope`
 * (the catalogue view the ids come from), records already read under it are served from memory: a
 * recommendation's hydration was most of its cost (three SQLite reads per request).
 */
export async function loadRecords(
  store: CatalogueStore,
  ids: { shows: readonly string[]; performances: readonly string[]; venues: readonly string[] },
  scope?: object,
): Promise<{ shows: Map<string, Show>; performances: Map<string, Performance>; venues: Map<string, Venue> }> {
  let cache: RecordCache | null = null;
  if (scope) {
    cache = caches.get(scope) ?? null;
    if (!cache) {
      cache = {
        shows: new RecentMap(RECORD_CACHE_LIMITS.shows),
        performances: new RecentMap(RECORD_CACHE_LIMITS.performances),
        venues: new RecentMap(RECORD_CACHE_LIMITS.venues),
      };
      caches.set(scope, cache);
    }
  }
  const [shows, performances, venues] = await Promise.all([
    cached(ids.shows, cache?.shows ?? null, (list) => store.getShows(list)),
    cached(ids.performances, cache?.performances ?? null, (list) => store.getPerformances(list)),
    cached(ids.venues, cache?.venues ?? null, (list) => store.getVenues(list)),
  ]);
  return { shows, performances, venues };
}

/**
 * The engine's picks as API items: show, performance and venue records from the store (cached per `scope`). A pick whose
 * records vanished since the snapshot (a concurrent import) is left out rather than served half-empty.
 */
export async function hydratePicks(
  store: CatalogueStore,
  picks: readonly EnginePick[],
  scope?: object,
): Promise<Recommendation[]> {
  const records = await loadRecords(
    store,
    {
      shows: picks.map((p) => p.showId),
      performances: picks.map((p) => performanceId(p.performanceRowId)),
      venues: picks.map((p) => p.venueId),
    },
    scope,
  );
  const items: Recommendation[] = [];
  for (const pick of picks) {
    const show = records.shows.get(pick.showId);
    const performance = records.performances.get(performanceId(pick.performanceRowId));
    const venue = records.venues.get(pick.venueId);
    if (!show || !performance || !venue) continue;
    items.push({
      rank: items.length + 1,
      show,
      performance,
      venue,
      distanceKm: Math.round(pick.distanceKm * 100) / 100,
      score: Math.round(pick.score * 10_000) / 10_000,
      reasons: pick.reasons,
    });
  }
  return items;
}
