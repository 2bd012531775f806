import type { Discipline, SubDiscipline } from '@detour/sdk';
import { foldAccents } from '../text/french.js';
import { type Classification, type KindMatch, readKinds } from './vocabulary.js';

/**
 * One classifier for every importer: is a record a live performance and, if so, of which discipline. Each
 * importer extracts the same signals from its own shape (schema.org / DATAtourisme types, producer keywords,
 * genres, category fields, title, description) and asks here. Signals are trusted in that order: a type
 * naming a kind of show is the producer's own choice of vocabulary; keywords and categories are picked from
 * lists; titles and descriptions are prose, read last. See docs/importing.md, « Classification ».
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
  return k.live !== null || k.notLive !== null || k.place !== null;
}

const quote = (s: string): string => `« ${s.length > 60 ? `${s.slice(0, 57)}…` : s} »`;

/** What one text says: a show (of a discipline), not a show (of a kind), or nothing. */
type Verdict =
  | { live: true; kind: Classification; word: string }
  | { live: false; kind: string; word: string }
  | null;

const PLACE_ONLY = 'lieu à visiter';
const PLURI: Classification = { discipline: 'pluridisciplinaire', subDiscipline: null };

/**
 * A label (a keyword, a category, a title) names its event: the first precise kind it names decides, live or
 * not (« Exposition et concert » is an exhibition, « Concert au château » a concert); a word saying only « show »
 * (« Spectacle de fauconnerie ») yields to a kind named next to it; a place (« Église Saint-Maurice ») is a
 * visit unless something (or a show type) says show.
 */
function labelVerdict(k: KindMatch, text: string): Verdict {
  const specific = k.firstSpecific >= 0 && k.live && k.live.discipline !== 'pluridisciplinaire';
  if (specific && (k.firstNotLive < 0 || k.firstSpecific < k.firstNotLive))
    return { live: true, kind: k.live!, word: k.liveWord ?? text };
  if (k.notLive) return { live: false, kind: k.notLive, word: k.notLiveWord ?? text };
  // A title naming a company (« Cie X - Cube ») says « a show »: its discipline is for the description to tell.
  if (k.live && k.firstSpecific < 0) return { live: true, kind: PLURI, word: k.liveWord ?? text };
  if (k.live) return { live: true, kind: k.live, word: k.liveWord ?? text };
  if (k.place) return { live: false, kind: PLACE_ONLY, word: k.place };
  return null;
}

/**
 * A description tells what the event is in its first lines: whichever it names first, a show (even only
 * « spectacle ») or another kind. Places are only where it happens.
 */
function proseVerdict(k: KindMatch, text: string): Verdict {
  const firstLive = [k.firstSpecific, k.firstGeneric].filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? -1;
  if (k.live && firstLive >= 0 && (k.firstNotLive < 0 || firstLive < k.firstNotLive))
    return { live: true, kind: k.live, word: k.liveWord ?? text };
  if (k.notLive) return { live: false, kind: k.notLive, word: k.notLiveWord ?? text };
  return null;
}

/** Types that, next to a show type, say the record is mainly something else (a JEP open day typed everything). */
const EXCLUSIVE_NOT_LIVE_TYPES = new Set([
  'ExhibitionEvent',
  'Exhibition',
  'VisualArtsEvent',
  'Conference',
  'SaleEvent',
  'Market',
  'FairOrShow',
  'OpenDay',
  'ScreeningEvent',
  'EducationEvent',
  'CourseInstance',
  'FoodEvent',
  'BricABrac',
  'GarageSale',
  'Visit',
]);

/** Whether an event is a live performance and, if so, its discipline (pure, deterministic). */
export function classifyEvent(signals: EventSignals): EventClass {
  const { types } = signals;
  const liveTypes = types.filter((t) => LIVE_TYPES[t] !== undefined);
  const showType = types.find((t) => SHOW_TYPES.has(t));
  const mixed =
    (liveTypes.length > 0 || showType !== undefined) && types.some((t) => EXCLUSIVE_NOT_LIVE_TYPES.has(t));
  // Typed as every kind of show at once: a catch-all, not a statement about this record.
  const catchAll = new Set(liveTypes.map((t) => LIVE_TYPES[t])).size >= 3;
  const texts = readTexts(signals);

  // 1. A type naming a kind of show (unless the record is also typed as something else, or as everything).
  if (liveTypes.length > 0 && !mixed && !catchAll) return typedPerformance(liveTypes, texts);

  // 2. A type naming something else (exhibition, market, sport…), the record typed as no show.
  const notLiveType = types.find((t) => NOT_LIVE_TYPES[t] !== undefined);
  if (notLiveType && liveTypes.length === 0 && !showType)
    return {
      kind: 'skipped',
      reason: `type ${notLiveType} : ${NOT_LIVE_TYPES[notLiveType]}, pas un spectacle`,
    };

  // 3. Keywords, genres, categories, the title (each a label), then the description (prose). A label naming only
  // a place (« Jardins suspendus », « Église Saint-Vincent ») is a visit, unless the record is typed as a show.
  const showTyped = liveTypes.length > 0 || showType !== undefined;
  for (const t of texts) {
    if (!t.verdict) continue;
    if (t.verdict.live)
      return performance(
        t.verdict.kind.discipline,
        `${t.label} ${quote(t.verdict.word)}`,
        texts,
        texts.indexOf(t),
      );
    if (t.verdict.kind === PLACE_ONLY && showTyped) continue;
    return skippedBy(t);
  }

  // 4. Nothing said in words: the types alone.
  if (liveTypes.length > 0 && !mixed) return typedPerformance(liveTypes, texts);
  if (mixed) {
    const other = types.find((t) => EXCLUSIVE_NOT_LIVE_TYPES.has(t))!;
    return {
      kind: 'skipped',
      reason: `typé à la fois spectacle et ${NOT_LIVE_TYPES[other]} (${other}), sans un mot qui dise un spectacle`,
    };
  }
  if (showType) return performance('pluridisciplinaire', `type ${showType}`, texts, -1);
  const shown = types.filter((t) => t !== 'PointOfInterest' && t !== 'EntertainmentAndEvent');
  return {
    kind: 'skipped',
    reason: `rien ne dit un spectacle vivant (type ${shown.join(', ') || 'aucun'}, ni mot-clé ni titre parlant)`,
  };
}

