import { type CatalogueIndex, NONE } from './build.js';
import { cosine, tagJaccard } from './text.js';

/**
 * Content similarity of two shows in [0, 1]: TF-IDF cosine (the words), tag overlap, the taxonomy
 * (same discipline; more if same sub-discipline) and the audience. The taxonomy share is what lets
 * "similar but different" mean "close in words and tags, not in discipline".
 */
export const SIMILARITY_WEIGHTS = { text: 0.45, tags: 0.2, discipline: 0.25, audience: 0.1 } as const;
const W_TEXT = SIMILARITY_WEIGHTS.text;
const W_TAGS = SIMILARITY_WEIGHTS.tags;
const W_DISCIPLINE = SIMILARITY_WEIGHTS.discipline;
const W_AUDIENCE = SIMILARITY_WEIGHTS.audience;

/** Similarity of shows a and b (indices into the snapshot's shows). */
export function showSimilarity(index: CatalogueIndex, a: number, b: number): number {
  const w = SIMILARITY_WEIGHTS;
  let taxonomy = 0;
  if (index.showDiscipline[a] === index.showDiscipline[b]) {
    taxonomy = index.showSub[a] !== NONE && index.showSub[a] === index.showSub[b] ? 1 : 0.7;
  }
  return (
    w.text * cosine(index.text, a, b) +
    w.tags * tagJaccard(index.tags, a, b) +
    w.discipline * taxonomy +
    w.audience * (index.showAudience[a] === index.showAudience[b] ? 1 : 0)
  );
}

/**
 * Similarities of many candidates to a few query shows (viewed show, history) at once: the query
 * shows' terms are mapped to rows of a small matrix, so each candidate costs one pass over its own
 * ≤ 16 terms instead of one merge per query show.
 */
export class QuerySimilarity {
  private readonly rows: Int32Array;
  private readonly matrix: Float32Array;
  private readonly touched: number[] = [];
  private readonly dots: Float64Array;
  private readonly common: Int32Array;
  /** Per tag id, which query shows hold it (bit h for shows[h]); all zero again after `release`. */
  private readonly tagMask: Int32Array;
  private readonly touchedTags: number[] = [];
  // The query shows' own attributes, read once here rather than once per candidate.
  private readonly qDiscipline: Uint8Array;
  private readonly qSub: Uint8Array;
  private readonly qAudience: Uint8Array;
  private readonly qTags: Int32Array;
  /** Per prepared candidate: text start, end, tag start, end, taxonomy (see prepare). */
  private prepared = new Int32Array(0);

  constructor(
    private readonly index: CatalogueIndex,
    readonly shows: readonly number[],
  ) {
    const scratch = queryScratch(index);
    this.rows = scratch.rows;
    this.tagMask = scratch.tagMask;
    const q = shows.length;
    const t = index.text;
    this.matrix = new Float32Array(Math.max(1, q * 16 * q));
    this.dots = new Float64Array(q);
    this.common = new Int32Array(q);
    this.qDiscipline = new Uint8Array(q);
    this.qSub = new Uint8Array(q);
    this.qAudience = new Uint8Array(q);
    this.qTags = new Int32Array(q);
    // Which query shows hold each tag, as a bit mask (at most 21 query shows: fits 32 bits).
    const tg = index.tags;
    for (let h = 0; h < q; h++) {
      const s = shows[h]!;
      this.qDiscipline[h] = index.showDiscipline[s]!;
      this.qSub[h] = index.showSub[s]!;
      this.qAudience[h] = index.showAudience[s]!;
      this.qTags[h] = tg.offsets[s + 1]! - tg.offsets[s]!;
      if (h >= 31) continue;
      for (let i = tg.offsets[s]!; i < tg.offsets[s + 1]!; i++) {
        const tag = tg.tags[i]!;
        if (this.tagMask[tag] === 0) this.touchedTags.push(tag);
        this.tagMask[tag] = this.tagMask[tag]! | (1 << h);
      }
    }
    let next = 0;
    for (let h = 0; h < q; h++) {
      const s = shows[h]!;
      for (let i = t.offsets[s]!; i < t.offsets[s + 1]!; i++) {
        const term = t.terms[i]!;
        let row = this.rows[term]!;
        if (row < 0) {
          row = next++;
          this.rows[term] = row;
          this.touched.push(term);
        }
        this.matrix[row * q + h] = t.weights[i]!;
      }
    }
  }

