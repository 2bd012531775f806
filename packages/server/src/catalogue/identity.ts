import type { Discipline } from '@detour/sdk';
import { foldAccents, normaliseName } from '../text/french.js';
import { stripStatusSuffix } from './title-status.js';

/**
 * Show identity: deciding whether two source records describe the same touring work.
 *
 * Rules (each merge records which fields matched and a score, so it can be explained and undone):
 * - Discipline is a property, not identity — but evidence: records of different disciplines join only
 *   from different sources, with the same normalised title, at the same venue or in the same town, on
 *   overlapping dates (matched 'title', 'venue' or 'commune', 'dates'; score CROSS_DISCIPLINE_SCORE): one
 *   festival filed as music by one producer and as street arts by another is one festival. Otherwise the
 *   discipline must be equal: "Carmen" the opera and "Carmen" the ballet, in two towns, stay apart.
 * - Titles are compared without the status producers write into them (« - M - (CONCERT REPORTÉ …) » is
 *   « - M - »: see title-status.ts).
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

/** Score of a match across disciplines: exact title, same venue or town, overlapping dates, another source. */
export const CROSS_DISCIPLINE_SCORE = 0.9;

/** Slack when comparing two records' dates: a day either side (a festival's eve, a time zone's midnight). */
export const DATE_SLACK_MINUTES = 24 * 60;

/** First and last start of a show's performances, in minutes since the Unix epoch. */
export interface DateSpan {
  min: number;
  max: number;
}

/** Whether two spans of dates overlap, within DATE_SLACK_MINUTES. */
export function spansOverlap(a: DateSpan | null, b: DateSpan | null): boolean {
  if (a === null || b === null) return false;
  return a.min <= b.max + DATE_SLACK_MINUTES && b.min <= a.max + DATE_SLACK_MINUTES;
}

/** The span that covers both (either may be null). */
export function widenSpan(a: DateSpan | null, b: DateSpan | null): DateSpan | null {
  if (a === null) return b;
  if (b === null) return a;
  return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}

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

/**
 * A key for comparing titles: folded words without stop words and without a status suffix (falls back to the
 * folded letters and digits for titles made only of stop words or one-letter words — « - M - » is « m » —,
 * then to the folded text).
 */
