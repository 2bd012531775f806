import SearchableMap from 'minisearch/SearchableMap';

/**
 * A compact full-text index with minisearch 7.2's scoring: BM25+ per field (k 1.2, b 0.7, δ 0.5), field
 * boosts, prefix matches weighted 0.375 and fuzzy ones 0.45 (both fading with the distance), the score
 * multiplied by the number of query words matched, AND or OR across the query's words.
 *
 * minisearch keeps one Map per term and field, and a Map entry per (document, term, field): at national
 * scale (120,000 shows, 2.5 million postings) that was ~130 MB of heap. Here the term dictionary is the
 * same radix tree (minisearch's SearchableMap, filled in the same order, so prefix and fuzzy matches come
 * in the same order) and the postings are typed arrays: one list of documents per (term, field).
 * The arithmetic is minisearch's, operation for operation, so the scores are the same numbers.
 */

const BM25_K = 1.2;
const BM25_B = 0.7;
const BM25_D = 0.5;
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;
const MAX_FUZZY = 6;

/** How each query word may match: by prefix, and within what edit distance (a fraction of its length). */
export interface MatchOptions {
  prefix: (term: string) => boolean;
  fuzzy: (term: string) => number | false;
}

// Postings are cut from blocks of this many entries; a list's pages grow from 4 to 4,096 entries.
const BLOCK_BITS = 18;
const BLOCK = 1 << BLOCK_BITS;
const FIRST_PAGE = 4;
const LAST_PAGE = 4096;
// Term frequencies are 16-bit; the rare larger one is kept aside under its position.
const FREQ_ASIDE = 0xffff;

/** A growable array of unsigned 32-bit integers (for small per-list tables). */
class Column {
  values = new Uint32Array(1024);

  /** Makes room for indices below `length` (new entries are 0). */
  reserve(length: number): void {
    if (length <= this.values.length) return;
    let size = this.values.length;
    while (size < length) size *= 2;
    const grown = new Uint32Array(size);
    grown.set(this.values);
    this.values = grown;
  }
}

/**
 * Posting lists (document, frequency) that grow in place: each list is a chain of pages of 4, 8, 16… up
 * to 4,096 entries cut from large blocks, the first slot of a page linking to the next. Nothing is copied
 * or sorted when the build ends, so the build leaves no garbage the size of the index behind (idle
 * garbage stays in the resident memory until the next full collection, which an idle server may not run).
 */
class PostingLists {
  readonly docs: Uint32Array[] = [];
  readonly freqs: Uint16Array[] = [];
  readonly aside = new Map<number, number>();
  readonly head = new Column();
  readonly count = new Column();
  readonly #tail = new Column();
  readonly #tailSize = new Column();
  readonly #tailFill = new Column();
  #used = BLOCK;

  /** Appends a posting to a list (documents must come in ascending order). */
  push(list: number, doc: number, freq: number): void {
    this.#reserve(list + 1);
    let tail = this.#tail.values[list]!;
    let fill = this.#tailFill.values[list]!;
    if (this.count.values[list] === 0) {
      tail = this.#page(FIRST_PAGE);
      this.head.values[list] = tail;
      this.#tail.values[list] = tail;
      this.#tailSize.values[list] = FIRST_PAGE;
      fill = 0;
    } else if (fill === this.#tailSize.values[list]! - 1) {
      const size = Math.min(this.#tailSize.values[list]! * 2, LAST_PAGE);
      const page = this.#page(size);
      this.docs[tail >>> BLOCK_BITS]![tail & (BLOCK - 1)] = page + 1;
      tail = page;
      this.#tail.values[list] = page;
      this.#tailSize.values[list] = size;
      fill = 0;
    }
    const at = tail + 1 + fill;
    this.docs[at >>> BLOCK_BITS]![at & (BLOCK - 1)] = doc;
    this.freqs[at >>> BLOCK_BITS]![at & (BLOCK - 1)] = Math.min(freq, FREQ_ASIDE);
    if (freq >= FREQ_ASIDE) this.aside.set(at, freq);
    this.#tailFill.values[list] = fill + 1;
    this.count.values[list]!++;
  }

  #reserve(lists: number): void {
    for (const column of [this.head, this.count, this.#tail, this.#tailSize, this.#tailFill])
      column.reserve(lists);
  }

  /** A fresh page's position (a page never straddles two blocks). */
  #page(size: number): number {
    if (this.#used + size > BLOCK) {
      this.docs.push(new Uint32Array(BLOCK));
      this.freqs.push(new Uint16Array(BLOCK));
      this.#used = 0;
    }
    const position = (this.docs.length - 1) * BLOCK + this.#used;
    this.#used += size;
    return position;
  }
}

/** Collects documents one at a time (ids 0, 1, 2… in the order added), then freezes into a TextIndex. */
export class TextIndexBuilder {
  readonly #fieldCount: number;
  readonly #terms = new SearchableMap<number>();
  #termCount = 0;
  #documentCount = 0;
  readonly #averageLength: Float64Array;
  readonly #lengths: Uint32Array;
  // One list per term and field: list termId * fieldCount + field.
  readonly #postings = new PostingLists();

