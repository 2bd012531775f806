import type { GeoPoint, Reject, SizeClass, Skip } from '@detour/sdk';
import type { ImportBatch, ImportedPerformance, ImportedShow, ImportedVenue } from '../catalogue/batch.js';
import { foldAccents, normaliseName } from '../text/french.js';
import { CsvSyntaxError, type CsvTable, parseCsv } from './csv-parse.js';
import { agreesWithClaims, learnDepartments } from './departments.js';
import {
  type Classification,
  classifyFirstNamed,
  classifyText,
  namesNonLiveEvent,
  namesYoungAudience,
} from './disciplines.js';
import { ImportParseError } from './errors.js';
import { addDays, checkGeocode, daysBetween, departmentOf, isIsoDate, timeZoneOf, zonedIso } from './geo.js';
import { RecordError, toReject } from './record-error.js';
import { fiveDigitCode, httpUrl, oneLine, stableHash, toNumber } from './text.js';

/**
 * The Ministère de la Culture festival lists: « Liste des festivals en France » (2024, a season per
 * festival, no dates) and « Panorama des festivals » (2018-2019 editions with real dates). Each festival
 * becomes a venue (its site in its commune), a show (the festival) and, when dates are known, one
 * performance per day of the edition. See docs/importing.md for every rule and quirk.
 */

export interface FestivalsOptions {
  source: string;
  /** A full feed: performances of the source missing from it get cancelled. Default true. */
  complete?: boolean;
  /** Commune centroids by INSEE code (from the panorama file): fallback for missing or wrong geocodes. */
  centroids?: ReadonlyMap<string, GeoPoint>;
}

/** A festival's usual period as month-day bounds ("06-21" to "09-05"), from a season label. */
export interface Season {
  label: string;
  from: string;
  to: string;
}

export interface FestivalsParse {
  batch: ImportBatch;
  layout: 'liste' | 'panorama';
  /** Usual period of each festival (show source id) of the 2024 list: what the demo uses to place dates. */
  seasons: Map<string, Season>;
  /** Each festival's name + INSEE key (see festivalKey), by show source id: to join the two files. */
  keys: Map<string, string>;
  /** Geocodes repaired (lat/lon swapped) or replaced by the commune centroid, by show source id. */
  geocodeFixes: Map<string, 'swapped' | 'centroid'>;
}

/**
 * Most performances made from one edition: an edition of up to a month gets an evening on each of its days
 * (the panorama gives first and last day only; Avignon's off festival runs its 24 days every day), a longer
 * one is a season with events here and there (« Les Hivernales », October to May) and gets this many
 * evenings, evenly spread.
 */
export const MAX_FESTIVAL_DAYS = 31;
/** Evening start of a festival day: the files give dates, never times. */
export const FESTIVAL_START_TIME = '20:30';

const MONTHS = [
  'janvier',
  'fevrier',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'aout',
  'septembre',
  'octobre',
  'novembre',
  'decembre',
];
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Reads the season column in any case ("Saison (21 juin - 5 septembre)", "saison (…)", "Après-saison…",
 * a month "Octobre", the typo "Ocotbre", a list of months); null when it names no period.
 */
export function parseSeason(label: string): Season | null {
  const f = foldAccents(label).trim();
  if (f === '') return null;
  if (f.startsWith('avant-saison') || f.startsWith('avant saison'))
    return { label, from: '01-01', to: '06-20' };
  if (f.startsWith('apres-saison') || f.startsWith('apres saison'))
    return { label, from: '09-06', to: '12-31' };
  if (f.startsWith('saison')) return { label, from: '06-21', to: '09-05' };
  const found: number[] = [];
  for (const word of f.split(/[^a-z]+/)) {
    if (word.length < 3) continue;
    // Exact month, or a near miss such as "ocotbre" (same letters, same length).
    const m = MONTHS.findIndex(
      (name) =>
        name === word ||
        (name.length === word.length && [...name].sort().join('') === [...word].sort().join('')),
    );
    if (m >= 0) found.push(m);
  }
  if (found.length === 0) return null;
  const first = Math.min(...found);
  const last = Math.max(...found);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { label, from: `${pad(first + 1)}-01`, to: `${pad(last + 1)}-${pad(MONTH_DAYS[last]!)}` };
}

