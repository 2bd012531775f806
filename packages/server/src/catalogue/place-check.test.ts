import { describe, expect, it } from 'vitest';
import { departmentContradicted, outsideFranceReason, placeholderReason } from './place-check.js';

describe('placeholderReason', () => {
  it.each([
    ['DIVERS LIEUX', 'Toulouse'],
    ['Lieux divers', 'Lyon'],
    ['TOULOUSE', 'Toulouse'],
    ['Toulouse (31)', 'Toulouse'],
    ['Ville de Toulouse', 'Toulouse'],
    ['RÉGIONS MIDI-PYRÉNÉES', 'Toulouse'],
    ['Occitanie', 'Montpellier'],
    ['Haute-Garonne', 'Toulouse'],
    ['En ligne', ''],
    ['Lieu à définir', 'Tours'],
    ['à préciser', 'Tours'],
    ['Sur tout le territoire', 'Rennes'],
    ['  ', 'Tours'],
  ])('%s (town %s) is not a venue', (name, town) => {
    expect(placeholderReason({ name, town })).toMatch(/^lieu (imprécis|sans nom)/);
  });

  it.each([
    ['Zénith Toulouse Métropole', 'Toulouse'],
    ['Théâtre de la Ville', 'Paris'],
    ['Le Nord', 'Lille'],
    ['La Coursive', 'La Rochelle'],
    ['Salle des fêtes', 'Ballan-Miré'],
    ['Espace Toulouse-Lautrec', 'Albi'],
  ])('%s (town %s) is a venue', (name, town) => {
    expect(placeholderReason({ name, town })).toBeNull();
  });

  it('gives the place as written in its reason', () => {
    expect(placeholderReason({ name: 'DIVERS LIEUX', town: 'Toulouse' })).toContain('« DIVERS LIEUX »');
  });
});

describe('outsideFranceReason', () => {
  it('refuses a Geneva venue by its coordinates', () => {
    expect(outsideFranceReason({ location: { lat: 46.2044, lon: 6.1432 } })).toMatch(/hors de France.*CH/);
  });

  it('keeps venues on the French side of a border (Annemasse, Saint-Louis, Hendaye)', () => {
    for (const location of [
      { lat: 46.1934, lon: 6.2346 },
      { lat: 47.5905, lon: 7.5597 },
      { lat: 43.3586, lon: -1.7744 },
    ])
      expect(outsideFranceReason({ location })).toBeNull();
  });

  it('keeps the overseas departments and collectivities (Guadeloupe, Réunion, Mayotte, Nouméa, Papeete, Saint-Martin)', () => {
    for (const location of [
      { lat: 16.25, lon: -61.55 },
      { lat: -21.1, lon: 55.45 },
      { lat: -12.8, lon: 45.15 },
      { lat: -22.27, lon: 166.45 },
      { lat: -17.53, lon: -149.56 },
      { lat: 18.07, lon: -63.08 },
    ])
      expect(outsideFranceReason({ location })).toBeNull();
  });

  it('refuses a place whose country is not France, keeps one whose country is France or an overseas territory', () => {
    const paris = { lat: 48.85, lon: 2.35 };
    expect(outsideFranceReason({ location: paris, country: 'Suisse' })).toBe(
      'lieu hors de France (pays : Suisse)',
    );
    expect(outsideFranceReason({ location: paris, country: 'CH' })).toMatch(/hors de France/);
    for (const country of ['FR', 'France', 'La Réunion', 'GP', 'Polynésie française', ''])
      expect(outsideFranceReason({ location: paris, country })).toBeNull();
  });
});

describe('departmentContradicted', () => {
  it('a padded four-digit postcode far from its department is contradicted (Marseille is not in the Ain)', () => {
    expect(departmentContradicted('01203', { lat: 43.3, lon: 5.37 })).toBe(true);
  });

  it('a postcode in its department, or a metropolitan one overseas, is judged by the coordinates', () => {
    expect(departmentContradicted('01000', { lat: 46.2, lon: 5.22 })).toBe(false);
    expect(departmentContradicted('37000', { lat: 47.39, lon: 0.69 })).toBe(false);
    expect(departmentContradicted('37000', { lat: -21.1, lon: 55.45 })).toBe(true);
    expect(departmentContradicted(null, { lat: 47.39, lon: 0.69 })).toBe(false);
  });
});
