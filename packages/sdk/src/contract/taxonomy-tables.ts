/**
 * The taxonomy's tables and helpers, without zod: the core client and the widget import these at run
 * time, so they must stay free of schema code. The matching zod enums live in taxonomy.ts.
 */

/**
 * One French taxonomy of live-show types, shared by the catalogue, the engine, the API and the widget.
 * Identifiers are stable slugs (data, hence French); labels exist in French and English.
 */
export const DISCIPLINES = {
  theatre: { fr: 'Théâtre', en: 'Theatre' },
  danse: { fr: 'Danse', en: 'Dance' },
  cirque: { fr: 'Cirque', en: 'Circus' },
  'arts-de-la-rue': { fr: 'Arts de la rue', en: 'Street arts' },
  musique: { fr: 'Musique', en: 'Music' },
  'art-lyrique': { fr: 'Art lyrique', en: 'Opera' },
  marionnettes: { fr: 'Marionnettes', en: 'Puppetry' },
  humour: { fr: 'Humour', en: 'Comedy' },
  conte: { fr: 'Conte', en: 'Storytelling' },
  pluridisciplinaire: { fr: 'Pluridisciplinaire', en: 'Multidisciplinary' },
} as const;

export type Discipline = keyof typeof DISCIPLINES;
export const DISCIPLINE_IDS = Object.keys(DISCIPLINES) as [Discipline, ...Discipline[]];

/** Sub-disciplines, each under one discipline ("musique and its kinds"). */
export const SUB_DISCIPLINES = {
  'theatre-classique': { discipline: 'theatre', fr: 'Théâtre classique', en: 'Classical theatre' },
  'theatre-contemporain': { discipline: 'theatre', fr: 'Théâtre contemporain', en: 'Contemporary theatre' },
  'theatre-improvisation': { discipline: 'theatre', fr: 'Improvisation', en: 'Improvisation' },
  'theatre-lecture': { discipline: 'theatre', fr: 'Lecture', en: 'Reading' },
  'danse-contemporaine': { discipline: 'danse', fr: 'Danse contemporaine', en: 'Contemporary dance' },
  'danse-classique': { discipline: 'danse', fr: 'Danse classique', en: 'Ballet' },
  'danse-hip-hop': { discipline: 'danse', fr: 'Danse hip-hop', en: 'Hip-hop dance' },
  'danse-traditionnelle': { discipline: 'danse', fr: 'Danse traditionnelle', en: 'Folk dance' },
  'cirque-contemporain': { discipline: 'cirque', fr: 'Cirque contemporain', en: 'Contemporary circus' },
  'cirque-traditionnel': { discipline: 'cirque', fr: 'Cirque traditionnel', en: 'Traditional circus' },
  'musiques-actuelles': { discipline: 'musique', fr: 'Musiques actuelles', en: 'Popular music' },
  'rock-metal': { discipline: 'musique', fr: 'Rock, métal', en: 'Rock, metal' },
  electro: { discipline: 'musique', fr: 'Musiques électroniques', en: 'Electronic music' },
  'hip-hop': { discipline: 'musique', fr: 'Rap, hip-hop', en: 'Rap, hip-hop' },
  chanson: { discipline: 'musique', fr: 'Chanson', en: 'French song' },
  'jazz-blues': { discipline: 'musique', fr: 'Jazz, blues', en: 'Jazz, blues' },
  'musique-classique': { discipline: 'musique', fr: 'Musique classique', en: 'Classical music' },
  'musique-ancienne': { discipline: 'musique', fr: 'Musique ancienne, baroque', en: 'Early music, baroque' },
  'musique-contemporaine': { discipline: 'musique', fr: 'Musique contemporaine', en: 'Contemporary music' },
  'musiques-du-monde': {
    discipline: 'musique',
    fr: 'Musiques du monde, traditionnelles',
    en: 'World and folk music',
  },
  'musique-chorale': { discipline: 'musique', fr: 'Chant choral', en: 'Choral music' },
  opera: { discipline: 'art-lyrique', fr: 'Opéra', en: 'Opera' },
  operette: { discipline: 'art-lyrique', fr: 'Opérette, comédie musicale', en: 'Operetta, musical' },
  'stand-up': { discipline: 'humour', fr: 'Stand-up', en: 'Stand-up' },
  'one-man-show': { discipline: 'humour', fr: 'Seul en scène', en: 'One-person show' },
} as const satisfies Record<string, { discipline: Discipline; fr: string; en: string }>;

