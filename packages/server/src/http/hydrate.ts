import type { Performance, Recommendation, Show, Venue } from '@detour/sdk/contract';
import type { EnginePick } from '../engine/index.js';
import { performanceId } from '../engine/snapshot.js';
import type { CatalogueStore } from '../store/store.js';

/** Full records of some shows, performances and venues, fetched in three batched reads. */
export async function loadRecords(
  store: CatalogueStore,
  ids: { shows: readonly string[]; performances: readonly string[]; venues: readonly string[] },
): Promise<{ shows: Map<string, Show>; performances: Map<string, Performance>; venues: Map<string, Venue> }> {
  const unique = (list: readonly string[]) => [...new Set(list)];
  const [shows, performances, venues] = await Promise.all([
    store.getShows(unique(ids.shows)),
    store.getPerformances(unique(ids.performances)),
    store.getVenues(unique(ids.venues)),
  ]);
  return {
    shows: new Map(shows.map((s) => [s.id, s])),
    performances: new Map(performances.map((p) => [p.id, p])),
    venues: new Map(venues.map((v) => [v.id, v])),
  };
}

/**
 * The engine's picks as API items: show, performance and venue records from the store. A pick whose
 * records vanished since the snapshot (a concurrent import) is left out rather than served half-empty.
 */
export async function hydratePicks(
  store: CatalogueStore,
  picks: readonly EnginePick[],
): Promise<Recommendation[]> {
  const records = await loadRecords(store, {
    shows: picks.map((p) => p.showId),
    performances: picks.map((p) => performanceId(p.performanceRowId)),
    venues: picks.map((p) => p.venueId),
  });
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
