import SearchableMap from 'minisearch/SearchableMap';

/**
 * A compact full-text index with minisearch 7.2's scoring: BM25+ per field (k 1.2, b 0.7, δ 0.5), field
 * boosts, prefix matches weighted 0.375 and fuzzy ones 0.45 (both fading with the distance), the score
 * multiplied by the number of query words matched, AND or OR across the query's words.
 *
 * minisearch keeps one Map per term and field, and a Map entry per (document, term, field): at national
 * scale (120,000 shows, 2.5 million postings) that was ~130 MB of heap. Here the term dictionary is the
 * same radix tree (minisearch's SearchableMap, filled in the same order, so prefix and fuzzy matches come
 * in the same order) and the postings are typed arrays: one sorted run of documents per (term, field).
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

/** A growable column of unsigned 32-bit integers. */
class Column {
  values = new Uint32Array(1 << 16);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Uint32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }
}

/** Collects documents one at a time (ids 0, 1, 2… in the order added), then freezes into a TextIndex. */
export class TextIndexBuilder {
  readonly #fieldCount: number;
  readonly #terms = new SearchableMap<number>();
  #termCount = 0;
  #documentCount = 0;
  readonly #averageLength: Float64Array;
  // One row per (document, term, field) occurrence set: the key is termId * fieldCount + field.
  readonly #keys = new Column();
  readonly #docs = new Column();
  readonly #freqs = new Column();
  readonly #lengths = new Column();

  constructor(fieldCount: number) {
    this.#fieldCount = fieldCount;
    this.#averageLength = new Float64Array(fieldCount);
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
      this.#lengths.push(length);
      this.#averageLength[field] = (this.#averageLength[field]! * doc + length) / (doc + 1);
      for (const [id, freq] of counts) {
        this.#keys.push(id * this.#fieldCount + field);
        this.#docs.push(doc);
        this.#freqs.push(freq);
      }
    }
  }

  /** The finished index (a counting sort of the postings by term and field; documents stay ascending). */
  finish(): TextIndex {
    const keyCount = this.#termCount * this.#fieldCount;
    const n = this.#keys.length;
    const keys = this.#keys.values;
    const offsets = new Uint32Array(keyCount + 1);
    let maxFreq = 0;
    for (let i = 0; i < n; i++) {
      offsets[keys[i]! + 1]!++;
      if (this.#freqs.values[i]! > maxFreq) maxFreq = this.#freqs.values[i]!;
    }
    for (let k = 0; k < keyCount; k++) offsets[k + 1]! += offsets[k]!;
    const cursor = offsets.slice(0, keyCount);
    const docs = new Uint32Array(n);
    const freqs = maxFreq <= 0xffff ? new Uint16Array(n) : new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const at = cursor[keys[i]!]!++;
      docs[at] = this.#docs.values[i]!;
      freqs[at] = this.#freqs.values[i]!;
    }
    return new TextIndex({
      fieldCount: this.#fieldCount,
      documentCount: this.#documentCount,
      terms: this.#terms,
      offsets,
      docs,
      freqs,
      lengths: this.#lengths.values.slice(0, this.#lengths.length),
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
  readonly #offsets: Uint32Array;
  readonly #docs: Uint32Array;
  readonly #freqs: Uint16Array | Uint32Array;
  readonly #lengths: Uint32Array;
  readonly #averageLength: Float64Array;

  constructor(parts: {
    fieldCount: number;
    documentCount: number;
    terms: SearchableMap<number>;
    offsets: Uint32Array;
    docs: Uint32Array;
    freqs: Uint16Array | Uint32Array;
    lengths: Uint32Array;
    averageLength: Float64Array;
  }) {
    this.#fieldCount = parts.fieldCount;
    this.#documentCount = parts.documentCount;
    this.#terms = parts.terms;
    this.#offsets = parts.offsets;
    this.#docs = parts.docs;
    this.#freqs = parts.freqs;
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
    for (let field = 0; field < fields; field++) {
      const key = term * fields + field;
      const from = this.#offsets[key]!;
      const to = this.#offsets[key + 1]!;
      if (from === to) continue;
      const matching = to - from;
      const averageLength = this.#averageLength[field]!;
      // Same expression and order of operations as minisearch's: the scores are bit-identical.
      const invDocFreq = Math.log(1 + (this.#documentCount - matching + 0.5) / (matching + 0.5));
      const factor = weight * 1 * boosts[field]! * 1;
      for (let i = from; i < to; i++) {
        const doc = this.#docs[i]!;
        const freq = this.#freqs[i]!;
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
