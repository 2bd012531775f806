import { DISCIPLINES, SUB_DISCIPLINES } from '@detour/sdk';
import type { CatalogueSnapshot } from '../../engine/snapshot.js';
import { tokenize } from '../../text/french.js';
import type { ShowSchedule } from './show-schedule.js';
import { type MatchOptions, type TextIndex, TextIndexBuilder } from './text-index.js';

/** The fields searched, in order, and their weight in the score. */
const FIELDS = ['title', 'creators', 'discipline', 'tags', 'places', 'description'] as const;
const BOOSTS: readonly number[] = [4, 2, 1.5, 1.5, 1, 0.5];

const MATCH: MatchOptions = {
  prefix: (term) => term.length >= 3,
  fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
};

/** Shows added per turn of the event loop while the index builds in the background. */
const BUILD_CHUNK = 500;

/**
 * Full-text search over a snapshot's shows, French-aware: accents folded and French stop words dropped
 * (the shared `tokenize`), prefix and fuzzy matching. A show is also found by the names and towns of the
 * venues it plays in ("jazz tours").
 *
 * The index holds terms and numbers only (a compact TextIndex, no copy of the shows' text: that stays in
 * the snapshot), about 22 MB at national scale where minisearch's Maps took 130 MB, with the same scores.
 *
 * Built in the background, a few hundred shows per turn of the event loop: at national scale (120,000
 * shows) indexing takes seconds, and recommendations do not need it. A search that arrives before the
 * build is done finishes it first, so every search sees the whole catalogue.
 */
export class ShowSearchIndex {
  readonly #snapshot: CatalogueSnapshot;
  readonly #schedule: ShowSchedule;
  #builder: TextIndexBuilder | null;
  #index: TextIndex | null = null;
  #next = 0;
  // Build-time caches: a venue's "name town" and its words, a discipline's words (shared by many shows).
  #placeWords: Map<number, { key: string; words: string[] }> | null = new Map();
  #disciplineWords: Map<string, string[]> | null = new Map();

  constructor(snapshot: CatalogueSnapshot, schedule: ShowSchedule, options: { background?: boolean } = {}) {
    this.#snapshot = snapshot;
    this.#schedule = schedule;
    this.#builder = new TextIndexBuilder(FIELDS.length, snapshot.shows.length);
    if (options.background === false) this.#addUpTo(snapshot.shows.length);
    else this.#buildInBackground();
  }

  /** Whether every show is indexed. */
  get complete(): boolean {
    return this.#index !== null;
  }

  #buildInBackground(): void {
    if (this.complete) return;
    setImmediate(() => {
      if (this.complete) return;
      this.#addUpTo(this.#next + BUILD_CHUNK);
      this.#buildInBackground();
    });
  }

  #addUpTo(end: number): void {
    const builder = this.#builder;
    if (!builder) return;
    const { shows, venues, performances: p } = this.#snapshot;
    const last = Math.min(end, shows.length);
    for (let i = this.#next; i < last; i++) {
      const show = shows[i]!;
      // The words of the venues' "name town", each place once, in the order of the show's performances.
      const seen = new Set<string>();
      const places: string[] = [];
      for (const perf of this.#schedule.performancesOf(i)) {
        const place = this.#place(p.venue[perf]!, venues);
        if (!place || seen.has(place.key)) continue;
        seen.add(place.key);
        for (const word of place.words) places.push(word);
      }
      builder.add([
        tokenize(show.title),
        tokenize(show.creators.join(' ')),
        this.#discipline(show),
        tokenize(show.tags.join(' ')),
        places,
        tokenize(show.description ?? ''),
      ]);
    }
    this.#next = last;
    if (last === shows.length) {
      this.#index = builder.finish();
      this.#builder = null;
      this.#placeWords = null;
      this.#disciplineWords = null;
    }
  }

  #place(venue: number, venues: CatalogueSnapshot['venues']): { key: string; words: string[] } | null {
    let place = this.#placeWords!.get(venue);
    if (!place) {
      const v = venues[venue];
      if (!v) return null;
      const key = `${v.name} ${v.town}`;
      place = { key, words: tokenize(key) };
      this.#placeWords!.set(venue, place);
    }
    return place;
  }

  #discipline(show: CatalogueSnapshot['shows'][number]): string[] {
    const key = `${show.discipline}/${show.subDiscipline ?? ''}`;
    let words = this.#disciplineWords!.get(key);
    if (!words) {
      const discipline = DISCIPLINES[show.discipline];
      const sub = show.subDiscipline ? SUB_DISCIPLINES[show.subDiscipline] : null;
      words = tokenize([discipline.fr, discipline.en, sub?.fr ?? '', sub?.en ?? ''].join(' '));
      this.#disciplineWords!.set(key, words);
    }
    return words;
  }

  /**
   * Shows matching every word of the query (or, when none does, any word), best first: a map from show
   * index to score. An empty query (only stop words, say) gives null: no text filter.
   */
  search(query: string): Map<number, number> | null {
    const words = tokenize(query);
    if (words.length === 0) return null;
    if (!this.#index) this.#addUpTo(this.#snapshot.shows.length);
    const index = this.#index!;
    const results = index.search(words, { ...MATCH, boosts: BOOSTS, combineWith: 'AND' });
    return results.size > 0 ? results : index.search(words, { ...MATCH, boosts: BOOSTS, combineWith: 'OR' });
  }
}
