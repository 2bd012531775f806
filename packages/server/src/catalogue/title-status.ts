import type { PerformanceStatus } from '@detour/sdk';
import { foldAccents } from '../text/french.js';

/**
 * Status words producers write into titles: « Concert X - ANNULÉ », « - M - (CONCERT REPORTÉ AU 12 MARS) »,
 * « [COMPLET] Le Misanthrope ». The word is read only where producers put a status — inside brackets, or
 * as the first or last words of the title, set off by a separator or on their own — so that a play called
 * « Le Report » or « Annulé·e·s », written in the middle of a title, is left alone.
 */

type TitleStatus = Exclude<PerformanceStatus, 'scheduled'>;

// Folded words; one pattern per status, strongest first (a title both cancelled and postponed is cancelled).
const WORDS: ReadonlyArray<readonly [TitleStatus, RegExp]> = [
  ['cancelled', /\b(annule|annulee|annules|annulees|annulation|cancelled|canceled)\b/],
  ['postponed', /\b(reporte|reportee|reportes|reportees|postponed|report de date|date reportee)\b/],
  ['sold-out', /\b(complet|sold out|guichets? fermes?)\b/],
];

const STATUS_WORD = new RegExp(WORDS.map(([, re]) => re.source).join('|'));

// Separators between a title and its status: dashes, colon, pipe, slash, exclamation marks.
const SEPARATOR = /\s[-–—:|/]+\s|\s*!+\s*|\s[-–—]+$/;

const folded = (s: string): string => foldAccents(s).replace(/[^a-z0-9]+/g, ' ');

/** Bracketed groups that hold a status word (an unclosed bracket runs to the end of the title). */
function bracketGroups(title: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  const re = /[([]([^)\]]*)([)\]]|$)/g;
  for (let m = re.exec(title); m !== null; m = re.exec(title)) {
    if (STATUS_WORD.test(folded(m[1]!))) out.push({ start: m.index, end: m.index + m[0].length });
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

const MAX_STATUS_WORDS = 8;

/** The title with its status phrases cut, and the phrases cut. */
function split(title: string): { rest: string; phrases: string[] } {
  const phrases: string[] = [];
  // Most titles hold no status word at all (and every show identity asks).
  if (!STATUS_WORD.test(folded(title))) return { rest: title, phrases };
  let rest = title;
  for (const g of bracketGroups(rest).reverse()) {
    phrases.push(rest.slice(g.start, g.end));
    rest = `${rest.slice(0, g.start)} ${rest.slice(g.end)}`;
  }
  rest = rest.replace(/\s+/g, ' ').trim();
  // Trailing: « … - ANNULÉ », « … : reporté au 12 mars », « … COMPLET ».
  for (;;) {
    const trailing = trailingPhrase(rest);
    if (!trailing) break;
    phrases.push(trailing.phrase);
    rest = trailing.rest;
  }
  // Leading: « ANNULÉ - … », « COMPLET : … », « ANNULÉ … ».
  const leading = leadingPhrase(rest);
  if (leading) {
    phrases.push(leading.phrase);
    rest = leading.rest;
  }
  return { rest, phrases };
}

const isStatusPhrase = (phrase: string): boolean => {
  const words = folded(phrase).trim().split(' ').filter(Boolean);
  return words.length > 0 && words.length <= MAX_STATUS_WORDS && STATUS_WORD.test(` ${words.join(' ')} `);
};

// One status word alone at an end of the title (« Concert Untel COMPLET », « ANNULÉ Concert Untel »).
const ONE_WORD = /^(guichets?\s+ferm\S*|sold\s+out|\S+)$/u;
const isStatusWord = (word: string): boolean => {
  const f = folded(word).trim();
  return f !== '' && ONE_WORD.test(word) && WORDS.some(([, re]) => re.test(f) && re.exec(f)![0] === f);
};

function trailingPhrase(title: string): { rest: string; phrase: string } | null {
  // The last separator after which a short phrase holds a status word: the shortest such phrase.
  let best: { rest: string; phrase: string } | null = null;
  const re = new RegExp(SEPARATOR.source, 'g');
  for (let m = re.exec(title); m !== null; m = re.exec(title)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const phrase = title.slice(m.index + m[0].length);
    if (!isStatusPhrase(phrase)) continue;
    let rest = title.slice(0, m.index).trimEnd();
    // « - M - ANNULÉ »: the dash before the status closes a title that opened with one; it stays.
    if (/^[-–—]\s/.test(rest) && /^\s[-–—]\s$/.test(m[0])) rest = `${rest} ${m[0].trim()}`;
    if (rest !== '') best = { rest, phrase };
  }
  if (best) return best;
  const last = /\s+(guichets?\s+ferm\S*|sold\s+out|\S+?)[\s.!]*$/iu.exec(title);
  if (last && isStatusWord(last[1]!)) {
    const rest = title.slice(0, last.index).trim();
    if (rest !== '') return { rest, phrase: last[1]! };
  }
  return null;
}

function leadingPhrase(title: string): { rest: string; phrase: string } | null {
  const body = title.replace(/^[-–—*!\s]+(?=\p{L})/u, '');
  const m = SEPARATOR.exec(body);
  if (m && m.index > 0) {
    const phrase = body.slice(0, m.index);
    const rest = body.slice(m.index + m[0].length).trim();
    if (rest !== '' && isStatusPhrase(phrase)) return { rest, phrase };
  }
  const first = /^(guichets?\s+ferm\S*|sold\s+out|\S+?)[\s:!]+/iu.exec(body);
  if (first && isStatusWord(first[1]!)) {
    const rest = body.slice(first[0].length).trim();
    // A title that is only a status word is not stripped to nothing.
    if (rest !== '') return { rest, phrase: first[1]! };
  }
  return null;
}

/** The status a title announces (cancelled before postponed before sold out), or null when it announces none. */
export function statusFromTitle(title: string): TitleStatus | null {
  const { phrases } = split(title);
  if (phrases.length === 0) return null;
  const text = ` ${phrases.map(folded).join(' ')} `;
  for (const [status, re] of WORDS) if (re.test(text)) return status;
  return null;
}

/** The title without its status phrases (« - M - (CONCERT REPORTÉ …) » → « - M - »); unchanged when it has none. */
export function stripStatusSuffix(title: string): string {
  const { rest, phrases } = split(title);
  return phrases.length === 0 ? title : rest;
}
