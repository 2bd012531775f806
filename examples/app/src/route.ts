import { findTown } from './towns.js';

/** Where the visitor is looking: a town of the picker or their own position. */
export interface Place {
  label: string;
  lat: number;
  lon: number;
}

export type Route = { page: 'home'; place: Place | null; radius: number } | { page: 'show'; id: string };

export const RADII = [10, 20, 50] as const;
const DEFAULT_RADIUS = 20;

/**
 * The app's state lives in the URL hash (`#/?town=Tours&radius=20`, `#/?lat=…&lon=…`, `#/show/<id>`):
 * shareable, back-button friendly, and nothing about the visitor's position is stored anywhere.
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/';
  const show = /^\/show\/([A-Za-z0-9_.:-]{1,80})$/.exec(path);
  if (show) return { page: 'show', id: show[1]! };
  const query = new URLSearchParams(path.split('?')[1] ?? '');
  const radius = Number(query.get('radius'));
  const r = (RADII as readonly number[]).includes(radius) ? radius : DEFAULT_RADIUS;
  const town = query.get('town');
  if (town) {
    const t = findTown(town);
    return { page: 'home', place: t ? { label: t.name, lat: t.lat, lon: t.lon } : null, radius: r };
  }
  const lat = Number(query.get('lat'));
  const lon = Number(query.get('lon'));
  const valid = query.has('lat') && query.has('lon') && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  return { page: 'home', place: valid ? { label: 'votre position', lat, lon } : null, radius: r };
}

/** The hash of the home page for a place and radius. */
export function homeHash(place: Place | { town: string } | null, radius: number): string {
  const q = new URLSearchParams();
  if (place && 'town' in place) q.set('town', place.town);
  else if (place) {
    // Three decimals (~100 m) are enough to recommend, and say less about where someone lives.
    q.set('lat', place.lat.toFixed(3));
    q.set('lon', place.lon.toFixed(3));
  }
  q.set('radius', String(radius));
  return `#/?${q.toString()}`;
}

export const showHash = (id: string) => `#/show/${id}`;