  /** `capacity`: how many documents will be added. */
  constructor(fieldCount: number, capacity: number) {
    this.#fieldCount = fieldCount;
    this.#averageLength = new Float64Array(fieldCount);
    this.#lengths = new Uint32Array(capacity * fieldCount);
  }

  /**
   * Adds a document given the terms of each of its fields, in field order. The terms must be final
   * (already tokenized and normalised): each counts as written.
   */
  add(fields: readonly (readonly string[])[]): void {
    const doc = this.#documentCount++;
    for (let field = 0; field < this.#fieldCount; field++) {
      const counts = new Map<number, number>();
      for (const term of fields[field] ?? []) {
        let id = this.#terms.get(term);
        if (id === undefined) {
          id = this.#termCount++;
          this.#terms.set(term, id);
        }
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      // The field's length is its number of distinct terms, averaged incrementally as minisearch does.
      const length = counts.size;
      this.#lengths[doc * this.#fieldCount + field] = length;
      this.#averageLength[field] = (this.#averageLength[field]! * doc + length) / (doc + 1);
      for (const [id, freq] of counts) this.#postings.push(id * this.#fieldCount + field, doc, freq);
    }
  }

  /** The finished index. */
  finish(): TextIndex {
    return new TextIndex({
      fieldCount: this.#fieldCount,
      documentCount: this.#documentCount,
      terms: this.#terms,
      lists: this.#termCount * this.#fieldCount,
      postings: this.#postings,
      lengths: this.#lengths,
      averageLength: this.#averageLength,
    });
  }
}

interface Hit {
  score: number;
  /** The distinct query words the document matched (its "quality" multiplies the score). */
  terms: string[];
}

/** The frozen index: search only. */
export class TextIndex {
  readonly #fieldCount: number;
  readonly #documentCount: number;
  readonly #terms: SearchableMap<number>;
  readonly #lists: number;
  readonly #postings: PostingLists;
  readonly #lengths: Uint32Array;
  readonly #averageLength: Float64Array;

  constructor(parts: {
    fieldCount: number;
    documentCount: number;
    terms: SearchableMap<number>;
    lists: number;
    postings: PostingLists;
    lengths: Uint32Array;
    averageLength: Float64Array;
  }) {
    this.#fieldCount = parts.fieldCount;
    this.#documentCount = parts.documentCount;
    this.#terms = parts.terms;
    this.#lists = parts.lists;
    this.#postings = parts.postings;
    this.#lengths = parts.lengths;
    this.#averageLength = parts.averageLength;
  }

  /**
   * Documents matching the query words (every word with AND, any with OR), best first: document id →
   * score. Words are final terms, as given to the builder; `boosts` has one factor per field.
   */
  search(
    words: readonly string[],
    options: MatchOptions & { boosts: readonly number[]; combineWith: 'AND' | 'OR' },
  ): Map<number, number> {
    if (words.length === 0) return new Map();
    let combined: Map<number, Hit> | null = null;
    for (const word of words) {
      const results = this.#wordResults(word, options);
      combined = combined === null ? results : combine(combined, results, options.combineWith);
    }
    const scored: Array<[number, number]> = [];
    for (const [doc, hit] of combined!) scored.push([doc, hit.score * (hit.terms.length || 1)]);
    scored.sort((a, b) => b[1] - a[1]);
    return new Map(scored);
  }

