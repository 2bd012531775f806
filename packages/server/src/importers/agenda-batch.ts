import type {
  Accessibility,
  Audience,
  ImportFormat,
  ImportWarning,
  PerformanceStatus,
  Price,
  Reject,
  Skip,
} from '@detour/sdk';
import type { ImportBatch, ImportedPerformance, ImportedShow, ImportedVenue } from '../catalogue/batch.js';
import { foldAccents } from '../text/french.js';
import { classifyEvent, type EventSignals, forgetReadings } from './classify.js';
import { namesYoungAudience } from './disciplines.js';
import { checkGeocode, departmentOf, isIsoDate, timeZoneOf, zonedIso } from './geo.js';
import { MAX_PERFORMANCES_PER_EVENT, venueKindOf } from './jsonld.js';
import { jsonPath, RecordError, toReject } from './record-error.js';
import { fiveDigitCode, httpUrl, oneLine, plainText, stableHash, toNumber } from './text.js';
import { isoInZone, zonedTime } from './zoned-time.js';

/**
 * What the agenda formats (OpenAgenda native JSON, its Opendatasoft export, iCalendar) have in common once
 * each has read its own fields: an event with a place and dated occurrences. One builder turns them into a
 * batch the same way: the shared classifier decides show or not, the place must be in France, times are put
 * in the venue's zone (with a warning when an offset contradicts it), and each record gets its reject, skip
 * or warning in the report.
 */

/** A place as a producer describes it, with the JSON path (or iCalendar property) its fields came from. */
export interface PlaceFields {
  path: string;
  id: string | null;
  name: string | null;
  address: string | null;
  town: string | null;
  postcode: unknown;
  insee: unknown;
  lat: unknown;
  lon: unknown;
  /** ISO 3166 code the producer gave, when it gave one. */
  countryCode: string | null;
  url: string | null;
  types?: readonly string[];
  accessibility?: Accessibility[];
  /** Where the coordinates and the country were read, when not `path.latitude` / `path.countryCode`. */
  geoPath?: string;
  countryPath?: string;
}

/** One dated occurrence: ISO 8601 with an offset (or `Z`), or a local time with none (the venue's zone). */
export interface Timing {
  start: string;
  end: string | null;
  status?: PerformanceStatus;
}

export interface EventFields {
  index: number;
  sourceId: string | null;
  title: string | null;
  /** Where the title came from, for a reject. */
  titlePath: string;
  /** The show's description (text). */
  description: string | null;
  /** What the shared classifier reads of the record (importers/classify.ts). */
  signals: EventSignals;
  image: string | null;
  url: string | null;
  language: string | null;
  creators: string[];
  tags: string[];
  ages: { min: number | null; max: number | null } | null;
  /** Null: no place given. A string: why the event has no physical place (online…). */
  place: PlaceFields | string | null;
  placePath: string;
  timings: Timing[];
  timingsPath: string;
  status: PerformanceStatus;
  price: Omit<Price, 'band'>;
}

/** Country codes of France and its overseas territories (ISO 3166-1 codes the overseas ones also carry). */
const FRENCH_COUNTRIES = new Set([
  'FR',
  'GP',
  'MQ',
  'GF',
  'RE',
  'YT',
  'PM',
  'BL',
  'MF',
  'WF',
  'PF',
  'NC',
  'TF',
]);

