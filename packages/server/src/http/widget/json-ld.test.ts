import type { Performance, Show, Venue } from '@detour/sdk';
import { performances, shows, venues } from '@detour/sdk/mocks';
import { describe, expect, it } from 'vitest';
import { type EventFacts, eventJsonLd } from './json-ld.js';

const show: Show = { ...shows[0]!, creators: [] };
const venue: Venue = { ...venues.find((v) => v.id === performances[0]!.venueId)!, url: null };
const base: Performance = { ...performances[0]!, url: null, status: 'scheduled' };

function facts(p: Partial<Performance> = {}, extra: Partial<EventFacts> = {}): EventFacts {
  return { show, venue, performance: { ...base, ...p }, url: 'https://detour.test/spectacles/x', ...extra };
}
const price = (min: number | null, free = false) => ({
  min,
  max: min,
  free,
  currency: 'EUR' as const,
  band: 'inconnu' as const,
});

describe('schema.org Event JSON-LD claims only what the data says', () => {
  it('leaves isAccessibleForFree and offers out when the price is unknown and there is no booking page', () => {
    const e = eventJsonLd(facts({ price: price(null) }));
    expect(e).not.toHaveProperty('isAccessibleForFree');
    expect(e).not.toHaveProperty('offers');
  });

  it('says free only for a free performance, and not free only for a known price above 0', () => {
    expect(eventJsonLd(facts({ price: price(0, true) })).isAccessibleForFree).toBe(true);
    expect(eventJsonLd(facts({ price: price(0) })).isAccessibleForFree).toBe(true);
    expect(eventJsonLd(facts({ price: price(12) })).isAccessibleForFree).toBe(false);
  });

  it('gives an offer its price and its booking URL only when each is known, and never an invented availability', () => {
    expect(eventJsonLd(facts({ price: price(12) })).offers).toEqual({
      '@type': 'Offer',
      price: 12,
      priceCurrency: 'EUR',
    });
    expect(eventJsonLd(facts({ price: price(null), url: 'https://venue.test/book' })).offers).toEqual({
      '@type': 'Offer',
      url: 'https://venue.test/book',
    });
    const soldOut = eventJsonLd(facts({ price: price(20), status: 'sold-out' }));
    expect(soldOut.offers).toEqual({
      '@type': 'Offer',
      price: 20,
      priceCurrency: 'EUR',
      availability: 'https://schema.org/SoldOut',
    });
    expect(JSON.stringify(eventJsonLd(facts({ price: price(5) })))).not.toContain('InStock');
  });

  it('maps each status to its own schema.org status: postponed is not cancelled', () => {
    const status = (s: Performance['status']) => eventJsonLd(facts({ status: s })).eventStatus;
    expect(status('scheduled')).toBe('https://schema.org/EventScheduled');
    expect(status('sold-out')).toBe('https://schema.org/EventScheduled');
    expect(status('cancelled')).toBe('https://schema.org/EventCancelled');
    expect(status('postponed')).toBe('https://schema.org/EventPostponed');
  });

  it('names performers only when the show has creators, and the hosting venue as organizer', () => {
    expect(eventJsonLd(facts())).not.toHaveProperty('performer');
    const withCreators = eventJsonLd(facts({}, { show: { ...show, creators: ['Cie Art Zygote'] } }));
    expect(withCreators.performer).toEqual([{ '@type': 'PerformingGroup', name: 'Cie Art Zygote' }]);
    expect(eventJsonLd(facts()).organizer).toEqual({ '@type': 'Organization', name: venue.name });
    expect(eventJsonLd(facts({}, { venue: { ...venue, url: 'https://venue.test/' } })).organizer).toEqual({
      '@type': 'Organization',
      name: venue.name,
      url: 'https://venue.test/',
    });
  });

  it('links the event to its page, and never to a non-http(s) URL', () => {
    expect(eventJsonLd(facts()).url).toBe('https://detour.test/spectacles/x');
    expect(eventJsonLd(facts({}, { url: 'javascript:alert(1)' }))).not.toHaveProperty('url');
  });
});
