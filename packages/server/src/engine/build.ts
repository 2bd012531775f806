import {
  ACCESSIBILITY_IDS,
  AUDIENCE_IDS,
  DISCIPLINE_IDS,
  PRICE_BAND_IDS,
  SIZE_CLASS_IDS,
  SUB_DISCIPLINE_IDS,
} from '@detour/sdk';
import KDBush from 'kdbush';
import { normaliseName } from '../text/french.js';
import { fnv1a } from './hash.js';
import { type CatalogueSnapshot, STATUS_CODE } from './snapshot.js';
import { buildTagSets, buildTextVectors, type TagSets, type TextVectors } from './text.js';

/** Candidates beyond this are cut on distance and date before the (costlier) content terms. */
export const PRESCORE_LIMIT = 1500;

/** Entries per kind in the scratch's exp memo (a power of two). */
export const MEMO_SIZE = 2048;

/** Candidate buffers start this long (most requests have far fewer candidates) and grow on demand. */
const INITIAL_CANDIDATES = 16_384;

/** Makes room for at least `need` candidates in every cand* array, keeping the first `used` entries. */
export function growCandidates(sc: Scratch, need: number, used: number): void {
  const size = Math.max(need, 2 * sc.candShow.length, 1);
  const grow = <T extends Int32Array | Uint32Array | Float64Array>(a: T, make: (n: number) => T): T => {
    const b = make(size);
    b.set(a.subarray(0, used));
    return b;
  };
  sc.candShow = grow(sc.candShow, (n) => new Int32Array(n));
  sc.candPerf = grow(sc.candPerf, (n) => new Int32Array(n));
  sc.candDist = grow(sc.candDist, (n) => new Float64Array(n));
  sc.candVenue = grow(sc.candVenue, (n) => new Int32Array(n));
  sc.candStart = grow(sc.candStart, (n) => new Uint32Array(n));
}

/** No sub-discipline / no company, in the Uint8 / Int32 columns below. */
export const NONE = 255;

/**
 * Everything the request path reads, built once per snapshot off the request path (then swapped in).
 * Venues, not performances, are in the k-d tree; each venue's bookable performances sit in
 * time-sorted columns (CSR), so a query is: tree range → per venue, binary search → short scan.
 */
export interface CatalogueIndex {
  snapshot: CatalogueSnapshot;
  snapshotId: string;
  venueTree: KDBush;
  venueLat: Float64Array;
  venueLon: Float64Array;
  venueSize: Uint8Array;
  /** Bit i set when the venue declares ACCESSIBILITY_IDS[i]. */
  venueAccess: Uint8Array;
  venueById: Map<string, number>;
  /**
   * Per k-d tree position p (the venue is venueTree.ids[p]), three numbers: the start and end of its
   * performances in the perf* columns, and where the same performances begin in `treeStart`. A tree
   * range visits positions in an order where every subtree is a contiguous run, so the request path
   * reads these rather than the venue-ordered columns: neighbouring venues sit side by side in memory,
   * and a big radius costs near-sequential reads instead of several cache misses per venue.
   */
  treeSpan: Uint32Array;
  /** perfStart and perfShow again, venue blocks in tree-position order (what the window scan reads). */
  treeStart: Uint32Array;
  treeShow: Uint32Array;
  /** Accessibility bits (as venueAccess) per tree position. */
  treeAccess: Uint8Array;
  /** perf* columns venueOffset[v]..venueOffset[v+1] are venue v's performances, by start time. */
  venueOffset: Uint32Array;
  perfStart: Uint32Array;
  perfShow: Uint32Array;
  /** Position of the performance in the snapshot's columns (for price, row id). */
  perfRef: Uint32Array;
  perfPriceBand: Uint8Array;
  showDiscipline: Uint8Array;
  showSub: Uint8Array;
  showAudience: Uint8Array;
  /** Interned first creator, NONE-like -1 when unknown: only for evaluation (company diversity). */
  showCompany: Int32Array;
  /** A stable hash of the show id: tie-breaks and seeded jitter that survive snapshot rebuilds. */
  showHash: Uint32Array;
  showById: Map<string, number>;
  text: TextVectors;
  tags: TagSets;
  /** Per-request scratch, allocated once (the request path allocates almost nothing). */
  scratch: Scratch;
}

/**
 * Per-request working arrays. The cand* ones (one entry per candidate show) start at INITIAL_CANDIDATES
 * and grow when a request has more (`growCandidates`): most requests have a few hundred, a 200 km radius
 * over a month tens of thousands, and the catalogue's show count bounds them all.
 */
