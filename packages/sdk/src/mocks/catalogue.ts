import { DEFAULT_POLICY_SETTINGS } from '../contract/constants.js';
import type {
  Performance,
  PublicPolicy,
  Reason,
  Recommendation,
  RecommendationResponse,
  SearchResponse,
  Show,
  ShowDetail,
  Venue,
  VenueList,
} from '../contract/index.js';
import { DISCIPLINES, SIZE_CLASSES, type SizeClass } from '../contract/taxonomy-tables.js';
import { FIXTURE_ATTRIBUTION, performances, shows, venues } from './fixtures.js';

/** The records the mock API serves; the fixtures by default, or your own. */
export interface MockCatalogue {
  venues: Venue[];
  shows: Show[];
  performances: Performance[];
}

export const defaultCatalogue: MockCatalogue = { venues, shows, performances };

/** Great-circle distance in km. */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

export interface PickFilter {
  lat: number;
  lon: number;
  radiusKm: number;
  k: number;
  exclude: Set<string>;
  /** Disciplines the visitor has seen (viewed show, history): picks elsewhere get a discovery reason. */
  seen: Set<string>;
  free?: boolean | undefined;
  maxPrice?: number | undefined;
  audience?: string | undefined;
  similarTo?: Show | undefined;
}

function reason(
  code: Reason['code'],
  term: Reason['term'],
  params: Reason['params'],
  fr: string,
  en: string,
): Reason {
  return { code, term, decisive: false, params, text: { fr, en } };
}

function reasonsFor(show: Show, venue: Venue, perf: Performance, km: number, f: PickFilter): Reason[] {
  const out: Reason[] = [];
  const label = DISCIPLINES[show.discipline];
  if (f.similarTo && f.similarTo.discipline !== show.discipline) {
    const from = DISCIPLINES[f.similarTo.discipline];
    out.push(
      reason(
        'similar-but-different',
        'discovery',
        { discipline: show.discipline },
        `Proche de « ${f.similarTo.title} », mais côté ${label.fr.toLowerCase()}`,
        `Close to “${f.similarTo.title}”, but ${label.en.toLowerCase()} rather than ${from.en.toLowerCase()}`,
      ),
    );
  } else if (f.seen.size > 0 && !f.seen.has(show.discipline)) {
    out.push(
      reason(
        'discipline-absent',
        'discovery',
        { discipline: show.discipline },
        `Une autre discipline : ${label.fr.toLowerCase()}`,
        `Something different: ${label.en.toLowerCase()}`,
      ),
    );
  }
  const km1 = round1(km);
  out.push(
    reason('distance', 'relevance', { km: km1 }, `À ${String(km1).replace('.', ',')} km`, `${km1} km away`),
  );
  if (venue.sizeClass === 'petit') {
    out.push(
      reason('small-venue', 'fairness', {}, 'Un petit lieu à découvrir', 'A small venue worth discovering'),
    );
  }
  if (perf.price.free) out.push(reason('free', 'fact', {}, 'Gratuit', 'Free'));
  else if (perf.price.min !== null && perf.price.min < 10) {
    out.push(reason('low-price', 'fact', { min: perf.price.min }, 'Moins de 10 €', 'Under €10'));
  }
  if (show.audience.kind === 'jeune-public') {
    out.push(reason('young-audience', 'fact', {}, 'Pour le jeune public', 'For young audiences'));
  }
  const [first] = out;
  if (first) first.decisive = true;
  return out;
}