export function titleKey(title: string): string {
  const stripped = stripStatusSuffix(title);
  const key = normaliseName(stripped);
  if (key !== '') return key;
  const folded = foldAccents(stripped);
  const words = folded.replace(/[^a-z0-9]+/g, ' ').trim();
  return words !== '' ? words : folded.replace(/\s+/g, ' ').trim();
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

/** What title comparison needs of an identity: computed once per identity, not once per comparison. */
export interface TitleFeatures {
  /** Distinct title words, in title order. */
  tokens: Set<string>;
  /** Bigrams of the sorted distinct words joined without spaces, and how many times each occurs. */
  grams: Map<string, number>;
  /** Bigram occurrences in all. */
  gramCount: number;
}

// An import compares each new record with every stored record of the same creator (a prolific
// company or an organiser named on thousands of events): recomputing both sides' bigrams for each
// pair made identity quadratic in practice (most of a national import's time).
const features = new WeakMap<ShowIdentity, TitleFeatures>();

/** An identity's title words and bigrams, computed once per identity object (shared with the identity index). */
export function titleFeatures(identity: ShowIdentity): TitleFeatures {
  let f = features.get(identity);
  if (!f) {
    f = computeTitleFeatures(identity);
    features.set(identity, f);
  }
  return f;
}

/** An identity's title words and bigrams, not kept: for a pass over many identities most of which are never compared. */
export function computeTitleFeatures(identity: ShowIdentity): TitleFeatures {
  const tokens = new Set(identity.titleTokens);
  const grams = bigrams([...tokens].sort().join(' '));
  let gramCount = 0;
  for (const n of grams.values()) gramCount += n;
  return { tokens, grams, gramCount };
}

/**
 * Token-set similarity of two titles in [0, 1]: the better of word-set Jaccard (word order and
 * articles do not matter: "Misanthrope (Le)" = "Le Misanthrope") and character-bigram Dice on the
 * sorted words (tolerates a typo or an accent lost in a long title).
 */
export function titleSimilarity(a: ShowIdentity, b: ShowIdentity): number {
  if (a.titleKey === b.titleKey) return 1;
  const fa = titleFeatures(a);
  const fb = titleFeatures(b);
  let inter = 0;
  for (const t of fa.tokens) if (fb.tokens.has(t)) inter++;
  const union = fa.tokens.size + fb.tokens.size - inter;
  const jaccard = union === 0 ? 0 : inter / union;
  const total = fa.gramCount + fb.gramCount;
  if (total === 0) return jaccard;
  let common = 0;
  for (const [g, n] of fb.grams) common += Math.min(n, fa.grams.get(g) ?? 0);
  return Math.max(jaccard, (2 * common) / total);
}

/**
 * Whether two titles can reach `threshold` similarity, from sizes alone (exact upper bounds: Jaccard
 * ≤ smaller set / larger set, Dice ≤ 2 × smaller bigram count / both counts). Cheap first test.
 */
function maySimilar(a: ShowIdentity, b: ShowIdentity, threshold: number): boolean {
  if (a.titleKey === b.titleKey) return true;
  const fa = titleFeatures(a);
  const fb = titleFeatures(b);
  const sa = fa.tokens.size;
  const sb = fb.tokens.size;
  const jaccardMax = Math.max(sa, sb) === 0 ? 0 : Math.min(sa, sb) / Math.max(sa, sb);
  const total = fa.gramCount + fb.gramCount;
  const diceMax = total === 0 ? 0 : (2 * Math.min(fa.gramCount, fb.gramCount)) / total;
  return Math.max(jaccardMax, diceMax) >= threshold;
}

/**
 * A cheap necessary condition for `matchShow` when both records name creators: false means they cannot
 * match (other discipline; another title from the same source; titles too different in size to reach
 * the threshold). Lets an import skip most records of a prolific creator without comparing titles.
 */
export function mayMatchWithCreators(
  record: ShowIdentity,
  candidate: ShowIdentity,
  sameSource: boolean,
): boolean {
  if (record.discipline !== candidate.discipline) return false;
  if (record.titleKey === candidate.titleKey) return true;
  if (sameSource) return false;
  return maySimilar(record, candidate, TITLE_THRESHOLD);
}

/** Share of creators in common (Jaccard of the creator sets); 0 when either side names none. */
export function creatorOverlap(a: ShowIdentity, b: ShowIdentity): number {
  if (a.creatorKeys.length === 0 || b.creatorKeys.length === 0) return 0;
  let inter = 0;
  // Keys are unique within an identity; lists are short, so includes() beats building a Set per pair.
  for (const c of a.creatorKeys) if (b.creatorKeys.includes(c)) inter++;
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
  context: { sameSource: boolean; sharedVenue: boolean; sharedCommune?: boolean; overlappingDates?: boolean },
): ShowMatch | null {
  if (record.titleKey === '') return null;
  if (record.discipline !== candidate.discipline) {
    if (context.sameSource || record.titleKey !== candidate.titleKey || !context.overlappingDates)
      return null;
    if (context.sharedVenue)
      return { matched: ['title', 'venue', 'dates'], score: CROSS_DISCIPLINE_SCORE, certain: false };
    if (context.sharedCommune)
      return { matched: ['title', 'commune', 'dates'], score: CROSS_DISCIPLINE_SCORE, certain: false };
    return null;
  }
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
  if (!maySimilar(record, candidate, TITLE_THRESHOLD)) return null;
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
  /** Their performances' dates overlap (spansOverlap): asked only of a candidate of another discipline. */
  overlappingDates?: boolean;
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
