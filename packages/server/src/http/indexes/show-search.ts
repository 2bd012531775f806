import { DISCIPLINES, SUB_DISCIPLINES } from '@detour/sdk';
import MiniSearch from 'minisearch';
import type { CatalogueSnapshot } from '../../engine/snapshot.js';
import { foldAccents, tokenize } from '../../text/french.js';
import type { ShowSchedule } from './show-schedule.js';

interface ShowDocument {
  i: number;
  title: string;
  creators: string;
  discipline: string;
  tags: string;
  places: string;
  description: string;
}

const FIELDS = ['title', 'creators', 'discipline', 'tags', 'places', 'description'] as const;

/** Documents added per turn of the event loop while the index builds in the background. */
const BUILD_CHUNK = 500;

/**
 * Full-text search over a snapshot's shows, French-aware: accents folded and French stop words dropped
 * (the shared `tokenize`), prefix and fuzzy matching. A show is also found by the names and towns of the
 * venues it plays in ("jazz tours").
 *
 * Built in the background, a few hundred shows per turn of the event loop: at national scale (150,000
 * shows) indexing takes seconds, most of a cold start, and recommendations do not need it. A search that
 * arrives before the build is done finishes it first, so every search sees the whole catalogue.
 */
export class ShowSearchIndex {
  readonly #mini: MiniSearch<ShowDocument>;
  readonly #snapshot: CatalogueSnapshot;
  readonly #schedule: ShowSchedule;
  #next = 0;

  constructor(snapshot: CatalogueSnapshot, schedule: ShowSchedule, options: { background?: boolean } = {}) {
    this.#snapshot = snapshot;
    this.#schedule = schedule;
    this.#mini = new MiniSearch<ShowDocument>({
      idField: 'i',
      fields: [...FIELDS],
      tokenize: (text) => tokenize(text),
      processTerm: (term) => foldAccents(term) || null,
      searchOptions: {
        boost: { title: 4, creators: 2, discipline: 1.5, tags: 1.5, places: 1, description: 0.5 },
        prefix: (term) => term.length >= 3,
        fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
        combineWith: 'AND',
      },
    });
    if (options.background === false) this.#addUpTo(snapshot.shows.length);
    else this.#buildInBackground();
  }

  /** Whether every show is indexed. */
  get complete(): boolean {
    return this.#next >= this.#snapshot.shows.length;
  }

  #buildInBackground(): void {
    if (this.complete) return;
    setImmediate(() => {
      this.#addUpTo(this.#next + BUILD_CHUNK);
      this.#buildInBackground();
    });
  }

  #addUpTo(end: number): void {
    const { shows, venues, performances: p } = this.#snapshot;
    const docs: ShowDocument[] = [];
    for (let i = this.#next; i < Math.min(end, shows.length); i++) {
      const show = shows[i]!;
      const places = new Set<string>();
      for (const perf of this.#schedule.performancesOf(i)) {
        const venue = venues[p.venue[perf]!];
        if (venue) places.add(`${venue.name} ${venue.town}`);
      }
      const discipline = DISCIPLINES[show.discipline];
      const sub = show.subDiscipline ? SUB_DISCIPLINES[show.subDiscipline] : null;
      docs.push({
        i,
        title: show.title,
        creators: show.creators.join(' '),
        discipline: [discipline.fr, discipline.en, sub?.fr ?? '', sub?.en ?? ''].join(' '),
        tags: show.tags.join(' '),
        places: [...places].join(' '),
        description: show.description ?? '',
      });
    }
    this.#next = Math.max(this.#next, Math.min(end, shows.length));
    this.#mini.addAll(docs);
  }

  /**
   * Shows matching every word of the query (or, when none does, any word), best first: a map from show
   * index to score. An empty query (only stop words, say) gives null: no text filter.
   */
  search(query: string): Map<number, number> | null {
    if (tokenize(query).length === 0) return null;
    if (!this.complete) this.#addUpTo(this.#snapshot.shows.length);
    let results = this.#mini.search(query);
    if (results.length === 0) results = this.#mini.search(query, { combineWith: 'OR' });
    return new Map(results.map((r) => [r.id as number, r.score]));
  }
}
