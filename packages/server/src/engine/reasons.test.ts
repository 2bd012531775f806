import { describe, expect, it } from 'vitest';
import { coverageReason } from './reasons.js';

describe('coverage reasons', () => {
  it('never gives « prix non communiqué » as a way to vary prices', () => {
    const r = coverageReason('priceBand', 'inconnu', 1);
    expect(r.text.fr).toBe('pour varier la sélection');
    expect(r.text.fr).not.toMatch(/prix/);
    expect(r.text.en).toBe('varying the selection');
  });

  it('still names a known price band', () => {
    expect(coverageReason('priceBand', 'plus-de-25', 1).text.fr).toBe('plus de 25 € : pour varier les prix');
  });
});
