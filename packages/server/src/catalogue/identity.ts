import type { Discipline } from '@detour/sdk';
import { foldAccents, normaliseName } from '../text/french.js';

/**
 * Show identity: deciding whether two source records describe the same touring work.
 *
 * Rules (each merge records which fields matched and a score, so it can be explained and undone):
 * - The discipline must be equal. "Carmen" the opera and "Carmen" the ballet stay apart.
 * - Both records name creators/companies:
 *   - same normalised title and same set of creators → certain (score 1);
 *   - otherwise, from different sources only: title similarity ≥ TITLE_THRESHOLD and at least one
 *     creator in common. "Le Misanthrope" by two different companies stays two shows.
 * - A record without creators cannot prove authorship: it joins a show only with the exact same
 *   normalised title and a performance at the same venue (matched 'venue', certain), or — from
 *   another source — in the same commune (matched 'commune', score 0.95: the Ministère's two
 *   festival lists are joined by name and INSEE code). This also joins one event a feed publishes
 *   once per date at the same venue.
 * - Within one source, records with different ids stay different shows unless the match is
 *   certain (same title, same creators, same discipline — or same title and venue without creators):
 *   a source knows its own records, so only a duplicate is joined.
 */

/** Title similarity at or above which two titles are considered the same work's (with a creator in common). */
export const TITLE_THRESHOLD = 0.9;

/** Score of a match on exact title and commune only (no creators to compare). */
export const COMMUNE_SCORE = 0.95;

/** What identity looks at in a show record, normalised once. */
export interface ShowIdentity {
  titleKey: string;
  titleTokens: readonly string[];
  /** Normalised creator/company names, without "compagnie"/"cie"…, sorted, unique. */
  creatorKeys: readonly string[];
  discipline: Discipline;
}

/** Why two records were judged the same show. */
export interface ShowMatch {
  /** Fields that matched: 'title', 'creators', 'discipline', 'venue'. */
  matched: string[];
  /** 1 for a certain match; below 1 for a similarity match. */
  score: number;
  certain: boolean;
}

// Words that only say "this is a company", so "Cie Les Anges au plafond" = "Les Anges au plafond".
const COMPANY_WORDS = new Set(['cie', 'compagnie', 'company', 'collectif', 'troupe', 'ensemble', 'groupe']);

/** A key for comparing titles: folded words without stop words (falls back to the folded text for titles made only of stop words). */
export function titleKey(title: string): string {
  const key = normaliseName(title);
  return key !== '' ? key : foldAccents(title).replace(/\s+/g, ' ').trim();
}

/** A key for comparing creators: folded words without stop words and company words. */
export function creatorKey(name: string): string {
  return normaliseName(name)
    .split(' ')
    .filter((w) => w !== '' && !COMPANY_WORDS.has(w))
    .join(' ');
}

/** Normalises a record once for matching. */
export function showIdentity(record: {
  title: string;
  creators: readonly string[];
  discipline: Discipline;
}): ShowIdentity {
  const key = titleKey(record.title);
  const creators = [...new Set(record.creators.map(creatorKey).filter((c) => c !== ''))].sort();
  return {
    titleKey: key,
    titleTokens: key.split(' ').filter(Boolean),
    creatorKeys: creators,
    discipline: record.discipline,
  };
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>();
  const s = text.replace(/ /g, '');
  for (let i = 0; i < s.length - 1; i++) {
    const g = s.slice(i, i + 2);
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

function dice(a: string, b: string): number {
  if (a === b) return 1;
  const ga = bigrams(a);
  const gb = bigrams(b);
  let total = 0;
  let common = 0;
  for (const n of ga.values()) total += n;
  for (const [g, n] of gb) {
    total += n;
    common += Math.min(n, ga.get(g) ?? 0);
  }
  return total === 0 ? 0 : (2 * common) / total;
}

/**
 * Token-set similarity of two titles in [0, 1]: the better of word-set Jaccard (word order and
 * articles do not matter: "Misanthrope (Le)" = "Le Misanthrope") and character-bigram Dice on the
 * sorted words (tolerates a typo or an accent lost in a long title).
 */
export function titleSimilarity(a: ShowIdentity, b: ShowIdentity): number {
  if (a.titleKey === b.titleKey) return 1;
  const sa = new Set(a.titleTokens);
  const sb = new Set(b.titleTokens);
  let inter = 0;
  for (const t of sa) if (sb.has(t)) inter++;
  const union = sa.size + sb.size - inter;
  const jaccard = union === 0 ? 0 : inter / union;
  const sortedA = [...sa].sort().join(' ');
  const sortedB = [...sb].sort().join(' ');
  return Math.max(jaccard, dice(sortedA, sortedB));
}

/** Share of creators in common (Jaccard of the creator sets); 0 when either side names none. */
export function creatorOverlap(a: ShowIdentity, b: ShowIdentity): number {
  if (a.creatorKeys.length === 0 || b.creatorKeys.length === 0) return 0;
  const sb = new Set(b.creatorKeys);
  let inter = 0;
  for (const c of a.creatorKeys) if (sb.has(c)) inter++;
  return inter / (a.creatorKeys.length + b.creatorKeys.length - inter);
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Whether `record` is the same show as `candidate`, and why; null when they must stay apart.
 * `sameSource` is true when the candidate show already holds a record of the record's source;
 * `sharedVenue` says whether both have a performance at the same venue, `sharedCommune` in the same commune.
 */
export function matchShow(
  record: ShowIdentity,
  candidate: ShowIdentity,
  context: { sameSource: boolean; sharedVenue: boolean; sharedCommune?: boolean },
): ShowMatch | null {
  if (record.discipline !== candidate.discipline || record.titleKey === '') return null;
  const withCreators = record.creatorKeys.length > 0 && candidate.creatorKeys.length > 0;
  if (!withCreators) {
    if (record.titleKey !== candidate.titleKey) return null;
    if (context.sharedVenue) return { matched: ['title', 'discipline', 'venue'], score: 1, certain: true };
    if (context.sharedCommune && !context.sameSource) {
      return { matched: ['title', 'discipline', 'commune'], score: COMMUNE_SCORE, certain: false };
    }
    return null;
  }
  const overlap = creatorOverlap(record, candidate);
  if (record.titleKey === candidate.titleKey && overlap === 1) {
    return { matched: ['title', 'creators', 'discipline'], score: 1, certain: true };
  }
  if (context.sameSource || overlap === 0) return null;
  const similarity = titleSimilarity(record, candidate);
  if (similarity < TITLE_THRESHOLD) return null;
  // Title carries most of the evidence; creators in common and the discipline confirm it.
  return {
    matched: ['title', 'creators', 'discipline'],
    score: round3(0.6 * similarity + 0.3 * overlap + 0.1),
    certain: false,
  };
}

/** One show already known, seen through one of its source records. */
export interface IdentityCandidate<Id> {
  showId: Id;
  identity: ShowIdentity;
  sameSource: boolean;
  sharedVenue: boolean;
  /** Both have a performance in the same commune (INSEE code, else postcode and town). */
  sharedCommune?: boolean;
}

/** The best candidate `record` matches (highest score, then first listed), or null. */
export function findShowMatch<Id>(
  record: ShowIdentity,
  candidates: Iterable<IdentityCandidate<Id>>,
): { showId: Id; match: ShowMatch } | null {
  let best: { showId: Id; match: ShowMatch } | null = null;
  for (const c of candidates) {
    const match = matchShow(record, c.identity, c);
    if (match && (best === null || match.score > best.match.score)) best = { showId: c.showId, match };
  }
  return best;
}
