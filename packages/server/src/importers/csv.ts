import type { PerformanceStatus, Reject, Skip } from '@detour/sdk';
import type { ImportBatch, ImportedPerformance, ImportedShow, ImportedVenue } from '../catalogue/batch.js';
import { foldAccents } from '../text/french.js';
import { classifyEvent, namesAnyKind } from './classify.js';
import { CsvSyntaxError, type CsvTable, parseCsv } from './csv-parse.js';
import { namesYoungAudience } from './disciplines.js';
import { ImportParseError } from './errors.js';
import { checkGeocode, departmentOf, isIsoDate, timeZoneOf, zonedIso } from './geo.js';
import { RecordError, toReject } from './record-error.js';
import { fiveDigitCode, httpUrl, oneLine, plainText, stableHash, toNumber } from './text.js';

/**
 * A plain CSV for venues without a feed: one performance per row, `;` or `,`, French headers (English
 * aliases accepted). The column mapping is documented in docs/importing.md and in CSV_COLUMNS below.
 */

export interface CsvOptions {
  source: string;
  /** A full feed: performances of the source missing from it get cancelled. Default true. */
  complete?: boolean;
}

/** Our column names and the headers accepted for each (compared without accents, case or spaces). */
export const CSV_COLUMNS = {
  titre: ['titre', 'title', 'spectacle', 'show'],
  compagnie: ['compagnie', 'company', 'artistes', 'artists', 'createurs', 'creators'],
  discipline: ['discipline', 'genre', 'type'],
  lieu: ['lieu', 'venue', 'salle'],
  adresse: ['adresse', 'address'],
  code_postal: ['code_postal', 'code postal', 'cp', 'postcode', 'postal_code', 'zip'],
  ville: ['ville', 'commune', 'town', 'city'],
  pays: ['pays', 'country'],
  latitude: ['latitude', 'lat'],
  longitude: ['longitude', 'lon', 'lng'],
  date: ['date', 'jour', 'day'],
  heure: ['heure', 'time', 'horaire'],
  prix_min: ['prix_min', 'prix min', 'price_min', 'min_price', 'prix'],
  prix_max: ['prix_max', 'prix max', 'price_max', 'max_price'],
  gratuit: ['gratuit', 'free'],
  url: ['url', 'lien', 'billetterie', 'link', 'tickets'],
  statut: ['statut', 'status', 'etat'],
  id: ['id', 'identifiant', 'identifier', 'ref', 'reference'],
  description: ['description', 'resume', 'summary'],
  image: ['image', 'visuel', 'photo'],
  public: ['public', 'audience', 'age'],
  langue: ['langue', 'language', 'lang'],
} as const;

type Column = keyof typeof CSV_COLUMNS;
const REQUIRED: Column[] = ['titre', 'lieu', 'ville', 'latitude', 'longitude', 'date'];

function headerKey(h: string): string {
  return foldAccents(h)
    .replace(/[\s-]+/g, '_')
    .trim();
}

function mapHeader(header: string[]): Map<Column, number> {
  const out = new Map<Column, number>();
  header.forEach((h, i) => {
    const k = headerKey(h);
    for (const [col, aliases] of Object.entries(CSV_COLUMNS) as Array<[Column, readonly string[]]>) {
      if (!out.has(col) && aliases.some((a) => headerKey(a) === k)) out.set(col, i);
    }
  });
  return out;
}

const YES = /^(1|oui|yes|true|vrai|x|gratuit|free)$/;
const NO = /^(0|non|no|false|faux|)$/;

function statusOf(s: string, path: string): PerformanceStatus {
  const f = foldAccents(s).trim();
  if (f === '' || /^(prevu|programme|scheduled|confirme|ok)$/.test(f)) return 'scheduled';
  if (/^(annule|cancelled|canceled)$/.test(f)) return 'cancelled';
  if (/^(reporte|postponed)$/.test(f)) return 'postponed';
  if (/^(complet|sold.?out|sold_out)$/.test(f)) return 'sold-out';
  throw new RecordError(path, `statut inconnu : ${JSON.stringify(s)} (prévu, annulé, reporté ou complet)`);
}

