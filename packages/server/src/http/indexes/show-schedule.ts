import { type CatalogueSnapshot, STATUS_CODE } from '../../engine/snapshot.js';

/** What a performance must satisfy to be listed: a window, a set of venues, a price. */
export interface PerformanceFilter {
  /** Minutes since the epoch, inclusive. */
  fromMin: number;
  /** Minutes since the epoch, exclusive. */
  toMin: number;
  /** Distance per venue index; venues absent from the map are out of range. Null: anywhere. */
  venueDistance: Map<number, number> | null;
  /** Highest acceptable lowest price, in cents (unknown prices fail). */
  maxPriceCents?: number;
  free?: boolean;
}

/**
 * Each show's performances in time order (CSR layout: offsets per show into one array of
 * performance columns), so "the next performance of this show that fits" is a short scan.
 */
export class ShowSchedule {
  readonly #snapshot: CatalogueSnapshot;
  readonly #offsets: Uint32Array;
  readonly #perfs: Uint32Array;

  constructor(snapshot: CatalogueSnapshot) {
    this.#snapshot = snapshot;
    const p = snapshot.performances;
    const offsets = new Uint32Array(snapshot.shows.length + 1);
    for (let i = 0; i < p.count; i++) offsets[p.show[i]! + 1]!++;
    for (let s = 0; s < snapshot.shows.length; s++) offsets[s + 1]! += offsets[s]!;
    const cursor = offsets.slice(0, snapshot.shows.length);
    const perfs = new Uint32Array(p.count);
    for (let i = 0; i < p.count; i++) perfs[cursor[p.show[i]!]!++] = i;
    for (let s = 0; s < snapshot.shows.length; s++) {
      const segment = perfs.subarray(offsets[s]!, offsets[s + 1]!);
      segment.sort((a, b) => p.startMin[a]! - p.startMin[b]! || p.rowId[a]! - p.rowId[b]!);
    }
    this.#offsets = offsets;
    this.#perfs = perfs;
  }

  /** Performance indices of a show, earliest first. */
  performancesOf(show: number): Uint32Array {
    return this.#perfs.subarray(this.#offsets[show]!, this.#offsets[show + 1]!);
  }

  /** The earliest performance of a show that passes the filter (cancelled ones never do), or -1. */
  next(show: number, filter: PerformanceFilter): number {
    const p = this.#snapshot.performances;
    for (const i of this.performancesOf(show)) {
      const start = p.startMin[i]!;
      if (start < filter.fromMin) continue;
      if (start >= filter.toMin) break;
      if (p.status[i] === STATUS_CODE.cancelled) continue;
      if (filter.venueDistance && !filter.venueDistance.has(p.venue[i]!)) continue;
      const price = p.priceMinCents[i]!;
      const isFree = p.free[i] === 1 || price === 0;
      if (filter.free && !isFree) continue;
      if (filter.maxPriceCents !== undefined && !isFree && (price < 0 || price > filter.maxPriceCents))
        continue;
      return i;
    }
    return -1;
  }
}
