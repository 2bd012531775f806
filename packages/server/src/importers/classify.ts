import type { Discipline, SubDiscipline } from '@detour/sdk';
import { foldAccents } from '../text/french.js';
import { type Classification, type KindMatch, readKinds } from './vocabulary.js';

/**
 * One classifier for every importer: is a record a live performance and, if so, of which discipline. Each
 * importer extracts the same signals from its own shape (schema.org / DATAtourisme types, producer keywords,
 * genres, category fields, title, description) and asks here. Signals are trusted in that order: a type
 * naming a kind of show is the producer's own choice of vocabulary; keywords and categories are picked from
 * lists; titles and descriptions are prose, read last. See docs/importing.md, « Le classement ».
 */

export interface EventSignals {
  /** schema.org @type / additionalType values and DATAtourisme classes, as local names ('TheaterEvent', 'Festival'…). */
  types: readonly string[];
  /** Producer keywords (schema.org `keywords`, OpenAgenda `keywords`), one entry per keyword. */
  keywords: readonly string[];
  /** schema.org `genre` values. */
  genres: readonly string[];
  /** Producer category fields: OpenAgenda agenda-specific category values, Que faire à Paris category path, ODS categories. */
  categories: readonly string[];
  title: string;
  description: string | null;
}

export type EventClass =
  | { kind: 'performance'; discipline: Discipline; subDiscipline: SubDiscipline | null; basis: string }
  | { kind: 'skipped'; reason: string };

/** Types naming a kind of show, with its discipline. */
const LIVE_TYPES: Record<string, Discipline> = {
  TheaterEvent: 'theatre',
  DanceEvent: 'danse',
  MusicEvent: 'musique',
  Concert: 'musique',
  Recital: 'musique',
  ComedyEvent: 'humour',
  OperaEvent: 'art-lyrique',
  Opera: 'art-lyrique',
  CircusEvent: 'cirque',
  StreetShow: 'arts-de-la-rue',
  PuppetShow: 'marionnettes',
};

/**
 * French producers type every staged show `TheaterEvent` (the word « théâtre » also means the house): a
 * ballet, a comedian or a concert in a theatre arrive so typed. The type says « a show »; its discipline
 * yields to keywords, genres, categories or a title naming another one.
 */
const GENERIC_LIVE_TYPES = new Set(['TheaterEvent']);

/** Types saying « a show » without a discipline: a performance, its discipline from the other signals. */
const SHOW_TYPES = new Set(['ShowEvent', 'PerformingArtsEvent', 'TheatreEvent']);

/** Whether a type names a show (of a discipline or not): what makes a JSON-LD node an event record too. */
export function isShowType(type: string): boolean {
  return LIVE_TYPES[type] !== undefined || SHOW_TYPES.has(type);
}

/** Types of events that are not live performance. */
const NOT_LIVE_TYPES: Record<string, string> = {
  ExhibitionEvent: 'exposition',
  Exhibition: 'exposition',
  VisualArtsEvent: 'arts visuels',
  SaleEvent: 'vente',
  SportsEvent: 'sport',
  SportsCompetition: 'sport',
  ScreeningEvent: 'projection',
  EducationEvent: 'enseignement',
  BusinessEvent: 'événement professionnel',
  FoodEvent: 'gastronomie',
  GastronomyEvent: 'gastronomie',
  LiteraryEvent: 'littérature',
  CourseInstance: 'cours',
  Hackathon: 'hackathon',
  Market: 'marché',
  Conference: 'conférence',
  Visit: 'visite',
  OpenDay: 'portes ouvertes',
  FairOrShow: 'foire ou salon',
  BricABrac: 'brocante',
  GarageSale: 'vide-grenier',
  ReligiousEvent: 'fête religieuse',
  PilgrimageAndProcession: 'procession',
  SocialEvent: 'fête',
  Carnival: 'carnaval',
  Parade: 'défilé',
  Product: 'produit',
};

// A national feed repeats the same keywords, titles and descriptions on thousands of records: each distinct
// text is read once. Bounded, and cleared when full, so nothing grows without limit between imports.
const CACHE_LIMIT = 200_000;
const kindsCache = new Map<string, KindMatch>();

/** Forgets the texts read (an importer calls it at the end of a parse: nothing is held between imports). */
export function forgetReadings(): void {
  kindsCache.clear();
}

