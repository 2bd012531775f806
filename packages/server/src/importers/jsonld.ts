import type {
  Accessibility,
  Audience,
  ImportWarning,
  PerformanceStatus,
  Price,
  Reject,
  SizeClass,
  Skip,
  VenueType,
} from '@detour/sdk';
import type { ImportBatch, ImportedPerformance, ImportedShow, ImportedVenue } from '../catalogue/batch.js';
import { foldAccents as foldAccentsOf } from '../text/french.js';
import { classifyEvent, type EventSignals, forgetReadings, isShowType } from './classify.js';
import { namesYoungAudience } from './disciplines.js';
import { ImportParseError } from './errors.js';
import {
  addDays,
  checkGeocode,
  daysBetween,
  departmentOf,
  isIsoDate,
  timeZoneOf,
  zonedIso as zonedIsoOf,
} from './geo.js';
import { jsonPath, RecordError, toReject } from './record-error.js';
import { MAX_RUN_DAYS, type RunDay, scheduleRun } from './schedule.js';
import {
  fiveDigitCode,
  httpUrl as httpUrlOf,
  oneLine as oneLineOf,
  plainText as plainTextOf,
  stableHash,
  toNumber,
} from './text.js';
import { parisOffset, zonedTime as zonedTimeOf } from './zoned-time.js';

/**
 * schema.org Event JSON-LD, as venues publish it in their pages (a single object, an array, or an
 * `@graph`), and the DATAtourisme flavour (prefixed `schema:` terms, `rdfs:label` language maps,
 * `takesPlaceAt` periods, `isLocatedAt` places, tariffs as price specifications). See docs/importing.md.
 */

export interface JsonLdOptions {
  source: string;
  /** A full feed: performances of the source missing from it get cancelled. Default true. */
  complete?: boolean;
  /** Parse the text whole instead of node by node (same batch, more memory: the reference the tests compare with). */
  wholeDocument?: boolean;
}

/**
 * Performances generated from one date range (a run of daily shows), and from one event at most: a run every
 * day of a year (« du 6 au 18 octobre à 20 h » is 13 evenings; a season-long run is real), not more.
 */
export const MAX_DAYS_PER_RANGE = MAX_RUN_DAYS;
export const MAX_PERFORMANCES_PER_EVENT = MAX_RUN_DAYS;
/** Start time used when a source gives a date without a time. */
export const DEFAULT_START_TIME = '20:30';

type Node = Record<string, unknown>;

// Pure cleaners, memoised for the length of one parse: a national feed repeats the same titles, names, places,
// dates and links on thousands of nodes, and cleaning them (HTML, entities, accents, URL parsing, time zones)
// was most of the parse. Cleared after each parse (and when large), so nothing is held between imports.
const memos: Array<Map<string, unknown>> = [];
const MEMO_LIMIT = 200_000;

function memo<R>(compute: (key: string) => R): (key: string) => R {
  const cache = new Map<string, R>();
  memos.push(cache);
  return (key) => {
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) {
      value = compute(key);
      if (cache.size >= MEMO_LIMIT) cache.clear();
      cache.set(key, value);
    }
    return value as R;
  };
}

function clearMemos(): void {
  for (const m of memos) m.clear();
}

const foldAccentsMemo = memo(foldAccentsOf);
const foldAccents = (text: string): string => (text === '' ? '' : foldAccentsMemo(text));
const httpUrlMemo = memo(httpUrlOf);
const httpUrl = (v: unknown): string | null => (typeof v === 'string' ? httpUrlMemo(v) : null);
const plainTextMemo = memo((v) => plainTextOf(v));
const plainText = (v: unknown): string | null => (typeof v === 'string' ? plainTextMemo(v) : null);
const oneLineMemos = new Map<number, (v: string) => string | null>();
function oneLine(v: unknown, max: number): string | null {
  if (typeof v !== 'string') return null;
  let m = oneLineMemos.get(max);
  if (!m) {
    m = memo((text) => oneLineOf(text, max));
    oneLineMemos.set(max, m);
  }
  return m(v);
}
const zonedIsoMemo = memo((key) => {
  const [date, time, tz] = key.split(' ') as [string, string, string];
  return zonedIsoOf(date, time, tz);
});
const zonedIso = (date: string, time: string, tz: string): string => zonedIsoMemo(`${date} ${time} ${tz}`);
const zonedTimeMemo = memo((key) => {
  const [date, time, zone, tz] = key.split(' ') as [string, string, string, string];
  return zonedTimeOf(date, time, zone, tz);
});
const zonedTime = (date: string, time: string, zone: string, tz: string) =>
  zonedTimeMemo(`${date} ${time} ${zone} ${tz}`);
