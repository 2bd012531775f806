import { DISCIPLINE_IDS, type PolicySettings, type Reason } from '@detour/sdk';
import { describe, expect, it } from 'vitest';
import { generateCatalogue, toSnapshot } from '../../../../bench/synthetic/index.js';
import {
  buildIndex,
  type EnginePick,
  type EngineResult,
  recommend,
  similarShows,
  UnknownShowError,
} from './index.js';
import { fixtureSnapshot, policyWith, requestAt } from './testing.js';

// Lyon, a Monday in winter (UTC+1).
const LAT = 45.764;
const LON = 4.8357;
const NOW = '2026-12-07T10:00:00Z';
const at = (dayOffset: number, hourUtc = 19) =>
  new Date(Date.parse('2026-12-07T00:00:00Z') + dayOffset * 86_400_000 + hourUtc * 3_600_000).toISOString();
const km = (north: number, east = 0) => ({ lat: LAT + north / 111.2, lon: LON + east / 77.8 });

/** Twelve venues around Lyon, shows in every discipline, theatre nearest. */
function lyonFixture() {
  const venues = Array.from({ length: 12 }, (_, i) => ({
    id: `v${i}`,
    ...km(0.5 + i, 0),
    sizeClass: (i % 3 === 0 ? 'petit' : i % 3 === 1 ? 'moyen' : 'institution') as
      | 'petit'
      | 'moyen'
      | 'institution',
    accessibility: i % 2 === 0 ? (['moteur'] as const).slice() : [],
  }));
  const shows = DISCIPLINE_IDS.flatMap((d, di) =>
    Array.from({ length: 3 }, (_, j) => ({
      id: `${d}-${j}`,
      discipline: d,
      title: `${d} numéro ${j}`,
      description: `Une soirée de ${d} autour de la mer et de la mémoire`,
      tags: [d, j === 0 ? 'famille' : 'soirée'],
      audience: (j === 0 && di % 2 === 0 ? 'jeune-public' : 'tout-public') as 'jeune-public' | 'tout-public',
      creators: [`Compagnie ${d} ${j}`],
    })),
  );
  const performances = shows.flatMap((s, k) => {
    const venue = s.discipline === 'theatre' ? 'v0' : `v${1 + (k % 11)}`;
    return [
      { show: s.id, venue, start: at(1 + (k % 5)), free: k % 7 === 0, priceMinCents: 500 + 300 * (k % 10) },
      { show: s.id, venue, start: at(8 + (k % 5)) },
    ];
  });
  return fixtureSnapshot({ venues, shows, performances });
}

function decisive(pick: EnginePick): Reason[] {
  return pick.reasons.filter((r) => r.decisive);
}