function kindsOf(text: string): KindMatch {
  let found = kindsCache.get(text);
  if (found === undefined) {
    found = readKinds(foldAccents(text).replace(/[’']/g, "'"));
    if (kindsCache.size >= CACHE_LIMIT) kindsCache.clear();
    kindsCache.set(text, found);
  }
  return found;
}

/** Whether a text names any kind of event, live or not (an importer tells an unknown category from a known one). */
export function namesAnyKind(text: string | null): boolean {
  if (!text) return false;
  const k = kindsOf(text);
  return k.live !== null || k.notLive !== null;
}

const quote = (s: string): string => `« ${s.length > 60 ? `${s.slice(0, 57)}…` : s} »`;

interface FieldReading {
  live: Classification | null;
  /** The non-live kind named (exposition, visite…), when one is. */
  notLive: string | null;
  /** Which named first, when a text names both. */
  liveFirst: boolean;
  value: string;
}

/**
 * Reads a list field: the first value naming a kind decides (producers list the main kind first: « Concert,
 * Jazz, Bar »; a category path is given leaf first), as live or not.
 */
function readList(values: readonly string[]): { live: FieldReading | null; notLive: FieldReading | null } {
  for (const value of values) {
    if (!value) continue;
    const k = kindsOf(value);
    const reading = { live: k.live, notLive: k.notLive, liveFirst: k.liveFirst, value };
    if (k.live && (!k.notLive || k.liveFirst)) return { live: reading, notLive: null };
    if (k.notLive) return { live: null, notLive: reading };
  }
  return { live: null, notLive: null };
}

/** Whether an event is a live performance and, if so, its discipline (pure, deterministic). */
export function classifyEvent(signals: EventSignals): EventClass {
  const { types } = signals;
  const lists: Array<[label: string, values: readonly string[]]> = [
    ['mot-clé', signals.keywords],
    ['genre', signals.genres],
    ['catégorie', signals.categories],
  ];
  const listed = lists.map(([label, values]) => ({ label, ...readList(values) }));
  const title = signals.title ? kindsOf(signals.title) : null;
  const description = signals.description ? kindsOf(signals.description) : null;

  // 1. A type naming a kind of show.
  const typedAs = types.find((t) => LIVE_TYPES[t] !== undefined);
  if (typedAs) {
    const typed = LIVE_TYPES[typedAs]!;
    let discipline = typed;
    let basis = `type ${typedAs}`;
    if (GENERIC_LIVE_TYPES.has(typedAs)) {
      // Only a specific type (a DanceEvent next to a TheaterEvent) or a named list value or title overrides it.
      const specific = types.find((t) => LIVE_TYPES[t] !== undefined && !GENERIC_LIVE_TYPES.has(t));
      const named =
        listed.find((l) => l.live?.live && l.live.live.discipline !== 'pluridisciplinaire')?.live ??
        (title?.live && title.live.discipline !== 'pluridisciplinaire'
          ? { live: title.live, value: signals.title }
          : null);
      if (specific) {
        discipline = LIVE_TYPES[specific]!;
        basis = `type ${specific}`;
      } else if (named?.live && named.live.discipline !== typed) {
        discipline = named.live.discipline;
        basis = `type ${typedAs}, ${quote(named.value)}`;
      }
    }
    return performance(discipline, basis, listed, title, description);
  }

  // 2. A type naming something else (exhibition, market, sport…), unless also typed as a show.
  const showTyped = types.some((t) => SHOW_TYPES.has(t));
  const notLiveType = types.find((t) => NOT_LIVE_TYPES[t] !== undefined);
  if (notLiveType && !showTyped) {
    return {
      kind: 'skipped',
      reason: `type ${notLiveType} : ${NOT_LIVE_TYPES[notLiveType]}, pas un spectacle`,
    };
  }

  // 3. Keywords, genres, categories: a value naming a kind of show, or only values naming something else.
  for (const l of listed) {
    if (l.live?.live) {
      const kind = l.live.live;
      return performance(kind.discipline, `${l.label} ${quote(l.live.value)}`, listed, title, description);
    }
    if (l.notLive && !showTyped) {
      return {
        kind: 'skipped',
        reason: `${l.label} ${quote(l.notLive.value)} : ${l.notLive.notLive}, pas un spectacle`,
      };
    }
  }

  // 4. The title, then the description: whichever kind it names first.
  for (const [label, reading, text] of [
    ['titre', title, signals.title],
    ['description', description, signals.description],
  ] as const) {
    if (!reading || !text) continue;
    if (reading.live && (!reading.notLive || reading.liveFirst)) {
      return performance(
        reading.live.discipline,
        `${label} ${quote(reading.liveWord ?? text)}`,
        listed,
        title,
        description,
      );
    }
    if (reading.notLive && !showTyped) {
      return {
        kind: 'skipped',
        reason: `${label} ${quote(reading.notLiveWord ?? text)} : ${reading.notLive}, pas un spectacle`,
      };
    }
  }

  if (showTyped) {
    return performance(
      'pluridisciplinaire',
      `type ${types.find((t) => SHOW_TYPES.has(t))}`,
      listed,
      title,
      description,
    );
  }
  const shown = types.filter((t) => t !== 'PointOfInterest' && t !== 'EntertainmentAndEvent');
  return {
    kind: 'skipped',
    reason: `rien ne dit un spectacle vivant (type ${shown.join(', ') || 'aucun'}, ni mot-clé ni titre parlant)`,
  };
}

/** A performance of a discipline, with the sub-discipline named by the most trusted signal that names one. */
function performance(
  discipline: Discipline,
  basis: string,
  listed: ReadonlyArray<{ live: FieldReading | null }>,
  title: KindMatch | null,
  description: KindMatch | null,
): EventClass {
  const candidates = [
    ...listed.map((l) => l.live?.live ?? null),
    ...(title?.all ?? []),
    ...(description?.all ?? []),
  ];
  const sub = candidates.find((c) => c?.discipline === discipline && c.subDiscipline)?.subDiscipline ?? null;
  return { kind: 'performance', discipline, subDiscipline: sub, basis };
}
