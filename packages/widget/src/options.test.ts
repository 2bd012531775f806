import { describe, expect, it } from 'vitest';
import { elementQuery, queryParams, readAttributes, writeAttributes } from './options.js';

function element(attributes: Record<string, string>): Element {
  const el = document.createElement('div');
  for (const [k, v] of Object.entries(attributes)) el.setAttribute(k, v);
  return el;
}

describe('attributes', () => {
  it('reads every documented attribute and drops malformed values', () => {
    const o = readAttributes(
      element({
        api: 'https://api.example.org/',
        lat: '47.39',
        lon: 'east',
        radius: '30',
        period: 'someday',
        limit: '4',
        lang: 'en',
        theme: 'neon',
        layout: 'grid',
        free: '',
        accessibility: 'moteur, visuel,roue',
        'no-history': '',
      }),
    );
    expect(o).toMatchObject({
      api: 'https://api.example.org/',
      lat: 47.39,
      lon: undefined,
      radius: 30,
      limit: 4,
      lang: 'en',
      layout: 'grid',
      free: true,
      accessibility: ['moteur', 'visuel'],
      noHistory: true,
    });
    expect(o.period).toBeUndefined();
    expect(o.theme).toBeUndefined();
  });

  it('treats free="false" as off and jeune-public as the young-audience filter', () => {
    expect(readAttributes(element({ free: 'false', 'jeune-public': '' }))).toMatchObject({
      free: false,
      audience: 'jeune-public',
    });
  });

  it('writes options back as attributes, kebab-cased, removing false ones', () => {
    const el = element({ free: '' });
    writeAttributes(el, { maxPrice: 15, free: false, noHistory: true, accessibility: ['auditif'] });
    expect([el.getAttribute('max-price'), el.hasAttribute('free'), el.getAttribute('no-history')]).toEqual([
      '15',
      false,
      '',
    ]);
    expect(el.getAttribute('accessibility')).toBe('auditif');
  });

  it('builds query parameters: explicit from/to win over the period, k and radius are clamped', () => {
    const q = queryParams(
      { from: '2026-12-24', to: '2026-12-26', period: 'tonight', limit: 99, radius: 500 },
      0,
    );
    expect(q).toEqual({
      from: '2026-12-23T23:00:00.000Z',
      to: '2026-12-26T23:00:00.000Z',
      k: '50',
      radius: '200',
    });
  });

  it('reads history as opt-in (no-history wins) and exclude-venue as a list of venue ids', () => {
    expect(readAttributes(element({})).history).toBe(false);
    expect(readAttributes(element({ history: '' })).history).toBe(true);
    expect(readAttributes(element({ history: '', 'no-history': '' })).history).toBe(false);
    expect(readAttributes(element({ 'exclude-venue': 'v1, v2 bad/id v3' })).excludeVenue).toEqual([
      'v1',
      'v2',
      'v3',
    ]);
    const el = element({});
    writeAttributes(el, { excludeVenue: ['v1', 'v2'], history: true });
    expect([el.getAttribute('exclude-venue'), el.getAttribute('history')]).toEqual(['v1,v2', '']);
  });

  it('builds the query an element stands for from its attributes alone (what a host asks the fragment for)', () => {
    const attributes: Record<string, string> = {
      lat: '47.39',
      lon: '0.68',
      radius: '30',
      'exclude-venue': 'v1',
    };
    const o = readAttributes({
      getAttribute: (name) => attributes[name] ?? null,
      hasAttribute: (name) => name in attributes,
    });
    expect(elementQuery(o, 0, 'fr')).toEqual({
      lat: '47.39',
      lon: '0.68',
      locale: 'fr',
      radius: '30',
      excludeVenue: 'v1',
      k: '6',
    });
  });
});