function skippedBy(t: TextReading): EventClass {
  return {
    kind: 'skipped',
    reason: `${t.label} ${quote(t.value)} : ${(t.verdict as { kind: string }).kind}, pas un spectacle`,
  };
}

interface TextReading {
  label: string;
  value: string;
  reading: KindMatch;
  verdict: Verdict;
}

/**
 * Each text signal read, most trusted first: list values (keywords, genres, categories; in each list the first
 * value naming a kind speaks for it: producers list the main kind first, and a category path comes leaf first),
 * the title, the description.
 */
function readTexts(signals: EventSignals): TextReading[] {
  const out: TextReading[] = [];
  const lists: Array<[string, readonly string[]]> = [
    ['mot-clé', signals.keywords],
    ['genre', signals.genres],
    ['catégorie', signals.categories],
  ];
  for (const [label, values] of lists) {
    for (const value of values) {
      if (!value) continue;
      const reading = kindsOf(value);
      const verdict = labelVerdict(reading, value);
      if (verdict) {
        out.push({ label, value, reading, verdict });
        break;
      }
    }
  }
  if (signals.title) {
    const reading = kindsOf(signals.title);
    out.push({
      label: 'titre',
      value: signals.title,
      reading,
      verdict: labelVerdict(reading, signals.title),
    });
  }
  if (signals.description) {
    const reading = kindsOf(signals.description);
    out.push({
      label: 'description',
      value: signals.description,
      reading,
      verdict: proseVerdict(reading, signals.description),
    });
  }
  return out;
}

/** A performance from its show types: the first type's discipline, a generic TheaterEvent yielding to a label. */
function typedPerformance(liveTypes: readonly string[], texts: readonly TextReading[]): EventClass {
  const first = liveTypes[0]!;
  const described = texts.find((t) => t.label === 'description')?.reading;
  const typed = new Set(liveTypes.map((t) => LIVE_TYPES[t]!));
  // Typed as two kinds of show and described as three or more: a multidisciplinary programme.
  if (typed.size >= 2 && described && described.counts.size >= 3)
    return performance(
      'pluridisciplinaire',
      `types ${liveTypes.join(', ')}, description`,
      texts,
      texts.length,
    );
  const specific = liveTypes.find((t) => !GENERIC_LIVE_TYPES.has(t));
  if (specific) return performance(LIVE_TYPES[specific]!, `type ${specific}`, texts, -1);
  // Only a list value or the title overrides it: a play's description often speaks of music, songs, puppets.
  const named = texts.find(
    (t) =>
      t.label !== 'description' &&
      t.verdict?.live &&
      t.verdict.kind.discipline !== 'pluridisciplinaire' &&
      t.verdict.kind.discipline !== LIVE_TYPES[first],
  );
  if (named?.verdict?.live)
    return performance(
      named.verdict.kind.discipline,
      `type ${first}, ${quote(named.verdict.word)}`,
      texts,
      -1,
    );
  // A description naming another discipline clearly more than theatre (a comedian's show, a concert for
  // children in a theatre's season) speaks for it.
  const other = described?.live?.discipline;
  if (described && other && other !== 'pluridisciplinaire' && other !== LIVE_TYPES[first]) {
    const theirs = described.counts.get(other) ?? 0;
    if (theirs >= 2 && theirs > 1.5 * (described.counts.get(LIVE_TYPES[first]!) ?? 0))
      return performance(other, `type ${first}, description ${quote(described.liveWord ?? '')}`, texts, -1);
  }
  return performance(LIVE_TYPES[first]!, `type ${first}`, texts, -1);
}

/**
 * A performance of a discipline. « Pluridisciplinaire » from a word saying only « show » (or a ShowEvent type)
 * takes the discipline the next signals name; the sub-discipline is the one the most trusted signal names.
 */
function performance(
  discipline: Discipline,
  basis: string,
  texts: readonly TextReading[],
  from: number,
): EventClass {
  let chosen = discipline;
  let why = basis;
  if (chosen === 'pluridisciplinaire') {
    // The first later signal naming a discipline; else one naming only a company (théâtre).
    const later = texts.slice(from + 1);
    const named =
      later.find(
        (t) => t.reading.firstSpecific >= 0 && t.reading.live?.discipline !== 'pluridisciplinaire',
      ) ?? texts.find((t) => t.reading.company && t.reading.live?.discipline === 'theatre');
    if (named?.reading.live) {
      chosen = named.reading.live.discipline;
      why = `${basis}, ${named.label} ${quote(named.reading.liveWord ?? named.value)}`;
    }
  }
  const sub =
    texts.flatMap((t) => t.reading.all).find((c) => c.discipline === chosen && c.subDiscipline)
      ?.subDiscipline ?? null;
  return { kind: 'performance', discipline: chosen, subDiscipline: sub, basis: why };
}
