import type { Recommendation, RecommendationResponse } from '@detour/sdk';

const provenance = { source: 'datatourisme-cvl', sourceId: 'x', lastSeen: '2026-11-20T08:00:00Z' };

const parenthese = {
  id: 'v-la-parenthese',
  name: 'La Parenthèse',
  address: '14 Boulevard Léo Lagrange',
  town: 'Ballan-Miré',
  postcode: '37510',
  inseeCode: '37018',
  location: { lat: 47.3378638, lon: 0.6129051 },
  capacity: 450,
  sizeClass: 'moyen',
  type: 'salle-polyvalente',
  accessibility: ['moteur'],
  url: 'https://www.laparenthese-ballan-mire.fr/',
  sources: [provenance],
} satisfies Recommendation['venue'];

const pierresDeCorps = {
  ...parenthese,
  id: 'v-saint-pierre',
  name: 'Salle des fêtes',
  address: '37 bis Avenue de la République',
  town: 'Saint-Pierre-des-Corps',
  postcode: '37700',
  inseeCode: '37233',
  location: { lat: 47.3894876, lon: 0.7202226 },
  capacity: 150,
  sizeClass: 'petit',
} satisfies Recommendation['venue'];

function pick(
  rank: number,
  show: Partial<Recommendation['show']> & { id: string; title: string },
  extra: {
    venue?: Recommendation['venue'];
    start: string;
    price: Recommendation['performance']['price'];
    km: number;
  },
  reasons: Recommendation['reasons'],
): Recommendation {
  const venue = extra.venue ?? parenthese;
  return {
    rank,
    show: {
      creators: [],
      discipline: 'theatre',
      subDiscipline: null,
      audience: { kind: 'tout-public', minAge: null, maxAge: null },
      tags: [],
      description: null,
      image: null,
      language: 'fr',
      sources: [provenance],
      ...show,
    },
    performance: {
      id: `p-${show.id}`,
      showId: show.id,
      venueId: venue.id,
      start: extra.start,
      end: null,
      price: extra.price,
      url: `https://billetterie.example.org/${show.id}`,
      status: 'scheduled',
      source: provenance,
    },
    venue,
    distanceKm: extra.km,
    score: 1 / rank,
    reasons,
  };
}

const reason = (
  code: Recommendation['reasons'][number]['code'],
  decisive: boolean,
  fr: string,
  en: string,
): Recommendation['reasons'][number] => ({
  code,
  term: code === 'distance' ? 'fact' : code === 'small-venue' ? 'fairness' : 'coverage',
  decisive,
  params: {},
  text: { fr, en },
});

/** A response shaped like the server's, with real show and venue names from the DATAtourisme export. */
export function makeResponse(overrides: Partial<RecommendationResponse> = {}): RecommendationResponse {
  return {
    items: [
      pick(
        1,
        {
          id: 's-hakanai',
          title: 'Hakanaï - Adrien M & Claire B',
          discipline: 'danse',
          image: 'https://images.example.org/hakanai.jpg',
        },
        {
          start: '2026-12-05T19:30:00Z',
          price: { min: 12, max: 18, free: false, currency: 'EUR', band: '10-a-25' },
          km: 0.2,
        },
        [
          reason(
            'discipline-absent',
            true,
            'De la danse, que vous n’avez pas encore vue ici',
            'Dance, which you have not seen here yet',
          ),
          reason('distance', false, 'À 200 m', '200 m away'),
        ],
      ),
      pick(
        2,
        { id: 's-moult-ronds', title: 'Compagnie Switch "Moult ronds"', discipline: 'cirque' },
        {
          venue: pierresDeCorps,
          start: '2026-12-06T15:00:00Z',
          price: { min: 0, max: 0, free: true, currency: 'EUR', band: 'gratuit' },
          km: 8.4,
        },
        [reason('small-venue', true, 'Un petit lieu à faire connaître', 'A small venue worth knowing')],
      ),
      pick(
        3,
        { id: 's-la-nonna', title: 'La Nonna' },
        {
          start: '2026-12-10T19:00:00Z',
          price: { min: 10, max: 10, free: false, currency: 'EUR', band: '10-a-25' },
          km: 0.2,
        },
        [reason('relevance', true, 'Proche de ce que vous regardez', 'Close to what you are looking at')],
      ),
    ],
    context: {
      lat: 47.3378638,
      lon: 0.6129051,
      radiusKm: 20,
      from: '2026-12-03T14:00:00Z',
      to: '2026-12-10T14:00:00Z',
      k: 6,
      locale: 'fr',
    },
    empty: null,
    policyVersion: 3,
    snapshotId: 'snap-1',
    seed: 'seed-1',
    attribution: ['Données DATAtourisme — SIT Centre-Val de Loire, Licence Ouverte v2.0'],
    ...overrides,
  };
}

export const EMPTY_RESPONSE = makeResponse({
  items: [],
  empty: {
    code: 'nothing-in-window',
    text: {
      fr: 'Rien à l’affiche dans ce créneau près d’ici.',
      en: 'Nothing on in this time window nearby.',
    },
  },
});

export const PARENTHESE = parenthese;
