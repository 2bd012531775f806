import { describe, expect, it } from 'vitest';
import { fixtureSnapshot } from '../../src/engine/testing.js';
import { ShowSchedule } from '../../src/http/indexes/show-schedule.js';
import { ShowSearchIndex } from '../../src/http/indexes/show-search.js';

const WORDS = ['cirque', 'jazz', 'marionnettes', 'opéra', 'danse', 'conte'];
// More shows than one background chunk, so the build spans several turns of the event loop.
const snapshot = fixtureSnapshot({
  venues: [
    { id: 'v1', lat: 47.39, lon: 0.69, name: 'Théâtre Olympia', town: 'Tours' },
    { id: 'v2', lat: 45.76, lon: 4.83, name: 'Le Périscope', town: 'Lyon' },
  ],
  shows: Array.from({ length: 1300 }, (_, i) => ({
    id: `s${i}`,
    discipline: 'theatre' as const,
    title: `${WORDS[i % WORDS.length]} numéro ${i}`,
  })),
  performances: Array.from({ length: 1300 }, (_, i) => ({
    show: `s${i}`,
    venue: i % 2 === 0 ? 'v1' : 'v2',
    start: '2026-12-01T19:00:00Z',
  })),
});

describe('show search index built in the background', () => {
  it('answers a search made before the build is done with the same results as a full build', () => {
    const schedule = new ShowSchedule(snapshot);
    const background = new ShowSearchIndex(snapshot, schedule);
    expect(background.complete).toBe(false);
    const full = new ShowSearchIndex(snapshot, schedule, { background: false });
    expect(full.complete).toBe(true);
    for (const query of ['opera', 'jazz tours', 'marionnettes lyon', 'numero 1299']) {
      expect([...(background.search(query) ?? new Map())]).toEqual([...(full.search(query) ?? new Map())]);
    }
    expect(background.complete).toBe(true);
  });

  it('completes on its own, a chunk of shows per turn of the event loop', async () => {
    const index = new ShowSearchIndex(snapshot, new ShowSchedule(snapshot));
    let turns = 0;
    while (!index.complete) {
      await new Promise((resolve) => setImmediate(resolve));
      turns++;
    }
    expect(turns).toBeGreaterThan(1);
    expect(index.search('cirque lyon')?.size).toBeGreaterThan(0);
  });
});