export interface Scratch {
  generation: number;
  /**
   * Per show s: at 2s the generation that last saw it, at 2s + 1 its candidate slot (-1: excluded).
   * Side by side, so the hot loop's check and lookup share a cache line.
   */
  showMark: Int32Array;
  candShow: Int32Array;
  candPerf: Int32Array;
  candDist: Float64Array;
  /** Venue and start (minutes) of the candidate's best occurrence, kept beside it to save lookups. */
  candVenue: Int32Array;
  candStart: Uint32Array;
  /** Tree positions of the venues in a request's bounding box, in the tree's range order. */
  venueList: Int32Array;
  /** Pre-scores, their distance and time terms (reused by the relevance stage) and a selection work copy. */
  candPre: Float64Array;
  candG: Float64Array;
  candTau: Float64Array;
  sortKeys: Float64Array;
  /** A per-request memo of exp terms (venues in the first half, start times in the second), by generation. */
  memoKey: Int32Array;
  memoStamp: Int32Array;
  memoValue: Float64Array;
  /** The shows of the pre-scored pool (for QuerySimilarity.prepare). */
  poolShows: Int32Array;
  /** Pool positions chosen by the pre-score, then by relevance (see topPositions). */
  prePositions: Int32Array;
  keepPositions: Int32Array;
  venueCount: Int32Array;
  venueStamp: Int32Array;
  /** Relevance stage, one slot per pre-scored candidate (PRESCORE_LIMIT). */
  poolRel: Float64Array;
  poolParts: Float64Array;
  poolAnchorSim: Float64Array;
  poolNovelty: Float64Array;
}

const DISCIPLINE_CODE = new Map<string, number>(DISCIPLINE_IDS.map((d, i) => [d, i]));
const SUB_CODE = new Map<string, number>(SUB_DISCIPLINE_IDS.map((d, i) => [d, i]));
const SIZE_CODE = new Map<string, number>(SIZE_CLASS_IDS.map((d, i) => [d, i]));
const AUDIENCE_CODE = new Map<string, number>(AUDIENCE_IDS.map((d, i) => [d, i]));
const PRICE_CODE = new Map<string, number>(PRICE_BAND_IDS.map((d, i) => [d, i]));

/** Price band code of a snapshot performance (same rule as the contract's `priceBandOf`). */
export function priceBandCode(priceMinCents: number, free: boolean): number {
  if (free || priceMinCents === 0) return PRICE_CODE.get('gratuit')!;
  if (priceMinCents < 0) return PRICE_CODE.get('inconnu')!;
  if (priceMinCents < 1000) return PRICE_CODE.get('moins-de-10')!;
  if (priceMinCents <= 2500) return PRICE_CODE.get('10-a-25')!;
  return PRICE_CODE.get('plus-de-25')!;
}

