import { DISCIPLINE_IDS } from '@detour/sdk';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boundingBox, LocalDistance } from './geo.js';
import { buildIndex, recommend, relevancePool } from './index.js';
import { PRESCORE_LIMIT } from './recommend.js';
import { fixtureSnapshot, policyWith } from './testing.js';

// Around Nantes; performances over four days from a UTC midnight, so windows cross day boundaries.
const LAT = 47.218;
const LON = -1.553;
const DAY0 = Date.parse('2027-02-01T00:00:00Z');

const scenario = fc.record({
  venues: fc.array(
    fc.tuple(
      fc.double({ min: -0.4, max: 0.4, noNaN: true }),
      fc.double({ min: -0.5, max: 0.5, noNaN: true }),
    ),
    {
      minLength: 1,
      maxLength: 8,
    },
  ),
  performances: fc.array(
    fc.record({
      show: fc.nat(9),
      venue: fc.nat(7),
      minute: fc.integer({ min: 0, max: 4 * 1440 }),
      cancelled: fc.boolean(),
    }),
    { maxLength: 60 },
  ),
  // Seconds, so that the engine's rounding of from/now to minutes is exercised too.
  nowSec: fc.integer({ min: -1440 * 60, max: 4 * 1440 * 60 }),
  fromSec: fc.integer({ min: -1440 * 60, max: 4 * 1440 * 60 }),
  lengthSec: fc.integer({ min: 60, max: 3 * 1440 * 60 }),
  radiusKm: fc.integer({ min: 1, max: 60 }),
});

describe('candidate gathering', () => {
  it('keeps, per show, its earliest bookable performance in the window within the radius (brute force agrees)', () => {
    fc.assert(
      fc.property(scenario, (sc) => {
        const venues = sc.venues.map(([n, e], i) => ({ id: `v${i}`, lat: LAT + n + i * 1e-4, lon: LON + e }));
        const performances = sc.performances
          .filter((p) => p.venue < venues.length)
          .map((p) => ({
            show: `s${p.show}`,
            venue: `v${p.venue}`,
            start: new Date(DAY0 + p.minute * 60_000).toISOString(),
            status: p.cancelled ? ('cancelled' as const) : ('scheduled' as const),
          }));
        const shows = Array.from({ length: 10 }, (_, i) => ({
          id: `s${i}`,
          discipline: DISCIPLINE_IDS[i % DISCIPLINE_IDS.length]!,
        }));
        const snapshot = fixtureSnapshot({ venues, shows, performances });
        const index = buildIndex(snapshot);
        const now = new Date(DAY0 + sc.nowSec * 1000).toISOString();
        const from = new Date(DAY0 + sc.fromSec * 1000).toISOString();
        const to = new Date(DAY0 + (sc.fromSec + sc.lengthSec) * 1000).toISOString();
        const request = { lat: LAT, lon: LON, radiusKm: sc.radiusKm, from, to, k: 10, now };

        // Brute force over the snapshot's columns.
        const fromMin = Math.ceil(Math.max(Date.parse(from), Date.parse(now)) / 60_000);
        const toMin = Math.ceil(Date.parse(to) / 60_000);
        const box = boundingBox(LAT, LON, sc.radiusKm);
        const here = new LocalDistance(LAT, LON);
        const p = snapshot.performances;
        const best = new Map<number, { start: number; d: number; rowId: number }>();
        let upcoming = false;
        for (let i = 0; i < p.count; i++) {
          if (p.status[i] !== 0) continue;
          const v = venues[p.venue[i]!]!;
          if (v.lon < box.minLon || v.lon > box.maxLon || v.lat < box.minLat || v.lat > box.maxLat) continue;
          const d = here.km(v.lat, v.lon);
          if (d > sc.radiusKm) continue;
          const start = p.startMin[i]!;
          if (start >= fromMin) upcoming = true;
          if (start < fromMin || start >= toMin) continue;
          const b = best.get(p.show[i]!);
          if (!b || start < b.start || (start === b.start && d < b.d))
            best.set(p.show[i]!, { start, d, rowId: p.rowId[i]! });
        }

        const pool = relevancePool(index, request);
        expect(new Map(pool.map((c) => [c.showIndex, c.performanceRowId]))).toEqual(
          new Map([...best].map(([s, b]) => [s, b.rowId])),
        );
        if (best.size === 0) {
          const result = recommend(index, request, policyWith(), null);
          expect(result.empty?.code).toBe(upcoming ? 'nothing-in-window' : 'nothing-in-area');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every candidate when a request has more candidate shows than the buffers first hold', () => {
    // 17,000 shows on at one venue, one every five minutes: more than the 16,384 the buffers start with.
    const count = 17_000;
    const shows = Array.from({ length: count }, (_, i) => ({
      id: `s${i}`,
      discipline: DISCIPLINE_IDS[i % 10]!,
    }));
    const performances = shows.map((s, i) => ({
      show: s.id,
      venue: 'v0',
      start: new Date(DAY0 + (60 + 5 * i) * 60_000).toISOString(),
    }));
    const snapshot = fixtureSnapshot({ venues: [{ id: 'v0', lat: LAT, lon: LON }], shows, performances });
    const index = buildIndex(snapshot);
    const now = new Date(DAY0).toISOString();
    const to = new Date(DAY0 + 90 * 86_400_000).toISOString();
    const pool = relevancePool(index, { lat: LAT, lon: LON, radiusKm: 10, from: now, to, k: 10, now });
    // Same place, so the soonest win the pre-score: the first PRESCORE_LIMIT shows, soonest first.
    expect(pool.map((c) => c.showIndex)).toEqual(Array.from({ length: PRESCORE_LIMIT }, (_, i) => i));
    expect(pool.map((c) => c.startMs)).toEqual(
      Array.from({ length: PRESCORE_LIMIT }, (_, i) => DAY0 + (60 + 5 * i) * 60_000),
    );
  });
});
