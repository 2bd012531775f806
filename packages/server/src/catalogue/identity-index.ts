import {
  computeTitleFeatures,
  type IdentityCandidate,
  matchShow,
  mayMatchWithCreators,
  type ShowIdentity,
  type ShowMatch,
  TITLE_THRESHOLD,
  titleFeatures,
} from './identity.js';

/**
 * The show identities an import compares new records with, indexed so that a record meets only the
 * known shows it could match: the same normalised title, or a shared creator and a title that can
 * reach TITLE_THRESHOLD.
 *
 * Why: a prolific company (or an organiser named on thousands of events) has thousands of shows of one
 * discipline. Scanning them all for each new record made identity quadratic per company, most of a
 * national import's time. Similar titles are found by prefix filtering instead (the classic
 * similarity-join bound): order every title word and bigram by one fixed order, rarest first; two
 * titles whose word-set Jaccard (or bigram Dice) reaches the threshold share an element within the
 * first few of each — so each show is listed under those few elements only, per creator.
 *
 * `candidates` returns the same shows, in the same order, as a scan of every show of the record's
 * title and creators would after dropping those that cannot match (see identity-index.test.ts).
 */

/** A show already known, through one of its source records' identities. */
export interface IndexedIdentity<Id> {
  showId: Id;
  identity: ShowIdentity;
}

/** A known show a record may match, and whether that show already holds a record of the record's source. */
export interface IdentityCandidateEntry<Id> {
  entry: IndexedIdentity<Id>;
  sameSource: boolean;
}

// Prefix lengths come from the threshold in floating point: a hair below it, they can only be longer
// (more candidates), never too short.
const THRESHOLD = TITLE_THRESHOLD - 1e-9;

/**
 * One fixed order of title elements, rarest first, in which prefixes are taken. Words and bigrams are
 * ranked by how many of the counted identities contain them; an element never counted gets the next
 * rank when first met (after every ranked one, so the order of ranked elements never changes). The
 * k-th occurrence of a bigram comes after every (k−1)-th one. Any fixed order gives the same matches;
 * rarest first gives the shortest candidate lists.
 */
export class ElementOrder {
  readonly #tokenRank = new Map<string, number>();
  readonly #gramRank = new Map<string, number>();
  /** Prefixes already computed: an element's rank never changes once given, so neither does a prefix. */
  readonly #prefixes = new WeakMap<ShowIdentity, number[]>();
  #nextRank: number;

  constructor(identities: Iterable<ShowIdentity>) {
    const tokenCount = new Map<string, number>();
    const gramCount = new Map<string, number>();
    for (const identity of identities) {
      // Not kept: the features of every stored identity would stay in memory as long as the index.
      const { tokens, grams } = computeTitleFeatures(identity);
      for (const t of tokens) tokenCount.set(t, (tokenCount.get(t) ?? 0) + 1);
      for (const g of grams.keys()) gramCount.set(g, (gramCount.get(g) ?? 0) + 1);
    }
    const ranked = (counts: Map<string, number>) =>
      [...counts].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let rank = 0;
    for (const [t] of ranked(tokenCount)) this.#tokenRank.set(t, rank++);
    for (const [g] of ranked(gramCount)) this.#gramRank.set(g, rank++);
    this.#nextRank = rank;
  }