/** Picks like the engine would in spirit (nearby, filtered, one per venue first), from a small catalogue. */
export function pick(c: MockCatalogue, f: PickFilter): Recommendation[] {
  const venueById = new Map(c.venues.map((v) => [v.id, v]));
  const candidates: Recommendation[] = [];
  for (const show of c.shows) {
    if (f.exclude.has(show.id)) continue;
    if (f.audience && show.audience.kind !== f.audience) continue;
    let best: { perf: Performance; venue: Venue; km: number } | null = null;
    for (const perf of c.performances) {
      if (perf.showId !== show.id || perf.status === 'cancelled') continue;
      if (f.free && !perf.price.free) continue;
      if (
        f.maxPrice !== undefined &&
        !(perf.price.free || (perf.price.min !== null && perf.price.min <= f.maxPrice))
      ) {
        continue;
      }
      const venue = venueById.get(perf.venueId);
      if (!venue) continue;
      const km = distanceKm(f, venue.location);
      if (km > f.radiusKm) continue;
      if (!best || km < best.km || (km === best.km && perf.start < best.perf.start))
        best = { perf, venue, km };
    }
    if (!best) continue;
    const discovery = f.seen.size > 0 && !f.seen.has(show.discipline) ? 0.5 : 0;
    candidates.push({
      rank: 0,
      show,
      performance: best.perf,
      venue: best.venue,
      distanceKm: round1(best.km),
      score: Math.round((1 / (1 + best.km / 10) + discovery) * 1000) / 1000,
      reasons: reasonsFor(show, best.venue, best.perf, best.km, f),
    });
  }
  candidates.sort((a, b) => b.score - a.score || a.show.id.localeCompare(b.show.id));
  // One pick per venue first, then the rest: the policy's venue cap, loosened when the area is small.
  const seenVenues = new Set<string>();
  const first: Recommendation[] = [];
  const rest: Recommendation[] = [];
  for (const r of candidates) {
    if (seenVenues.has(r.venue.id)) rest.push(r);
    else {
      seenVenues.add(r.venue.id);
      first.push(r);
    }
  }
  return [...first, ...rest].slice(0, f.k).map((r, i) => ({ ...r, rank: i + 1 }));
}

/** A recommendation response around the filter's place. */
export function recommendationResponse(
  c: MockCatalogue,
  f: PickFilter,
  window: { from: string; to: string },
  locale: 'fr' | 'en',
): RecommendationResponse {
  const items = pick(c, f);
  return {
    items,
    context: {
      lat: f.lat,
      lon: f.lon,
      radiusKm: f.radiusKm,
      from: window.from,
      to: window.to,
      k: f.k,
      locale,
    },
    empty:
      items.length === 0
        ? {
            code: 'nothing-in-area',
            text: {
              fr: 'Aucun spectacle à proximité pour le moment. Essayez un rayon plus large.',
              en: 'No show nearby for now. Try a wider radius.',
            },
          }
        : null,
    policyVersion: 1,
    snapshotId: 'mock-fixtures',
    seed: `${f.lat.toFixed(3)},${f.lon.toFixed(3)}`,
    attribution: [FIXTURE_ATTRIBUTION],
  };
}

/** `GET /v1/shows/{id}` from the catalogue, or null. */
export function showDetail(c: MockCatalogue, id: string): ShowDetail | null {
  const show = c.shows.find((s) => s.id === id);
  if (!show) return null;
  const perfs = c.performances.filter((p) => p.showId === id).sort((a, b) => a.start.localeCompare(b.start));
  const ids = new Set(perfs.map((p) => p.venueId));
  return {
    show,
    performances: perfs,
    venues: c.venues.filter((v) => ids.has(v.id)),
    attribution: [FIXTURE_ATTRIBUTION],
  };
}

export interface SearchFilter {
  q: string;
  lat?: number | undefined;
  lon?: number | undefined;
  radiusKm?: number | undefined;
  discipline?: string | undefined;
  free?: boolean | undefined;
  maxPrice?: number | undefined;
  offset: number;
  limit: number;
}