/**
 * The list's "Envergure territoriale" (the festival's territorial reach, declared by its organisers) read as a
 * size class: a communal festival (« Communale », « municipale », « au sein d'une même commune », « plusieurs
 * sites dans la même ville ») → petit; intercommunal, departmental (« Intercommunale », « Départementale »,
 * « Interdépartementale », « CU … Métropole », « Agglomération … ») → moyen; regional, interregional,
 * cross-border → grand; national, international → institution. Any case, with or without accents, with the
 * organisers' typos (« Inrtercommunale », « Interrrégionale »). When the text names several reaches
 * (« Municipale … à vocation de développement régional »), the widest wins: the small-venue promotion must
 * never go to a festival that itself claims a wider reach. Anything else (empty, « / », « 28 % public
 * origine Ile de France ») → null.
 */
export function sizeClassFromReach(label: string): SizeClass | null {
  const words = foldAccents(label)
    .split(/[^a-z]+/)
    .filter((w) => w.length >= 4)
    // Typos double a letter ("interrregionale", "iintercommunale"): compare with doubled letters collapsed.
    .map((w) => w.replace(/(.)\1+/g, '$1'));
  let best = -1;
  for (const word of words) {
    for (const [stem, rank] of REACH_STEMS) {
      if (rank > best && nearPrefix(word, stem)) best = rank;
    }
  }
  return best < 0 ? null : SIZE_BY_REACH[best]!;
}

const SIZE_BY_REACH: SizeClass[] = ['petit', 'moyen', 'grand', 'institution'];
/** Stems of the reach words (doubled letters collapsed), most specific first, with their rank in SIZE_BY_REACH. */
const REACH_STEMS: Array<[string, number]> = [
  ['intercomunal', 1],
  ['interco', 1],
  ['comcom', 1],
  ['interdepartement', 1],
  ['interegion', 2],
  ['international', 3],
  ['mondial', 3],
  ['transfrontal', 2],
  ['departement', 1],
  ['metropol', 1],
  ['agglomeration', 1],
  ['region', 2],
  ['national', 3],
  ['comunal', 0],
  ['comune', 0],
  ['municipal', 0],
  ['vile', 0],
  ['vilage', 0],
  ['local', 0],
];

/**
 * A word starts with the stem, or (for stems of 8 letters or more) with the stem up to one typo (a letter
 * missing, added or changed): "inernationale", "inrtercomunale".
 */
