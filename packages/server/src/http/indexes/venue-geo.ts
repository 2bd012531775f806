import KDBush from 'kdbush';
import { boundingBox, distanceKm } from '../../engine/geo.js';
import type { SnapshotVenue } from '../../engine/snapshot.js';

/** A venue found near a point: its index in the snapshot and its distance. */
export interface VenueHit {
  venue: number;
  distanceKm: number;
}

/**
 * Venues of a snapshot in a kd-tree over (lon, lat): a bounding-box query, then the exact
 * great-circle distance. Built off the request path with the rest of the catalogue view.
 */
export class VenueGeoIndex {
  readonly #venues: readonly SnapshotVenue[];
  readonly #tree: KDBush | null;

  constructor(venues: readonly SnapshotVenue[]) {
    this.#venues = venues;
    if (venues.length === 0) {
      this.#tree = null;
      return;
    }
    const tree = new KDBush(venues.length);
    for (const v of venues) tree.add(v.lon, v.lat);
    this.#tree = tree.finish();
  }

  /** Venues within `radiusKm` of a point, nearest first (ties by id). */
  near(lat: number, lon: number, radiusKm: number): VenueHit[] {
    if (!this.#tree) return [];
    const box = boundingBox(lat, lon, radiusKm);
    const hits: VenueHit[] = [];
    const collect = (minLon: number, maxLon: number) => {
      for (const i of this.#tree!.range(minLon, box.minLat, maxLon, box.maxLat)) {
        const v = this.#venues[i]!;
        const d = distanceKm(lat, lon, v.lat, v.lon);
        if (d <= radiusKm) hits.push({ venue: i, distanceKm: d });
      }
    };
    collect(box.minLon, box.maxLon);
    // A box that crosses the antimeridian wraps to the other side of the map.
    if (box.minLon < -180) collect(box.minLon + 360, 180);
    if (box.maxLon > 180) collect(-180, box.maxLon - 360);
    const venues = this.#venues;
    hits.sort((a, b) => a.distanceKm - b.distanceKm || (venues[a.venue]!.id < venues[b.venue]!.id ? -1 : 1));
    return hits;
  }
}