/** The venue of a place; throws a RecordError naming the field that makes it unusable. */
export function venueOfPlace(place: PlaceFields): ImportedVenue {
  const at = (key: string) => jsonPath(place.path, key);
  const country = place.countryCode?.trim().toUpperCase() || null;
  if (country && !FRENCH_COUNTRIES.has(country))
    throw new RecordError(place.countryPath ?? at('countryCode'), `lieu hors de France (pays ${country})`);
  const lat = toNumber(place.lat);
  const lon = toNumber(place.lon);
  if (lat === null || lon === null || Math.abs(lat) > 90 || Math.abs(lon) > 180)
    throw new RecordError(
      place.geoPath ?? at(lat === null ? 'latitude' : 'longitude'),
      'coordonnées géographiques manquantes ou illisibles',
    );
  const postcode = fiveDigitCode(place.postcode);
  const insee = fiveDigitCode(place.insee);
  const checked = checkGeocode({ lat, lon }, departmentOf(insee ?? postcode));
  if (!checked)
    throw new RecordError(at('latitude'), `coordonnées hors de France ou du département (${lat}, ${lon})`);
  const town = oneLine(place.town, 200) ?? '';
  const address = oneLine(place.address, 500);
  const ownName = oneLine(place.name, 300);
  const name = ownName ?? ([address, town].filter(Boolean).join(', ') || null);
  if (!name) throw new RecordError(at('name'), 'lieu sans nom ni adresse');
  const kind = venueKindOf(place.types ?? [], ownName);
  return {
    sourceId:
      place.id ?? `place:${stableHash(`${foldAccents(name)}|${postcode ?? ''}|${foldAccents(town)}`)}`,
    name,
    address,
    town,
    postcode,
    inseeCode: insee,
    location: checked.point,
    capacity: null,
    sizeClass: kind?.sizeClass ?? null,
    type: kind?.type ?? 'autre',
    accessibility: place.accessibility ?? [],
    url: httpUrl(place.url),
  };
}

const ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** A timing's instant in the venue's zone, and the warning its offset deserves; null when unreadable. */
export function timeInZone(text: string, tz: string): { iso: string; warning: string | null } | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, date, hh, mm, zone] = m;
  if (Number(hh) > 23 || Number(mm) > 59 || !isIsoDate(date!)) return null;
  const time = `${hh}:${mm}`;
  // Without an offset: the venue's wall clock. "+00:00" is how UTC exports write an instant (Opendatasoft).
  if (!zone) return { iso: zonedIso(date!, time, tz), warning: null };
  if (/^[+-]00:?00$/.test(zone))
    return { iso: isoInZone(Date.parse(`${date}T${time}:00Z`), tz), warning: null };
  return zonedTime(date!, time, zone, tz);
}

const FREE = /\b(gratuit\w*|entree libre|entree gratuite|free|acces libre)\b/;
// "22 €", "22€", "12,50 euros", and "€22" as some forms write it.
const EUROS = /(\d{1,4}(?:[.,]\d{1,2})?)\s*(?:€|eur\b|euros?\b)|€\s*(\d{1,4}(?:[.,]\d{1,2})?)/gi;

/** Prices read from a producer's conditions text ("Plein tarif : 22€ - Réduit : 15€", "Gratuit"). */
export function priceFromText(text: string | null): Omit<Price, 'band'> {
  const unknown = { min: null, max: null, free: false, currency: 'EUR' as const };
  if (!text) return unknown;
  const paid = [...text.matchAll(EUROS)]
    .map((m) => Number((m[1] ?? m[2])!.replace(',', '.')))
    .filter((n) => n > 0 && n <= 1000);
  if (paid.length > 0)
    return { min: Math.min(...paid), max: Math.max(...paid), free: false, currency: 'EUR' };
  if (FREE.test(foldAccents(text))) return { min: 0, max: 0, free: true, currency: 'EUR' };
  return unknown;
}

function audienceOf(ages: EventFields['ages'], title: string, description: string | null): Audience {
  const clamp = (n: number | null | undefined) =>
    n === null || n === undefined || !Number.isFinite(n) ? null : Math.min(99, Math.max(0, Math.round(n)));
  // OpenAgenda's default range 0–99 says nothing.
  const min = ages?.min ? clamp(ages.min) : null;
  const max = ages?.max !== null && ages?.max !== undefined && ages.max < 99 ? clamp(ages.max) : null;
  const young =
    (max !== null && max <= 14) ||
    namesYoungAudience(title) ||
    /\bjeune public\b/.test(foldAccents(description ?? ''));
  return { kind: young ? 'jeune-public' : 'tout-public', minAge: min, maxAge: max };
}