function nearPrefix(word: string, stem: string): boolean {
  if (word.startsWith(stem)) return true;
  if (stem.length < 8) return false;
  for (const len of [stem.length - 1, stem.length, stem.length + 1]) {
    if (len <= word.length && editDistance(word.slice(0, len), stem) <= 1) return true;
  }
  return false;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The key joining a festival across the two files (their identifiers differ): folded name + INSEE code. */
export function festivalKey(name: string, insee: string | null): string {
  return `${normaliseName(name)}|${insee ?? ''}`;
}

/** "ST LAURENT DU MARONI" → "St Laurent du Maroni": the panorama writes communes in capitals. */
function townCase(s: string): string {
  if (s !== s.toUpperCase() || !/[A-Z]/.test(s)) return s;
  const small = new Set([
    'de',
    'du',
    'des',
    'la',
    'le',
    'les',
    'sur',
    'sous',
    'en',
    'et',
    'lès',
    'les',
    'aux',
    'au',
  ]);
  return s
    .toLowerCase()
    .split(/(\s+|-)/)
    .map((w, i) =>
      i > 0 && small.has(w)
        ? w
        : w.replace(
            /^(d'|l')?(\p{L})/u,
            (_m, p: string | undefined, c: string) => (p ?? '') + c.toUpperCase(),
          ),
    )
    .join('');
}

function parsePoint(s: string): GeoPoint | null {
  const parts = s.split(',').map((x) => toNumber(x.trim()));
  if (parts.length !== 2 || parts[0] === null || parts[1] === null) return null;
  const [lat, lon] = parts as [number, number];
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
  return { lat, lon };
}

/** Performance days of an edition: every day when short, else MAX_FESTIVAL_DAYS days evenly spread. */
export function editionDays(from: string, to: string): string[] {
  const span = Math.max(0, daysBetween(from, to));
  if (span + 1 <= MAX_FESTIVAL_DAYS) return Array.from({ length: span + 1 }, (_, d) => addDays(from, d));
  const days = new Set<string>();
  for (let k = 0; k < MAX_FESTIVAL_DAYS; k++)
    days.add(addDays(from, Math.round((k * span) / (MAX_FESTIVAL_DAYS - 1))));
  return [...days];
}

interface Columns {
  get(row: string[], name: string): string;
  path(line: number, name: string): string;
}

function columns(table: CsvTable, required: string[]): Columns {
  const index = new Map(table.header.map((h, i) => [h, i]));
  for (const r of required) {
    if (!index.has(r)) throw new ImportParseError('festivals', `colonne « ${r} » absente de l’en-tête`);
  }
  return {
    get: (row, name) => {
      const i = index.get(name);
      return i === undefined ? '' : (row[i] ?? '').trim();
    },
    path: (line, name) => `row ${line}, column ${JSON.stringify(name)}`,
  };
}

/** A festival as read from either file, before it becomes records. */
interface FestivalRow {
  id: string;
  name: string;
  kind: Classification;
  young: boolean;
  town: string;
  postcode: string | null;
  insee: string | null;
  address: string | null;
  url: string | null;
  location: GeoPoint;
  fix: 'none' | 'swapped' | 'centroid';
  description: string | null;
  tags: string[];
  /** Declared size class (the list's territorial reach); null when the file says nothing usable. */
  sizeClass: SizeClass | null;
}

/** A festival left out, and why (the ministry's own domain columns say it is not a live-show festival). */
interface Skipped {
  skip: string;
}
const skippedAs = (what: string): Skipped => ({ skip: `${what} : pas un festival de spectacle vivant` });

const SKIPPED_DOMAINS = /^(livre|cinema|arts visuels|arts plastiques)/;

function listDiscipline(
  dominant: string,
  live: string,
  music: string,
  musicCnm: string,
  name: string,
): Classification | Skipped {
  const d = foldAccents(dominant);
  if (SKIPPED_DOMAINS.test(d)) return skippedAs(`discipline dominante « ${dominant} »`);
  if (d.startsWith('musique')) {
    const sub = classifyFirstNamed(music, name) ?? classifyFirstNamed(musicCnm.replace(/^\d+-\s*/, ''), name);
    if (sub?.discipline === 'musique' || sub?.discipline === 'art-lyrique') return sub;
    return { discipline: 'musique', subDiscipline: null };
  }
  if (live && namesNonLiveEvent(live) && !classifyText(live))
    return skippedAs(`sous-catégorie spectacle vivant « ${live} »`);
  const fromLive = classifyFirstNamed(live, name);
  if (fromLive) return fromLive;
  if (d.startsWith('spectacle vivant') || d.startsWith('pluridisciplinaire')) {
    const fromName = classifyText(name);
    return fromName && fromName.discipline !== 'pluridisciplinaire'
      ? fromName
      : { discipline: 'pluridisciplinaire', subDiscipline: null };
  }
  return skippedAs(`discipline dominante « ${dominant} »`);
}

function panoramaDiscipline(domain: string, complement: string, name: string): Classification | Skipped {
  const d = foldAccents(domain);
  if (SKIPPED_DOMAINS.test(d)) return skippedAs(`domaine « ${domain} »`);
  const fromComplement = classifyFirstNamed(complement, name);
  if (d.startsWith('musiques actuelles')) {
    return fromComplement?.discipline === 'musique'
      ? fromComplement
      : { discipline: 'musique', subDiscipline: 'musiques-actuelles' };
  }
  if (d.startsWith('musiques classiques')) {
    return fromComplement?.discipline === 'musique' || fromComplement?.discipline === 'art-lyrique'
      ? fromComplement
      : { discipline: 'musique', subDiscipline: 'musique-classique' };
  }
  if (d.startsWith('pluridisciplinaire musique'))
    return fromComplement?.discipline === 'musique'
      ? fromComplement
      : { discipline: 'musique', subDiscipline: null };
  if (d.startsWith('cirque')) return fromComplement ?? { discipline: 'cirque', subDiscipline: null };
  if (d.startsWith('danse'))
    return fromComplement?.discipline === 'danse'
      ? fromComplement
      : { discipline: 'danse', subDiscipline: null };
  if (d.startsWith('theatre')) return fromComplement ?? { discipline: 'theatre', subDiscipline: null };
  // « Domaines divers » is not a live-show domain (history, sciences, architecture, gardens, journalism…):
  // only a complement naming a kind of show makes it one.
  if (d.startsWith('domaines divers'))
    return fromComplement ?? skippedAs(`domaine « ${domain} »${complement ? `, « ${complement} »` : ''}`);
  // Transdisciplinaire, Divers spectacle vivant: the complement decides, cinema or books are out.
  if (complement && namesNonLiveEvent(complement) && !fromComplement)
    return skippedAs(`domaine « ${domain} », « ${complement} »`);
  return fromComplement ?? { discipline: 'pluridisciplinaire', subDiscipline: null };
}

/** Resolves a geocode: checked against the department, repaired if swapped, else the commune centroid. */
function locate(
  raw: string,
  insee: string | null,
  postcode: string | null,
  centroids: ReadonlyMap<string, GeoPoint> | undefined,
  path: string,
): { point: GeoPoint; fix: 'none' | 'swapped' | 'centroid' } {
  const dept = departmentOf(insee ?? postcode);
  const point = raw ? parsePoint(raw) : null;
  if (raw && !point) {
    const c = insee ? centroids?.get(insee) : undefined;
    if (c) return { point: c, fix: 'centroid' };
    throw new RecordError(path, `géocodage illisible : ${JSON.stringify(raw)}`);
  }
  if (point) {
    const checked = checkGeocode(point, dept);
    if (checked) return checked;
  }
  const c = insee ? centroids?.get(insee) : undefined;
  if (c && checkGeocode(c, dept)) return { point: c, fix: 'centroid' };
  throw new RecordError(
    path,
    point ? `coordonnées hors de France ou du département ${dept ?? '?'} (${raw})` : 'coordonnées manquantes',
  );
}

function toRecords(f: FestivalRow): { venue: ImportedVenue; show: ImportedShow } {
  return {
    venue: {
      sourceId: f.id,
      name: f.name,
      address: f.address,
      town: f.town,
      postcode: f.postcode,
      inseeCode: f.insee,
      location: f.location,
      capacity: null,
      sizeClass: f.sizeClass,
      type: 'festival',
      accessibility: [],
      url: f.url,
    },
    show: {
      sourceId: f.id,
      title: f.name,
      creators: [],
      discipline: f.kind.discipline,
      subDiscipline: f.kind.subDiscipline,
      audience: { kind: f.young ? 'jeune-public' : 'tout-public', minAge: null, maxAge: null },
      tags: f.tags,
      description: f.description,
      image: null,
      language: null,
    },
  };
}

/** Parses either festival file (recognised by its header) into a batch plus the seasons and join keys. */
export function parseFestivalsDetailed(text: string, options: FestivalsOptions): FestivalsParse {
  let table: CsvTable;
  try {
    table = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError)
      throw new ImportParseError('festivals', error.message, { cause: error });
    throw error;
  }
  const header = new Set(table.header);
  if (header.has('Nom du festival') && header.has('Identifiant')) return parseList(table, options);
  if (header.has('nom_de_la_manifestation')) return parsePanorama(table, options);
  throw new ImportParseError(
    'festivals',
    'en-tête inconnu : ni « Liste des festivals en France » ni « Panorama des festivals »',
  );
}

