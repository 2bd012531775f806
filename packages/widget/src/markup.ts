import type { Attrs, Kids } from './cards.js';

/** Markup built by `hs`: already escaped, inserted as is by the next `hs` call. */
export class Markup {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeText = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
const VOID = new Set(['img', 'br', 'hr', 'input', 'meta', 'link', 'source', 'wbr']);

function children(kids: Kids<Markup>[]): string {
  let out = '';
  for (const kid of kids) {
    if (kid === null || kid === undefined || kid === false) continue;
    if (Array.isArray(kid)) out += children(kid);
    else out += kid instanceof Markup ? kid.html : escapeText(String(kid));
  }
  return out;
}

/**
 * The card view's `h` for the server: an HTML string where every text and attribute value is escaped.
 * Listeners are left out (the server's markup works without script); `true` writes a bare attribute.
 */
export function hs(tag: string, props?: Attrs | null, ...kids: Kids<Markup>[]): Markup {
  let open = `<${tag}`;
  for (const name in props) {
    const value = props[name];
    if (value === null || value === undefined || value === false || typeof value === 'function') continue;
    open += value === true ? ` ${name}` : ` ${name}="${escapeText(String(value))}"`;
  }
  if (VOID.has(tag)) return new Markup(`${open}>`);
  return new Markup(`${open}>${children(kids)}</${tag}>`);
}
