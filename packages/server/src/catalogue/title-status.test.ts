import { describe, expect, it } from 'vitest';
import { statusFromTitle, stripStatusSuffix } from './title-status.js';

describe('statusFromTitle and stripStatusSuffix', () => {
  it.each([
    ['- M - (CONCERT REPORTÉ AU 12 MARS 2027)', 'postponed', '- M -'],
    ['- M - ANNULÉ', 'cancelled', '- M -'],
    ['Concert Jazz - Trio X - ANNULÉ', 'cancelled', 'Concert Jazz - Trio X'],
    ['ANNULÉ - Le Misanthrope', 'cancelled', 'Le Misanthrope'],
    ['Cirque (annulé)', 'cancelled', 'Cirque'],
    ['[COMPLET] Le Misanthrope', 'sold-out', 'Le Misanthrope'],
    ['Le Misanthrope COMPLET', 'sold-out', 'Le Misanthrope'],
    ['Le Lac des cygnes - Guichets fermés', 'sold-out', 'Le Lac des cygnes'],
    ['Orchestre : concert reporté au 3 mars', 'postponed', 'Orchestre'],
    ['REPORT DE DATE - Ballet', 'postponed', 'Ballet'],
    ['Carmen (REPORTE', 'postponed', 'Carmen'],
  ])('%s → %s, title %s', (title, status, stripped) => {
    expect(statusFromTitle(title)).toBe(status);
    expect(stripStatusSuffix(title)).toBe(stripped);
  });

  it('a title both cancelled and postponed is cancelled', () => {
    expect(statusFromTitle('Concert (reporté) - ANNULÉ')).toBe('cancelled');
  });

  it.each([
    '- M -',
    'Le Report',
    'Annulé',
    'Les Annulés du désert',
    'Bach - Intégrale complète',
    'Soirée Complet Blues',
  ])('leaves %s alone: no status word where producers put a status', (title) => {
    expect(statusFromTitle(title)).toBeNull();
    expect(stripStatusSuffix(title)).toBe(title);
  });
});
