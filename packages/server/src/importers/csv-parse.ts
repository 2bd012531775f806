/**
 * A small RFC 4180 CSV reader: quoted fields (with "" escapes and line breaks inside quotes), `;` or `,`
 * separators, CRLF or LF line ends, and any number of leading byte-order marks (the Ministère's exports
 * carry two).
 */

export interface CsvTable {
  header: string[];
  /** Data rows, each as long as the header (missing cells are ''). */
  rows: string[][];
  /** 1-based line number in the file where each data row starts, for reject messages. */
  lines: number[];
  delimiter: ';' | ',';
}

/** Thrown when a file is not CSV we can read at all (unterminated quote, no header). */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** Removes every leading U+FEFF (a double BOM happens when a UTF-8 file is re-saved with a BOM). */
export function stripBoms(text: string): string {
  let i = 0;
  while (text.charCodeAt(i) === 0xfeff) i++;
  return i === 0 ? text : text.slice(i);
}

/** Guesses the separator from the header line: the more frequent of `;` and `,` outside quotes. */
export function detectDelimiter(text: string): ';' | ',' {
  let semi = 0;
  let comma = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c === ';') semi++;
    else if (!quoted && c === ',') comma++;
  }
  return semi >= comma && semi > 0 ? ';' : ',';
}

/** Parses CSV text into rows of fields (no header handling). */
export function parseCsvRows(input: string, delimiter: ';' | ','): { rows: string[][]; lines: number[] } {
  const text = stripBoms(input);
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 0;
  let i = 0;
  const n = text.length;
  const endRow = () => {
    row.push(field);
    field = '';
    // A blank line is no record.
    if (!(row.length === 1 && row[0] === '')) {
      rows.push(row);
      lines.push(rowLine);
    }
    row = [];
  };
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (c === '\n') line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      quoteLine = line;
      i++;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new CsvSyntaxError(`guillemet ouvert ligne ${quoteLine} jamais refermé`, quoteLine);
  if (field !== '' || row.length > 0) endRow();
  return { rows, lines };
}

/** Parses a CSV file with a header line; the separator is detected unless given. */
export function parseCsv(input: string, delimiter?: ';' | ','): CsvTable {
  const text = stripBoms(input);
  const sep = delimiter ?? detectDelimiter(text);
  const { rows, lines } = parseCsvRows(text, sep);
  const header = rows.shift();
  lines.shift();
  if (!header || header.every((h) => h.trim() === ''))
    throw new CsvSyntaxError('fichier vide : aucune ligne d’en-tête', 1);
  const width = header.length;
  const padded = rows.map((r) =>
    r.length >= width ? r : [...r, ...Array<string>(width - r.length).fill('')],
  );
  return { header: header.map((h) => h.trim()), rows: padded, lines, delimiter: sep };
}
