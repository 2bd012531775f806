import { describe, expect, it } from 'vitest';
import { fill, resolveLang, STRINGS, stringsFor } from './strings.js';

describe('strings', () => {
  it('has the same keys in French and English', () => {
    expect(Object.keys(STRINGS.en).sort()).toEqual(Object.keys(STRINGS.fr).sort());
  });

  it('picks the explicit language, then the page’s, then French', () => {
    expect(resolveLang('en', 'fr')).toBe('en');
    expect(resolveLang(null, 'en-GB')).toBe('en');
    expect(resolveLang(undefined, 'de')).toBe('fr');
    expect(resolveLang('it', '')).toBe('fr');
  });

  it('overrides flat keys and per-language keys, ignoring unknown keys and non-strings', () => {
    const s = stringsFor('en', {
      title: 'A',
      retry: 3,
      bogus: 'x',
      en: { why: 'B' },
      fr: { why: 'C' },
    } as never);
    expect([s.title, s.why, s.retry]).toEqual(['A', 'B', 'Try again']);
    expect('bogus' in s).toBe(false);
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(fill('{n} sur {m} {x}', { n: 1, m: 3 })).toBe('1 sur 3 {x}');
  });
});