  /** Writes sim(candidate, shows[h]) into out[h] (the same numbers as showSimilarity). */
  similarities(candidate: number, out: Float64Array): void {
    const { index } = this;
    this.compute(
      index.text.offsets[candidate]!,
      index.text.offsets[candidate + 1]!,
      index.tags.offsets[candidate]!,
      index.tags.offsets[candidate + 1]!,
      index.showDiscipline[candidate]!,
      index.showSub[candidate]!,
      index.showAudience[candidate]!,
      out,
    );
  }

  /**
   * Reads where the given candidates' terms and tags are, and their taxonomy, for `preparedSimilarities`.
   * One pass of independent loads (the CPU overlaps their cache misses) instead of one wait per candidate.
   */
  prepare(candidates: Int32Array, count: number): void {
    if (this.prepared.length < 5 * count) this.prepared = new Int32Array(5 * count);
    const p = this.prepared;
    const { index } = this;
    const to = index.text.offsets;
    const go = index.tags.offsets;
    for (let k = 0; k < count; k++) {
      const c = candidates[k]!;
      p[5 * k] = to[c]!;
      p[5 * k + 1] = to[c + 1]!;
      p[5 * k + 2] = go[c]!;
      p[5 * k + 3] = go[c + 1]!;
      p[5 * k + 4] = index.showDiscipline[c]! | (index.showSub[c]! << 8) | (index.showAudience[c]! << 16);
    }
  }

  /** `similarities` of the k-th candidate given to `prepare`. */
  preparedSimilarities(k: number, out: Float64Array): void {
    const p = this.prepared;
    const attributes = p[5 * k + 4]!;
    this.compute(
      p[5 * k]!,
      p[5 * k + 1]!,
      p[5 * k + 2]!,
      p[5 * k + 3]!,
      attributes & 0xff,
      (attributes >>> 8) & 0xff,
      (attributes >>> 16) & 0xff,
      out,
    );
  }

  private compute(
    textStart: number,
    textEnd: number,
    tagStart: number,
    tagEnd: number,
    disc: number,
    sub: number,
    aud: number,
    out: Float64Array,
  ): void {
    const { index, rows, matrix, dots, common, tagMask, qDiscipline, qSub, qAudience, qTags } = this;
    const q = qDiscipline.length;
    for (let h = 0; h < q; h++) {
      dots[h] = 0;
      common[h] = 0;
    }
    const { terms, weights } = index.text;
    for (let i = textStart; i < textEnd; i++) {
      const row = rows[terms[i]!]!;
      if (row < 0) continue;
      const w = weights[i]!;
      const base = row * q;
      for (let h = 0; h < q; h++) dots[h]! += w * matrix[base + h]!;
    }
    const tags = index.tags.tags;
    for (let i = tagStart; i < tagEnd; i++) {
      let mask = tagMask[tags[i]!]!;
      while (mask !== 0) {
        const h = 31 - Math.clz32(mask & -mask);
        common[h]! += 1;
        mask &= mask - 1;
      }
    }
    const ownTags = tagEnd - tagStart;
    for (let h = 0; h < q; h++) {
      let taxonomy = 0;
      if (qDiscipline[h] === disc) taxonomy = sub !== NONE && qSub[h] === sub ? 1 : 0.7;
      out[h] =
        W_TEXT * dots[h]! +
        W_TAGS * jaccard(common[h]!, ownTags, qTags[h]!) +
        W_DISCIPLINE * taxonomy +
        W_AUDIENCE * (qAudience[h] === aud ? 1 : 0);
    }
  }

  /** Returns the shared term map to its all-empty state. Call once done. */
  release(): void {
    for (const term of this.touched) this.rows[term] = -1;
    this.touched.length = 0;
    for (const tag of this.touchedTags) this.tagMask[tag] = 0;
    this.touchedTags.length = 0;
  }
}

interface QueryScratch {
  /** Per term id, its row in the query matrix, -1 when no query show has it. */
  rows: Int32Array;
  tagMask: Int32Array;
}

const queryScratchCache = new WeakMap<CatalogueIndex, QueryScratch>();

/** Per-index lookup tables shared by successive queries (each query leaves them as it found them). */
function queryScratch(index: CatalogueIndex): QueryScratch {
  let scratch = queryScratchCache.get(index);
  if (!scratch) {
    let tagCount = 0;
    for (const tag of index.tags.tags) if (tag >= tagCount) tagCount = tag + 1;
    scratch = {
      rows: new Int32Array(index.text.vocabularySize).fill(-1),
      tagMask: new Int32Array(tagCount),
    };
    queryScratchCache.set(index, scratch);
  }
  return scratch;
}

function jaccard(common: number, a: number, b: number): number {
  return a + b === 0 ? 0 : common / (a + b - common);
}