const localType = (t: string): string =>
  t.includes(':') || t.includes('/') || t.includes('#') ? t.replace(/^.*[/#:]/, '') : t;

const SCHEMA_PREFIXES = ['schema:', 'http://schema.org/', 'https://schema.org/', 'sdo:'];

/** A property by its schema.org name, whatever the prefix; returns the key actually used for paths. */
function prop(node: Node, name: string): { key: string; value: unknown } | null {
  if (node[name] !== undefined) return { key: name, value: node[name] };
  if (!hasPrefixedKeys(node)) return null;
  for (const k of prefixedKeys(name)) {
    if (node[k] !== undefined) return { key: k, value: node[k] };
  }
  return null;
}

// Looked up for every property of every record: the prefixed spellings are built once per name.
const PREFIXED = new Map<string, string[]>();
function prefixedKeys(name: string): string[] {
  let keys = PREFIXED.get(name);
  if (!keys) {
    keys = SCHEMA_PREFIXES.map((p) => p + name);
    PREFIXED.set(name, keys);
  }
  return keys;
}

function val(node: Node, name: string): unknown {
  const value = node[name];
  if (value !== undefined || !hasPrefixedKeys(node)) return value;
  return prop(node, name)?.value;
}

// Every prefix contains ':'. Most feeds use bare names only: their nodes need no prefixed look-ups at all.
// The answer is kept on the parsed node itself, under a symbol (invisible to keys, `in` loops and JSON).
const HAS_PREFIXED_KEYS = Symbol('prefixed keys');
function hasPrefixedKeys(node: Node): boolean {
  const marked = node as { [HAS_PREFIXED_KEYS]?: boolean };
  let has = marked[HAS_PREFIXED_KEYS];
  if (has === undefined) {
    has = false;
    for (const k in node) {
      if (k.includes(':')) {
        has = true;
        break;
      }
    }
    marked[HAS_PREFIXED_KEYS] = has;
  }
  return has;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

/** Local names of a node's types: "schema:TheaterEvent", "http://schema.org/TheaterEvent", "TheaterEvent" → "TheaterEvent". */
export function typesOf(node: Node): string[] {
  return list(node['@type'])
    .filter((t): t is string => typeof t === 'string')
    .map(localType);
}

/**
 * A text from a plain string, a language map ({fr: [...]}, DATAtourisme), a value object
 * ({"@value", "@language"}) or a list of those; French preferred.
 */
export function literal(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    const texts = v.map((x) => ({ x, lang: isNode(x) ? x['@language'] : undefined }));
    const fr = texts.find((t) => typeof t.lang === 'string' && t.lang.startsWith('fr'));
    for (const t of fr ? [fr, ...texts] : texts) {
      const s = literal(t.x);
      if (s) return s;
    }
    return null;
  }
  if (isNode(v)) {
    if (v['@value'] !== undefined) return literal(v['@value']);
    for (const lang of ['fr', 'fr-FR', 'en', ...Object.keys(v)]) {
      if (v[lang] !== undefined && !lang.startsWith('@')) return literal(v[lang]);
    }
  }
  return null;
}

const EVENT_TYPE =
  /Event$|^(Festival|Concert|Recital|Exhibition|Market|Conference|Visit|OpenDay|FairOrShow|Carnival|Parade)$/;

/** Whether a node is an event record (other nodes of a graph — places, organisations, pages — are context). */
function isEvent(node: Node): boolean {
  return typesOf(node).some((t) => EVENT_TYPE.test(t) || isShowType(t));
}

/** What the classifier reads of an event node as it stands (the gold-set bench reads DATAtourisme files so). */
export function nodeSignals(node: Node): EventSignals {
  const title = oneLine(literal(val(node, 'name')) ?? literal(node['rdfs:label']), 300) ?? '';
  return signalsOf(node, typesOf(node), title, descriptionOf(node));
}

/**
 * What the classifier reads of an event node: its types (with `additionalType` values that name a type), its
 * keywords, genres and DATAtourisme themes, title and description.
 */
export function signalsOf(
  node: Node,
  types: string[],
  title: string,
  description: string | null,
): EventSignals {
  const allTypes = [...types];
  const keywords = keywordsOf(node);
  for (const a of list(val(node, 'additionalType'))) {
    const t = literal(a);
    if (!t) continue;
    const local = localType(t.trim());
    // A type name (an IRI or a bare CamelCase word) is a type; a label (« Spectacle de danse ») reads as a keyword.
    if (/^[A-Z][A-Za-z]+$/.test(local)) allTypes.push(local);
    else keywords.push(t);
  }
  const genres: string[] = [];
  for (const g of list(val(node, 'genre'))) {
    const t = literal(isNode(g) ? (val(g, 'name') ?? g['rdfs:label'] ?? g) : g);
    if (t) genres.push(t);
  }
  const categories: string[] = [];
  for (const th of list(node.hasTheme)) {
    const t = isNode(th) ? literal(th['rdfs:label']) : literal(th);
    if (t) categories.push(t);
  }
  // DATAtourisme's one-line summary (« un spectacle de magie nouvelle ») often says what the long text does not.
  const comment = plainText(literal(node['rdfs:comment']));
  const text =
    comment && description && !description.startsWith(comment)
      ? `${comment}\n${description}`
      : (description ?? comment);
  return { types: allTypes, keywords, genres, categories, title, description: text };
}

interface Occurrence {
  date: string;
  time: string | null;
  endTime: string | null;
  /** An explicit ISO instant with offset from the source, when it gave one. */
  startIso: string | null;
  endIso: string | null;
  /** The offset the source wrote ("+02:00", "Z"), null for a local time. */
  zone: string | null;
  /** Whether that offset is Paris time on that date (then startIso is kept as written). */
  parisOk: boolean;
}

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A date-time text read, or why it cannot be (the reason, for a RecordError naming the field). */
const readDateTime = memo((s: string): Readonly<Occurrence> | { unreadable: 'date' | 'time' } => {
  const m = DATE_TIME.exec(s);
  if (!m || !isIsoDate(m[1]!)) return { unreadable: 'date' };
  const [, date, hh, mm, , zone] = m;
  if (hh === undefined)
    return {
      date: date!,
      time: null,
      endTime: null,
      startIso: null,
      endIso: null,
      zone: null,
      parisOk: false,
    };
  if (Number(hh) > 23 || Number(mm) > 59) return { unreadable: 'time' };
  const time = `${hh}:${mm}`;
  let iso: string | null = null;
  let off: string | null = null;
  if (zone) {
    off = zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    iso = `${date}T${time}:00${off}`;
  }
  // Checked once per distinct date text (this function is memoised): most feeds write Paris time right.
  const parisOk = off !== null && off === parisOffset(date!, time);
  return { date: date!, time, endTime: null, startIso: iso, endIso: null, zone: off, parisOk };
});

/** Parses a schema.org Date or DateTime; throws a RecordError naming `path()` when unreadable. */
function parseDateTime(v: unknown, path: () => string): Occurrence {
  if (typeof v !== 'string') throw new RecordError(path(), `date illisible : ${JSON.stringify(v ?? null)}`);
  const s = v.trim();
  const read = readDateTime(s);
  if ('unreadable' in read) {
    throw new RecordError(
      path(),
      read.unreadable === 'date' ? `date illisible : ${JSON.stringify(v)}` : `heure impossible : ${s}`,
    );
  }
  return { ...read };
}

function timeOf(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = /^(\d{1,2}):(\d{2})/.exec(v.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

/** One occurrence per day of a date range, capped; `zone`: the offset the source wrote with the daily time. */
function daily(
  from: string,
  to: string,
  time: string | null,
  endTime: string | null,
  zone: string | null = null,
): Occurrence[] {
  const span = Math.min(Math.max(daysBetween(from, to), 0), MAX_DAYS_PER_RANGE - 1);
  const out: Occurrence[] = [];
  // The offset written belongs to the first day; a Paris offset says the time is Paris's wall clock, whose
  // offset the later days have of their own (a run across the October change keeps its 20:00).
  const later = zone === '+01:00' || zone === '+02:00' ? null : zone;
  for (let d = 0; d <= span; d++)
    out.push(dayOccurrence({ date: addDays(from, d), time, endTime, zone: d === 0 ? zone : later }));
  return out;
}

function dayOccurrence(day: RunDay): Occurrence {
  const { date, time, endTime, zone } = day;
  const parisOk = zone !== null && time !== null && zone === parisOffset(date, time);
  return { date, time, endTime, startIso: null, endIso: null, zone: time === null ? null : zone, parisOk };
}

/** The days of an event's schema.org `eventSchedule`s, or null when it has none that names a day. */
function scheduledOccurrences(node: Node, path: string): Occurrence[] | null {
  const schedules = list(val(node, 'eventSchedule')).filter(isNode);
  if (schedules.length === 0) return null;
  const day = (v: unknown, key: string) =>
    v === undefined ? null : parseDateTime(v, () => jsonPath(path, key)).date;
  const from = day(val(node, 'startDate'), 'startDate');
  const to = day(val(node, 'endDate'), 'endDate');
  const out: Occurrence[] = [];
  for (const schedule of schedules) {
    const run = scheduleRun(schedule, from, to);
    if (run) for (const d of run) out.push(dayOccurrence(d));
  }
  return out.length > 0 ? out : null;
}

/** One day in milliseconds: a range of a day or more with a time is a run of daily performances. */
const DAY_MS = 86_400_000;

/** Dates of an event: DATAtourisme `takesPlaceAt` periods, else startDate/endDate (single or parallel arrays). */
function occurrencesOf(node: Node, path: string): Occurrence[] {
  const scheduled = scheduledOccurrences(node, path);
  if (scheduled) return scheduled;
  const periods = list(node.takesPlaceAt).filter(isNode);
  if (periods.length > 0) {
    const out: Occurrence[] = [];
    periods.forEach((p, k) => {
      const pp = () => jsonPath(jsonPath(path, 'takesPlaceAt'), k);
      const from = parseDateTime(p.startDate, () => jsonPath(pp(), 'startDate')).date;
      const to =
        p.endDate === undefined ? from : parseDateTime(p.endDate, () => jsonPath(pp(), 'endDate')).date;
      out.push(...daily(from, to, timeOf(p.startTime), timeOf(p.endTime)));
    });
    return out;
  }
  const start = prop(node, 'startDate');
  if (!start) throw new RecordError(jsonPath(path, 'startDate'), 'date de début manquante');
  const end = prop(node, 'endDate');
  const starts = list(start.value);
  const ends = end ? list(end.value) : [];
  if (starts.length === 0) throw new RecordError(jsonPath(path, start.key), 'date de début manquante');
  const out: Occurrence[] = [];
  starts.forEach((s, k) => {
    const sp = () =>
      Array.isArray(start.value) ? jsonPath(jsonPath(path, start.key), k) : jsonPath(path, start.key);
    const first = parseDateTime(s, sp);
    const endValue =
      ends.length === starts.length
        ? ends[k]
        : ends.length === 1 && starts.length === 1
          ? ends[0]
          : undefined;
    const ep = () =>
      end && Array.isArray(end.value)
        ? jsonPath(jsonPath(path, end.key), k)
        : jsonPath(path, end?.key ?? 'endDate');
    const last = endValue === undefined ? null : parseDateTime(endValue, ep);
    if (first.time !== null && last && last.date > first.date && spansDays(first, last)) {
      // A run with a daily time: « du 6 au 18 octobre à 20 h », each evening at the first day's time.
      const endTime = last.time !== null && last.time > first.time ? last.time : null;
      out.push(...daily(first.date, last.date, first.time, endTime, first.zone));
    } else if (first.time !== null) {
      // A dated performance: its end is the end instant when it falls the same day.
      if (last && last.date === first.date && last.time) {
        first.endTime = last.time;
        first.endIso = last.startIso;
      }
      out.push(first);
    } else {
      const to = last && last.date > first.date ? last.date : first.date;
      out.push(...daily(first.date, to, last?.time ?? null, null));
    }
  });
  return out;
}

/** Whether an end is a day or more after a start (an evening ending after midnight is one performance). */
function spansDays(first: Occurrence, last: Occurrence): boolean {
  const at = (o: Occurrence, time: string | null) => Date.parse(`${o.date}T${time ?? '23:59'}:00Z`);
  return at(last, last.time) - at(first, first.time) >= DAY_MS - 60_000;
}

function nameOf(v: unknown): string | null {
  if (typeof v === 'string') return oneLine(v, 200);
  if (!isNode(v)) return null;
  return oneLine(literal(val(v, 'name')) ?? literal(v['rdfs:label']) ?? literal(val(v, 'legalName')), 200);
}

const STREET_WORD =
  /^(\d+|rue|avenue|av\.?|boulevard|bd|place|pl\.?|route|rte|chemin|ch\.?|allee|impasse|quai|cours|square|passage|voie|faubourg|fbg|lieu.dit|hameau|za|zi|zac|rond.point|parvis|esplanade|promenade|sentier|bp|cs)\b/;

/**
 * DATAtourisme puts the venue's name in the street address ("Espace Jean Cocteau - 17 Rue Vasseliere",
 * "Ferme théâtre de Bellevue"): the first part that is not a street, a number or the town is the name.
 */
export function venueNameFromStreet(lines: string[], town: string): string | null {
  const folTown = foldAccents(town).trim();
  for (const line of lines) {
    for (const raw of line.split(/\s+-\s+|\s*,\s*|\n/)) {
      const part = raw.trim();
      const folded = foldAccents(part);
      if (part.length < 3 || STREET_WORD.test(folded) || folded === folTown) continue;
      return part;
    }
  }
  return null;
}

/** What a place's declared type or its name says about the venue: its type and, when clear, its size class. */
export interface VenueKind {
  type: VenueType;
  sizeClass: SizeClass | null;
}

/** schema.org place types (declared by the publisher), most telling first. */
const PLACE_TYPES: Array<[string, VenueKind]> = [
  ['StadiumOrArena', { type: 'salle-polyvalente', sizeClass: 'institution' }],
  ['PerformingArtsTheater', { type: 'theatre', sizeClass: null }],
  ['MusicVenue', { type: 'salle-de-concert', sizeClass: null }],
  ['Church', { type: 'patrimoine', sizeClass: 'petit' }],
  ['Chapel', { type: 'patrimoine', sizeClass: 'petit' }],
  ['PlaceOfWorship', { type: 'patrimoine', sizeClass: 'petit' }],
  ['Library', { type: 'autre', sizeClass: 'petit' }],
  ['BarOrPub', { type: 'autre', sizeClass: 'petit' }],
  ['CafeOrCoffeeShop', { type: 'autre', sizeClass: 'petit' }],
  ['Castle', { type: 'patrimoine', sizeClass: null }],
  ['LandmarksOrHistoricalBuildings', { type: 'patrimoine', sizeClass: null }],
  ['Park', { type: 'plein-air', sizeClass: null }],
];

/**
 * Words of a venue's name (accents folded) and what they tell. A heuristic: a size class only where the word
 * names a kind of place whose audience is small almost everywhere (a church or chapel, a village hall, a
 * library, a café) or large by definition (a scène nationale, an opera house, a Zénith, an exhibition hall);
 * a theatre, a cultural centre, a château or a park can be of any size, so they give a type and no size.
 * The rule that matches earliest in the name wins ("Parc du château" is a park); on a tie, the first listed.
 */
const NAME_RULES: Array<[RegExp, VenueKind]> = [
  [/\bscene nationale\b/, { type: 'scene-nationale', sizeClass: 'grand' }],
  [
    /\b(zenith|arena|parc des expositions|palais des congres|palais des sports)\b/,
    { type: 'salle-polyvalente', sizeClass: 'institution' },
  ],
  [/\bopera\b/, { type: 'theatre', sizeClass: 'grand' }],
  [/\bcafe[ -](theatre|concert)\b/, { type: 'salle-de-concert', sizeClass: 'petit' }],
  [/\b(eglise|chapelle|temple)\b/, { type: 'patrimoine', sizeClass: 'petit' }],
  [/\b(salle des fetes|foyer rural|salle communale)\b/, { type: 'salle-polyvalente', sizeClass: 'petit' }],
  [/\b(mediatheque|bibliotheque|ludotheque)\b/, { type: 'autre', sizeClass: 'petit' }],
  // Only as the name's first word: "Bar-le-Duc" or "Théâtre du Café" are not bars.
  [/^(le |la |l')?(cafe|bar|bistrot|estaminet|guinguette)\b/, { type: 'autre', sizeClass: 'petit' }],
  [/\btheatre\b/, { type: 'theatre', sizeClass: null }],
  [
    /\b(espace culturel|centre culturel|maison de la culture|salle polyvalente|salle de spectacles?)\b/,
    { type: 'salle-polyvalente', sizeClass: null },
  ],
  [/\bchapiteau\b/, { type: 'chapiteau', sizeClass: null }],
  [/\b(chateau|abbaye|domaine|manoir|cathedrale|prieure)\b/, { type: 'patrimoine', sizeClass: null }],
  [/\b(parc|jardins?)\b/, { type: 'plein-air', sizeClass: null }],
];

/**
 * The venue's type and declared size class from the place's schema.org types, else from the words of its
 * own name (not from a street address: "Place du Château" is a square). Null when neither says anything.
 */
export function venueKindOf(placeTypes: readonly string[], ownName: string | null): VenueKind | null {
  for (const [t, kind] of PLACE_TYPES) if (placeTypes.includes(t)) return kind;
  if (!ownName) return null;
  const name = foldAccents(ownName);
  let best: { at: number; kind: VenueKind } | null = null;
  for (const [re, kind] of NAME_RULES) {
    const m = re.exec(name);
    if (m && (!best || m.index < best.at)) best = { at: m.index, kind };
  }
  return best?.kind ?? null;
}

/** The venue of an event; throws a RecordError on missing or unusable coordinates. */
function venueOf(node: Node, path: string, inherited: Node | null): ImportedVenue {
  let placeProp =
    prop(node, 'location') ??
    (node.isLocatedAt !== undefined ? { key: 'isLocatedAt', value: node.isLocatedAt } : null);
  let base = path;
  if (!placeProp && inherited) {
    placeProp = { key: 'location', value: inherited };
    base = `${path}(superEvent)`;
  }
  if (!placeProp) throw new RecordError(jsonPath(path, 'location'), 'lieu manquant');
  let placePath = jsonPath(base, placeProp.key);
  let place: unknown = placeProp.value;
  if (Array.isArray(place)) {
    const k = place.findIndex((p) => isNode(p) && !typesOf(p).includes('VirtualLocation'));
    if (k < 0) throw new RecordError(placePath, 'aucun lieu physique (événement en ligne)');
    place = place[k];
    placePath = jsonPath(placePath, k);
  }
  if (!isNode(place)) throw new RecordError(placePath, 'lieu sans adresse ni coordonnées');
  if (typesOf(place).includes('VirtualLocation')) throw new RecordError(placePath, 'événement en ligne');

  const addrProp = prop(place, 'address');
  let addrNode: Node | null = null;
  let streetLines: string[] = [];
  let addrPath = jsonPath(placePath, addrProp?.key ?? 'address');
  if (addrProp) {
    const a = list(addrProp.value);
    if (typeof a[0] === 'string') streetLines = [a[0]];
    else if (isNode(a[0])) {
      addrNode = a[0];
      if (Array.isArray(addrProp.value)) addrPath = jsonPath(addrPath, 0);
    }
  }
  let town = '';
  let postcode: string | null = null;
  let insee: string | null = null;
  if (addrNode) {
    streetLines = list(val(addrNode, 'streetAddress'))
      .map((s) => literal(s))
      .filter((s): s is string => !!s);
    town = oneLine(literal(val(addrNode, 'addressLocality')), 200) ?? '';
    postcode = fiveDigitCode(literal(val(addrNode, 'postalCode')));
    const city = list(addrNode.hasAddressCity).find(isNode);
    insee = fiveDigitCode(city?.insee);
  }
  const street = streetLines.join(', ').trim() || null;

  const geoProp = prop(place, 'geo');
  let lat: unknown = val(place, 'latitude');
  let lon: unknown = val(place, 'longitude');
  let geoPath = placePath;
  let latKey = prop(place, 'latitude')?.key ?? 'latitude';
  let lonKey = prop(place, 'longitude')?.key ?? 'longitude';
  if (geoProp) {
    geoPath = jsonPath(placePath, geoProp.key);
    const g = Array.isArray(geoProp.value) ? geoProp.value[0] : geoProp.value;
    if (Array.isArray(geoProp.value)) geoPath = jsonPath(geoPath, 0);
    if (isNode(g)) {
      lat = val(g, 'latitude');
      lon = val(g, 'longitude');
      latKey = prop(g, 'latitude')?.key ?? 'latitude';
      lonKey = prop(g, 'longitude')?.key ?? 'longitude';
    }
  }
  if (lat === undefined || lon === undefined) {
    throw new RecordError(jsonPath(placePath, geoProp?.key ?? 'geo'), 'coordonnées géographiques manquantes');
  }
  const latN = toNumber(lat);
  if (latN === null || latN < -90 || latN > 90) {
    throw new RecordError(jsonPath(geoPath, latKey), `latitude illisible : ${JSON.stringify(lat)}`);
  }
  const lonN = toNumber(lon);
  if (lonN === null || lonN < -180 || lonN > 180) {
    throw new RecordError(jsonPath(geoPath, lonKey), `longitude illisible : ${JSON.stringify(lon)}`);
  }
  const dept = departmentOf(insee ?? postcode);
  const checked = checkGeocode({ lat: latN, lon: lonN }, dept);
  if (!checked)
    throw new RecordError(geoPath, `coordonnées hors de France ou du département (${latN}, ${lonN})`);

  const placeName = oneLine(literal(val(place, 'name')) ?? literal(place['rdfs:label']), 300);
  const ownName = placeName ?? venueNameFromStreet(streetLines, town);
  const name = ownName ?? ([street, town].filter(Boolean).join(', ') || null);
  if (!name) throw new RecordError(jsonPath(placePath, 'name'), 'lieu sans nom ni adresse');
  if (!town && !addrNode) town = '';
  const id =
    (typeof place['@id'] === 'string' && place['@id']) ||
    httpUrl(val(place, 'url')) ||
    `place:${stableHash(`${foldAccents(name)}|${postcode ?? ''}|${foldAccents(town)}`)}`;
  const accessibility: Accessibility[] =
    node.reducedMobilityAccess === true || place.reducedMobilityAccess === true ? ['moteur'] : [];
  const capacity = toNumber(val(place, 'maximumAttendeeCapacity'));
  const seats = capacity !== null && capacity > 0 ? Math.round(capacity) : null;
  const kind = venueKindMemo(JSON.stringify([typesOf(place), ownName]));
  return {
    sourceId: id,
    name,
    address: street ? street.slice(0, 500) : null,
    town,
    postcode,
    inseeCode: insee,
    location: checked.point,
    capacity: seats,
    // A declared capacity says more than a word of the name: then the store derives the class from it.
    sizeClass: seats === null ? (kind?.sizeClass ?? null) : null,
    type: kind?.type ?? 'autre',
    accessibility,
    url: httpUrl(val(place, 'url')),
  };
}

interface PriceInfo {
  price: Omit<Price, 'band'>;
  soldOut: boolean;
  url: string | null;
}

const FREE_WORDS = /\b(gratuit\w*|free|libre|entree libre)\b/;

/** Prices of `offers`: every tariff read; free only when no tariff costs anything. */
function priceOf(node: Node, path: string, inherited: unknown): PriceInfo {
  const offersProp = prop(node, 'offers');
  const offers = list(offersProp?.value ?? inherited).filter(isNode);
  const paid: number[] = [];
  let freeMark = val(node, 'isAccessibleForFree') === true || val(node, 'isAccessibleForFree') === 'true';
  let soldOut = false;
  let url: string | null = null;
  const base = jsonPath(path, offersProp?.key ?? 'offers');
  const read = (v: unknown, p: string) => {
    for (const item of list(v)) {
      if (typeof item === 'string' && FREE_WORDS.test(foldAccents(item))) {
        freeMark = true;
        continue;
      }
      const n = toNumber(item);
      if (n === null) {
        if (item !== undefined && item !== null && item !== '')
          throw new RecordError(p, `prix illisible : ${JSON.stringify(item)}`);
        continue;
      }
      if (n < 0) throw new RecordError(p, `prix négatif : ${n}`);
      if (n === 0) freeMark = true;
      else paid.push(n);
    }
  };
  offers.forEach((offer, k) => {
    const op = Array.isArray(offersProp?.value) ? jsonPath(base, k) : base;
    const currency = literal(val(offer, 'priceCurrency'));
    const availability = literal(val(offer, 'availability')) ?? '';
    if (/SoldOut$/.test(availability)) soldOut = true;
    url ??= httpUrl(val(offer, 'url'));
    const policy = foldAccents(
      literal(isNode(offer.hasEligiblePolicy) ? offer.hasEligiblePolicy['rdfs:label'] : null) ?? '',
    );
    if (FREE_WORDS.test(policy)) freeMark = true;
    if (currency && currency !== 'EUR') return; // XPF in Polynesia and the like: no euro price to show.
    for (const key of ['price', 'lowPrice', 'highPrice', 'minPrice', 'maxPrice']) {
      const p = prop(offer, key);
      if (p) read(p.value, jsonPath(op, p.key));
    }
    const specsProp = prop(offer, 'priceSpecification');
    list(specsProp?.value).forEach((spec, j) => {
      if (!isNode(spec)) return;
      const sp = Array.isArray(specsProp?.value)
        ? jsonPath(jsonPath(op, specsProp!.key), j)
        : jsonPath(op, specsProp!.key);
      const specCurrency = literal(val(spec, 'priceCurrency'));
      if (specCurrency && specCurrency !== 'EUR') return;
      const specPolicy = isNode(spec.hasEligiblePolicy) ? spec.hasEligiblePolicy : null;
      const label = foldAccents(literal(specPolicy?.['rdfs:label']) ?? literal(specPolicy?.['@id']) ?? '');
      if (FREE_WORDS.test(label) || /:Free$/.test(String(specPolicy?.['@id'] ?? ''))) freeMark = true;
      for (const key of ['price', 'minPrice', 'maxPrice']) {
        const p = prop(spec, key);
        if (p) read(p.value, jsonPath(sp, p.key));
      }
    });
  });
  // Price 0 or "Gratuit" beside paid tariffs is a concession (children, unemployed…): the event is not free,
  // and its lowest paying price is what a visitor should expect.
  if (paid.length > 0) {
    return {
      price: { min: Math.min(...paid), max: Math.max(...paid), free: false, currency: 'EUR' },
      soldOut,
      url,
    };
  }
  if (freeMark) return { price: { min: 0, max: 0, free: true, currency: 'EUR' }, soldOut, url };
  return { price: { min: null, max: null, free: false, currency: 'EUR' }, soldOut, url };
}

function statusOf(node: Node, soldOut: boolean): PerformanceStatus {
  const s =
    literal(val(node, 'eventStatus')) ??
    (isNode(val(node, 'eventStatus')) ? String((val(node, 'eventStatus') as Node)['@id']) : '');
  // Moved online or cancelled: the performance announced will not take place. Postponed (no new date yet) is
  // its own status; rescheduled means the record's dates are the new ones: scheduled (or sold out) at them.
  if (/(EventCancelled|EventMovedOnline)$/.test(s)) return 'cancelled';
  if (/EventPostponed$/.test(s)) return 'postponed';
  return soldOut ? 'sold-out' : 'scheduled';
}

/** "7-12", "3+", "18-", "à partir de 6 ans" → minimum and maximum ages. */
export function parseAgeRange(v: unknown): { min: number | null; max: number | null } | null {
  const s = literal(v);
  if (!s) return null;
  const range = /(\d{1,2})\s*[-–à]\s*(\d{1,2})/.exec(s);
  if (range) return { min: Number(range[1]), max: Number(range[2]) };
  const plus = /(\d{1,2})\s*\+|(?:partir de|des|dès)\s*(\d{1,2})/.exec(s);
  if (plus) return { min: Number(plus[1] ?? plus[2]), max: null };
  const minus = /(\d{1,2})\s*-$/.exec(s.trim());
  if (minus) return { min: null, max: Number(minus[1]) };
  return null;
}

function audienceOf(types: string[], node: Node, title: string, description: string | null): Audience {
  const ages = parseAgeRange(val(node, 'typicalAgeRange'));
  const young =
    types.includes('ChildrensEvent') ||
    (ages?.max != null && ages.max <= 14) ||
    namesYoung(title) ||
    /\bjeune public\b/.test(foldAccents(description ?? ''));
  const clamp = (n: number | null | undefined) =>
    n === null || n === undefined ? null : Math.min(99, Math.max(0, n));
  return { kind: young ? 'jeune-public' : 'tout-public', minAge: clamp(ages?.min), maxAge: clamp(ages?.max) };
}

function imageOf(node: Node, inherited: string | null): string | null {
  for (const img of list(val(node, 'image'))) {
    const u =
      typeof img === 'string'
        ? httpUrl(img)
        : isNode(img)
          ? httpUrl(literal(val(img, 'url')) ?? literal(val(img, 'contentUrl')))
          : null;
    if (u) return u;
  }
  for (const rep of list(node.hasMainRepresentation).filter(isNode)) {
    for (const res of list(rep['ebucore:hasRelatedResource']).filter(isNode)) {
      for (const loc of list(res['ebucore:locator'])) {
        const u = httpUrl(loc);
        if (u) return u;
      }
    }
  }
  return inherited;
}

function languageOf(node: Node): string | null {
  for (const l of [...list(val(node, 'inLanguage')), ...list(node.availableLanguage)]) {
    const s =
      typeof l === 'string'
        ? l
        : isNode(l)
          ? (literal(val(l, 'alternateName')) ?? literal(val(l, 'name')) ?? literal(l['rdfs:label']))
          : null;
    if (s?.trim()) return s.trim().slice(0, 35);
  }
  return null;
}

function descriptionOf(node: Node): string | null {
  const d = literal(val(node, 'description'));
  if (d) return plainText(d);
  for (const h of list(node.hasDescription).filter(isNode)) {
    const t = literal(h['dc:description']) ?? literal(h.shortDescription);
    if (t) return plainText(t);
  }
  return plainText(literal(node['rdfs:comment']));
}

function creatorsOf(node: Node, venueName: string): string[] {
  const names: string[] = [];
  const add = (v: unknown) => {
    for (const x of list(v)) {
      const n = nameOf(x);
      if (n && !names.includes(n) && foldAccents(n) !== foldAccents(venueName)) names.push(n);
    }
  };
  add(val(node, 'performer'));
  add(val(node, 'performers'));
  if (names.length === 0) add(val(node, 'organizer'));
  return names.slice(0, 20);
}

function keywordsOf(node: Node): string[] {
  const out: string[] = [];
  for (const k of list(val(node, 'keywords'))) {
    const s = literal(k);
    if (s) out.push(...s.split(/[,;]/));
  }
  return out;
}

/** What the parent of a sub event lends to it when the sub event does not say. */
interface Inherited {
  location: Node | null;
  offers: unknown;
  image: string | null;
  superName: string | null;
}

interface Candidate {
  node: Node;
  path: string;
  index: number;
  inherited: Inherited | null;
}

const venueKindMemo = memo((key) => {
  const [types, ownName] = JSON.parse(key) as [string[], string | null];
  return venueKindOf(types, ownName);
});
const namesYoung = memo(namesYoungAudience);

/** Parses schema.org / DATAtourisme JSON-LD text into a batch; throws ImportParseError when it is not JSON. */
export function parseJsonLd(text: string, options: JsonLdOptions): ImportBatch {
  try {
    return parseDocument(text, options);
  } finally {
    clearMemos();
    forgetReadings();
  }
}

function parseDocument(text: string, options: JsonLdOptions): ImportBatch {
  const body = text.replace(/^\uFEFF+/, '');
  const spans = options.wholeDocument ? null : topLevelSpans(body);
  if (spans) {
    try {
      return mapNodes(streamedNodes(body, spans), options);
    } catch (error) {
      if (!(error instanceof NotStreamable)) throw error;
    }
  }
  return mapNodes(parsedNodes(body), options);
}

/** The top-level nodes of a document parsed whole (what JSON.parse says about a text that is not JSON). */
function parsedNodes(body: string): Array<{ node: unknown; path: string }> {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (error) {
    throw new ImportParseError('jsonld', `JSON illisible : ${(error as Error).message}`, { cause: error });
  }
  if (Array.isArray(doc)) return doc.map((node, i) => ({ node, path: `[${i}]` }));
  if (isNode(doc) && Array.isArray(doc['@graph']))
    return doc['@graph'].map((node, i) => ({ node, path: `@graph[${i}]` }));
  if (isNode(doc)) return [{ node: doc, path: '' }];
  throw new ImportParseError('jsonld', 'ni objet ni tableau JSON-LD');
}

/**
 * The top-level nodes as read node by node, or null when the document is parsed whole instead (another
 * shape, or not valid JSON). What parseJsonLd does first; exported for tests.
 */
export function nodesReadOneByOne(text: string): Array<{ node: unknown; path: string }> | null {
  const body = text.replace(/^\uFEFF+/, '');
  const spans = topLevelSpans(body);
  if (!spans) return null;
  try {
    return [...streamedNodes(body, spans)];
  } catch (error) {
    if (error instanceof NotStreamable) return null;
    throw error;
  }
}

/** Thrown when a document read node by node turns out not to be valid JSON: it is then parsed whole. */
class NotStreamable extends Error {}

/**
 * The top-level nodes of a large document, parsed one at a time: a national file holds hundreds of
 * thousands of nodes, and parsed whole they all stay in memory while they are read (most of the parse
 * was garbage collection over them). Only for a top-level array or an object with one `@graph` array,
 * whose shape topLevelSpans has checked; a node that is not valid JSON throws NotStreamable.
 */
function* streamedNodes(body: string, top: TopLevel): Generator<{ node: unknown; path: string }> {
  const { spans } = top;
  for (let k = 0; k < spans.length; k += 2) {
    let node: unknown;
    try {
      node = JSON.parse(body.slice(spans[k], spans[k + 1]));
    } catch {
      throw new NotStreamable();
    }
    yield { node, path: `${top.graph ? '@graph' : ''}[${k / 2}]` };
  }
}

interface TopLevel {
  /** Nodes listed in a top-level object's `@graph` (else in a top-level array). */
  graph: boolean;
  /** Start and end offsets of each listed value, in pairs. */
  spans: number[];
}

const isJsonSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function skipSpace(s: string, i: number): number {
  while (i < s.length && isJsonSpace(s.charCodeAt(i))) i++;
  return i;
}

/** End (exclusive) of the string whose opening quote is at `i`, or -1. */
function stringEnd(s: string, i: number): number {
  let k = i;
  for (;;) {
    k = s.indexOf('"', k + 1);
    if (k < 0) return -1;
    // Escaped when preceded by an odd number of backslashes.
    let slashes = 0;
    while (s.charCodeAt(k - 1 - slashes) === 0x5c) slashes++;
    if (slashes % 2 === 0) return k + 1;
  }
}

/** End (exclusive) of the value starting at `i`, from its brackets and strings only (JSON.parse checks the rest), or -1. */
function valueEnd(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 0x22) return stringEnd(s, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    for (let k = i; k < s.length; k++) {
      const ch = s.charCodeAt(k);
      if (ch === 0x22) {
        const e = stringEnd(s, k);
        if (e < 0) return -1;
        k = e - 1;
      } else if (ch === 0x7b || ch === 0x5b) depth++;
      else if (ch === 0x7d || ch === 0x5d) {
        depth--;
        if (depth === 0) return k + 1;
      }
    }
    return -1;
  }
  let k = i;
  while (k < s.length) {
    const ch = s.charCodeAt(k);
    if (ch === 0x2c || ch === 0x5d || ch === 0x7d || isJsonSpace(ch)) break;
    k++;
  }
  return k > i ? k : -1;
}

/** Spans of the values of the array opening at `i`; returns the offset after it, or -1. */
function arraySpans(s: string, i: number, spans: number[]): number {
  let k = skipSpace(s, i + 1);
  if (s.charCodeAt(k) === 0x5d) return k + 1;
  for (;;) {
    const end = valueEnd(s, k);
    if (end < 0) return -1;
    spans.push(k, end);
    k = skipSpace(s, end);
    const ch = s.charCodeAt(k);
    if (ch === 0x5d) return k + 1;
    if (ch !== 0x2c) return -1;
    k = skipSpace(s, k + 1);
  }
}

/**
 * Where the top-level nodes of a document are, when it is a top-level array or an object with exactly one
 * `@graph` key whose value is an array — checking the rest of the document's shape (its other values are
 * parsed); null for anything else, which is then parsed whole.
 */
function topLevelSpans(s: string): TopLevel | null {
  let i = skipSpace(s, 0);
  const spans: number[] = [];
  let graph = false;
  if (s.charCodeAt(i) === 0x5b) {
    i = arraySpans(s, i, spans);
    if (i < 0) return null;
  } else if (s.charCodeAt(i) === 0x7b) {
    i = skipSpace(s, i + 1);
    for (;;) {
      if (s.charCodeAt(i) !== 0x22) return null;
      const keyEnd = stringEnd(s, i);
      if (keyEnd < 0) return null;
      let key: unknown;
      try {
        key = JSON.parse(s.slice(i, keyEnd));
      } catch {
        return null;
      }
      i = skipSpace(s, keyEnd);
      if (s.charCodeAt(i) !== 0x3a) return null;
      i = skipSpace(s, i + 1);
      if (key === '@graph') {
        // A second @graph would replace the first: left to JSON.parse.
        if (graph || s.charCodeAt(i) !== 0x5b) return null;
        graph = true;
        i = arraySpans(s, i, spans);
        if (i < 0) return null;
      } else {
        const end = valueEnd(s, i);
        if (end < 0) return null;
        try {
          JSON.parse(s.slice(i, end));
        } catch {
          return null;
        }
        i = end;
      }
      i = skipSpace(s, i);
      const ch = s.charCodeAt(i);
      if (ch === 0x7d) {
        i++;
        break;
      }
      if (ch !== 0x2c) return null;
      i = skipSpace(s, i + 1);
    }
    if (!graph) return null;
  } else return null;
  return skipSpace(s, i) === s.length ? { graph, spans } : null;
}

/** Reads the event nodes of a document's top-level nodes, in order, into a batch. */
function mapNodes(top: Iterable<{ node: unknown; path: string }>, options: JsonLdOptions): ImportBatch {
  const venues = new Map<string, ImportedVenue>();
  const shows = new Map<string, ImportedShow>();
  // Performances by source id, first listed first, the last version kept (what a Map by source id gives).
  // A source id is `${showId}@${start}` and a start never holds '@', so equal ids have equal show ids: they are
  // looked for among the show's own performances, sparing a map of every id (hashing each long id string).
  const performances: ImportedPerformance[] = [];
  const performancesOfShow = new Map<string, number[]>();
  const rejected: Reject[] = [];
  const warnings: ImportWarning[] = [];
  const skips: Skip[] = [];
  let index = 0;

  const read = (c: Candidate): void => {
    const { node, path } = c;
    const sourceId =
      (typeof node['@id'] === 'string' && node['@id']) ||
      literal(node['dc:identifier']) ||
      literal(val(node, 'identifier')) ||
      null;
    if (sourceId && shows.has(sourceId)) return; // listed both at top level and inside its festival
    try {
      const titleProp =
        prop(node, 'name') ??
        (node['rdfs:label'] !== undefined ? { key: 'rdfs:label', value: node['rdfs:label'] } : null);
      const title = oneLine(literal(titleProp?.value), 300);
      if (!title) throw new RecordError(jsonPath(path, titleProp?.key ?? 'name'), 'titre manquant');
      const types = typesOf(node);
      const description = descriptionOf(node);
      const kind = classifyEvent(signalsOf(node, types, title, description));
      if (kind.kind === 'skipped') {
        skips.push({ index: c.index, sourceId, title, reason: kind.reason });
        return;
      }
      const venue = venueOf(node, path, c.inherited?.location ?? null);
      const occurrences = occurrencesOf(node, path);
      const { price, soldOut, url: offerUrl } = priceOf(node, path, c.inherited?.offers);
      const status = statusOf(node, soldOut);
      const tz = timeZoneOf(departmentOf(venue.inseeCode ?? venue.postcode));
      const showId = sourceId ?? `event:${stableHash(`${title}|${venue.sourceId}|${occurrences[0]?.date}`)}`;
      const tags = [...keywordsOf(node), ...(c.inherited?.superName ? [c.inherited.superName] : [])];
      const superName = nameOf(val(node, 'superEvent'));
      if (superName) tags.push(superName);
      if (types.includes('Festival')) tags.push('festival');
      const show: ImportedShow = {
        sourceId: showId,
        title,
        creators: creatorsOf(node, venue.name),
        discipline: kind.discipline,
        subDiscipline: kind.subDiscipline,
        audience: audienceOf(types, node, title, description),
        tags: [...new Set(tags.map((t) => t.trim().slice(0, 60)).filter(Boolean))].slice(0, 30),
        description,
        image: imageOf(node, c.inherited?.image ?? null),
        language: languageOf(node),
      };
      const bookingHome = list(node.hasBookingContact)
        .filter(isNode)
        .map((b) => httpUrl(list(b['foaf:homepage'])[0]))
        .find((u) => u);
      const url = httpUrl(literal(val(node, 'url'))) ?? offerUrl ?? bookingHome ?? null;
      const own: ImportedPerformance[] = [];
      // Notes for the producer (an offset contradicting Paris time…), once each.
      const notes: string[] = [];
      const note = (message: string) => {
        if (!notes.includes(message)) notes.push(message);
      };
      for (const o of occurrences.slice(0, MAX_PERFORMANCES_PER_EVENT)) {
        let start: string;
        let end = o.endIso;
        if (o.zone === null || o.time === null) start = zonedIso(o.date, o.time ?? DEFAULT_START_TIME, tz);
        else if (o.parisOk && tz === 'Europe/Paris') start = o.startIso ?? `${o.date}T${o.time}:00${o.zone}`;
        else {
          // An offset that is not the venue's time that day: put in its zone, the producer warned.
          const fixed = zonedTime(o.date, o.time, o.zone, tz);
          start = fixed.iso;
          if (fixed.warning) note(fixed.warning);
          if (end && o.endTime) end = zonedTime(o.date, o.endTime, end.slice(19), tz).iso;
        }
        if (!end && o.endTime && o.time && o.endTime > o.time) end = zonedIso(o.date, o.endTime, tz);
        own.push({
          sourceId: `${showId}@${start}`,
          showSourceId: showId,
          venueSourceId: venue.sourceId,
          start,
          end,
          price,
          url,
          status,
        });
      }
      if (own.length === 0) throw new RecordError(jsonPath(path, 'startDate'), 'aucune date');
      if (occurrences.length > MAX_PERFORMANCES_PER_EVENT)
        note(
          `${occurrences.length} dates : seules les ${MAX_PERFORMANCES_PER_EVENT} premières sont importées`,
        );
      for (const message of notes) warnings.push({ index: c.index, sourceId, message });
      if (!venues.has(venue.sourceId)) venues.set(venue.sourceId, venue);
      shows.set(showId, show);
      let listed = performancesOfShow.get(showId);
      if (!listed) {
        listed = [];
        performancesOfShow.set(showId, listed);
      }
      for (const p of own) {
        // Same show id: same source id exactly when same start.
        const at = listed.find((i) => performances[i]!.start === p.start);
        if (at === undefined) {
          listed.push(performances.length);
          performances.push(p);
        } else performances[at] = p;
      }
    } catch (error) {
      rejected.push(toReject(error, c.index, sourceId));
    }
  };

  for (const entry of top) {
    // Pages often wrap each script's graph in an array entry.
    const nodes =
      isNode(entry.node) && Array.isArray(entry.node['@graph'])
        ? entry.node['@graph'].map((node, i) => ({ node, path: `${entry.path}["@graph"][${i}]` }))
        : [entry];
    for (const t of nodes) {
      if (!isNode(t.node) || !isEvent(t.node)) continue;
      const node = t.node;
      const subs = list(val(node, 'subEvent'));
      if (subs.length > 0) {
        // A festival with its programme: each sub event is a performance of its own show, in the festival's place.
        const subKey = prop(node, 'subEvent')!.key;
        const loc = val(node, 'location');
        const inherited: Inherited = {
          location: isNode(loc) ? loc : Array.isArray(loc) && isNode(loc[0]) ? loc[0] : null,
          offers: val(node, 'offers'),
          image: imageOf(node, null),
          superName: oneLine(literal(val(node, 'name')) ?? literal(node['rdfs:label']), 60),
        };
        subs.forEach((sub, j) => {
          if (isNode(sub)) {
            const path = Array.isArray(val(node, 'subEvent'))
              ? jsonPath(jsonPath(t.path, subKey), j)
              : jsonPath(t.path, subKey);
            read({ node: sub, path, index: index++, inherited });
          }
        });
      } else {
        read({ node, path: t.path, index: index++, inherited: null });
      }
    }
  }

  return {
    source: options.source,
    format: 'jsonld',
    records: index,
    venues: [...venues.values()],
    shows: [...shows.values()],
    performances,
    rejected,
    skipped: skips.length,
    skips,
    warnings,
    complete: options.complete ?? true,
  };
}
