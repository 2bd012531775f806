import type { Accessibility, PerformanceStatus } from '@detour/sdk';
import type { ImportBatch } from '../catalogue/batch.js';
import { AgendaBatch, type PlaceFields, priceFromText, type Timing } from './agenda-batch.js';
import { openAgendaSignals } from './classify-signals.js';
import { ImportParseError } from './errors.js';
import { jsonPath } from './record-error.js';
import { httpUrl } from './text.js';

/**
 * OpenAgenda API v2 events, as the API returns them (`GET /v2/agendas/{uid}/events`: an object with
 * `events`, or a bare array, or one event, or `{ event }`). Each event: multilingual `title`, `description`,
 * `longDescription` and `conditions`; `timings` (one performance each, with offsets); `location`; `keywords`;
 * the agenda's own category fields; `status`; `attendanceMode`; `registration` and `links`. See docs/importing.md.
 */

export interface OpenAgendaOptions {
  source: string;
  complete?: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A text from a string or a language map ({fr, en…}): French first, then English, then any. */
export function inFrench(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  if (typeof v === 'number') return String(v);
  if (!isObj(v)) return null;
  for (const lang of ['fr', 'en', ...Object.keys(v)]) {
    const t = v[lang];
    if (typeof t === 'string' && t.trim()) return t.trim();
  }
  return null;
}

/** Markdown as OpenAgenda stores long descriptions, as plain text: links keep their words, marks go. */
export function markdownText(md: string | null): string | null {
  if (!md) return null;
  return md
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|\*|(?<![\w])_(?=\S)|(?<=\S)_(?![\w]))/g, '')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]\s)\s*/gm, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1');
}

/**
 * OpenAgenda status codes (API v2): 1 scheduled, 2 rescheduled, 3 moved online, 4 postponed, 5 full,
 * 6 cancelled. The Opendatasoft export writes `{ id, label }`.
 */
export function statusOfOpenAgenda(v: unknown): PerformanceStatus {
  const id = isObj(v) ? Number(v.id) : Number(v);
  switch (id) {
    case 5:
      return 'sold-out';
    case 3: // moved online: the performance in its place will not take place
    case 6:
      return 'cancelled';
    case 4: // postponed without a new date: neither cancelled nor recommended
      return 'postponed';
    default:
      return 'scheduled';
  }
}

/** OpenAgenda's accessibility codes: mi motor, hi hearing, vi visual, pi psychic, ii intellectual. */
const ACCESS: Record<string, Accessibility> = {
  mi: 'moteur',
  hi: 'auditif',
  vi: 'visuel',
  pi: 'mental',
  ii: 'mental',
};

export function accessibilityOf(v: unknown): Accessibility[] {
  const codes = isObj(v)
    ? Object.keys(v).filter((k) => v[k] === true)
    : typeof v === 'string'
      ? v.split(/[;,\s]+/)
      : Array.isArray(v)
        ? v.filter((x): x is string => typeof x === 'string')
        : [];
  return [...new Set(codes.map((c) => ACCESS[c]).filter((a): a is Accessibility => !!a))];
}

/** Fields every OpenAgenda event has; the others are the agenda's own (its categories, its flags). */
const STANDARD = new Set([
  'uid',
  'slug',
  'title',
  'description',
  'longDescription',
  'conditions',
  'keywords',
  'image',
  'imageCredits',
  'timings',
  'firstTiming',
  'lastTiming',
  'nextTiming',
  'dateRange',
  'location',
  'status',
  'attendanceMode',
  'onlineAccessLink',
  'registration',
  'links',
  'age',
  'accessibility',
  'country',
  'timezone',
  'originAgenda',
  'sourceAgendas',
  'featured',
  'private',
  'state',
  'draft',
  'valid',
  'motive',
  'createdAt',
  'updatedAt',
  'addMethod',
  'extIds',
  'recurring',
  'links',
  'member',
  'contributor',
  'creatorUid',
  'ownerUid',
]); // prettier-ignore

/**
 * Labels of the agenda's own category fields ("types-devenement", "categories-agenda-metropolitain"…).
 * Fetched with `detailed=1` they carry `{ id, label }`; bare option ids (numbers) mean nothing without the
 * agenda's schema and are passed over.
 */
export function categoryLabels(event: Obj): string[] {
  const out: string[] = [];
  const read = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) read(x);
    else if (isObj(v)) {
      const label = inFrench(v.label);
      if (label) out.push(label);
    } else if (typeof v === 'string' && v.trim() && !httpUrl(v) && v.length <= 80) out.push(v.trim());
  };
  for (const key of Object.keys(event)) if (!STANDARD.has(key)) read(event[key]);
  return out;
}

function keywordsOf(v: unknown): string[] {
  const list = Array.isArray(v) ? v : isObj(v) ? (v.fr ?? v.en ?? Object.values(v)[0]) : v;
  const items = Array.isArray(list) ? list : typeof list === 'string' ? list.split(/[,;]/) : [];
  return items.filter((k): k is string => typeof k === 'string' && k.trim() !== '').map((k) => k.trim());
}