/** Accent-folded full-text search over titles, creators, descriptions and towns. */
export function search(c: MockCatalogue, f: SearchFilter): SearchResponse {
  const terms = fold(f.q)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const venueById = new Map(c.venues.map((v) => [v.id, v]));
  const hits: SearchResponse['items'] = [];
  for (const show of c.shows) {
    if (f.discipline && show.discipline !== f.discipline) continue;
    const perfs = c.performances
      .filter((p) => p.showId === show.id && p.status !== 'cancelled')
      .filter((p) => !f.free || p.price.free)
      .filter(
        (p) =>
          f.maxPrice === undefined || p.price.free || (p.price.min !== null && p.price.min <= f.maxPrice),
      )
      .sort((a, b) => a.start.localeCompare(b.start));
    const next = perfs[0] ?? null;
    const venue = next ? (venueById.get(next.venueId) ?? null) : null;
    if ((f.free || f.maxPrice !== undefined) && !next) continue;
    const title = fold(show.title);
    const text = fold(
      [show.title, ...show.creators, show.description ?? '', venue?.town ?? '', venue?.name ?? ''].join(' '),
    );
    let score = 0;
    for (const t of terms) {
      if (title.includes(t)) score += 2;
      else if (text.includes(t)) score += 1;
      else {
        score = 0;
        break;
      }
    }
    if (terms.length > 0 && score === 0) continue;
    let km: number | null = null;
    if (f.lat !== undefined && f.lon !== undefined && venue) {
      km = round1(distanceKm({ lat: f.lat, lon: f.lon }, venue.location));
      if (f.radiusKm !== undefined && km > f.radiusKm) continue;
    }
    hits.push({ show, score, next, venue, distanceKm: km });
  }
  hits.sort((a, b) => b.score - a.score || a.show.title.localeCompare(b.show.title, 'fr'));
  return {
    query: f.q,
    items: hits.slice(f.offset, f.offset + f.limit),
    page: { total: hits.length, offset: f.offset, limit: f.limit },
  };
}

/** Venues, nearest first when a place is given. */
export function venueList(
  c: MockCatalogue,
  f: {
    lat?: number | undefined;
    lon?: number | undefined;
    radiusKm?: number | undefined;
    offset: number;
    limit: number;
  },
): VenueList {
  const at = f.lat !== undefined && f.lon !== undefined ? { lat: f.lat, lon: f.lon } : null;
  const items = c.venues
    .map((v) => ({ ...v, distanceKm: at ? round1(distanceKm(at, v.location)) : null }))
    .filter((v) => v.distanceKm === null || f.radiusKm === undefined || v.distanceKm <= f.radiusKm)
    .sort((a, b) => (a.distanceKm ?? 0) - (b.distanceKm ?? 0) || a.name.localeCompare(b.name, 'fr'));
  return {
    items: items.slice(f.offset, f.offset + f.limit),
    page: { total: items.length, offset: f.offset, limit: f.limit },
  };
}

/** The size-class targets of the default policy, in words ("Petit lieu 40 %, …"). */
function sizeTargets(): { fr: string; en: string } {
  const targets = Object.entries(DEFAULT_POLICY_SETTINGS.facets.sizeClass.targets);
  const line = (lang: 'fr' | 'en') =>
    `${targets.map(([id, share]) => `${SIZE_CLASSES[id as SizeClass][lang]} ${Math.round(share * 100)} %`).join(', ')}.`;
  return { fr: line('fr'), en: line('en') };
}

/** The policy document the mock serves: Détour's default policy, version 1. */
export function publicPolicy(): PublicPolicy {
  const publishedAt = '2026-11-01T09:00:00Z';
  return {
    policy: {
      network: 'default',
      version: 1,
      settings: DEFAULT_POLICY_SETTINGS,
      publishedAt,
      publishedBy: 'Équipe éditoriale',
      comment: 'Politique initiale',
      restoredFrom: null,
    },
    description: {
      objective: {
        fr: 'Proposer des spectacles proches que vous ne cherchiez pas, en variant les disciplines et les lieux.',
        en: 'Suggest nearby shows you were not looking for, varying disciplines and venues.',
      },
      targets: [sizeTargets()],
      dataUsed: [
        { fr: 'Le lieu et la période demandés.', en: 'The place and period asked for.' },
        {
          fr: 'Les spectacles consultés, gardés sur votre appareil.',
          en: 'Shows viewed, kept on your device.',
        },
      ],
      dataNotUsed: [
        {
          fr: 'Aucun cookie, aucun identifiant, aucune adresse IP.',
          en: 'No cookie, no identifier, no IP address.',
        },
      ],
    },
    lastChanged: publishedAt,
    history: [
      {
        version: 1,
        publishedAt,
        publishedBy: 'Équipe éditoriale',
        comment: 'Politique initiale',
        restoredFrom: null,
      },
    ],
  };
}