  #rank(ranks: Map<string, number>, element: string): number {
    let rank = ranks.get(element);
    if (rank === undefined) {
      rank = this.#nextRank++;
      ranks.set(element, rank);
    }
    return rank;
  }

  /**
   * The elements under which a title is listed and looked up, as numbers: its first
   * |words| − ⌈t·|words|⌉ + 1 words (Jaccard ≥ t needs that many words in common) and its first
   * |bigrams| − ⌈t·|bigrams| / (2 − t)⌉ + 1 bigram occurrences (Dice ≥ t needs that many in common).
   */
  prefixOf(identity: ShowIdentity): readonly number[] {
    let prefix = this.#prefixes.get(identity);
    if (!prefix) {
      prefix = this.#computePrefix(identity);
      this.#prefixes.set(identity, prefix);
    }
    return prefix;
  }

  #computePrefix(identity: ShowIdentity): number[] {
    const { tokens, grams, gramCount: total } = titleFeatures(identity);
    const out: number[] = [];
    if (tokens.size > 0) {
      const ranks: number[] = [];
      for (const t of tokens) ranks.push(this.#rank(this.#tokenRank, t));
      ranks.sort((a, b) => a - b);
      const keep = ranks.length - Math.ceil(THRESHOLD * ranks.length) + 1;
      // Words are even keys, bigram occurrences odd ones.
      for (let i = 0; i < keep; i++) out.push(ranks[i]! * 2);
    }
    if (total > 0) {
      let keep = total - Math.ceil((THRESHOLD * total) / (2 - THRESHOLD)) + 1;
      const ranked = [...grams].map(([g, n]) => [this.#rank(this.#gramRank, g), n] as const);
      ranked.sort((a, b) => a[0] - b[0]);
      // Occurrence k of every bigram, k = 1, 2…, rarest bigram first.
      for (let k = 1; keep > 0; k++) {
        for (let i = 0; i < ranked.length && keep > 0; i++) {
          const [rank, n] = ranked[i]!;
          if (n < k) continue;
          out.push((k * 2 ** 26 + rank) * 2 + 1);
          keep--;
        }
      }
    }
    return out;
  }
}

const identityKey = (showId: number, i: ShowIdentity): string =>
  `${showId}\u0000${i.discipline}\u0000${i.titleKey}\u0000${i.creatorKeys.join('\u0001')}`;

// A record whose title is this short (words, bigrams) — every title of 300 characters or fewer — can only
// score 1 by similarity against a title with the same words or the same bigrams (see equivalenceKey).
const MAX_EQUIVALENT_TOKENS = 100;
const MAX_EQUIVALENT_GRAMS = 500;
const MAX_EQUIVALENT_CREATORS = 100;

/**
 * What a similarity match scoring 1 needs: the score rounds 0.6 × similarity + 0.3 × creator overlap + 0.1
 * to three decimals, so overlap ≥ 0.9983 and similarity ≥ 0.9991. Within the bounds above (on the record's
 * side), two different creator sets overlap at most 100/101, two different word sets have a Jaccard of at
 * most 199/200, and two different bigram multisets a Dice of at most 1000/1001: so it takes the same
 * creators, and the same words or the same bigrams — the same words giving the same bigrams. Null beyond
 * the bounds or without creators.
 */
function equivalenceKey(identity: ShowIdentity): string | null {
  let key = equivalenceKeys.get(identity);
  if (key === undefined) {
    key = computeEquivalenceKey(identity);
    equivalenceKeys.set(identity, key);
  }
  return key;
}

// A record's key is asked for when it is looked up and again when it is added.
const equivalenceKeys = new WeakMap<ShowIdentity, string | null>();

function computeEquivalenceKey(identity: ShowIdentity): string | null {
  const creators = identity.creatorKeys.length;
  if (creators === 0 || creators > MAX_EQUIVALENT_CREATORS) return null;
  const { tokens, grams, gramCount: total } = titleFeatures(identity);
  if (tokens.size > MAX_EQUIVALENT_TOKENS || total > MAX_EQUIVALENT_GRAMS) return null;
  const title =
    total > 0
      ? `g${[...grams]
          .map(([g, n]) => `${g}${n}`)
          .sort()
          .join('\u0001')}`
      : `t${[...tokens].sort().join('\u0001')}`;
  return `${identity.discipline}\u0000${identity.creatorKeys.join('\u0001')}\u0000${title}`;
}

interface Listed extends IndexedIdentity<number> {
  /** Order in which identities were added. */
  seq: number;
  /** Distinct title words and bigram occurrences (what maySimilar's size bound needs), read once. */
  tokenCount: number;
  gramCount: number;
}

/** Whether two titles of these sizes can reach TITLE_THRESHOLD (maySimilar's bound, from the sizes alone). */
function maySimilarSizes(ta: number, ga: number, tb: number, gb: number): boolean {
  const larger = Math.max(ta, tb);
  const jaccardMax = larger === 0 ? 0 : Math.min(ta, tb) / larger;
  const total = ga + gb;
  const diceMax = total === 0 ? 0 : (2 * Math.min(ga, gb)) / total;
  return Math.max(jaccardMax, diceMax) >= TITLE_THRESHOLD;
}

// Sources are few: each gets a bit, and a show's sources are one number (a Set per show was most of the
// time of hasSource in a national import). Beyond the bits, a set per show.
const SOURCE_BITS = 30;

/** Known show identities of one import, for show matching. */
export class ShowIdentityIndex {
  readonly #order: ElementOrder;
  /** discipline + title key → identities, in the order added. */
  readonly #byTitle = new Map<string, Listed[]>();
  /** title key → disciplines listed under it (a title filed under several disciplines is rare). */
  readonly #disciplinesOfTitle = new Map<string, Set<string>>();
  /** discipline + creator key → prefix element → identities, in the order added. */
  readonly #byCreator = new Map<string, Map<number, Listed[]>>();
  /** equivalenceKey → identities, in the order added. */
  readonly #equivalent = new Map<string, Listed[]>();
  readonly #sourceNumber = new Map<string, number>();
  readonly #sourceBitsOf = new Map<number, number>();
  readonly #moreSourcesOf = new Map<number, Set<string>>();
  /** Show + identity pairs indexed: a record identical to one already indexed for its show adds nothing. */
  readonly #indexed = new Set<string>();
  #seq = 0;

  /** `order` should have counted the identities the index will hold or be asked about (any order is correct; rarest first is fast). */
  constructor(order: ElementOrder) {
    this.#order = order;
  }

  /** Whether `showId` holds a record of `source`. */
  hasSource(showId: number, source: string): boolean {
    const n = this.#sourceNumber.get(source);
    if (n === undefined) return false;
    if (n < SOURCE_BITS) return ((this.#sourceBitsOf.get(showId) ?? 0) & (1 << n)) !== 0;
    return this.#moreSourcesOf.get(showId)?.has(source) ?? false;
  }

  /** Records that show `showId` holds a record of `source` with this identity. */
  add(showId: number, identity: ShowIdentity, source: string): void {
    let n = this.#sourceNumber.get(source);
    if (n === undefined) {
      n = this.#sourceNumber.size;
      this.#sourceNumber.set(source, n);
    }
    if (n < SOURCE_BITS) this.#sourceBitsOf.set(showId, (this.#sourceBitsOf.get(showId) ?? 0) | (1 << n));
    else {
      const more = this.#moreSourcesOf.get(showId);
      if (more) more.add(source);
      else this.#moreSourcesOf.set(showId, new Set([source]));
    }
    // A touring show's records (one per venue, per source) share one identity: listing it once keeps the
    // candidate lists as long as the number of distinct shows, not of records.
    const key = identityKey(showId, identity);
    if (this.#indexed.has(key)) return;
    this.#indexed.add(key);
    const entry: Listed = { showId, identity, seq: this.#seq++, tokenCount: 0, gramCount: 0 };
    const d = identity.discipline;
    push(this.#byTitle, `${d}\u0000${identity.titleKey}`, entry);
    const disciplines = this.#disciplinesOfTitle.get(identity.titleKey);
    if (disciplines) disciplines.add(d);
    else this.#disciplinesOfTitle.set(identity.titleKey, new Set([d]));
    if (identity.creatorKeys.length === 0) return;
    // Only entries with creators are listed by creator (and met by similar); their features are kept anyway (prefixOf).
    const features = titleFeatures(identity);
    entry.tokenCount = features.tokens.size;
    entry.gramCount = features.gramCount;
    const equivalence = equivalenceKey(identity);
    if (equivalence !== null) push(this.#equivalent, equivalence, entry);
    const prefix = this.#order.prefixOf(identity);
    for (const c of identity.creatorKeys) {
      const creatorKey = `${d}\u0000${c}`;
      let byElement = this.#byCreator.get(creatorKey);
      if (!byElement) {
        byElement = new Map();
        this.#byCreator.set(creatorKey, byElement);
      }
      for (const e of prefix) push(byElement, e, entry);
    }
  }

  /** Every identity with the record's discipline and title key (whatever their creators), in the order added. */
  sameTitle(record: ShowIdentity, source: string): IdentityCandidateEntry<number>[] {
    return (this.#byTitle.get(`${record.discipline}\u0000${record.titleKey}`) ?? []).map((entry) => ({
      entry,
      sameSource: this.hasSource(entry.showId, source),
    }));
  }

  /**
   * Identities with the record's title key and another discipline, from shows that hold no record of `source`
   * (matchShow joins them only from another source, on venue or town and dates), in the order added.
   */
  otherDisciplines(record: ShowIdentity, source: string): IdentityCandidateEntry<number>[] {
    const out: IdentityCandidateEntry<number>[] = [];
    const disciplines = this.#disciplinesOfTitle.get(record.titleKey);
    if (!disciplines || (disciplines.size === 1 && disciplines.has(record.discipline))) return out;
    const found: Listed[] = [];
    for (const d of disciplines)
      if (d !== record.discipline) found.push(...(this.#byTitle.get(`${d}\u0000${record.titleKey}`) ?? []));
    found.sort((a, b) => a.seq - b.seq);
    for (const entry of found)
      if (!this.hasSource(entry.showId, source)) out.push({ entry, sameSource: false });
    return out;
  }

  /**
   * Identities of another title sharing a creator with `record` that mayMatchWithCreators allows, creator by
   * creator, each once, in the order added within each creator: every one that can match by similarity.
   */
  similar(record: ShowIdentity, source: string): IdentityCandidateEntry<number>[] {
    const out: IdentityCandidateEntry<number>[] = [];
    if (record.creatorKeys.length === 0) return out;
    // Entries already listed for an earlier creator of the record (only a record with several creators has one).
    const seen = record.creatorKeys.length > 1 ? new Set<Listed>() : null;
    let prefix: readonly number[] | null = null;
    let tokenCount = 0;
    let gramCount = 0;
    for (const c of record.creatorKeys) {
      const byElement = this.#byCreator.get(`${record.discipline}\u0000${c}`);
      if (!byElement) continue;
      if (prefix === null) {
        prefix = this.#order.prefixOf(record);
        const features = titleFeatures(record);
        tokenCount = features.tokens.size;
        gramCount = features.gramCount;
      }
      const found: Listed[] = [];
      for (const e of prefix) {
        const listed = byElement.get(e);
        if (listed === undefined) continue;
        for (const entry of listed) if (seen === null || !seen.has(entry)) found.push(entry);
      }
      found.sort((a, b) => a.seq - b.seq);
      let last: Listed | null = null;
      for (const entry of found) {
        if (entry === last) continue;
        last = entry;
        if (entry.identity.titleKey === record.titleKey) continue; // listed by sameTitle
        // mayMatchWithCreators for an entry of this creator (same discipline, another title): not from the
        // record's source, and titles of sizes that can reach the threshold — the cheap size test first.
        if (!maySimilarSizes(tokenCount, gramCount, entry.tokenCount, entry.gramCount)) continue;
        if (this.hasSource(entry.showId, source)) continue;
        seen?.add(entry);
        out.push({ entry, sameSource: false });
      }
    }
    return out;
  }

  /**
   * The identities of another title that can score 1 against `record` (see equivalenceKey) and that
   * mayMatchWithCreators allows, in the order added; null when the record's title is beyond the bounds.
   */
  equivalents(record: ShowIdentity, source: string): IdentityCandidateEntry<number>[] | null {
    const key = equivalenceKey(record);
    if (key === null) return record.creatorKeys.length === 0 ? [] : null;
    const out: IdentityCandidateEntry<number>[] = [];
    for (const entry of this.#equivalent.get(key) ?? []) {
      if (entry.identity.titleKey === record.titleKey) continue; // listed by sameTitle
      const sameSource = this.hasSource(entry.showId, source);
      if (mayMatchWithCreators(record, entry.identity, sameSource)) out.push({ entry, sameSource });
    }
    return out;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The show `record` (from `source`) joins, and why: findShowMatch over the known shows of its title and
 * of its creators, in show order (ties to the oldest show) — the same answer as over every show of its
 * title and creators. `context` adds what the store knows of a candidate (shared venue, commune).
 *
 * When a show of the same title already matches with score 1, only identities that can also score 1
 * could take the match (an older show): those are looked up directly instead of every similar title.
 * `context` is asked only about candidates where one side names no creators or the disciplines differ, and
 * returns the entry's show and identity with that evidence.
 */
const SAME_SOURCE = { sameSource: true, sharedVenue: false } as const;
const OTHER_SOURCE = { sameSource: false, sharedVenue: false } as const;

export function findIndexedMatch(
  index: ShowIdentityIndex,
  record: ShowIdentity,
  source: string,
  context: (entry: IndexedIdentity<number>, sameSource: boolean) => IdentityCandidate<number>,
): { showId: number; match: ShowMatch } | null {
  // Each candidate is compared once (matchShow is pure): the same-title ones used to be compared again by
  // findShowMatch. The best is what findShowMatch picks over the candidates sorted by show (stable): the
  // highest score, ties to the lowest show id, then to the first listed.
  let best: { showId: number; match: ShowMatch } | null = null;
  let certain = false;
  const consider = (entry: IndexedIdentity<number>, sameSource: boolean) => {
    let showId: number;
    let match: ShowMatch | null;
    if (
      record.creatorKeys.length > 0 &&
      entry.identity.creatorKeys.length > 0 &&
      record.discipline === entry.identity.discipline
    ) {
      // Between two records naming creators, matchShow reads no venue or commune evidence: the store's
      // context, which gathers it, is not asked (3 million candidates in a national import).
      showId = entry.showId;
      match = matchShow(record, entry.identity, sameSource ? SAME_SOURCE : OTHER_SOURCE);
    } else {
      const candidate = context(entry, sameSource);
      showId = candidate.showId;
      match = matchShow(record, candidate.identity, candidate);
    }
    if (match === null) return;
    if (match.score === 1) certain = true;
    if (
      best === null ||
      match.score > best.match.score ||
      (match.score === best.match.score && showId < best.showId)
    )
      best = { showId, match };
  };
  for (const c of index.sameTitle(record, source)) consider(c.entry, c.sameSource);
  const others = (certain ? index.equivalents(record, source) : null) ?? index.similar(record, source);
  for (const c of others) consider(c.entry, c.sameSource);
  // Discipline is a property, not identity: the same title filed under another discipline by another source
  // (matchShow asks for the same venue or town and overlapping dates, which only the store's context knows).
  if (!certain) for (const c of index.otherDisciplines(record, source)) consider(c.entry, c.sameSource);
  return best;
}