describe('recommend', () => {
  const index = buildIndex(lyonFixture());

  it('returns the same list, reasons included, for the same request, catalogue, policy and exposure', () => {
    const req = requestAt(LAT, LON, NOW, { show: 'danse-0', history: ['cirque-1', 'musique-2'] });
    const a = recommend(index, req, policyWith(), null);
    const b = recommend(
      buildIndex(lyonFixture()),
      { ...req, history: ['musique-2', 'cirque-1'] },
      policyWith(),
      null,
    );
    expect(a.picks.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    // The index's scratch buffers carry nothing from one request to the next.
    recommend(
      index,
      requestAt(LAT + 0.05, LON, NOW, { k: 3, radiusKm: 50 }),
      policyWith({ lambda: 0 }),
      null,
    );
    expect(recommend(index, req, policyWith(), null)).toEqual(a);
    expect(a.seed).toMatch(/^[0-9a-f]{16}$/);
    expect(a.policyVersion).toBe(1);
    expect(a.snapshotId).toBe('fixture-1');
  });

  it('with excludeVenue, proposes no show programmed at that venue, even where it also plays elsewhere', () => {
    const snap = fixtureSnapshot({
      venues: [
        { id: 'home', ...km(0.1) },
        { id: 'other', ...km(3) },
        { id: 'third', ...km(0, 2) },
      ],
      shows: [
        { id: 'own', discipline: 'theatre' },
        { id: 'touring', discipline: 'danse' },
        { id: 'elsewhere', discipline: 'cirque' },
      ],
      performances: [
        { show: 'own', venue: 'home', start: at(1) },
        { show: 'touring', venue: 'home', start: at(2) },
        { show: 'touring', venue: 'other', start: at(1) },
        { show: 'elsewhere', venue: 'third', start: at(3) },
      ],
    });
    const idx = buildIndex(snap);
    const all = recommend(idx, requestAt(LAT, LON, NOW), policyWith(), null);
    expect(all.picks.map((p) => p.showId).sort()).toEqual(['elsewhere', 'own', 'touring']);
    const req = requestAt(LAT, LON, NOW, { excludeVenue: ['home'] });
    const mine = recommend(idx, req, policyWith(), null);
    expect(mine.picks.map((p) => p.showId)).toEqual(['elsewhere']);
    expect(mine.seed).not.toBe(all.seed);
    // An unknown venue id changes nothing but the seed.
    const unknown = recommend(
      idx,
      requestAt(LAT, LON, NOW, { excludeVenue: ['nowhere'] }),
      policyWith(),
      null,
    );
    expect(unknown.picks.map((p) => p.showId).sort()).toEqual(['elsewhere', 'own', 'touring']);
  });

  it('changes the seed with the policy version and the exposure snapshot, not with the clock within a day', () => {
    const req = requestAt(LAT, LON, NOW);
    const a = recommend(index, req, policyWith(), null);
    expect(recommend(index, req, policyWith({}, 2), null).seed).not.toBe(a.seed);
    const exposure = { id: 'exp-1', network: 'test', computedAt: NOW, venues: {} };
    expect(recommend(index, req, policyWith(), exposure).seed).not.toBe(a.seed);
    expect(recommend(index, { ...req, now: '2026-12-07T10:20:00Z' }, policyWith(), null).seed).toBe(a.seed);
  });

  it('never proposes a past or cancelled performance, and picks the next bookable one instead', () => {
    const snap = fixtureSnapshot({
      venues: [
        { id: 'near', ...km(0.2) },
        { id: 'far', ...km(5) },
      ],
      shows: [
        { id: 'a', discipline: 'theatre' },
        { id: 'b', discipline: 'danse' },
      ],
      performances: [
        { show: 'a', venue: 'near', start: '2026-12-07T09:00:00Z' }, // past (before now)
        { show: 'a', venue: 'near', start: at(1), status: 'cancelled' },
        { show: 'a', venue: 'far', start: at(2) },
        { show: 'b', venue: 'near', start: at(1), status: 'cancelled' },
      ],
    });
    const result = recommend(buildIndex(snap), requestAt(LAT, LON, NOW), policyWith(), null);
    expect(result.picks.map((p) => p.showId)).toEqual(['a']);
    expect(result.picks[0]!.performanceRowId).toBe(3);
    expect(result.picks[0]!.venueId).toBe('far');
  });

  it('keeps one candidate per show: its earliest occurrence in the window, ties going to the nearest venue', () => {
    const snap = fixtureSnapshot({
      venues: [
        { id: 'v1', ...km(8) },
        { id: 'v2', ...km(2) },
        { id: 'v3', ...km(1) },
      ],
      shows: [{ id: 'x', discipline: 'cirque' }],
      performances: [
        { show: 'x', venue: 'v3', start: at(3) },
        { show: 'x', venue: 'v1', start: at(2) },
        { show: 'x', venue: 'v2', start: at(2) },
      ],
    });
    const result = recommend(buildIndex(snap), requestAt(LAT, LON, NOW), policyWith(), null);
    expect(result.picks).toHaveLength(1);
    expect(result.picks[0]!.venueId).toBe('v2');
  });

  it('answers an area with nothing on with an empty list and an explanation, not an error', () => {
    const nowhere = recommend(index, requestAt(43.3, 5.37, NOW, { radiusKm: 10 }), policyWith(), null);
    expect(nowhere.picks).toEqual([]);
    expect(nowhere.empty?.code).toBe('nothing-in-area');
    expect(nowhere.empty?.text.fr).toMatch(/10 km/);
    const tooLate = recommend(
      index,
      requestAt(LAT, LON, NOW, { from: '2027-06-01T00:00:00Z', to: '2027-06-02T00:00:00Z' }),
      policyWith(),
      null,
    );
    expect(tooLate.empty?.code).toBe('nothing-in-area');
    const gap = recommend(index, requestAt(LAT, LON, NOW, { from: at(6), to: at(7, 0) }), policyWith(), null);
    expect(gap.picks).toEqual([]);
    expect(gap.empty?.code).toBe('nothing-in-window');
    const filtered = recommend(
      index,
      requestAt(LAT, LON, NOW, { accessibility: ['visuel'] }),
      policyWith(),
      null,
    );
    expect(filtered.empty?.code).toBe('filtered-out');
    expect(filtered.empty?.text.en).toMatch(/filters/);
  });

  it('applies the filters: free only, maximum price, audience, accessibility', () => {
    const snap = index.snapshot;
    const pickPerf = (p: EnginePick) => {
      const i = Array.from(snap.performances.rowId).indexOf(p.performanceRowId);
      return { free: snap.performances.free[i] === 1, price: snap.performances.priceMinCents[i]! };
    };
    const free = recommend(index, requestAt(LAT, LON, NOW, { free: true }), policyWith(), null);
    expect(free.picks.length).toBeGreaterThan(0);
    expect(free.picks.every((p) => pickPerf(p).free)).toBe(true);
    const cheap = recommend(index, requestAt(LAT, LON, NOW, { maxPrice: 12 }), policyWith(), null);
    expect(cheap.picks.length).toBeGreaterThan(0);
    expect(cheap.picks.every((p) => pickPerf(p).free || pickPerf(p).price <= 1200)).toBe(true);
    const young = recommend(
      index,
      requestAt(LAT, LON, NOW, { audience: 'jeune-public' }),
      policyWith(),
      null,
    );
    expect(young.picks.length).toBeGreaterThan(0);
    expect(young.picks.every((p) => snap.shows[p.showIndex]!.audience === 'jeune-public')).toBe(true);
    const access = recommend(
      index,
      requestAt(LAT, LON, NOW, { accessibility: ['moteur'] }),
      policyWith(),
      null,
    );
    expect(access.picks.length).toBeGreaterThan(0);
    for (const p of access.picks) {
      expect(snap.venues.find((v) => v.id === p.venueId)!.accessibility).toContain('moteur');
    }
  });

  it('allows at most one pick per venue with a venue cap of 1, more with a higher cap', () => {
    const req = requestAt(LAT, LON, NOW, { k: 12 });
    const perVenue = (r: EngineResult) => {
      const counts = new Map<string, number>();
      for (const p of r.picks) counts.set(p.venueId, (counts.get(p.venueId) ?? 0) + 1);
      return Math.max(...counts.values());
    };
    expect(perVenue(recommend(index, req, policyWith({ venueCap: 1 }), null))).toBe(1);
    expect(perVenue(recommend(index, req, policyWith({ venueCap: 4, lambda: 0 }), null))).toBeGreaterThan(1);
  });

  it('honours discovery slots: j of k picks outside the disciplines of the viewed show and the history', () => {
    // Theatre and music close by, circus and storytelling further away.
    const shows = [
      ...Array.from({ length: 6 }, (_, i) => ({ id: `t${i}`, discipline: 'theatre' as const })),
      ...Array.from({ length: 6 }, (_, i) => ({ id: `m${i}`, discipline: 'musique' as const })),
      ...Array.from({ length: 3 }, (_, i) => ({ id: `c${i}`, discipline: 'cirque' as const })),
      ...Array.from({ length: 3 }, (_, i) => ({ id: `k${i}`, discipline: 'conte' as const })),
    ];
    const snap = fixtureSnapshot({
      venues: shows.map((s, i) => ({
        id: `v${i}`,
        ...km(s.discipline === 'theatre' || s.discipline === 'musique' ? 0.3 + i * 0.1 : 12 + i * 0.1),
      })),
      shows,
      performances: shows.map((s, i) => ({ show: s.id, venue: `v${i}`, start: at(1) })),
    });
    const idx = buildIndex(snap);
    const req = requestAt(LAT, LON, NOW, { k: 6, show: 't0', history: ['m0'] });
    const seen = new Set(['theatre', 'musique']);
    // Relevance only, so that nothing but the slots pushes other disciplines in.
    const relevanceOnly: Partial<PolicySettings> = { lambda: 0, redundancy: 0 };
    const outside = (r: EngineResult) =>
      r.picks.filter((p) => !seen.has(snap.shows[p.showIndex]!.discipline));
    const none = recommend(idx, req, policyWith({ ...relevanceOnly, discoverySlots: 0 }), null);
    const three = recommend(idx, req, policyWith({ ...relevanceOnly, discoverySlots: 3 }), null);
    expect(none.picks).toHaveLength(6);
    expect(outside(none)).toHaveLength(0);
    expect(three.picks).toHaveLength(6);
    expect(outside(three)).toHaveLength(3);
    // Spread over the list, not all at the end: one within the first two picks.
    expect(outside({ ...three, picks: three.picks.slice(0, 2) })).toHaveLength(1);
    for (const p of outside(three)) {
      expect(p.explanation.forced).toBe('discovery');
      expect(decisive(p)[0]!.code).toBe('discovery-slot');
    }
  });

  it('gives every pick one decisive reason, naming the term whose margin over the runner-up won the pick', () => {
    const contexts = [
      requestAt(LAT, LON, NOW),
      requestAt(LAT, LON, NOW, { show: 'cirque-0', history: ['theatre-1'] }),
      requestAt(LAT, LON, NOW, { k: 20, radiusKm: 50 }),
    ];
    const exposure = {
      id: 'e',
      network: 'test',
      computedAt: NOW,
      venues: {
        v3: { received: 0, deserved: 40 },
        v6: { received: 0, deserved: 40 },
        v1: { received: 90, deserved: 5 },
      },
    };
    let byTerm = new Set<string>();
    for (const req of contexts) {
      for (const exp of [null, exposure]) {
        const result = recommend(
          index,
          req,
          policyWith({ fairness: { strength: 0.3, merit: 'equal', halfLifeDays: 14 } }),
          exp,
        );
        for (const pick of result.picks) {
          const d = decisive(pick);
          expect(d).toHaveLength(1);
          const { terms, runnerUp, forced, winningTerm } = pick.explanation;
          expect(pick.score).toBeCloseTo(
            terms.relevance + terms.coverage + terms.redundancy + terms.fairness + terms.jitter,
            12,
          );
          if (forced) {
            expect(winningTerm).toBe('discovery');
          } else {
            const margins = {
              relevance: terms.relevance - (runnerUp?.relevance ?? 0),
              coverage:
                terms.coverage + terms.redundancy - (runnerUp ? runnerUp.coverage + runnerUp.redundancy : 0),
              fairness: terms.fairness - (runnerUp?.fairness ?? 0),
            };
            const best = (Object.keys(margins) as Array<keyof typeof margins>).reduce((a, b) =>
              margins[b] > margins[a] ? b : a,
            );
            expect(winningTerm).toBe(best);
          }
          expect(d[0]!.term).toBe(winningTerm);
          byTerm.add(winningTerm);
          expect(d[0]!.text.fr.length).toBeGreaterThan(3);
          expect(d[0]!.text.en.length).toBeGreaterThan(3);
        }
      }
    }
    // The fixture exercises more than one winning term.
    expect(byTerm.size).toBeGreaterThan(1);
    byTerm = new Set();
  });

  it('states distance and time as a visitor reads them: "à 3,2 km", "jeudi 20 h"', () => {
    const snap = fixtureSnapshot({
      venues: [{ id: 'v', ...km(3.2) }],
      shows: [{ id: 's', discipline: 'cirque' }],
      // Thursday 10 December 2026, 19:00 UTC = 20:00 in Paris.
      performances: [{ show: 's', venue: 'v', start: '2026-12-10T19:00:00Z' }],
    });
    const [pick] = recommend(buildIndex(snap), requestAt(LAT, LON, NOW), policyWith(), null).picks;
    const texts = pick!.reasons.map((r) => r.text.fr);
    expect(texts).toContain('à 3,2 km');
    expect(texts).toContain('jeudi 20 h');
    expect(pick!.reasons.map((r) => r.text.en)).toContain('Thursday 8 pm');
  });

  it('says "du cirque : discipline encore absente de la sélection" when discipline coverage wins a pick', () => {
    const req = requestAt(LAT, LON, NOW, { k: 10 });
    const result = recommend(index, req, policyWith({ lambda: 0.75 }), null);
    const absent = result.picks.flatMap((p) => p.reasons).filter((r) => r.code === 'discipline-absent');
    expect(absent.length).toBeGreaterThan(0);
    for (const r of absent)
      expect(r.text.fr).toMatch(/^(du |de la |de l’|des ).+ : discipline encore absente de la sélection$/);
  });

  it('ranks an under-exposed venue above an over-exposed twin when fairness is on', () => {
    const snap = fixtureSnapshot({
      venues: [
        { id: 'seen', ...km(2), sizeClass: 'petit' },
        { id: 'unseen', ...km(2.05), sizeClass: 'petit' },
      ],
      shows: [
        { id: 'a', discipline: 'theatre' },
        { id: 'b', discipline: 'theatre' },
      ],
      performances: [
        { show: 'a', venue: 'seen', start: at(2) },
        { show: 'b', venue: 'unseen', start: at(2) },
      ],
    });
    const exposure = {
      id: 'e1',
      network: 'test',
      computedAt: NOW,
      venues: { seen: { received: 50, deserved: 10 }, unseen: { received: 0, deserved: 10 } },
    };
    const policy = policyWith({ fairness: { strength: 0.3, merit: 'equal', halfLifeDays: 14 } });
    const result = recommend(buildIndex(snap), requestAt(LAT, LON, NOW), policy, exposure);
    expect(result.picks[0]!.venueId).toBe('unseen');
    const reason = decisive(result.picks[0]!)[0]!;
    expect(reason.code).toBe('venue-underexposed');
    expect(reason.text.fr).toBe('petit lieu peu mis en avant ces deux dernières semaines');
  });

  it('rejects a radius above 200 km and a k above 50 at the module edge', () => {
    expect(() => recommend(index, requestAt(LAT, LON, NOW, { radiusKm: 201 }), policyWith(), null)).toThrow(
      /radius/,
    );
    expect(() => recommend(index, requestAt(LAT, LON, NOW, { k: 51 }), policyWith(), null)).toThrow(/k must/);
  });
});

describe('similarShows', () => {
  const index = buildIndex(lyonFixture());

  it('proposes shows like the given one, never the show itself, diversified by the same policy', () => {
    const result = similarShows(index, 'cirque-0', requestAt(LAT, LON, NOW), policyWith(), null);
    expect(result.picks.length).toBeGreaterThan(0);
    expect(result.picks.map((p) => p.showId)).not.toContain('cirque-0');
    const venues = result.picks.map((p) => p.venueId);
    expect(new Set(venues).size).toBe(venues.length); // venue cap 1
    expect(result.seed).not.toBe(
      recommend(index, requestAt(LAT, LON, NOW, { show: 'cirque-0' }), policyWith(), null).seed,
    );
  });

  it('throws UnknownShowError for a show that is not in the catalogue', () => {
    expect(() => similarShows(index, 'nope', requestAt(LAT, LON, NOW), policyWith(), null)).toThrow(
      UnknownShowError,
    );
  });
});

describe('policy knobs on a generated catalogue', () => {
  const catalogue = generateCatalogue({
    seed: 11,
    venues: 800,
    performances: 40_000,
    start: '2026-11-01',
    days: 90,
  });
  const index = buildIndex(toSnapshot(catalogue));
  const places = [
    [48.8566, 2.3522],
    [45.764, 4.8357],
    [43.6047, 1.4442],
    [47.2184, -1.5536],
    [50.6292, 3.0573],
    [43.2965, 5.3698],
  ] as const;
  const danceShare = (settings: Partial<PolicySettings>) => {
    let dance = 0;
    let total = 0;
    for (const [lat, lon] of places) {
      for (const now of ['2026-11-20T17:00:00Z', '2026-12-04T17:00:00Z']) {
        const r = recommend(index, requestAt(lat, lon, now, { radiusKm: 30 }), policyWith(settings), null);
        for (const p of r.picks) {
          total++;
          if (index.snapshot.shows[p.showIndex]!.discipline === 'danse') dance++;
        }
      }
    }
    return dance / total;
  };
  const targets = (dance: number) =>
    Object.fromEntries(
      DISCIPLINE_IDS.map((d) => [d, d === 'danse' ? dance : (1 - dance) / (DISCIPLINE_IDS.length - 1)]),
    );

  it('raises the dance share when the editors raise the dance target', () => {
    const low = danceShare({
      facets: { ...policyWith().settings.facets, discipline: { weight: 1, targets: targets(0.02) } },
    });
    const high = danceShare({
      facets: { ...policyWith().settings.facets, discipline: { weight: 1, targets: targets(0.5) } },
    });
    expect(high).toBeGreaterThan(low + 0.1);
  });

  it('spreads disciplines more as λ grows', () => {
    const distinct = (lambda: number) => {
      let sum = 0;
      for (const [lat, lon] of places) {
        const r = recommend(
          index,
          requestAt(lat, lon, '2026-11-20T17:00:00Z', { radiusKm: 30 }),
          policyWith({ lambda }),
          null,
        );
        sum += new Set(r.picks.map((p) => index.snapshot.shows[p.showIndex]!.discipline)).size;
      }
      return sum;
    };
    expect(distinct(0.75)).toBeGreaterThan(distinct(0));
  });
});