/** The booking or information link: registration link, else the event's links, else its OpenAgenda page. */
function urlOf(e: Obj): string | null {
  for (const r of Array.isArray(e.registration) ? e.registration : []) {
    if (isObj(r) && (r.type === 'link' || r.type === undefined)) {
      const u = httpUrl(r.value);
      if (u) return u;
    }
  }
  for (const l of Array.isArray(e.links) ? e.links : []) {
    const u = httpUrl(isObj(l) ? l.link : l);
    if (u) return u;
  }
  const agenda = isObj(e.originAgenda) ? e.originAgenda.slug : null;
  if (typeof agenda === 'string' && typeof e.slug === 'string')
    return `https://openagenda.com/${encodeURIComponent(agenda)}/events/${encodeURIComponent(e.slug)}`;
  return null;
}

function imageOf(v: unknown): string | null {
  if (typeof v === 'string') return httpUrl(v);
  if (isObj(v) && typeof v.base === 'string' && typeof v.filename === 'string')
    return httpUrl(v.base + v.filename);
  return null;
}

function timingsOf(v: unknown): Timing[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObj).map((t) => ({
    start: typeof t.begin === 'string' ? t.begin : String(t.begin ?? t.start ?? ''),
    end: typeof t.end === 'string' ? t.end : null,
  }));
}

/** The events of a document, with the path of each. */
function eventsOf(doc: unknown): Array<{ node: unknown; path: string }> {
  if (Array.isArray(doc)) return doc.map((node, i) => ({ node, path: `[${i}]` }));
  if (isObj(doc) && Array.isArray(doc.events))
    return doc.events.map((node, i) => ({ node, path: `events[${i}]` }));
  if (isObj(doc) && isObj(doc.event)) return [{ node: doc.event, path: 'event' }];
  if (isObj(doc) && ('uid' in doc || 'timings' in doc)) return [{ node: doc, path: '' }];
  throw new ImportParseError(
    'openagenda',
    'ni événement OpenAgenda, ni liste `events`, ni tableau d’événements',
  );
}

/** Parses OpenAgenda API v2 JSON into a batch; throws ImportParseError when it is not JSON of that shape. */
export function parseOpenAgenda(text: string, options: OpenAgendaOptions): ImportBatch {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF+/, ''));
  } catch (error) {
    throw new ImportParseError('openagenda', `JSON illisible : ${(error as Error).message}`, {
      cause: error,
    });
  }
  const events = eventsOf(doc);
  const batch = new AgendaBatch(options.source, 'openagenda', options.complete ?? true);
  events.forEach(({ node, path }, index) => {
    if (!isObj(node)) {
      batch.reject(index, null, path || '$', 'pas un événement (objet attendu)');
      return;
    }
    const e = node;
    const sourceId = e.uid !== undefined && e.uid !== null ? String(e.uid) : null;
    const loc = isObj(e.location) ? e.location : null;
    const online = Number(isObj(e.attendanceMode) ? e.attendanceMode.id : e.attendanceMode) === 2;
    const place: PlaceFields | string | null = online
      ? 'événement en ligne (attendanceMode 2)'
      : loc && {
          path: jsonPath(path, 'location'),
          id: loc.uid !== undefined && loc.uid !== null ? `location:${loc.uid}` : null,
          name: inFrench(loc.name),
          address: inFrench(loc.address),
          town: inFrench(loc.city),
          postcode: loc.postalCode,
          insee: loc.insee,
          lat: loc.latitude,
          lon: loc.longitude,
          countryCode: typeof loc.countryCode === 'string' ? loc.countryCode : null,
          url: typeof loc.website === 'string' ? loc.website : null,
          accessibility: accessibilityOf(e.accessibility),
        };
    const description = markdownText(inFrench(e.longDescription)) ?? inFrench(e.description);
    const keywords = keywordsOf(e.keywords);
    const age = isObj(e.age) ? e.age : null;
    batch.add({
      index,
      sourceId,
      title: inFrench(e.title),
      titlePath: jsonPath(path, 'title'),
      description,
      // The classifier's own reading of an OpenAgenda event, plus the agenda's category labels when it sends them.
      signals: { ...openAgendaSignals(e), categories: categoryLabels(e) },
      image: imageOf(e.image),
      url: urlOf(e),
      language: null,
      creators: [],
      tags: keywords,
      ages: age ? { min: num(age.min), max: num(age.max) } : null,
      place,
      placePath: jsonPath(path, 'location'),
      timings: timingsOf(e.timings),
      timingsPath: jsonPath(path, 'timings'),
      status: statusOfOpenAgenda(e.status),
      price: priceFromText(
        [inFrench(e.conditions), typeof e['tarifs-detail'] === 'string' ? e['tarifs-detail'] : null]
          .filter(Boolean)
          .join('\n') || null,
      ),
    });
  });
  return batch.build(events.length);
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}
