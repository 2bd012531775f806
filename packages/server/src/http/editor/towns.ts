import type { Town } from '@detour/sdk';
import type { CatalogueIndex } from '../../engine/index.js';
import { foldAccents } from '../../text/french.js';

/**
 * The catalogue's towns, for the preview's place picker: venues grouped by commune name and by a coarse
 * grid cell (so two communes sharing a name far apart stay apart), at the centroid of their venues.
 */
export interface TownIndex {
  towns: Town[];
  byId: Map<string, Town>;
  /** Folded names, aligned with `towns`. */
  folded: string[];
}

const cache = new WeakMap<CatalogueIndex, TownIndex>();

const slug = (text: string) =>
  foldAccents(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The towns of a catalogue index, most venues first (built once per index). */
export function townIndex(index: CatalogueIndex): TownIndex {
  const hit = cache.get(index);
  if (hit) return hit;
  const groups = new Map<string, { name: string; lat: number; lon: number; venues: number }>();
  for (const venue of index.snapshot.venues) {
    const name = venue.town.trim();
    if (!name) continue;
    // Half-degree cells (~50 km): a commune's venues share one; namesakes in other regions do not.
    const key = `${slug(name)}~${Math.round(venue.lat * 2)}~${Math.round(venue.lon * 2)}`;
    const g = groups.get(key);
    if (g) {
      g.lat += venue.lat;
      g.lon += venue.lon;
      g.venues++;
    } else groups.set(key, { name, lat: venue.lat, lon: venue.lon, venues: 1 });
  }
  const towns: Town[] = [];
  for (const [key, g] of groups) {
    towns.push({
      id: key,
      name: g.name,
      lat: Math.round((g.lat / g.venues) * 1e5) / 1e5,
      lon: Math.round((g.lon / g.venues) * 1e5) / 1e5,
      venues: g.venues,
    });
  }
  towns.sort((a, b) => b.venues - a.venues || a.name.localeCompare(b.name, 'fr') || a.id.localeCompare(b.id));
  const built: TownIndex = {
    towns,
    byId: new Map(towns.map((t) => [t.id, t])),
    folded: towns.map((t) => foldAccents(t.name)),
  };
  cache.set(index, built);
  return built;
}

/** Towns whose name starts with the query (accents and case ignored), then those containing it; most venues first. */
export function searchTowns(towns: TownIndex, query: string, limit: number): Town[] {
  const q = foldAccents(query.trim());
  if (!q) return towns.towns.slice(0, limit);
  const starts: Town[] = [];
  const contains: Town[] = [];
  for (let i = 0; i < towns.towns.length && starts.length < limit; i++) {
    const name = towns.folded[i]!;
    if (name.startsWith(q)) starts.push(towns.towns[i]!);
    else if (contains.length < limit && name.includes(q)) contains.push(towns.towns[i]!);
  }
  return [...starts, ...contains].slice(0, limit);
}
