import type { RecommendationResponse } from '@detour/sdk';
import { defaultCatalogue, recommendationResponse } from '@detour/sdk/mocks';
import { describe, expect, it } from 'vitest';
import { renderFragment } from './fragment.js';
import { scriptJson } from './json-ld.js';

const WINDOW = { from: '2026-11-25T12:00:00Z', to: '2026-12-25T12:00:00Z' };

function response(): RecommendationResponse {
  // Around Tours, where the fixtures' DATAtourisme venues are.
  return recommendationResponse(
    defaultCatalogue,
    { lat: 47.39, lon: 0.69, radiusKm: 50, k: 4, exclude: new Set(), seen: new Set() },
    WINDOW,
    'fr',
  );
}

const options = {
  lang: 'fr' as const,
  policyUrl: 'https://api.detour.test/policy',
  origin: 'https://api.detour.test',
  query: { lat: '47.39', lon: '0.69', radius: '50', k: '4' },
};

/** The one reason a card shows: the decisive one, else the first, never the distance (the line above says it). */
const cardReason = (item: RecommendationResponse['items'][number], lang: 'fr' | 'en') => {
  const others = item.reasons.filter((x) => x.code !== 'distance');
  return (
    (others.find((x) => x.decisive) ?? others[0])?.text[lang] ??
    (lang === 'fr' ? 'tout près d’ici' : 'close by')
  );
};

function jsonBlocks(html: string, type: string): unknown[] {
  const re = new RegExp(`<script type="${type}"[^>]*>([^<]*)</script>`, 'g');
  return [...html.matchAll(re)].map((m) => JSON.parse(m[1]!));
}

describe('recommendations fragment', () => {
  it('lists every pick with a link, its place, date and leading reason, readable without JavaScript', () => {
    const r = response();
    expect(r.items.length).toBeGreaterThan(1);
    const html = renderFragment(r, options);
    for (const item of r.items) {
      expect(html).toContain(
        item.show.title
          .replace(/'/g, '&#39;')
          .replace(/"/g, '&quot;')
          .replace(/&(?!#39;|quot;)/g, '&amp;'),
      );
      expect(html).toContain(cardReason(item, 'fr').replace(/'/g, '&#39;'));
    }
    // Every card links somewhere: the partner's page, else the show's page on Détour.
    const titles = [...html.matchAll(/<h3 class="t" part="card-title">(.*?)<\/h3>/g)].map((m) => m[1]!);
    expect(titles).toHaveLength(r.items.length);
    for (const [i, title] of titles.entries()) {
      const href = /^<a href="([^"]+)"/.exec(title)?.[1];
      expect(href).toBe(
        r.items[i]!.performance.url ??
          `https://api.detour.test/spectacles/${encodeURIComponent(r.items[i]!.show.id)}`,
      );
    }
    expect(html).toContain('<h2 part="title">À découvrir près d’ici</h2>');
    expect(html).toContain('data-detour-query="lat=47.39&amp;lon=0.69&amp;radius=50&amp;k=4"');
    expect(html).toContain('<summary>Pourquoi ces propositions ?</summary>');
    expect(html).toContain('href="https://api.detour.test/policy"');
    expect(html).not.toMatch(/<script(?![^>]*type="application\/(ld\+)?json")/);
  });

  it('carries schema.org Event JSON-LD for each pick, with place, date and offer', () => {
    const r = response();
    const [events] = jsonBlocks(renderFragment(r, options), 'application/ld\\+json') as Record<
      string,
      unknown
    >[][];
    expect(events).toHaveLength(r.items.length);
    const first = events![0] as {
      '@context': string;
      '@type': string;
      name: string;
      startDate: string;
      location: { address: { addressLocality: string }; geo: { latitude: number } };
    };
    expect(first['@context']).toBe('https://schema.org');
    expect(first['@type']).toMatch(/Event$/);
    expect(first.name).toBe(r.items[0]!.show.title);
    expect(first.startDate).toBe(r.items[0]!.performance.start);
    expect(first.location.address.addressLocality).toBe(r.items[0]!.venue.town);
    expect(first.location.geo.latitude).toBe(r.items[0]!.venue.location.lat);
  });

  it('embeds the response itself, which the widget reads to enhance the fragment in place', () => {
    const r = response();
    const [embedded] = jsonBlocks(renderFragment(r, options), 'application/json');
    expect(embedded).toEqual(r);
  });

  it('escapes catalogue text everywhere: markup in a title stays text, and cannot close a script block', () => {
    const r = response();
    r.items[0]!.show.title = '</script><img src=x onerror=alert(1)><!--';
    r.items[0]!.show.description = '</script><script>alert(1)</script>';
    const html = renderFragment(r, options);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&lt;!--');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    const [events] = jsonBlocks(html, 'application/ld\\+json') as Record<string, string>[][];
    expect(events![0]!.name).toBe('</script><img src=x onerror=alert(1)><!--');
  });

  it('links only to http(s) URLs', () => {
    const r = response();
    r.items[0]!.performance.url = 'javascript:alert(1)';
    r.items[0]!.venue.url = null;
    r.items[0]!.show.image = 'data:image/png;base64,AAAA';
    r.items[0]!.show.id = 'x"y';
    // The markup, without the data blocks (which carry the response as data, never as links).
    const html = renderFragment(r, options).replace(/<script[^>]*>[^<]*<\/script>/g, '');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('data:image');
    for (const m of html.matchAll(/(?:href|src)="([^"]*)"/g)) expect(m[1]).toMatch(/^https?:\/\//);
  });

  it('uses a show-page template for links when given', () => {
    const r = response();
    const html = renderFragment(r, {
      ...options,
      showUrl: 'https://www.laparenthese.example/spectacles/{show}',
    });
    expect(html).toContain(`href="https://www.laparenthese.example/spectacles/${r.items[0]!.show.id}"`);
  });

  it('speaks English when asked, with the English reasons', () => {
    const r = response();
    const html = renderFragment(r, { ...options, lang: 'en' });
    expect(html).toContain('<h2 part="title">Discover nearby</h2>');
    expect(html).toContain('lang="en"');
    expect(html).toContain(cardReason(r.items[0]!, 'en').replace(/'/g, '&#39;'));
  });

  it('explains an empty list in the widget’s words, offers no button it could not act on, and has no JSON-LD', () => {
    const r: RecommendationResponse = {
      ...response(),
      items: [],
      empty: { code: 'nothing-in-area', text: { fr: 'Rien près d’ici.', en: 'Nothing nearby.' } },
    };
    const html = renderFragment(r, options);
    expect(html).toContain('<p>Aucun spectacle à venir dans un rayon de 50 km.</p>');
    expect(html).not.toContain('<button');
    expect(html).not.toContain('essayez');
    expect(html).not.toContain('application/ld+json');
  });

  it('escapes < > & and line separators in script JSON', () => {
    expect(scriptJson({ a: '</script>&\u2028' })).toBe('{"a":"\\u003c/script\\u003e\\u0026\\u2028"}');
    expect(JSON.parse(scriptJson({ a: '</script>&\u2028' }))).toEqual({ a: '</script>&\u2028' });
  });
});