/** Parses either festival file into a batch. */
export function parseFestivals(text: string, options: FestivalsOptions): ImportBatch {
  return parseFestivalsDetailed(text, options).batch;
}

interface Accumulator {
  venues: ImportedVenue[];
  shows: ImportedShow[];
  performances: ImportedPerformance[];
  rejected: Reject[];
  skips: Skip[];
  keys: Map<string, string>;
  geocodeFixes: Map<string, 'swapped' | 'centroid'>;
}

function emptyAccumulator(): Accumulator {
  return {
    venues: [],
    shows: [],
    performances: [],
    rejected: [],
    skips: [],
    keys: new Map(),
    geocodeFixes: new Map(),
  };
}

function finish(
  acc: Accumulator,
  table: CsvTable,
  options: FestivalsOptions,
  layout: 'liste' | 'panorama',
  seasons: Map<string, Season>,
): FestivalsParse {
  return {
    layout,
    seasons,
    keys: acc.keys,
    geocodeFixes: acc.geocodeFixes,
    batch: {
      source: options.source,
      format: 'festivals',
      records: table.rows.length,
      venues: acc.venues,
      shows: acc.shows,
      performances: acc.performances,
      rejected: acc.rejected,
      skipped: acc.skips.length,
      skips: acc.skips,
      complete: options.complete ?? true,
    },
  };
}

