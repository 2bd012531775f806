import { describe, expect, it } from 'vitest';
import { priceFromText, timeInZone, venueOfPlace } from './agenda-batch.js';
import { RecordError } from './record-error.js';

describe('priceFromText', () => {
  it('reads every euro price of a conditions text, lowest and highest', () => {
    expect(priceFromText('Early Bird : 17€ - Seconde Chance : 20€ - Plein Tarif : 22€')).toEqual({
      min: 17,
      max: 22,
      free: false,
      currency: 'EUR',
    });
    expect(priceFromText('Tarif : 12,50 euros')).toMatchObject({ min: 12.5, max: 12.5, free: false });
    expect(priceFromText('Entrée : €8 / €5 (réduit)')).toMatchObject({ min: 5, max: 8 });
  });

  it('is free when the text says so and names no price', () => {
    expect(priceFromText('Entrée libre et gratuite pour toutes et tous')).toMatchObject({
      min: 0,
      free: true,
    });
    expect(priceFromText('Gratuit.')).toMatchObject({ free: true });
  });

  it('is not free when a free concession sits beside a paying price', () => {
    expect(priceFromText('Adultes 6 €, gratuit pour les moins de 12 ans')).toMatchObject({
      min: 6,
      free: false,
    });
  });

  it('says nothing when the text names no price', () => {
    expect(priceFromText('Sur inscription')).toEqual({ min: null, max: null, free: false, currency: 'EUR' });
    expect(priceFromText(null).min).toBeNull();
  });
});

describe('timeInZone', () => {
  it('reads OpenAgenda timings with milliseconds and offsets', () => {
    expect(timeInZone('2026-09-27T17:00:00.000+02:00', 'Europe/Paris')).toEqual({
      iso: '2026-09-27T17:00:00+02:00',
      warning: null,
    });
  });

  it('reads "+00:00" as a UTC instant (Opendatasoft) and a time without offset as the wall clock', () => {
    expect(timeInZone('2025-09-27T10:00:00+00:00', 'Europe/Paris')?.iso).toBe('2025-09-27T12:00:00+02:00');
    expect(timeInZone('2026-08-18T20:30', 'Europe/Paris')?.iso).toBe('2026-08-18T20:30:00+02:00');
  });

  it('is null for what is not a date-time', () => {
    expect(timeInZone('samedi soir', 'Europe/Paris')).toBeNull();
    expect(timeInZone('2026-13-40T20:00:00+02:00', 'Europe/Paris')).toBeNull();
    expect(timeInZone('2026-02-30T20:00:00+01:00', 'Europe/Paris')).toBeNull();
  });
});

describe('venueOfPlace', () => {
  const place = {
    path: 'events[0].location',
    id: 'location:1',
    name: 'Salle Molière',
    address: '18 quai de Bondy',
    town: 'Lyon',
    postcode: '69005',
    insee: '69123',
    lat: 45.7637,
    lon: 4.8286,
    countryCode: 'FR',
    url: null,
  };

  it('makes a venue of a place in France', () => {
    expect(venueOfPlace(place)).toMatchObject({ sourceId: 'location:1', town: 'Lyon', postcode: '69005' });
  });

  it('refuses a place whose country is not France, naming the country field', () => {
    const geneva = { ...place, countryCode: 'CH', postcode: '1204', insee: null, lat: 46.2, lon: 6.15 };
    expect(() => venueOfPlace(geneva)).toThrow(RecordError);
    expect(() => venueOfPlace(geneva)).toThrow(
      'events[0].location.countryCode: lieu hors de France (pays CH)',
    );
  });

  it('accepts an overseas territory given by its own country code', () => {
    const reunion = {
      ...place,
      countryCode: 'RE',
      postcode: '97400',
      insee: '97411',
      lat: -20.88,
      lon: 55.45,
    };
    expect(venueOfPlace(reunion).postcode).toBe('97400');
  });

  it('refuses a place without coordinates', () => {
    expect(() => venueOfPlace({ ...place, lat: null })).toThrow('coordonnées');
  });
});