/** Collects the records of one file into a batch. */
export class AgendaBatch {
  readonly venues = new Map<string, ImportedVenue>();
  readonly shows = new Map<string, ImportedShow>();
  readonly performances = new Map<string, ImportedPerformance>();
  readonly rejected: Reject[] = [];
  readonly skips: Skip[] = [];
  readonly warnings: ImportWarning[] = [];

  constructor(
    readonly source: string,
    readonly format: ImportFormat,
    readonly complete: boolean,
  ) {}

  /** Reads one event; its reject, skip and warnings go to the report, never stopping the others. */
  add(e: EventFields): void {
    try {
      this.read(e);
    } catch (error) {
      this.rejected.push(toReject(error, e.index, e.sourceId));
    }
  }

  reject(index: number, sourceId: string | null, path: string, reason: string): void {
    this.rejected.push({ index, sourceId, path, reason });
  }

  private read(e: EventFields): void {
    const title = oneLine(e.title, 300);
    if (!title) throw new RecordError(e.titlePath, 'titre manquant');
    const description = plainText(e.description);
    const kind = classifyEvent(e.signals);
    if (kind.kind === 'skipped') {
      this.skips.push({ index: e.index, sourceId: e.sourceId, title, reason: kind.reason });
      return;
    }
    if (e.place === null) throw new RecordError(e.placePath, 'lieu manquant');
    if (typeof e.place === 'string') throw new RecordError(e.placePath, e.place);
    const venue = venueOfPlace(e.place);
    const tz = timeZoneOf(departmentOf(venue.inseeCode ?? venue.postcode));
    if (e.timings.length === 0) throw new RecordError(e.timingsPath, 'aucune date');
    const showId = e.sourceId ?? `event:${stableHash(`${title}|${venue.sourceId}|${e.timings[0]!.start}`)}`;
    const own: ImportedPerformance[] = [];
    const notes = new Set<string>();
    e.timings.slice(0, MAX_PERFORMANCES_PER_EVENT).forEach((t, k) => {
      const start = timeInZone(t.start, tz);
      if (!start)
        throw new RecordError(jsonPath(e.timingsPath, k), `date illisible : ${JSON.stringify(t.start)}`);
      const end = t.end ? timeInZone(t.end, tz) : null;
      if (start.warning) notes.add(start.warning);
      own.push({
        sourceId: `${showId}@${start.iso}`,
        showSourceId: showId,
        venueSourceId: venue.sourceId,
        start: start.iso,
        end: end && Date.parse(end.iso) > Date.parse(start.iso) ? end.iso : null,
        price: e.price,
        url: e.url,
        status: t.status ?? e.status,
      });
    });
    if (e.timings.length > MAX_PERFORMANCES_PER_EVENT)
      notes.add(
        `${e.timings.length} dates : seules les ${MAX_PERFORMANCES_PER_EVENT} premières sont importées`,
      );
    if (!this.venues.has(venue.sourceId)) this.venues.set(venue.sourceId, venue);
    this.shows.set(showId, {
      sourceId: showId,
      title,
      creators: e.creators.slice(0, 20),
      discipline: kind.discipline,
      subDiscipline: kind.subDiscipline,
      audience: audienceOf(e.ages, title, description),
      tags: [...new Set(e.tags.map((t) => t.trim().slice(0, 60)).filter(Boolean))].slice(0, 30),
      description,
      image: httpUrl(e.image),
      language: e.language,
    });
    for (const p of own) {
      this.performances.delete(p.sourceId); // a record listed twice: its last version, in its place
      this.performances.set(p.sourceId, p);
    }
    for (const message of notes) this.warnings.push({ index: e.index, sourceId: e.sourceId, message });
  }

  build(records: number): ImportBatch {
    forgetReadings();
    return {
      source: this.source,
      format: this.format,
      records,
      venues: [...this.venues.values()],
      shows: [...this.shows.values()],
      performances: [...this.performances.values()],
      rejected: this.rejected,
      skipped: this.skips.length,
      skips: this.skips,
      warnings: this.warnings,
      complete: this.complete,
    };
  }
}
