import { describe, expect, it } from 'vitest';
import { formatDistance, formatPrice, formatWhen, safeUrl } from './format.js';
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
});
