import type { PerformanceStatus } from '@detour/sdk';
import ICAL from 'ical.js';
import type { ImportBatch } from '../catalogue/batch.js';
import { AgendaBatch, type PlaceFields, priceFromText, type Timing } from './agenda-batch.js';
import { ImportParseError } from './errors.js';
import { zonedIso } from './geo.js';
import { DEFAULT_START_TIME, MAX_PERFORMANCES_PER_EVENT } from './jsonld.js';
import { httpUrl, plainText } from './text.js';
import { isKnownZone } from './zoned-time.js';

/**
 * iCalendar (RFC 5545) as venues publish their programme (Google Calendar, Thunderbird, Outlook exports),
 * read with ical.js: each VEVENT is an event; a recurring one (RRULE, RDATE, minus EXDATE, with its
 * RECURRENCE-ID exceptions) gives one performance per occurrence within the import horizon. DTSTART's TZID
 * says which wall clock a time is on; LOCATION and GEO give the place (no geocoding: GEO is required);
 * STATUS:CANCELLED cancels (an occurrence or the whole event). See docs/importing.md.
 */

export interface IcsOptions {
  source: string;
  complete?: boolean;
  /** The import's clock (ISO 8601): recurring events are expanded around it. Default: the current time. */
  now?: string;
}

/** Occurrences of a recurring event are kept from this many days before the import's clock… */
export const HORIZON_PAST_DAYS = 30;
/** …to this many days after it; never more than MAX_PERFORMANCES_PER_EVENT of them. */
export const HORIZON_FUTURE_DAYS = 366;
/** Occurrences looked at per recurring event, kept or not (a rule started years ago, or by the minute). */
const MAX_ITERATIONS = 20_000;

type Time = InstanceType<typeof ICAL.Time>;
type Component = InstanceType<typeof ICAL.Component>;
type Event = InstanceType<typeof ICAL.Event>;

const pad = (n: number) => String(n).padStart(2, '0');
const dateOf = (t: Time) => `${t.year}-${pad(t.month)}-${pad(t.day)}`;

/**
 * An occurrence's time as the agenda builder reads it: UTC as `Z`, a time on a named zone's wall clock with
 * that zone's offset, a floating time (no zone) as the venue's wall clock. A date without a time gets the
 * catalogue's default start time.
 */
