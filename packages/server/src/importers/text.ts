/** Small value cleaners shared by the importers: text, URLs, codes, numbers. */

/** Longest description kept (the contract's limit). */
export const MAX_DESCRIPTION = 5000;

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  rsquo: '’',
  lsquo: '‘',
  laquo: '«',
  raquo: '»',
  eacute: 'é',
  egrave: 'è',
  agrave: 'à',
  ccedil: 'ç',
  hellip: '…',
};

/** Text only: tags removed (block tags become line breaks), entities decoded, blanks collapsed, capped. */
export function plainText(value: unknown, max = MAX_DESCRIPTION): string | null {
  if (typeof value !== 'string') return null;
  const text = value
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\s*(br|\/p|\/div|\/li|\/h\d)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : ' ';
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/<[^>]*>/g, ' ')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n[\s]*/g, '\n')
    .trim();
  if (text === '') return null;
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

/** An absolute http(s) URL, or null (javascript:, data:, relative or malformed links are dropped). */
export function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  let s = value.trim();
  if (s === '') return null;
  // The festival list writes many sites without a scheme ("www.festival.fr").
  if (/^www\./i.test(s)) s = `http://${s}`;
  if (!/^https?:\/\//i.test(s) || s.length > 2048 || !URL.canParse(s)) return null;
  return s;
}

/** A 5-digit French code that lost its leading zero in a spreadsheet ("2383" → "02383"), or null. */
export function fiveDigitCode(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  let s = String(value).trim();
  if (/^\d+\.0$/.test(s)) s = s.slice(0, -2);
  if (/^2[ABab]\d{3}$/.test(s)) return s.toUpperCase();
  if (!/^\d{4,5}$/.test(s)) return null;
  s = s.padStart(5, '0');
  return s === '00000' ? null : s;
}

/** A number from a JSON number or a string ("47.58", "47,58", " 6.5 €"); null when absent or not numeric. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const s = value.replace(/\s|€|EUR/gi, '').replace(',', '.');
  if (!/^[-+]?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

/** First line, trimmed and capped: for names and titles. */
export function oneLine(value: unknown, max = 300): string | null {
  if (typeof value !== 'string') return null;
  const s = plainText(value, 100_000)?.replace(/\s+/g, ' ');
  if (!s) return null;
  return s.length > max ? `${s.slice(0, max - 1).trimEnd()}…` : s;
}

/** FNV-1a 32-bit hash as 8 hex digits: stable ids and deterministic choices. */
export function stableHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
