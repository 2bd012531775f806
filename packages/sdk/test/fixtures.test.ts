import { describe, expect, it } from 'vitest';
import { PerformanceSchema, priceBandOf, ShowSchema, VenueSchema } from '../src/contract/index.js';
import { performances, shows, venues } from '../src/mocks/index.js';

describe('mock fixtures', () => {
  it('every venue, show and performance parses with the contract schemas', () => {
    for (const v of venues) VenueSchema.parse(v);
    for (const s of shows) ShowSchema.parse(s);
    for (const p of performances) PerformanceSchema.parse(p);
    expect(shows.length).toBeGreaterThanOrEqual(12);
    expect(venues.length).toBeGreaterThanOrEqual(8);
  });

  it('references hold: each performance points at a known show and venue, each show has one', () => {
    const showIds = new Set(shows.map((s) => s.id));
    const venueIds = new Set(venues.map((v) => v.id));
    for (const p of performances) {
      expect(showIds.has(p.showId)).toBe(true);
      expect(venueIds.has(p.venueId)).toBe(true);
    }
    for (const s of shows) expect(performances.some((p) => p.showId === s.id)).toBe(true);
    expect(new Set([...showIds, ...venueIds, ...performances.map((p) => p.id)]).size).toBe(
      shows.length + venues.length + performances.length,
    );
  });

  it('price bands agree with the taxonomy rule', () => {
    for (const p of performances) expect(p.price.band).toBe(priceBandOf(p.price));
  });

  it('spans several disciplines, towns and both audiences (what a UI needs to show variety)', () => {
    expect(new Set(shows.map((s) => s.discipline)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(venues.map((v) => v.town)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(shows.map((s) => s.audience.kind))).toEqual(new Set(['tout-public', 'jeune-public']));
    expect(performances.some((p) => p.price.free)).toBe(true);
  });
});
