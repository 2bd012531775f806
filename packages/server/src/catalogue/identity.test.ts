import { describe, expect, it } from 'vitest';
import {
  COMMUNE_SCORE,
  CROSS_DISCIPLINE_SCORE,
  creatorKey,
  findShowMatch,
  matchShow,
  showIdentity,
  spansOverlap,
  TITLE_THRESHOLD,
  titleKey,
  titleSimilarity,
} from './identity.js';

const other = { sameSource: false, sharedVenue: false };

describe('show identity', () => {
  it('treats the same title and creators in another source as certainly the same show', () => {
    const a = showIdentity({
      title: 'Le Misanthrope',
      creators: ['Compagnie du Bout du Monde'],
      discipline: 'theatre',
    });
    const b = showIdentity({
      title: 'LE MISANTHROPE',
      creators: ['Cie du bout du monde'],
      discipline: 'theatre',
    });
    expect(matchShow(a, b, other)).toEqual({
      matched: ['title', 'creators', 'discipline'],
      score: 1,
      certain: true,
    });
  });

  it('keeps "Le Misanthrope" by two different companies apart', () => {
    const a = showIdentity({
      title: 'Le Misanthrope',
      creators: ['Compagnie du Bout du Monde'],
      discipline: 'theatre',
    });
    const b = showIdentity({
      title: 'Le Misanthrope',
      creators: ['Théâtre de l’Échappée'],
      discipline: 'theatre',
    });
    expect(matchShow(a, b, other)).toBeNull();
  });

  it('keeps Carmen the opera and Carmen the ballet apart even with the same creators', () => {
    const a = showIdentity({ title: 'Carmen', creators: ['Georges Bizet'], discipline: 'art-lyrique' });
    const b = showIdentity({ title: 'Carmen', creators: ['Georges Bizet'], discipline: 'danse' });
    expect(matchShow(a, b, other)).toBeNull();
  });

  it("across disciplines, joins another source's record only with the same title, venue or town, and overlapping dates", () => {
    const music = showIdentity({ title: 'Festival Rio Loco', creators: [], discipline: 'musique' });
    const street = showIdentity({ title: 'FESTIVAL RIO LOCO', creators: [], discipline: 'arts-de-la-rue' });
    const town = { sameSource: false, sharedVenue: false, sharedCommune: true };
    expect(matchShow(street, music, { ...town, overlappingDates: true })).toEqual({
      matched: ['title', 'commune', 'dates'],
      score: CROSS_DISCIPLINE_SCORE,
      certain: false,
    });
    expect(matchShow(street, music, { ...town, sharedVenue: true, overlappingDates: true })?.matched).toEqual(
      ['title', 'venue', 'dates'],
    );
    expect(matchShow(street, music, { ...town, overlappingDates: false })).toBeNull();
    expect(matchShow(street, music, { ...town, sharedCommune: false, overlappingDates: true })).toBeNull();
    expect(matchShow(street, music, { ...town, sameSource: true, overlappingDates: true })).toBeNull();
    const other = showIdentity({ title: 'Festival Rio Grande', creators: [], discipline: 'arts-de-la-rue' });
    expect(matchShow(other, music, { ...town, overlappingDates: true })).toBeNull();
  });

  it('compares titles without their status suffix, and « - M - » by its letters', () => {
    expect(titleKey('- M - (CONCERT REPORTÉ AU 12 MARS)')).toBe(titleKey('- M -'));
    expect(titleKey('- M -')).toBe('m');
    expect(titleKey('Le Misanthrope - ANNULÉ')).toBe(titleKey('Le Misanthrope'));
  });

  it('dates overlap within a day either side', () => {
    const day = 24 * 60;
    expect(spansOverlap({ min: 0, max: 3 * day }, { min: 2 * day, max: 2 * day })).toBe(true);
    expect(spansOverlap({ min: 0, max: 0 }, { min: day, max: day })).toBe(true);
    expect(spansOverlap({ min: 0, max: 0 }, { min: 3 * day, max: 4 * day })).toBe(false);
    expect(spansOverlap(null, { min: 0, max: 0 })).toBe(false);
  });

  it('joins titles that differ in word order, articles and punctuation when a creator is shared', () => {
    const a = showIdentity({
      title: 'Misanthrope (Le)',
      creators: ['Cie Tg STAN', 'Molière'],
      discipline: 'theatre',
    });
    const b = showIdentity({ title: 'Le Misanthrope', creators: ['tg STAN'], discipline: 'theatre' });
    const match = matchShow(a, b, other);
    expect(match?.matched).toEqual(['title', 'creators', 'discipline']);
    expect(match?.certain).toBe(false);
    expect(match?.score).toBeGreaterThan(0.7);
    expect(match?.score).toBeLessThan(1);
  });

  it('tolerates a typo in a long title but not a different title', () => {
    const a = showIdentity({
      title: 'Les Trois Soeurs en exil',
      creators: ['Collectif Nightshot'],
      discipline: 'theatre',
    });
    const typo = showIdentity({
      title: 'Les Trois Sœurs en éxil',
      creators: ['Nightshot'],
      discipline: 'theatre',
    });
    const typo2 = showIdentity({
      title: 'Les Troi Soeurs en exil',
      creators: ['Nightshot'],
      discipline: 'theatre',
    });
    const different = showIdentity({
      title: 'Les Trois Frères en exil',
      creators: ['Nightshot'],
      discipline: 'theatre',
    });
    expect(titleSimilarity(a, typo)).toBe(1);
    expect(titleSimilarity(a, typo2)).toBeGreaterThanOrEqual(TITLE_THRESHOLD);
    expect(matchShow(a, typo2, other)).not.toBeNull();
    expect(titleSimilarity(a, different)).toBeLessThan(TITLE_THRESHOLD);
    expect(matchShow(a, different, other)).toBeNull();
  });

  it('within one source, joins only certain duplicates', () => {
    const a = showIdentity({ title: 'Misanthrope (Le)', creators: ['tg STAN'], discipline: 'theatre' });
    const b = showIdentity({
      title: 'Le Misanthrope',
      creators: ['tg STAN', 'Molière'],
      discipline: 'theatre',
    });
    const same = showIdentity({ title: 'le misanthrope', creators: ['TG Stan'], discipline: 'theatre' });
    expect(matchShow(a, b, { sameSource: true, sharedVenue: false })).toBeNull();
    expect(matchShow(a, same, { sameSource: true, sharedVenue: false })?.certain).toBe(true);
  });

  it('joins a record without creators only on the exact title at a shared venue, or in the same commune from another source', () => {
    const a = showIdentity({
      title: 'Festival Chalon dans la rue',
      creators: [],
      discipline: 'arts-de-la-rue',
    });
    const b = showIdentity({
      title: 'Festival Chalon dans la Rue',
      creators: [],
      discipline: 'arts-de-la-rue',
    });
    expect(matchShow(a, b, other)).toBeNull();
    expect(matchShow(a, b, { sameSource: false, sharedVenue: true })).toEqual({
      matched: ['title', 'discipline', 'venue'],
      score: 1,
      certain: true,
    });
    expect(matchShow(a, b, { sameSource: false, sharedVenue: false, sharedCommune: true })).toEqual({
      matched: ['title', 'discipline', 'commune'],
      score: COMMUNE_SCORE,
      certain: false,
    });
    // Within one source, the same title in the same town is not enough: the source keeps them apart.
    expect(matchShow(a, b, { sameSource: true, sharedVenue: false, sharedCommune: true })).toBeNull();
    const withCreators = showIdentity({
      title: 'Festival Chalon dans la rue',
      creators: ['CNAREP'],
      discipline: 'arts-de-la-rue',
    });
    expect(matchShow(withCreators, a, other)).toBeNull();
  });

  it('folds company words out of creator names', () => {
    expect(creatorKey('Compagnie Les Anges au Plafond')).toBe(creatorKey('Les Anges au plafond'));
  });

  it('picks the best-scoring candidate', () => {
    const record = showIdentity({ title: 'Le Misanthrope', creators: ['tg STAN'], discipline: 'theatre' });
    const fuzzy = showIdentity({
      title: 'Misanthrope',
      creators: ['tg STAN', 'Molière'],
      discipline: 'theatre',
    });
    const exact = showIdentity({ title: 'Le Misanthrope', creators: ['TG Stan'], discipline: 'theatre' });
    const found = findShowMatch(record, [
      { showId: 'fuzzy', identity: fuzzy, sameSource: false, sharedVenue: false },
      { showId: 'exact', identity: exact, sameSource: false, sharedVenue: false },
    ]);
    expect(found?.showId).toBe('exact');
    expect(findShowMatch(record, [])).toBeNull();
  });
});
