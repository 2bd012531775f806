/**
 * What a feed body looks like, read from its first bytes: a partner who sends a raw OpenAgenda export as
 * `format=jsonld` gets told so, instead of an import that reads 0 records and cancels a programme.
 * Only a prefix is read, so a 500 MB national file costs the same as a small one, and the HTTP route and
 * the CLI give the same answer.
 */

/** The shapes the sniffer tells apart. The first six are import formats; the rest are what a body may be instead. */
export type SniffedFormat =
  | 'jsonld'
  | 'csv'
  | 'openagenda'
  | 'openagenda-ods'
  | 'ics'
  | 'html'
  | 'xml'
  | 'json'
  | 'empty-json'
  | 'text';

/** What a body looks like: its shape and a sentence saying so. */
export interface Sniff {
  format: SniffedFormat;
  /** "OpenAgenda v2 JSON (an `events` array of objects with `uid` and `timings`)"… */
  description: string;
}

/** Bytes read from the start of a body: enough for the first records of any format we know. */
export const SNIFF_PREFIX = 256 * 1024;

/** The keys ("key": …) quoted in a JSON text, by name. An escaped quote inside a string never starts one. */
function jsonKeys(text: string): Set<string> {
  const keys = new Set<string>();
  for (const m of text.matchAll(/(?<!\\)"([^"\\]{1,80})"\s*:/g)) keys.add(m[1]!);
  return keys;
}

const DESCRIPTIONS: Record<SniffedFormat, string> = {
  jsonld: 'schema.org / DATAtourisme JSON-LD',
  csv: 'CSV',
  openagenda: 'OpenAgenda v2 JSON',
  'openagenda-ods': 'an Opendatasoft export of OpenAgenda events',
  ics: 'iCalendar',
  html: 'an HTML page',
  xml: 'an XML document',
  json: 'JSON that is none of the import formats (no @type, no OpenAgenda event)',
  'empty-json': 'an empty JSON document',
  text: 'text that is none of the import formats',
};

const sniffed = (format: SniffedFormat): Sniff => ({ format, description: DESCRIPTIONS[format] });

/** Names what a body looks like (pure; reads at most SNIFF_PREFIX characters). */
export function sniffFormat(body: string): Sniff {
  const head = body.slice(0, SNIFF_PREFIX).replace(/^[\uFEFF\s]+/, '');
  const first = head[0];
  if (first === '{' || first === '[') return sniffJson(head);
  if (/^BEGIN:VCALENDAR/i.test(head)) return sniffed('ics');
  if (/^<(!doctype\s+html|html|head|body)\b/i.test(head)) return sniffed('html');
  if (first === '<') return /<html\b/i.test(head.slice(0, 4096)) ? sniffed('html') : sniffed('xml');
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  // A header row: several fields split by ; , or tab.
  if (/[;,\t]/.test(firstLine)) return sniffed('csv');
  return sniffed('text');
}

function sniffJson(head: string): Sniff {
  if (/^(\[\s*\]|\{\s*\})\s*$/.test(head)) return sniffed('empty-json');
  const keys = jsonKeys(head);
  if (keys.has('@context') || keys.has('@type') || keys.has('@graph')) return sniffed('jsonld');
  // Opendatasoft: flat columns (firstdate_begin, location_name…), alone or in its API envelopes.
  const flatColumns = [...keys].filter((k) => k.startsWith('location_')).length >= 2;
  if (keys.has('firstdate_begin') || keys.has('lastdate_end') || flatColumns)
    return sniffed('openagenda-ods');
  if (keys.has('uid') && (keys.has('timings') || keys.has('firstTiming'))) return sniffed('openagenda');
  if ((keys.has('records') && keys.has('fields')) || (keys.has('results') && keys.has('total_count')))
    return sniffed('openagenda-ods');
  return sniffed('json');
}

/** Import formats → the shapes a body of that format may have. A format not listed is not checked. */
const ACCEPTS: Record<string, readonly SniffedFormat[]> = {
  // An empty document passes here: what it holds is then judged by the empty-feed rule, with its own words.
  jsonld: ['jsonld', 'empty-json'],
  csv: ['csv'],
  festivals: ['csv'],
  openagenda: ['openagenda', 'empty-json'],
  'openagenda-ods': ['openagenda-ods', 'empty-json'],
  ics: ['ics'],
};

/** The import formats the sniffer recognises, which a refusal may tell the sender to use. */
const IMPORT_FORMATS: readonly SniffedFormat[] = ['jsonld', 'csv', 'openagenda', 'openagenda-ods', 'ics'];

/** The body is not the declared format. */
export class WrongFormatError extends Error {
  override readonly name = 'WrongFormatError';
  constructor(
    readonly declared: string,
    readonly detected: Sniff,
  ) {
    const hint = IMPORT_FORMATS.includes(detected.format)
      ? `send \`format=${detected.format}\``
      : `send a file in the ${declared} format`;
    super(`format=${declared}, but this looks like ${detected.description}: ${hint}.`);
  }
}

/** Throws WrongFormatError when the body does not look like the declared import format. */
export function checkDeclaredFormat(body: string, declared: string): void {
  const accepts = ACCEPTS[declared];
  if (!accepts) return;
  const detected = sniffFormat(body);
  if (!accepts.includes(detected.format)) throw new WrongFormatError(declared, detected);
}