function isoOf(t: Time, tzidParam: string | null): string {
  if (t.isDate) return `${dateOf(t)}T${DEFAULT_START_TIME}`;
  const time = `${pad(t.hour)}:${pad(t.minute)}`;
  const tzid = t.zone?.tzid;
  if (tzid === 'UTC' || t.zone === ICAL.Timezone.utcTimezone) return `${dateOf(t)}T${time}Z`;
  for (const name of [tzid, tzidParam]) {
    if (name && name !== 'floating' && isKnownZone(name)) return zonedIso(dateOf(t), time, name);
  }
  // A zone the calendar defines under a name of its own (Outlook's "Romance Standard Time"): its VTIMEZONE
  // says where the instant is.
  if (tzid && tzid !== 'floating')
    return new Date(t.toUnixTime() * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  return `${dateOf(t)}T${time}`;
}

function statusOf(component: Component): PerformanceStatus {
  const s = String(component.getFirstPropertyValue('status') ?? '').toUpperCase();
  return s === 'CANCELLED' ? 'cancelled' : 'scheduled';
}

/** The days of an all-day event that spans several (DTEND is exclusive), bounded. */
function allDayRun(start: Time, end: Time | null): Timing[] {
  const out: Timing[] = [];
  const day = start.clone();
  do {
    out.push({ start: `${dateOf(day)}T${DEFAULT_START_TIME}`, end: null });
    day.adjust(1, 0, 0, 0);
  } while (end && day.compare(end) < 0 && out.length < MAX_PERFORMANCES_PER_EVENT);
  return out;
}

/** Every occurrence of an event within the horizon (all of a single event's), with its own status. */
function timingsOf(event: Event, tzid: string | null, now: number): Timing[] {
  const master = event.component;
  if (!event.isRecurring()) {
    const start = event.startDate;
    if (!start) return [];
    const end = master.hasProperty('dtend') || master.hasProperty('duration') ? event.endDate : null;
    if (start.isDate) return allDayRun(start, end);
    return [{ start: isoOf(start, tzid), end: end ? isoOf(end, tzid) : null }];
  }
  const from = now - HORIZON_PAST_DAYS * 86_400_000;
  const to = now + HORIZON_FUTURE_DAYS * 86_400_000;
  const out: Timing[] = [];
  const it = event.iterator();
  for (let n = 0, next = it.next(); next && n < MAX_ITERATIONS; n++, next = it.next()) {
    const at = next.toUnixTime() * 1000;
    if (at > to || out.length >= MAX_PERFORMANCES_PER_EVENT) break;
    if (at < from) continue;
    const details = event.getOccurrenceDetails(next);
    const own = details.item.component;
    const ownTzid = own.getFirstProperty('dtstart')?.getParameter('tzid');
    const zone = typeof ownTzid === 'string' ? ownTzid : tzid;
    out.push({
      start: isoOf(details.startDate, zone),
      end: details.endDate && !details.startDate.isDate ? isoOf(details.endDate, zone) : null,
      status: statusOf(own) === 'cancelled' || statusOf(master) === 'cancelled' ? 'cancelled' : 'scheduled',
    });
  }
  return out;
}

/** GEO ("43.58;1.45", read by ical.js as [lat, lon]), else Apple's structured location ("geo:43.58,1.45"). */
function geoOf(c: Component): { lat: unknown; lon: unknown } | null {
  const geo = c.getFirstPropertyValue('geo');
  if (Array.isArray(geo) && geo.length === 2) return { lat: geo[0], lon: geo[1] };
  const apple = c.getFirstPropertyValue('x-apple-structured-location');
  const m = typeof apple === 'string' ? /geo:(-?[\d.]+),(-?[\d.]+)/.exec(apple) : null;
  return m ? { lat: m[1], lon: m[2] } : null;
}

/** Country names a LOCATION line ends with that are not France (the place is then refused). */
const COUNTRIES: Record<string, string> = {
  france: 'FR',
  suisse: 'CH',
  switzerland: 'CH',
  schweiz: 'CH',
  belgique: 'BE',
  belgium: 'BE',
  luxembourg: 'LU',
  allemagne: 'DE',
  germany: 'DE',
  deutschland: 'DE',
  italie: 'IT',
  italy: 'IT',
  espagne: 'ES',
  spain: 'ES',
  monaco: 'MC',
  andorre: 'AD',
  'royaume-uni': 'GB',
  'united kingdom': 'GB',
};

/**
 * A place from LOCATION as calendars write it: "Théâtre du Pavé, 34 rue Maran, 31400 Toulouse, France".
 * The part with a postcode gives postcode and town; a trailing country name, the country; the first part,
 * when it is not the street, the venue's name.
 */
export function placeOfLocation(location: string): Omit<PlaceFields, 'path' | 'lat' | 'lon' | 'url'> {
  const parts = location
    .split(/\s*[,\n]\s*/)
    .map((p) => p.trim())
    .filter(Boolean);
  let countryCode: string | null = null;
  const last = parts.at(-1)?.toLowerCase();
  if (last && COUNTRIES[last]) {
    countryCode = COUNTRIES[last];
    parts.pop();
  }
  let postcode: string | null = null;
  let town: string | null = null;
  const at = parts.findIndex((p) => /^(?:F-)?\d{4,5}\s+\S/.test(p) || /^\S.*\s\d{5}$/.test(p));
  if (at >= 0) {
    const m = /^(?:F-)?(\d{4,5})\s+(.+)$/.exec(parts[at]!) ?? /^(.+)\s(\d{5})$/.exec(parts[at]!);
    if (m) [postcode, town] = /^\d/.test(m[1]!) ? [m[1]!, m[2]!] : [m[2]!, m[1]!];
    parts.splice(at, 1);
  }
  const isStreet = (p: string) =>
    /^\d/.test(p) || /^(rue|avenue|av\.|bd|boulevard|place|quai|chemin|allée|route|impasse|cours)\b/i.test(p);
  const name = parts.length > 0 && !isStreet(parts[0]!) ? parts.shift()! : null;
  return {
    id: null,
    name: name ?? (parts.length === 0 ? town : null),
    address: parts.join(', ') || null,
    town,
    postcode,
    insee: null,
    countryCode,
  };
}

function textValues(c: Component, name: string): string[] {
  return c
    .getAllProperties(name)
    .flatMap((p) => p.getValues())
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
    .map((v) => v.trim());
}

function imageOf(c: Component): string | null {
  for (const p of [...c.getAllProperties('image'), ...c.getAllProperties('attach')]) {
    const type = String(p.getParameter('fmttype') ?? '');
    if (p.name === 'attach' && !type.startsWith('image/')) continue;
    const u = httpUrl(p.getFirstValue());
    if (u) return u;
  }
  return null;
}

/** Parses iCalendar text into a batch; throws ImportParseError when it is not iCalendar. */
export function parseIcs(text: string, options: IcsOptions): ImportBatch {
  let calendars: Component[];
  try {
    const jcal = ICAL.parse(text.replace(/^\uFEFF+/, ''));
    const list = Array.isArray(jcal[0]) ? (jcal as unknown[]) : [jcal];
    calendars = list.map((j) => new ICAL.Component(j as never));
  } catch (error) {
    throw new ImportParseError('ics', `iCalendar illisible : ${(error as Error).message}`, { cause: error });
  }
  if (calendars.length === 0 || calendars.some((c) => c.name !== 'vcalendar'))
    throw new ImportParseError('ics', 'pas de VCALENDAR');
  const now = options.now ? Date.parse(options.now) : Date.now();
  const batch = new AgendaBatch(options.source, 'ics', options.complete ?? true);
  const vevents: Component[] = [];
  for (const cal of calendars) {
    for (const tz of cal.getAllSubcomponents('vtimezone')) {
      const id = tz.getFirstPropertyValue('tzid');
      // Names the runtime knows are read with its own rules; a calendar's definition serves the others.
      if (typeof id === 'string' && !ICAL.TimezoneService.has(id)) ICAL.TimezoneService.register(tz);
    }
    vevents.push(...cal.getAllSubcomponents('vevent'));
  }
  // An occurrence moved or cancelled (RECURRENCE-ID) belongs to its series; on its own only without one.
  const series = new Set(
    vevents.filter((v) => !v.hasProperty('recurrence-id')).map((v) => String(v.getFirstPropertyValue('uid'))),
  );
  let index = 0;
  vevents.forEach((v, k) => {
    const uid = v.getFirstPropertyValue('uid');
    if (v.hasProperty('recurrence-id') && series.has(String(uid))) return;
    const path = `VEVENT[${k}]`;
    const i = index++;
    let event: Event;
    try {
      event = new ICAL.Event(v);
    } catch (error) {
      batch.reject(
        i,
        typeof uid === 'string' ? uid : null,
        path,
        `VEVENT illisible : ${(error as Error).message}`,
      );
      return;
    }
    const tzid = v.getFirstProperty('dtstart')?.getParameter('tzid');
    let timings: Timing[];
    try {
      timings = timingsOf(event, typeof tzid === 'string' ? tzid : null, now);
    } catch (error) {
      batch.reject(
        i,
        typeof uid === 'string' ? uid : null,
        `${path}.DTSTART`,
        `date illisible : ${(error as Error).message}`,
      );
      return;
    }
    if (timings.length === 0 && event.isRecurring()) {
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      batch.reject(
        i,
        typeof uid === 'string' ? uid : null,
        `${path}.RRULE`,
        `aucune occurrence entre le ${day(now - HORIZON_PAST_DAYS * 86_400_000)} et le ${day(now + HORIZON_FUTURE_DAYS * 86_400_000)} (horizon de l'import)`,
      );
      return;
    }
    const location = v.getFirstPropertyValue('location');
    const geo = geoOf(v);
    const place: PlaceFields | null =
      typeof location === 'string' && location.trim()
        ? {
            ...placeOfLocation(location),
            path,
            lat: geo?.lat ?? null,
            lon: geo?.lon ?? null,
            url: null,
            geoPath: `${path}.GEO`,
            countryPath: `${path}.LOCATION`,
          }
        : null;
    const categories = textValues(v, 'categories');
    const description =
      typeof v.getFirstPropertyValue('description') === 'string'
        ? String(v.getFirstPropertyValue('description'))
        : null;
    batch.add({
      index: i,
      sourceId: typeof uid === 'string' && uid.trim() ? uid.trim() : null,
      title: typeof event.summary === 'string' ? event.summary : null,
      titlePath: `${path}.SUMMARY`,
      description,
      signals: {
        types: [],
        keywords: [],
        genres: [],
        categories,
        title: typeof event.summary === 'string' ? event.summary.trim() : '',
        description: plainText(description),
      },
      image: imageOf(v),
      url: httpUrl(v.getFirstPropertyValue('url')),
      language: null,
      creators: [],
      tags: categories,
      ages: null,
      place,
      placePath: `${path}.LOCATION`,
      timings,
      timingsPath: `${path}.DTSTART`,
      status: statusOf(v),
      price: priceFromText(description),
    });
  });
  return batch.build(index);
}