export type SubDiscipline = keyof typeof SUB_DISCIPLINES;
export const SUB_DISCIPLINE_IDS = Object.keys(SUB_DISCIPLINES) as [SubDiscipline, ...SubDiscipline[]];

/** Venue size class: from capacity when known (< 200, < 600, < 1500, else), or declared. */
export const SIZE_CLASSES = {
  petit: { fr: 'Petit lieu', en: 'Small venue' },
  moyen: { fr: 'Lieu moyen', en: 'Mid-size venue' },
  grand: { fr: 'Grand lieu', en: 'Large venue' },
  institution: { fr: 'Institution', en: 'Major institution' },
} as const;
export type SizeClass = keyof typeof SIZE_CLASSES;
export const SIZE_CLASS_IDS = Object.keys(SIZE_CLASSES) as [SizeClass, ...SizeClass[]];

/** Capacity thresholds (seats) of the size classes. */
export function sizeClassFromCapacity(capacity: number): SizeClass {
  if (capacity < 200) return 'petit';
  if (capacity < 600) return 'moyen';
  if (capacity < 1500) return 'grand';
  return 'institution';
}

/** Price band of a performance, from its lowest price. */
export const PRICE_BANDS = {
  gratuit: { fr: 'Gratuit', en: 'Free' },
  'moins-de-10': { fr: 'Moins de 10 €', en: 'Under €10' },
  '10-a-25': { fr: 'De 10 à 25 €', en: '€10 to €25' },
  'plus-de-25': { fr: 'Plus de 25 €', en: 'Over €25' },
  inconnu: { fr: 'Prix non communiqué', en: 'Price not given' },
} as const;
export type PriceBand = keyof typeof PRICE_BANDS;
export const PRICE_BAND_IDS = Object.keys(PRICE_BANDS) as [PriceBand, ...PriceBand[]];

export function priceBandOf(price: { free: boolean; min: number | null }): PriceBand {
  if (price.free || price.min === 0) return 'gratuit';
  if (price.min === null) return 'inconnu';
  if (price.min < 10) return 'moins-de-10';
  if (price.min <= 25) return '10-a-25';
  return 'plus-de-25';
}

export const AUDIENCES = {
  'tout-public': { fr: 'Tout public', en: 'All audiences' },
  'jeune-public': { fr: 'Jeune public', en: 'Young audiences' },
} as const;
export type AudienceKind = keyof typeof AUDIENCES;
export const AUDIENCE_IDS = Object.keys(AUDIENCES) as [AudienceKind, ...AudienceKind[]];

/** Venue types. */
export const VENUE_TYPES = {
  theatre: { fr: 'Théâtre', en: 'Theatre' },
  'scene-nationale': { fr: 'Scène nationale', en: 'National stage' },
  'salle-de-concert': { fr: 'Salle de concert', en: 'Concert hall' },
  'salle-polyvalente': { fr: 'Salle polyvalente', en: 'Multi-purpose hall' },
  chapiteau: { fr: 'Chapiteau', en: 'Big top' },
  'plein-air': { fr: 'Plein air', en: 'Open air' },
  patrimoine: { fr: 'Lieu patrimonial', en: 'Heritage site' },
  festival: { fr: 'Site de festival', en: 'Festival site' },
  autre: { fr: 'Autre lieu', en: 'Other venue' },
} as const;
export type VenueType = keyof typeof VENUE_TYPES;
export const VENUE_TYPE_IDS = Object.keys(VENUE_TYPES) as [VenueType, ...VenueType[]];

/** Accessibility, by the four families of the French "Tourisme & Handicap" label. */
export const ACCESSIBILITY = {
  moteur: { fr: 'Handicap moteur', en: 'Mobility impairment' },
  auditif: { fr: 'Handicap auditif', en: 'Hearing impairment' },
  visuel: { fr: 'Handicap visuel', en: 'Visual impairment' },
  mental: { fr: 'Handicap mental', en: 'Intellectual disability' },
} as const;
export type Accessibility = keyof typeof ACCESSIBILITY;
export const ACCESSIBILITY_IDS = Object.keys(ACCESSIBILITY) as [Accessibility, ...Accessibility[]];

/** Interface languages. */
export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