/**
 * Gives every festival a distinct id. The list has identifiers shared by several rows ("FEST__7265" on
 * festivals of New Caledonia, Saint-Pierre-et-Miquelon…): the first row keeps it, a different festival on a
 * later row gets the identifier plus a hash of its name and commune, and a row repeating a festival already
 * read is rejected as a duplicate.
 */
function idAssigner(label: string) {
  const seen = new Map<string, { key: string; line: number }>();
  return (raw: string, name: string, commune: string, line: number): string => {
    const key = `${normaliseName(name)}|${foldAccents(commune)}`;
    const base = raw || `${label}:${stableHash(key)}`;
    const first = seen.get(base);
    if (!first) {
      seen.set(base, { key, line });
      return base;
    }
    if (first.key === key)
      throw new RecordError(
        `row ${line}, column "Identifiant"`,
        `doublon de la ligne ${first.line} (même identifiant, même festival)`,
      );
    const derived = `${base}~${stableHash(key)}`;
    const again = seen.get(derived);
    if (again)
      throw new RecordError(`row ${line}, column "Identifiant"`, `doublon de la ligne ${again.line}`);
    seen.set(derived, { key, line });
    return derived;
  };
}

function parseList(table: CsvTable, options: FestivalsOptions): FestivalsParse {
  const NAME = 'Nom du festival';
  const c = columns(table, [
    NAME,
    'Identifiant',
    'Discipline dominante',
    'Commune principale de déroulement',
    'Géocodage xy',
  ]);
  const acc = emptyAccumulator();
  const seasons = new Map<string, Season>();
  const assignId = idAssigner('FEST');
  const DEPT = 'Département principal de déroulement';
  const POSTCODE = 'Code postal (de la commune principale de déroulement)';
  const departments = learnDepartments(
    table.rows.map((row) => ({
      insee: fiveDigitCode(c.get(row, 'Code Insee commune')),
      point: parsePoint(c.get(row, 'Géocodage xy')),
      departmentName: c.get(row, DEPT),
    })),
  );
  table.rows.forEach((row, i) => {
    const line = table.lines[i]!;
    const rawId = c.get(row, 'Identifiant');
    try {
      const name = oneLine(c.get(row, NAME), 300);
      if (!name) throw new RecordError(c.path(line, NAME), 'nom du festival manquant');
      const live = c.get(row, 'Sous-catégorie spectacle vivant');
      const kind = listDiscipline(
        c.get(row, 'Discipline dominante'),
        live,
        c.get(row, 'Sous-catégorie musique'),
        c.get(row, 'Sous-catégorie Musique CNM'),
        name,
      );
      if ('skip' in kind) {
        acc.skips.push({ index: i, sourceId: rawId || null, title: name, reason: kind.skip });
        return;
      }
      const town = oneLine(c.get(row, 'Commune principale de déroulement'), 200) ?? '';
      const id = assignId(rawId, name, town, line);
      const insee = fiveDigitCode(c.get(row, 'Code Insee commune'));
      const postcode = fiveDigitCode(c.get(row, POSTCODE));
      const { point, fix } = locate(
        c.get(row, 'Géocodage xy'),
        insee,
        postcode,
        options.centroids,
        c.path(line, 'Géocodage xy'),
      );
      const deptName = c.get(row, DEPT);
      if (!agreesWithClaims(point, { insee, departmentName: deptName, postcode }, departments)) {
        // The geocode follows an INSEE code of a namesake commune elsewhere: neither can be trusted.
        throw new RecordError(
          c.path(line, 'Géocodage xy'),
          `géocodage incohérent avec le département « ${deptName} » et le code postal ${postcode ?? '?'} (code INSEE ${insee ?? '?'} d'une autre commune ?)`,
        );
      }
      const seasonLabel = c.get(row, 'Période principale de déroulement du festival');
      const season = parseSeason(seasonLabel);
      if (season) seasons.set(id, season);
      const dept = deptName;
      const year = toNumber(c.get(row, 'Année de création du festival'));
      const what = kindLabel(kind);
      const f: FestivalRow = {
        id,
        name,
        kind,
        young: namesYoungAudience(name) || /jeune public/i.test(live),
        town,
        postcode,
        insee,
        address: oneLine(c.get(row, 'Adresse postale'), 500),
        url: httpUrl(c.get(row, 'Site internet du festival')),
        location: point,
        fix,
        description: `Festival (${what}) à ${town}${dept ? ` (${dept})` : ''}${year ? `, créé en ${year}` : ''}.${season ? ` Période habituelle : ${seasonLabel.trim()}.` : ''}`,
        tags: ['festival'],
        sizeClass: sizeClassFromReach(c.get(row, 'Envergure territoriale')),
      };
      const { venue, show } = toRecords(f);
      acc.venues.push(venue);
      acc.shows.push(show);
      acc.keys.set(id, festivalKey(name, insee));
      if (fix !== 'none') acc.geocodeFixes.set(id, fix);
    } catch (error) {
      acc.rejected.push(toReject(error, i, rawId || null));
    }
  });
  return finish(acc, table, options, 'liste', seasons);
}