/** "2026-12-03", "03/12/2026" or "3/12/26" → "2026-12-03", else null. */
function parseDate(s: string): string | null {
  const v = s.trim();
  if (isIsoDate(v)) return v;
  const m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$/.exec(v);
  if (!m) return null;
  const year = m[3]!.length === 2 ? `20${m[3]}` : m[3]!;
  const iso = `${year}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** "20:30", "20h30", "20h", "8:30 PM" is not French: refused. */
function parseTime(s: string): string | null {
  const m = /^(\d{1,2})\s*[h:]\s*(\d{2})?$/i.exec(s.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2] ?? 0) > 59) return null;
  return `${m[1]!.padStart(2, '0')}:${m[2] ?? '00'}`;
}

/** Parses the plain CSV; throws ImportParseError when the file is not CSV or lacks a required column. */
export function parseCsvImport(text: string, options: CsvOptions): ImportBatch {
  let table: CsvTable;
  try {
    table = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ImportParseError('csv', error.message, { cause: error });
    throw error;
  }
  const cols = mapHeader(table.header);
  const missing = REQUIRED.filter((c) => !cols.has(c));
  if (missing.length > 0)
    throw new ImportParseError('csv', `colonnes obligatoires absentes : ${missing.join(', ')}`);

  const venues = new Map<string, ImportedVenue>();
  const shows = new Map<string, ImportedShow>();
  const performances = new Map<string, ImportedPerformance>();
  const rejected: Reject[] = [];
  const skips: Skip[] = [];
  table.rows.forEach((row, i) => {
    const line = table.lines[i]!;
    const get = (c: Column) => {
      const k = cols.get(c);
      return k === undefined ? '' : (row[k] ?? '').trim();
    };
    const path = (c: Column) => `row ${line}, column ${table.header[cols.get(c) ?? -1] ?? c}`;
    const rawId = get('id') || null;
    try {
      const title = oneLine(get('titre'), 300);
      if (!title) throw new RecordError(path('titre'), 'titre manquant');
      const disciplineText = get('discipline');
      const description = plainText(get('description'));
      // The discipline column is the venue's own category; without it the title (then the description) decides.
      const kind = classifyEvent({
        types: [],
        keywords: [],
        genres: [],
        categories: disciplineText ? [disciplineText] : [],
        title,
        description: disciplineText ? null : description,
      });
      if (kind.kind === 'skipped') {
        if (disciplineText && !namesAnyKind(disciplineText))
          throw new RecordError(
            path('discipline'),
            `discipline inconnue : ${JSON.stringify(disciplineText)}`,
          );
        if (!disciplineText && !namesAnyKind(title) && !namesAnyKind(description))
          throw new RecordError(path('discipline'), 'discipline manquante (et le titre ne la dit pas)');
        skips.push({ index: i, sourceId: rawId, title, reason: kind.reason });
        return;
      }
      const venueName = oneLine(get('lieu'), 300);
      if (!venueName) throw new RecordError(path('lieu'), 'lieu manquant');
      const town = oneLine(get('ville'), 200);
      if (!town) throw new RecordError(path('ville'), 'ville manquante');
      const rawPostcode = get('code_postal');
      const postcode = fiveDigitCode(rawPostcode);
      if (rawPostcode && !postcode)
        throw new RecordError(path('code_postal'), `code postal illisible : ${JSON.stringify(rawPostcode)}`);
      const lat = toNumber(get('latitude'));
      if (lat === null || Math.abs(lat) > 90)
        throw new RecordError(path('latitude'), `latitude illisible : ${JSON.stringify(get('latitude'))}`);
      const lon = toNumber(get('longitude'));
      if (lon === null || Math.abs(lon) > 180)
        throw new RecordError(path('longitude'), `longitude illisible : ${JSON.stringify(get('longitude'))}`);
      const dept = departmentOf(postcode);
      const checked = checkGeocode({ lat, lon }, dept);
      if (!checked)
        throw new RecordError(
          path('latitude'),
          `coordonnées hors de France ou du département (${lat}, ${lon})`,
        );
      const date = parseDate(get('date'));
      if (!date)
        throw new RecordError(
          path('date'),
          `date illisible : ${JSON.stringify(get('date'))} (AAAA-MM-JJ ou JJ/MM/AAAA)`,
        );
      const rawTime = get('heure');
      const time = rawTime ? parseTime(rawTime) : '20:30';
      if (!time)
        throw new RecordError(path('heure'), `heure illisible : ${JSON.stringify(rawTime)} (20:30 ou 20h30)`);
      const readPrice = (c: Column) => {
        const s = get(c);
        if (s === '') return null;
        const n = toNumber(s);
        if (n === null || n < 0) throw new RecordError(path(c), `prix illisible : ${JSON.stringify(s)}`);
        return n;
      };
      let min = readPrice('prix_min');
      let max = readPrice('prix_max');
      if (min !== null && max !== null && max < min)
        throw new RecordError(path('prix_max'), `prix maximum ${max} inférieur au minimum ${min}`);
      const freeText = foldAccents(get('gratuit'));
      if (!YES.test(freeText) && !NO.test(freeText))
        throw new RecordError(
          path('gratuit'),
          `valeur inattendue : ${JSON.stringify(get('gratuit'))} (oui ou non)`,
        );
      const free = YES.test(freeText) || (min === 0 && (max === null || max === 0));
      if (free) {
        min = 0;
        max = 0;
      }
      if (max === null && min !== null) max = min;
      const status = statusOf(get('statut'), path('statut'));
      const rawUrl = get('url');
      const url = httpUrl(rawUrl);
      if (rawUrl && !url)
        throw new RecordError(path('url'), 'adresse web refusée (http ou https uniquement)');
      const creators = get('compagnie')
        .split(/[,;/]| et /)
        .map((s) => oneLine(s, 200))
        .filter((s): s is string => !!s)
        .slice(0, 20);

      const venueId = `venue:${stableHash(`${foldAccents(venueName)}|${foldAccents(town)}|${postcode ?? ''}`)}`;
      const showId = `show:${stableHash(`${foldAccents(title)}|${creators.map(foldAccents).join(',')}|${kind.discipline}`)}`;
      const start = zonedIso(date, time, timeZoneOf(dept));
      const perfId = rawId ?? `${showId}@${venueId}@${start}`;
      if (performances.has(perfId))
        throw new RecordError(
          path(rawId ? 'id' : 'date'),
          `doublon : la même représentation figure plus haut`,
        );
      if (!venues.has(venueId)) {
        venues.set(venueId, {
          sourceId: venueId,
          name: venueName,
          address: oneLine(get('adresse'), 500),
          town,
          postcode,
          inseeCode: null,
          location: checked.point,
          capacity: null,
          sizeClass: null,
          type: 'autre',
          accessibility: [],
          url: null,
          country: oneLine(get('pays'), 60),
        });
      }
      if (!shows.has(showId)) {
        const audienceText = get('public');
        const ageMatch = /(\d{1,2})/.exec(audienceText);
        shows.set(showId, {
          sourceId: showId,
          title,
          creators,
          discipline: kind.discipline,
          subDiscipline: kind.subDiscipline,
          audience: {
            kind:
              namesYoungAudience(audienceText) || namesYoungAudience(title) ? 'jeune-public' : 'tout-public',
            minAge: ageMatch ? Math.min(99, Number(ageMatch[1])) : null,
            maxAge: null,
          },
          tags: [],
          description,
          image: httpUrl(get('image')),
          language: oneLine(get('langue'), 35),
        });
      }
      performances.set(perfId, {
        sourceId: perfId,
        showSourceId: showId,
        venueSourceId: venueId,
        start,
        end: null,
        price: { min, max, free, currency: 'EUR' },
        url,
        status,
      });
    } catch (error) {
      rejected.push(toReject(error, i, rawId));
    }
  });
  return {
    source: options.source,
    format: 'csv',
    records: table.rows.length,
    venues: [...venues.values()],
    shows: [...shows.values()],
    performances: [...performances.values()],
    rejected,
    skipped: skips.length,
    skips,
    complete: options.complete ?? true,
  };
}
