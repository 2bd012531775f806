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

/**
 * Full-text search over a snapshot's shows, French-aware: accents folded and French stop words dropped
 * (the shared `tokenize`), prefix and fuzzy matching. A show is also found by the names and towns of the
 * venues it plays in ("jazz tours").
 */
export class ShowSearchIndex {
  readonly #mini: MiniSearch<ShowDocument>;

  constructor(snapshot: CatalogueSnapshot, schedule: ShowSchedule) {
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
    const p = snapshot.performances;
    const docs: ShowDocument[] = snapshot.shows.map((show, i) => {
      const places = new Set<string>();
      for (const perf of schedule.performancesOf(i)) {
        const venue = snapshot.venues[p.venue[perf]!];
        if (venue) places.add(`${venue.name} ${venue.town}`);
      }
      const discipline = DISCIPLINES[show.discipline];
      const sub = show.subDiscipline ? SUB_DISCIPLINES[show.subDiscipline] : null;
      return {
        i,
        title: show.title,
        creators: show.creators.join(' '),
        discipline: [discipline.fr, discipline.en, sub?.fr ?? '', sub?.en ?? ''].join(' '),
        tags: show.tags.join(' '),
        places: [...places].join(' '),
        description: show.description ?? '',
      };
    });
    this.#mini.addAll(docs);
  }

  /**
   * Shows matching every word of the query (or, when none does, any word), best first: a map from show
   * index to score. An empty query (only stop words, say) gives null: no text filter.
   */
  search(query: string): Map<number, number> | null {
    if (tokenize(query).length === 0) return null;
    let results = this.#mini.search(query);
    if (results.length === 0) results = this.#mini.search(query, { combineWith: 'OR' });
    return new Map(results.map((r) => [r.id as number, r.score]));
  }
}
