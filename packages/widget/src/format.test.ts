import type { Reason, Recommendation } from '@detour/sdk';
import { describe, expect, it } from 'vitest';
import {
  cardReason,
  formatDistance,
  formatPrice,
  formatWhen,
  pickUrl,
  placeName,
  safeUrl,
} from './format.js';
import { STRINGS } from './strings.js';

const price = (min: number | null, max: number | null, free = false) => ({
  min,
  max,
  free,
  currency: 'EUR' as const,
  band: 'inconnu' as const,
});

describe('formatting', () => {
  it('formats prices: Gratuit, a single price, a starting price, unknown', () => {
    expect(formatPrice(price(0, 0, true), 'fr', STRINGS.fr)).toBe('Gratuit');
    expect(formatPrice(price(0, 8), 'en', STRINGS.en)).toBe('Free');
    expect(formatPrice(price(10, 10), 'fr', STRINGS.fr)?.replace(/\s/g, ' ')).toBe('10 €');
    expect(formatPrice(price(12.5, 20), 'fr', STRINGS.fr)?.replace(/\s/g, ' ')).toBe('dès 12,50 €');
    expect(formatPrice(price(12, 20), 'en', STRINGS.en)).toBe('from €12');
    expect(formatPrice(price(null, null), 'fr', STRINGS.fr)).toBeNull();
  });

  it('formats dates in Paris time whatever the visitor’s zone', () => {
    expect(formatWhen('2026-07-14T20:00:00Z', 'fr')).toMatch(/^mar\. 14 juil\.,? 22:00$/);
    expect(formatWhen('2026-07-14T20:00:00Z', 'en')).toMatch(/^Tue,? 14 Jul,? 22:00$/);
  });

  it('formats distances with one decimal under 10 km', () => {
    expect(formatDistance(3.24, 'fr', STRINGS.fr).replace(/\s/g, ' ')).toBe('à 3,2 km');
    expect(formatDistance(27.6, 'en', STRINGS.en)).toBe('28 km away');
  });

  it('lets only http(s) URLs through', () => {
    expect(safeUrl('https://example.org/a')).toBe('https://example.org/a');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('data:text/html,x')).toBeNull();
    expect(safeUrl('/spectacles/1', 'https://venue.example/')).toBe('https://venue.example/spectacles/1');
    expect(safeUrl('')).toBeNull();
  });

  it('names a venue with its town once: a venue named by its address already ending with the town is left as is', () => {
    expect(placeName({ name: '15 Place de Chateauneuf, Tours', town: 'Tours' })).toBe(
      '15 Place de Chateauneuf, Tours',
    );
    expect(placeName({ name: '14 Boulevard Léo Lagrange, Ballan-Miré', town: 'Ballan-Miré' })).toBe(
      '14 Boulevard Léo Lagrange, Ballan-Miré',
    );
    expect(placeName({ name: 'La Parenthèse', town: 'Ballan-Miré' })).toBe('La Parenthèse, Ballan-Miré');
    // The town inside another word is not the town: "Toursky" is not in Tours.
    expect(placeName({ name: 'Théâtre Toursky', town: 'Tours' })).toBe('Théâtre Toursky, Tours');
    expect(
      placeName({ name: 'Salle des fetes, SAINT-PIERRE-DES-CORPS', town: 'Saint-Pierre-des-Corps' }),
    ).toBe('Salle des fetes, SAINT-PIERRE-DES-CORPS');
  });

  const reason = (code: Reason['code'], fr: string, decisive = false): Reason => ({
    code,
    term: 'relevance',
    decisive,
    params: {},
    text: { fr, en: fr },
  });
  const pick = (reasons: Reason[]) => ({ reasons }) as unknown as Recommendation;

  it('shows one reason on a card, never the distance the line above already gives', () => {
    expect(cardReason(pick([reason('distance', 'à 0,7 km')]), 'fr', STRINGS.fr)).toBe('tout près d’ici');
    expect(
      cardReason(
        pick([reason('distance', 'à 0,7 km', true), reason('time', 'jeudi 20 h')]),
        'fr',
        STRINGS.fr,
      ),
    ).toBe('jeudi 20 h');
    expect(
      cardReason(pick([reason('time', 'jeudi 20 h'), reason('novel', 'change', true)]), 'fr', STRINGS.fr),
    ).toBe('change');
    expect(cardReason(pick([]), 'fr', STRINGS.fr)).toBeNull();
  });

  it('links a pick to the host template, else the partner’s page, else the show’s page on Détour', () => {
    const item = {
      show: { id: 'spac 1' },
      performance: { id: 'p1', url: null },
      venue: { id: 'v1', url: 'https://venue.example/' },
    } as unknown as Recommendation;
    expect(pickUrl(item, undefined, undefined, 'https://detour.example/')).toBe(
      'https://detour.example/spectacles/spac%201',
    );
    const withPage = {
      ...item,
      performance: { id: 'p1', url: 'https://venue.example/book' },
    } as Recommendation;
    expect(pickUrl(withPage, undefined, undefined, 'https://detour.example')).toBe(
      'https://venue.example/book',
    );
    expect(
      pickUrl(withPage, '/shows/{show}?at={venue}', 'https://host.example/page', 'https://detour.example'),
    ).toBe('https://host.example/shows/spac%201?at=v1');
  });
});
