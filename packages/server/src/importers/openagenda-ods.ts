import type { ImportBatch } from '../catalogue/batch.js';
import { AgendaBatch, type PlaceFields, priceFromText, type Timing } from './agenda-batch.js';
import { openAgendaOdsSignals } from './classify-signals.js';
import { ImportParseError } from './errors.js';
import { accessibilityOf, inFrench, markdownText, statusOfOpenAgenda } from './openagenda.js';
import { jsonPath } from './record-error.js';
import { httpUrl, plainText } from './text.js';

/**
 * Opendatasoft's flat export of OpenAgenda events (the « Événements publics OpenAgenda » dataset and the
 * agendas republished on ODS portals): one flat object per event, `title_fr`, `keywords_fr` (an array),
 * `firstdate_begin` / `lastdate_end` in UTC, `location_*` columns, and `timings`, `status`, `registration`
 * as JSON text. Read as exported (an array), as the records API answers (`{ results }`, v2.1), and in the
 * older `{ records: [{ fields }] }` / `{ records: [{ record: { fields } }] }` shapes. See docs/importing.md.
 */

export interface OdsOptions {
  source: string;
  complete?: boolean;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A column ODS may hold as JSON text (timings, status, registration, links) or as the value itself. */
function jsonColumn(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  if (!/^[[{]/.test(s)) return v;
  try {
    return JSON.parse(s);
  } catch {
    return v;
  }
}

/** A text column in French, else English (`title_fr`, `title_en`). */
function localized(r: Obj, name: string): string | null {
  return inFrench(r[`${name}_fr`]) ?? inFrench(r[`${name}_en`]) ?? inFrench(r[name]);
}

function listColumn(v: unknown): string[] {
  const parsed = jsonColumn(v);
  const items = Array.isArray(parsed) ? parsed : typeof parsed === 'string' ? parsed.split(/[;,]/) : [];
  return items.filter((k): k is string => typeof k === 'string' && k.trim() !== '').map((k) => k.trim());
}

/** `location_coordinates`: `{ lon, lat }` (geo_point_2d), or `[lat, lon]` in older exports. */
function coordinatesOf(r: Obj): { lat: unknown; lon: unknown } {
  const c = jsonColumn(r.location_coordinates);
  if (isObj(c)) return { lat: c.lat, lon: c.lon };
  if (Array.isArray(c) && c.length === 2) return { lat: c[0], lon: c[1] };
  return { lat: r.location_latitude, lon: r.location_longitude };
}

function timingsOf(r: Obj): Timing[] {
  const t = jsonColumn(r.timings);
  if (Array.isArray(t) && t.length > 0) {
    return t.filter(isObj).map((x) => ({
      start: String(x.begin ?? x.start ?? ''),
      end: typeof x.end === 'string' ? x.end : null,
    }));
  }
  // No timings: the first and the last occurrence are all the export says (the days between are unknown).
  const out: Timing[] = [];
  if (typeof r.firstdate_begin === 'string')
    out.push({ start: r.firstdate_begin, end: typeof r.firstdate_end === 'string' ? r.firstdate_end : null });
  if (typeof r.lastdate_begin === 'string' && r.lastdate_begin !== r.firstdate_begin)
    out.push({ start: r.lastdate_begin, end: typeof r.lastdate_end === 'string' ? r.lastdate_end : null });
  return out;
}

function urlOf(r: Obj): string | null {
  const reg = jsonColumn(r.registration);
  for (const x of Array.isArray(reg) ? reg : []) {
    const u = isObj(x) && x.type === 'link' ? httpUrl(x.value) : null;
    if (u) return u;
  }
  const links = jsonColumn(r.links);
  for (const x of Array.isArray(links) ? links : []) {
    const u = httpUrl(isObj(x) ? x.link : x);
    if (u) return u;
  }
  return httpUrl(r.canonicalurl);
}

/** The records of a document, with the path of each (the flat object may sit under `fields` or `record.fields`). */
function recordsOf(doc: unknown): Array<{ node: unknown; path: string }> {
  let list: unknown[] | null = null;
  let base = '';
  if (Array.isArray(doc)) list = doc;
  else if (isObj(doc) && Array.isArray(doc.results)) [list, base] = [doc.results, 'results'];
  else if (isObj(doc) && Array.isArray(doc.records)) [list, base] = [doc.records, 'records'];
  if (!list)
    throw new ImportParseError('openagenda-ods', 'ni tableau d’enregistrements, ni `results`, ni `records`');
  return list.map((node, i) => {
    const path = `${base}[${i}]`;
    if (isObj(node) && isObj(node.record) && isObj(node.record.fields))
      return { node: node.record.fields, path: `${path}.record.fields` };
    if (isObj(node) && isObj(node.fields)) return { node: node.fields, path: `${path}.fields` };
    return { node, path };
  });
}

/** Parses an Opendatasoft OpenAgenda export into a batch; throws ImportParseError when it is not of that shape. */
export function parseOpenAgendaOds(text: string, options: OdsOptions): ImportBatch {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF+/, ''));
  } catch (error) {
    throw new ImportParseError('openagenda-ods', `JSON illisible : ${(error as Error).message}`, {
      cause: error,
    });
  }
  const records = recordsOf(doc);
  const batch = new AgendaBatch(options.source, 'openagenda-ods', options.complete ?? true);
  records.forEach(({ node, path }, index) => {
    if (!isObj(node)) {
      batch.reject(index, null, path, 'pas un enregistrement (objet attendu)');
      return;
    }
    const r = node;
    const sourceId = r.uid !== undefined && r.uid !== null ? String(r.uid) : null;
    const mode = jsonColumn(r.attendancemode);
    const online = Number(isObj(mode) ? mode.id : mode) === 2;
    const { lat, lon } = coordinatesOf(r);
    const place: PlaceFields | string = online
      ? 'événement en ligne (attendancemode 2)'
      : {
          path,
          id: r.location_uid !== undefined && r.location_uid !== null ? `location:${r.location_uid}` : null,
          name: inFrench(r.location_name),
          address: inFrench(r.location_address),
          town: inFrench(r.location_city),
          postcode: r.location_postalcode,
          insee: r.location_insee,
          lat,
          lon,
          countryCode: typeof r.location_countrycode === 'string' ? r.location_countrycode : null,
          url: typeof r.location_website === 'string' ? r.location_website : null,
          accessibility: accessibilityOf(r.accessibility),
          geoPath: jsonPath(path, 'location_coordinates'),
          countryPath: jsonPath(path, 'location_countrycode'),
        };
    const keywords = listColumn(r.keywords_fr ?? r.keywords_en ?? r.keywords);
    const long = localized(r, 'longdescription');
    const description = long
      ? /<\w/.test(long)
        ? plainText(long)
        : markdownText(long)
      : localized(r, 'description');
    batch.add({
      index,
      sourceId,
      title: localized(r, 'title'),
      titlePath: jsonPath(path, 'title_fr'),
      description,
      signals: openAgendaOdsSignals({ ...r, keywords_fr: keywords }),
      image: typeof r.image === 'string' ? r.image : null,
      url: urlOf(r),
      language: null,
      creators: [],
      tags: keywords,
      ages: { min: num(r.age_min), max: num(r.age_max) },
      place,
      placePath: jsonPath(path, 'location_coordinates'),
      timings: timingsOf(r),
      timingsPath: jsonPath(path, 'timings'),
      status: statusOfOpenAgenda(statusId(jsonColumn(r.status))),
      price: priceFromText(localized(r, 'conditions')),
    });
  });
  return batch.build(records.length);
}

/** A status as `{ id, label }`, an id, or its French label (« Annulé », « Reporté », « Complet »…). */
function statusId(v: unknown): unknown {
  if (typeof v !== 'string' || /^\d+$/.test(v)) return v;
  const label = v.toLowerCase();
  if (/annul/.test(label)) return 6;
  if (/complet|full/.test(label)) return 5;
  if (/report|postpon/.test(label)) return 4;
  if (/en ligne|online/.test(label)) return 3;
  return 1;
}

function num(v: unknown): number | null {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}