/** Indexes a catalogue snapshot for `recommend`. Pure; O(n log n); call it off the request path. */
export function buildIndex(snapshot: CatalogueSnapshot): CatalogueIndex {
  const { venues, shows, performances: p } = snapshot;
  const nV = venues.length;
  const nS = shows.length;

  const venueTree = new KDBush(Math.max(1, nV), 32);
  const venueLat = new Float64Array(nV);
  const venueLon = new Float64Array(nV);
  const venueSize = new Uint8Array(nV);
  const venueAccess = new Uint8Array(nV);
  const venueById = new Map<string, number>();
  for (let v = 0; v < nV; v++) {
    const venue = venues[v]!;
    venueLat[v] = venue.lat;
    venueLon[v] = venue.lon;
    venueSize[v] = SIZE_CODE.get(venue.sizeClass) ?? 0;
    let mask = 0;
    for (const a of venue.accessibility) mask |= 1 << ACCESSIBILITY_IDS.indexOf(a);
    venueAccess[v] = mask;
    venueById.set(venue.id, v);
    venueTree.add(venue.lon, venue.lat);
  }
  if (nV === 0) venueTree.add(0, 0); // kdbush needs one point; no venue column refers to it
  venueTree.finish();

  // Counting sort of bookable performances by venue, then by start within each venue.
  // Cancelled, postponed and sold-out ones are dropped here: a visitor cannot go to any of them.
  const counts = new Uint32Array(nV + 1);
  let kept = 0;
  for (let i = 0; i < p.count; i++) {
    if (p.status[i] !== STATUS_CODE.scheduled) continue;
    counts[p.venue[i]! + 1]! += 1;
    kept++;
  }
  const venueOffset = new Uint32Array(nV + 1);
  for (let v = 0; v < nV; v++) venueOffset[v + 1] = venueOffset[v]! + counts[v + 1]!;
  const cursor = venueOffset.slice(0, nV);
  const perfRef = new Uint32Array(kept);
  for (let i = 0; i < p.count; i++) {
    if (p.status[i] !== STATUS_CODE.scheduled) continue;
    perfRef[cursor[p.venue[i]!]!++] = i;
  }
  const startOf = (i: number) => p.startMin[i]!;
  for (let v = 0; v < nV; v++) {
    const slice = perfRef.subarray(venueOffset[v]!, venueOffset[v + 1]!);
    // Start then snapshot position: a total order, so the index is the same on every machine.
    slice.sort((a, b) => startOf(a) - startOf(b) || a - b);
  }
  const perfStart = new Uint32Array(kept);
  const perfShow = new Uint32Array(kept);
  const perfPriceBand = new Uint8Array(kept);
  for (let j = 0; j < kept; j++) {
    const i = perfRef[j]!;
    perfStart[j] = p.startMin[i]!;
    perfShow[j] = p.show[i]!;
    perfPriceBand[j] = priceBandCode(p.priceMinCents[i]!, p.free[i] === 1);
  }

  const treeIds = venueTree.ids;
  const treeSpan = new Uint32Array(3 * treeIds.length);
  const treeStart = new Uint32Array(kept);
  const treeShow = new Uint32Array(kept);
  const treeAccess = new Uint8Array(treeIds.length);
  let at = 0;
  for (let pos = 0; pos < treeIds.length; pos++) {
    const v = treeIds[pos]!;
    treeSpan[3 * pos + 2] = at;
    if (v >= nV) continue; // the placeholder point of an empty catalogue: an empty range
    treeSpan[3 * pos] = venueOffset[v]!;
    treeSpan[3 * pos + 1] = venueOffset[v + 1]!;
    for (let j = venueOffset[v]!; j < venueOffset[v + 1]!; j++) {
      treeStart[at] = perfStart[j]!;
      treeShow[at++] = perfShow[j]!;
    }
    treeAccess[pos] = venueAccess[v]!;
  }

  const showDiscipline = new Uint8Array(nS);
  const showSub = new Uint8Array(nS);
  const showAudience = new Uint8Array(nS);
  const showCompany = new Int32Array(nS);
  const showHash = new Uint32Array(nS);
  const showById = new Map<string, number>();
  const companies = new Map<string, number>();
  for (let s = 0; s < nS; s++) {
    const show = shows[s]!;
    showDiscipline[s] = DISCIPLINE_CODE.get(show.discipline) ?? 0;
    showSub[s] = show.subDiscipline ? (SUB_CODE.get(show.subDiscipline) ?? NONE) : NONE;
    showAudience[s] = AUDIENCE_CODE.get(show.audience) ?? 0;
    const company = show.creators[0] ? normaliseName(show.creators[0]) : '';
    if (company) {
      let c = companies.get(company);
      if (c === undefined) {
        c = companies.size;
        companies.set(company, c);
      }
      showCompany[s] = c;
    } else showCompany[s] = -1;
    showHash[s] = fnv1a(show.id);
    showById.set(show.id, s);
  }

  return {
    snapshot,
    snapshotId: snapshot.id,
    venueTree,
    venueLat,
    venueLon,
    venueSize,
    venueAccess,
    venueById,
    treeSpan,
    treeStart,
    treeShow,
    treeAccess,
    venueOffset,
    perfStart,
    perfShow,
    perfRef,
    perfPriceBand,
    showDiscipline,
    showSub,
    showAudience,
    showCompany,
    showHash,
    showById,
    text: buildTextVectors(shows),
    tags: buildTagSets(shows),
    scratch: {
      generation: 0,
      showMark: new Int32Array(2 * nS),
      candShow: new Int32Array(Math.min(nS, INITIAL_CANDIDATES)),
      candPerf: new Int32Array(Math.min(nS, INITIAL_CANDIDATES)),
      candDist: new Float64Array(Math.min(nS, INITIAL_CANDIDATES)),
      candVenue: new Int32Array(Math.min(nS, INITIAL_CANDIDATES)),
      candStart: new Uint32Array(Math.min(nS, INITIAL_CANDIDATES)),
      venueList: new Int32Array(treeIds.length),
      candPre: new Float64Array(Math.min(nS, INITIAL_CANDIDATES)),
      candG: new Float64Array(Math.min(nS, INITIAL_CANDIDATES)),
      candTau: new Float64Array(Math.min(nS, INITIAL_CANDIDATES)),
      sortKeys: new Float64Array(Math.min(nS, INITIAL_CANDIDATES)),
      memoKey: new Int32Array(2 * MEMO_SIZE),
      memoStamp: new Int32Array(2 * MEMO_SIZE),
      memoValue: new Float64Array(2 * MEMO_SIZE),
      poolShows: new Int32Array(PRESCORE_LIMIT),
      prePositions: new Int32Array(PRESCORE_LIMIT),
      keepPositions: new Int32Array(PRESCORE_LIMIT),
      venueCount: new Int32Array(nV),
      venueStamp: new Int32Array(nV),
      poolRel: new Float64Array(PRESCORE_LIMIT),
      poolParts: new Float64Array(4 * PRESCORE_LIMIT),
      poolAnchorSim: new Float64Array(PRESCORE_LIMIT),
      poolNovelty: new Float64Array(PRESCORE_LIMIT),
    },
  };
}
