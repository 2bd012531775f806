import { DISCIPLINES, SUB_DISCIPLINES } from '@detour/sdk';
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { generateCatalogue, toSnapshot } from '../../../../../bench/synthetic/index.js';
import type { CatalogueSnapshot } from '../../engine/snapshot.js';
import { fixtureSnapshot } from '../../engine/testing.js';
import { foldAccents, tokenize } from '../../text/french.js';
import { ShowSchedule } from './show-schedule.js';
import { ShowSearchIndex } from './show-search.js';

/**
 * The search index used to be minisearch with these options, one document per show. The compact index
 * must give the same shows with the same scores in the same order: this is that reference.
 */
function minisearchReference(snapshot: CatalogueSnapshot, schedule: ShowSchedule) {
  const mini = new MiniSearch<Record<string, string | number>>({
    idField: 'i',
    fields: ['title', 'creators', 'discipline', 'tags', 'places', 'description'],
    tokenize: (text) => tokenize(text),
    processTerm: (term) => foldAccents(term) || null,
    searchOptions: {
      boost: { title: 4, creators: 2, discipline: 1.5, tags: 1.5, places: 1, description: 0.5 },
      prefix: (term) => term.length >= 3,
      fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
      combineWith: 'AND',
    },
  });
  const { shows, venues, performances: p } = snapshot;
  mini.addAll(
    shows.map((show, i) => {
      const places = new Set<string>();
      for (const perf of schedule.performancesOf(i)) {
        const venue = venues[p.venue[perf]!];
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
    }),
  );
  return (query: string): Array<[number, number]> | null => {
    if (tokenize(query).length === 0) return null;
    let results = mini.search(query);
    if (results.length === 0) results = mini.search(query, { combineWith: 'OR' });
    return results.map((r) => [r.id as number, r.score]);
  };
}

/** Queries of every kind from the catalogue's own words: whole, prefixes, typos, pairs, unknown words. */
function queriesOf(snapshot: CatalogueSnapshot, count: number): string[] {
  const words: string[] = [];
  for (let i = 0; i < snapshot.shows.length; i += Math.max(1, Math.floor(snapshot.shows.length / count))) {
    const show = snapshot.shows[i]!;
    words.push(...tokenize([show.title, show.description ?? '', ...show.tags, ...show.creators].join(' ')));
  }
  for (const venue of snapshot.venues.slice(0, count)) words.push(...tokenize(`${venue.name} ${venue.town}`));
  const queries = new Set<string>();
  words.forEach((word, k) => {
    queries.add(word);
    queries.add(word.slice(0, 3));
    queries.add(word.slice(0, Math.max(2, word.length - 2)));
    if (word.length >= 5) queries.add(`${word.slice(0, 2)}${word[3]}${word[2]}${word.slice(4)}`);
    queries.add(`${word} ${words[(k * 7 + 3) % words.length]}`);
    queries.add(`${word.toUpperCase()} zzqxw`);
  });
  for (const q of ['', 'le la des', 'jazz jazz', 'théâtre', 'THEATRE', 'cirque lyon', 'spectacle 12'])
    queries.add(q);
  return [...queries];
}

function expectSameAsMinisearch(snapshot: CatalogueSnapshot, queryCount: number): number {
  const schedule = new ShowSchedule(snapshot);
  const reference = minisearchReference(snapshot, schedule);
  const index = new ShowSearchIndex(snapshot, schedule, { background: false });
  const queries = queriesOf(snapshot, queryCount);
  let matched = 0;
  for (const query of queries) {
    const expected = reference(query);
    const actual = index.search(query);
    expect(actual === null ? null : [...actual], query).toEqual(expected);
    if (expected && expected.length > 0) matched++;
  }
  return matched;
}

describe('show search index', () => {
  it('finds the same shows with the same scores, in the same order, as the minisearch index it replaced (synthetic catalogue)', () => {
    const snapshot = toSnapshot(generateCatalogue({ seed: 7, venues: 200, performances: 4000 }));
    const matched = expectSameAsMinisearch(snapshot, 60);
    expect(matched).toBeGreaterThan(200);
  });

  it('finds the same shows with the same scores as minisearch on accents, ligatures, shared venue names, empty fields and a word repeated 70,000 times', () => {
    const snapshot = fixtureSnapshot({
      venues: [
        { id: 'v1', lat: 47.39, lon: 0.69, name: 'Théâtre Olympia', town: 'Tours' },
        // Two venues with the same name and town: one place, counted once per show.
        { id: 'v2', lat: 47.4, lon: 0.7, name: 'Théâtre Olympia', town: 'Tours' },
        { id: 'v3', lat: 45.76, lon: 4.83, name: 'Le Périscope', town: 'Lyon' },
        { id: 'v4', lat: 48.85, lon: 2.35, name: "L'Œil du Cyclone — Scène", town: 'Saint-Étienne' },
      ],
      shows: [
        {
          id: 's1',
          discipline: 'theatre',
          subDiscipline: 'theatre-contemporain',
          title: 'Œdipe à Colone',
          creators: ['Compagnie du Théâtre', 'Élise Noël'],
          tags: ['tragédie', 'création'],
          description: 'Une tragédie, une tragédie encore : Œdipe revient.',
        },
        { id: 's2', discipline: 'musique', title: 'Jazz à Tours', tags: ['jazz', 'jazz'], description: null },
        { id: 's3', discipline: 'cirque', title: 'Le cirque des étoiles', creators: [], tags: [] },
        { id: 's4', discipline: 'danse', title: 'Danse, danse, danse !', description: 'Ballet et hip-hop.' },
        { id: 's5', discipline: 'theatre', title: 'Sans lieu', description: '' },
        // A word more frequent than a 16-bit count holds.
        { id: 's6', discipline: 'musique', title: 'Jazz sans fin', description: 'jazz '.repeat(70_000) },
      ],
      performances: [
        { show: 's1', venue: 'v2', start: '2026-12-02T19:00:00Z' },
        { show: 's1', venue: 'v1', start: '2026-12-01T19:00:00Z' },
        { show: 's1', venue: 'v4', start: '2026-12-03T19:00:00Z' },
        { show: 's2', venue: 'v1', start: '2026-12-01T20:00:00Z' },
        { show: 's2', venue: 'v3', start: '2026-12-05T20:00:00Z' },
        { show: 's3', venue: 'v3', start: '2026-12-01T15:00:00Z' },
        { show: 's4', venue: 'v4', start: '2026-12-01T18:00:00Z' },
      ],
    });
    const matched = expectSameAsMinisearch(snapshot, 10);
    expect(matched).toBeGreaterThan(20);
  });
});
