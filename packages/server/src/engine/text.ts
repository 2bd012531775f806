import { foldAccents, tokenize } from '../text/french.js';
import type { SnapshotShow } from './snapshot.js';

/**
 * TF-IDF vectors of shows over French text (title counted twice, then description; accents folded,
 * stop words removed by the shared tokenizer), stored sparse in CSR form.
 *
 * Each vector keeps only its MAX_TERMS heaviest terms. Why: at 150,000 shows the full vectors cost
 * ~3× the memory, and the cosine between two shows is dominated by their heaviest terms anyway, so
 * truncation changes similarities by a few hundredths while keeping every dot product O(16).
 */
export const MAX_TERMS = 16;

export interface TextVectors {
  /** offsets[s]..offsets[s+1] index the terms of show s, sorted by term id. */
  offsets: Uint32Array;
  terms: Uint32Array;
  /** L2-normalised weights. */
  weights: Float32Array;
  vocabularySize: number;
}

/** Builds the TF-IDF vectors of all shows. */
export function buildTextVectors(shows: readonly SnapshotShow[]): TextVectors {
  const vocabulary = new Map<string, number>();
  const df: number[] = [];
  const tokenOffsets = new Uint32Array(shows.length + 1);
  const tokens: number[] = [];
  const seen: number[] = [];
  for (let s = 0; s < shows.length; s++) {
    const show = shows[s]!;
    const title = tokenize(show.title);
    const words = [...title, ...title, ...(show.description ? tokenize(show.description) : [])];
    for (const w of words) {
      let id = vocabulary.get(w);
      if (id === undefined) {
        id = vocabulary.size;
        vocabulary.set(w, id);
        df.push(0);
        seen.push(-1);
      }
      if (seen[id] !== s) {
        seen[id] = s;
        df[id]! += 1;
      }
      tokens.push(id);
    }
    tokenOffsets[s + 1] = tokens.length;
  }
  const n = shows.length;
  const offsets = new Uint32Array(n + 1);
  const termsOut: number[] = [];
  const weightsOut: number[] = [];
  const pairs: Array<{ term: number; weight: number }> = [];
  for (let s = 0; s < n; s++) {
    const ids = tokens.slice(tokenOffsets[s]!, tokenOffsets[s + 1]!).sort((a, b) => a - b);
    pairs.length = 0;
    for (let i = 0; i < ids.length; ) {
      let j = i;
      while (j < ids.length && ids[j] === ids[i]) j++;
      const term = ids[i]!;
      pairs.push({ term, weight: (j - i) * Math.log((1 + n) / (1 + df[term]!)) });
      i = j;
    }
    pairs.sort((a, b) => b.weight - a.weight || a.term - b.term);
    const kept = pairs.slice(0, MAX_TERMS).sort((a, b) => a.term - b.term);
    let norm = 0;
    for (const p of kept) norm += p.weight * p.weight;
    norm = Math.sqrt(norm) || 1;
    for (const p of kept) {
      termsOut.push(p.term);
      weightsOut.push(p.weight / norm);
    }
    offsets[s + 1] = termsOut.length;
  }
  return {
    offsets,
    terms: Uint32Array.from(termsOut),
    weights: Float32Array.from(weightsOut),
    vocabularySize: vocabulary.size,
  };
}

/** Cosine of two shows' vectors (a merge of two sorted sparse lists). */
export function cosine(v: TextVectors, a: number, b: number): number {
  let i = v.offsets[a]!;
  const iEnd = v.offsets[a + 1]!;
  let j = v.offsets[b]!;
  const jEnd = v.offsets[b + 1]!;
  let dot = 0;
  while (i < iEnd && j < jEnd) {
    const ti = v.terms[i]!;
    const tj = v.terms[j]!;
    if (ti === tj) {
      dot += v.weights[i++]! * v.weights[j++]!;
    } else if (ti < tj) i++;
    else j++;
  }
  return dot;
}

/** Interned, sorted tag ids per show (tags folded, so "Clown" and "clown" match). */
export interface TagSets {
  offsets: Uint32Array;
  tags: Uint32Array;
}

/** Builds the tag sets of all shows. */
export function buildTagSets(shows: readonly SnapshotShow[]): TagSets {
  const dict = new Map<string, number>();
  const offsets = new Uint32Array(shows.length + 1);
  const out: number[] = [];
  for (let s = 0; s < shows.length; s++) {
    const ids = new Set<number>();
    for (const tag of shows[s]!.tags) {
      const key = foldAccents(tag).trim();
      if (!key) continue;
      let id = dict.get(key);
      if (id === undefined) {
        id = dict.size;
        dict.set(key, id);
      }
      ids.add(id);
    }
    for (const id of [...ids].sort((a, b) => a - b)) out.push(id);
    offsets[s + 1] = out.length;
  }
  return { offsets, tags: Uint32Array.from(out) };
}

/** Jaccard index of two shows' tag sets (0 when both are empty). */
export function tagJaccard(t: TagSets, a: number, b: number): number {
  let i = t.offsets[a]!;
  const iEnd = t.offsets[a + 1]!;
  let j = t.offsets[b]!;
  const jEnd = t.offsets[b + 1]!;
  const total = iEnd - i + (jEnd - j);
  if (total === 0) return 0;
  let common = 0;
  while (i < iEnd && j < jEnd) {
    const x = t.tags[i]!;
    const y = t.tags[j]!;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return common / (total - common);
}
