import type { EventSignals } from './classify.js';
import { oneLine, plainText } from './text.js';

/**
 * What the classifier reads of a record, for each shape producers publish besides JSON-LD (whose nodes are read
 * by jsonld.ts's signalsOf): OpenAgenda API v2 events, Opendatasoft's flat OpenAgenda export, and the Ville de
 * Paris « Que faire à Paris ? » records. Each importer of those shapes, and the classification bench, use these.
 */

type Rec = Record<string, unknown>;

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A text from a plain string or an OpenAgenda multilingual object ({fr, en…}), French preferred. */
export function frenchText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (!isRec(v)) return null;
  for (const lang of ['fr', 'en', ...Object.keys(v)]) {
    const t = v[lang];
    if (typeof t === 'string' && t.trim()) return t;
  }
  return null;
}

/** Strings of a list, of a multilingual object of lists ({fr: [...]}), or of a `;`-separated text. */
function stringsOf(v: unknown, separator: RegExp | null = null): string[] {
  if (v === null || v === undefined) return [];
  if (typeof v === 'string')
    return (separator ? v.split(separator) : [v]).map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(v)) return v.flatMap((x) => stringsOf(x, separator));
  if (isRec(v)) {
    const fr = v.fr ?? v[Object.keys(v)[0] ?? ''];
    return stringsOf(fr, separator);
  }
  return [];
}

/** Title and summary joined with the long description (a summary alone is often one line of a poster). */
function describe(...parts: unknown[]): string | null {
  const texts = parts.map((p) => plainText(typeof p === 'string' ? p : null)).filter((t): t is string => !!t);
  return texts.length > 0 ? texts.join('\n') : null;
}

/**
 * OpenAgenda v2 event: `title`, `description`, `longDescription` (multilingual), `keywords` ({fr: [...]}). Agenda
 * category fields (`types-devenement`, `categories-…`) hold numeric option ids whose labels are in the agenda's
 * schema, not in the event: they say nothing here.
 */
export function openAgendaSignals(event: Rec): EventSignals {
  return {
    types: [],
    keywords: stringsOf(event.keywords),
    genres: [],
    categories: [],
    title: oneLine(frenchText(event.title), 300) ?? '',
    description: describe(frenchText(event.description), frenchText(event.longDescription)),
  };
}

/** Opendatasoft's flat OpenAgenda export: `title_fr`, `description_fr`, `longdescription_fr`, `keywords_fr`, `category`. */
export function openAgendaOdsSignals(record: Rec): EventSignals {
  return {
    types: [],
    keywords: stringsOf(record.keywords_fr, /;/),
    genres: [],
    categories: stringsOf(record.category, /;/),
    title: oneLine(frenchText(record.title_fr ?? record.title), 300) ?? '',
    description: describe(frenchText(record.description_fr), frenchText(record.longdescription_fr)),
  };
}

/**
 * « Que faire à Paris ? » record (its `fields`): `category` is a path (« Concerts -> Jazz »), `tags` a `;` list
 * (« Musique;En famille »), `lead_text` the summary, `description` HTML.
 */
export function queFaireSignals(fields: Rec): EventSignals {
  return {
    types: [],
    keywords: stringsOf(fields.tags, /;/),
    genres: [],
    // Leaf first: « Spectacles -> Projection » is a screening.
    categories: stringsOf(fields.category, /\s*->\s*/).reverse(),
    title: oneLine(frenchText(fields.title), 300) ?? '',
    description: describe(frenchText(fields.lead_text), frenchText(fields.description)),
  };
}
