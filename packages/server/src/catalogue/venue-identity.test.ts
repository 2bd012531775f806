import { describe, expect, it } from 'vitest';
import { addressKey, sameVenue, VenueIdentityIndex, venueIdentity, venueMatch } from './venue-identity.js';

const at = (
  name: string,
  lat: number,
  lon: number,
  over: Partial<Parameters<typeof venueIdentity>[0]> = {},
) =>
  venueIdentity({
    name,
    address: null,
    town: 'Toulouse',
    postcode: '31000',
    inseeCode: null,
    lat,
    lon,
    ...over,
  });

describe('addressKey', () => {
  it('spells out abbreviations and cuts the postcode and town', () => {
    expect(addressKey('11, av. Raymond-Badiou')).toBe('11 avenue raymond badiou');
    expect(addressKey('11 avenue Raymond Badiou, 31300 Toulouse')).toBe('11 avenue raymond badiou');
    expect(addressKey('2 bd de la Liberté')).toBe('2 boulevard liberte');
  });

  it('is null without a street number or a street name', () => {
    expect(addressKey('Place du Capitole')).toBeNull();
    expect(addressKey('31000')).toBeNull();
    expect(addressKey('')).toBeNull();
    expect(addressKey(null)).toBeNull();
  });
});

describe('venueMatch', () => {
  it('same street address within 75 m, whatever the names and postcodes', () => {
    const a = at('Zénith Toulouse Métropole', 43.59335, 1.41706, {
      address: '11 avenue Raymond Badiou',
      postcode: '31300',
    });
    const b = at('ZENITH DE TOULOUSE', 43.5934, 1.4172, { address: '11 av. Raymond-Badiou' });
    expect(venueMatch(a, b)).toEqual(['address', 'near']);
  });

  it('same name within 75 m, whatever the postcodes', () => {
    expect(
      venueMatch(at('Le Bikini', 43.5478, 1.4936), at('Le Bikini', 43.5482, 1.4939, { postcode: '31520' })),
    ).toEqual(['name', 'near']);
  });

  it('same name and commune within 1 km (as before); another commune beyond 75 m stays apart', () => {
    expect(venueMatch(at('Le Bikini', 43.5478, 1.4936), at('Le Bikini', 43.552, 1.4936))).toEqual([
      'name',
      'commune',
    ]);
    expect(
      sameVenue(at('Le Bikini', 43.5478, 1.4936), at('Le Bikini', 43.552, 1.4936, { postcode: '31520' })),
    ).toBe(false);
  });

  it('neither name nor address in common: two venues, however close', () => {
    expect(venueMatch(at('Salle Alpha', 43.6, 1.44), at('Salle Bravo', 43.6, 1.44))).toBeNull();
  });
});

describe('VenueIdentityIndex', () => {
  it('finds the first venue added that matches, by name or by neighbourhood', () => {
    const index = new VenueIdentityIndex<string>();
    index.add('far', at('Le Bikini', 43.5478, 1.4936, { postcode: '31520', town: 'Ramonville' }));
    index.add('first', at('Salle X', 43.6, 1.44, { address: '3 rue Y' }));
    index.add('second', at('Salle Z', 43.6, 1.44, { address: '3 rue Y' }));
    expect(index.find(at('Autre nom', 43.6003, 1.4403, { address: '3, r. Y' }))).toBe('first');
    expect(index.find(at('Le Bikini', 43.5479, 1.4937))).toBe('far');
    expect(index.find(at('Salle X', 43.7, 1.44))).toBeNull();
  });
});
