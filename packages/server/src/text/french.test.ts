import { describe, expect, it } from 'vitest';
import { foldAccents, normaliseName, tokenize } from './french.js';

describe('French text normalisation', () => {
  it('folds accents and ligatures', () => {
    expect(foldAccents('Œdipe à Colone — Élégie')).toBe('oedipe a colone — elegie');
  });
  it('drops stop words and elisions', () => {
    expect(tokenize("L'Avare de Molière, à la Comédie")).toEqual(['avare', 'moliere', 'comedie']);
  });
  it('gives equal keys to names that differ only in case, accents and articles', () => {
    expect(normaliseName('Le Cirque des Étoiles')).toBe(normaliseName('cirque etoiles'));
  });
});