function kindLabel(kind: Classification): string {
  const labels: Record<string, string> = {
    theatre: 'théâtre',
    danse: 'danse',
    cirque: 'cirque',
    'arts-de-la-rue': 'arts de la rue',
    musique: 'musique',
    'art-lyrique': 'art lyrique',
    marionnettes: 'marionnettes',
    humour: 'humour',
    conte: 'conte',
    pluridisciplinaire: 'pluridisciplinaire',
  };
  return labels[kind.discipline] ?? kind.discipline;
}

/** Commune centroids by INSEE code, from the panorama file (the list's fallback for missing geocodes). */
export function communeCentroids(panoramaText: string): Map<string, GeoPoint> {
  const table = parseCsv(panoramaText);
  const c = columns(table, ['code_insee', 'coordonnees_insee']);
  const out = new Map<string, GeoPoint>();
  for (const row of table.rows) {
    const insee = fiveDigitCode(c.get(row, 'code_insee'));
    const p = parsePoint(c.get(row, 'coordonnees_insee'));
    if (insee && p && !out.has(insee)) out.set(insee, p);
  }
  return out;
}

function parsePanorama(table: CsvTable, options: FestivalsOptions): FestivalsParse {
  const NAME = 'nom_de_la_manifestation';
  const c = columns(table, [
    NAME,
    'domaine',
    'code_insee',
    'coordonnees_insee',
    'date_debut_ancien',
    'date_de_fin_ancien',
  ]);
  const acc = emptyAccumulator();
  // Identifiers such as "LD999" are placeholders shared by many festivals: those get a derived id.
  const counts = new Map<string, number>();
  for (const row of table.rows) {
    const id = c.get(row, 'ndeg_identification');
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const assignId = idAssigner('PANO');
  table.rows.forEach((row, i) => {
    const line = table.lines[i]!;
    const rawId = c.get(row, 'ndeg_identification');
    try {
      const name = oneLine(c.get(row, NAME), 300);
      if (!name) throw new RecordError(c.path(line, NAME), 'nom de la manifestation manquant');
      const complement = c.get(row, 'complement_domaine');
      const kind = panoramaDiscipline(c.get(row, 'domaine'), complement, name);
      if ('skip' in kind) {
        acc.skips.push({ index: i, sourceId: rawId || null, title: name, reason: kind.skip });
        return;
      }
      const town = townCase(oneLine(c.get(row, 'commune_principale'), 200) ?? '');
      const unique = rawId !== '' && !/999$/.test(rawId) && counts.get(rawId) === 1;
      const id = assignId(unique ? rawId : '', name, town, line);
      const insee = fiveDigitCode(c.get(row, 'code_insee'));
      const postcode = fiveDigitCode(c.get(row, 'code_postal'));
      const { point, fix } = locate(
        c.get(row, 'coordonnees_insee'),
        insee,
        postcode,
        undefined,
        c.path(line, 'coordonnees_insee'),
      );
      const from = c.get(row, 'date_debut_ancien');
      const to = c.get(row, 'date_de_fin_ancien') || from;
      if (from && !isIsoDate(from))
        throw new RecordError(c.path(line, 'date_debut_ancien'), `date illisible : ${JSON.stringify(from)}`);
      if (from && !isIsoDate(to))
        throw new RecordError(c.path(line, 'date_de_fin_ancien'), `date illisible : ${JSON.stringify(to)}`);
      const dept = c.get(row, 'nom_departement');
      const f: FestivalRow = {
        id,
        name,
        kind,
        young: namesYoungAudience(name) || /jeune public|enfance/i.test(foldAccents(complement)),
        town,
        postcode,
        insee,
        address: null,
        url: httpUrl(c.get(row, 'site_web')),
        location: point,
        fix,
        description: `Festival (${kindLabel(kind)}${complement ? ` — ${complement}` : ''}) à ${town}${dept ? ` (${dept})` : ''}.`,
        tags: ['festival'],
        // The panorama has no reach column; the demo lends it the list's when the festival matches.
        sizeClass: null,
      };
      const { venue, show } = toRecords(f);
      const tz = timeZoneOf(departmentOf(insee ?? postcode));
      const days = from ? editionDays(from, to) : [];
      acc.venues.push(venue);
      acc.shows.push(show);
      acc.keys.set(id, festivalKey(name, insee));
      for (const day of days) {
        const start = zonedIso(day, FESTIVAL_START_TIME, tz);
        acc.performances.push({
          sourceId: `${id}@${day}`,
          showSourceId: id,
          venueSourceId: id,
          start,
          end: null,
          price: { min: null, max: null, free: false, currency: 'EUR' },
          url: venue.url,
          status: 'scheduled',
        });
      }
    } catch (error) {
      acc.rejected.push(toReject(error, i, rawId || null));
    }
  });
  return finish(acc, table, options, 'panorama', new Map());
}