  /** The documents one query word matches: exactly, then by prefix, then within an edit distance. */
  #wordResults(word: string, options: MatchOptions & { boosts: readonly number[] }): Map<number, Hit> {
    const results = new Map<number, Hit>();
    const exact = this.#terms.get(word);
    if (exact !== undefined) this.#termResults(word, exact, 1, options.boosts, results);

    const prefixMatches = options.prefix(word) ? this.#terms.atPrefix(word) : undefined;
    let fuzzyMatches: Map<string, [number, number]> | undefined;
    const fuzzy = options.fuzzy(word);
    if (fuzzy) {
      const maxDistance = fuzzy < 1 ? Math.min(MAX_FUZZY, Math.round(word.length * fuzzy)) : fuzzy;
      if (maxDistance) fuzzyMatches = this.#terms.fuzzyGet(word, maxDistance);
    }
    if (prefixMatches) {
      for (const [term, id] of prefixMatches) {
        const distance = term.length - word.length;
        if (!distance) continue;
        // A prefix match is scored as such even when it is also within the fuzzy distance.
        fuzzyMatches?.delete(term);
        const weight = (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance);
        this.#termResults(word, id, weight, options.boosts, results);
      }
    }
    if (fuzzyMatches) {
      for (const [term, [id, distance]] of fuzzyMatches) {
        if (!distance) continue;
        const weight = (FUZZY_WEIGHT * term.length) / (term.length + distance);
        this.#termResults(word, id, weight, options.boosts, results);
      }
    }
    return results;
  }

  #termResults(
    word: string,
    term: number,
    weight: number,
    boosts: readonly number[],
    results: Map<number, Hit>,
  ): void {
    const fields = this.#fieldCount;
    const { docs, freqs, aside, head, count } = this.#postings;
    for (let field = 0; field < fields; field++) {
      const list = term * fields + field;
      const matching = list < this.#lists ? count.values[list]! : 0;
      if (matching === 0) continue;
      const averageLength = this.#averageLength[field]!;
      // Same expression and order of operations as minisearch's: the scores are bit-identical.
      const invDocFreq = Math.log(1 + (this.#documentCount - matching + 0.5) / (matching + 0.5));
      const factor = weight * 1 * boosts[field]! * 1;
      let page = head.values[list]!;
      let size = FIRST_PAGE;
      for (let remaining = matching; remaining > 0; ) {
        const block = page >>> BLOCK_BITS;
        const start = page & (BLOCK - 1);
        const blockDocs = docs[block]!;
        const blockFreqs = freqs[block]!;
        const n = Math.min(size - 1, remaining);
        for (let at = start + 1; at <= start + n; at++) {
          const doc = blockDocs[at]!;
          let freq = blockFreqs[at]!;
          if (freq === FREQ_ASIDE) freq = aside.get(page - start + at)!;
          const length = this.#lengths[doc * fields + field]!;
          const raw =
            invDocFreq *
            (BM25_D +
              (freq * (BM25_K + 1)) / (freq + BM25_K * (1 - BM25_B + (BM25_B * length) / averageLength)));
          const weighted = factor * raw;
          const hit = results.get(doc);
          if (hit) {
            hit.score += weighted;
            if (!hit.terms.includes(word)) hit.terms.push(word);
          } else {
            results.set(doc, { score: weighted, terms: [word] });
          }
        }
        remaining -= n;
        page = blockDocs[start]! - 1;
        size = Math.min(size * 2, LAST_PAGE);
      }
    }
  }
}

/** minisearch's AND and OR of two result sets (`a` may be reused). */
function combine(a: Map<number, Hit>, b: Map<number, Hit>, mode: 'AND' | 'OR'): Map<number, Hit> {
  if (mode === 'OR') {
    for (const [doc, hit] of b) {
      const existing = a.get(doc);
      if (!existing) a.set(doc, hit);
      else {
        existing.score = existing.score + hit.score;
        for (const t of hit.terms) if (!existing.terms.includes(t)) existing.terms.push(t);
      }
    }
    return a;
  }
  const out = new Map<number, Hit>();
  for (const [doc, hit] of b) {
    const existing = a.get(doc);
    if (!existing) continue;
    for (const t of hit.terms) if (!existing.terms.includes(t)) existing.terms.push(t);
    out.set(doc, { score: existing.score + hit.score, terms: existing.terms });
  }
  return out;
}
