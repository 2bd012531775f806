import type { EngineRequest } from '../../packages/server/src/engine/index.js';
import { prefixSums, Random, TOWNS } from '../synthetic/index.js';

/** The context kinds the evaluation samples, and their windows. */
export type PlaceKind = 'venue' | 'town' | 'urban' | 'rural' | 'random';

/** Shares of the place kinds in a sample (summing to 1). */
export type PlaceMix = Record<PlaceKind, number>;

/** France as a whole: venue pages, big cities, the countryside, anywhere. */
export const NATIONAL_MIX: PlaceMix = { venue: 0.3, town: 0, urban: 0.3, rural: 0.2, random: 0.2 };

/**
 * A catalogue that covers only part of the country (the demo: one region's DATAtourisme feed, festivals
 * elsewhere): visitors ask where it is used — on a venue's page, or in the town around a venue that has a
 * programme (a point ~2 km around it), both weighted by the venue's number of performances.
 */
export const CATALOGUE_MIX: PlaceMix = { venue: 0.5, town: 0.5, urban: 0, rural: 0, random: 0 };
export type WindowKind = 'tonight' | 'weekend' | '7d' | '30d';

export interface EvalContext {
  request: EngineRequest;
  place: PlaceKind;
  window: WindowKind;
}

const RADII = [5, 10, 20, 30, 50];
const PLACE_KINDS: PlaceKind[] = ['venue', 'town', 'urban', 'rural', 'random'];
const WINDOWS: WindowKind[] = ['tonight', 'weekend', '7d', '30d'];
const URBAN = TOWNS.filter((t) => t.population >= 100_000);
const RURAL = TOWNS.filter((t) => t.population < 30_000);

/** A place where visitors ask from: a venue page (the widget's home), weighted by its programme. */
export interface Anchor {
  lat: number;
  lon: number;
  weight: number;
}

/**
 * Seeded visitor contexts, places drawn by `mix` (default NATIONAL_MIX): 30 % on a venue's page (the widget's home; venues weighted by how many
 * performances they list), 30 % in cities, 20 % in the countryside around small towns, 20 % uniform
 * points in metropolitan France; radius 5–50 km; tonight / weekend / 7 days / 30 days; half with a
 * viewed show, 40 % with a 3–8 show history drawn from one or two disciplines (a visitor with habits).
 * `now` is 17:00 Paris time on a day drawn from [firstDay, firstDay + days).
 */
export function sampleContexts(
  count: number,
  seed: number,
  firstDayMs: number,
  days: number,
  showsByDiscipline: Map<string, string[]>,
  allShows: readonly string[],
  anchors: readonly Anchor[],
  mix: PlaceMix = NATIONAL_MIX,
): EvalContext[] {
  const rnd = new Random(seed);
  const anchorPrefix = prefixSums(anchors.map((a) => a.weight));
  const disciplines = [...showsByDiscipline.keys()].sort();
  const out: EvalContext[] = [];
  for (let i = 0; i < count; i++) {
    const x = rnd.next();
    let place: PlaceKind = 'random';
    let acc = 0;
    for (const kind of PLACE_KINDS) {
      acc += mix[kind];
      if (x < acc) {
        place = kind;
        break;
      }
    }
    let lat: number;
    let lon: number;
    if (place === 'venue') {
      const a = anchors[rnd.weighted(anchorPrefix)]!;
      lat = a.lat;
      lon = a.lon;
    } else if (place === 'town') {
      const a = anchors[rnd.weighted(anchorPrefix)]!;
      lat = a.lat + (rnd.normal() * 2) / 111;
      lon = a.lon + (rnd.normal() * 2) / 78;
    } else if (place === 'urban') {
      const t = rnd.pick(URBAN);
      lat = t.lat + (rnd.normal() * 2) / 111;
      lon = t.lon + (rnd.normal() * 2) / 78;
    } else if (place === 'rural') {
      const t = rnd.pick(RURAL);
      const angle = rnd.next() * 2 * Math.PI;
      lat = t.lat + (Math.sin(angle) * 15) / 111;
      lon = t.lon + (Math.cos(angle) * 15) / 78;
    } else {
      lat = 43.2 + rnd.next() * 7.3;
      lon = -1.2 + rnd.next() * 8.5;
    }
    const day = Math.floor(rnd.next() * days);
    // 17:00 Paris ≈ 16:00 UTC in winter, 15:00 in summer; the hour matters little here.
    const nowMs = firstDayMs + day * 86_400_000 + 16 * 3_600_000;
    const window = WINDOWS[rnd.int(WINDOWS.length)]!;
    let fromMs = nowMs;
    let toMs: number;
    if (window === 'tonight') toMs = nowMs + 9 * 3_600_000;
    else if (window === 'weekend') {
      const weekday = new Date(nowMs).getUTCDay();
      const toFriday = (5 - weekday + 7) % 7;
      const friday = nowMs - 16 * 3_600_000 + toFriday * 86_400_000;
      fromMs = Math.max(nowMs, friday + 16 * 3_600_000);
      toMs = friday + (2 * 24 + 22) * 3_600_000;
    } else toMs = nowMs + (window === '7d' ? 7 : 30) * 86_400_000;
    const request: EngineRequest = {
      lat,
      lon,
      radiusKm: RADII[rnd.int(RADII.length)]!,
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      k: 10,
      now: new Date(nowMs).toISOString(),
    };
    if (rnd.next() < 0.5) request.show = rnd.pick(allShows);
    if (rnd.next() < 0.4) {
      const habits = [rnd.pick(disciplines), rnd.pick(disciplines)];
      const n = 3 + rnd.int(6);
      request.history = [
        ...new Set(Array.from({ length: n }, () => rnd.pick(showsByDiscipline.get(rnd.pick(habits))!))),
      ];
    }
    out.push({ request, place, window });
  }
  return out;
}
