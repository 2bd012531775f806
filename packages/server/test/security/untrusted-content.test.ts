import { HttpUrlSchema, ImportReportSchema, ShowDetailSchema } from '@detour/sdk/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImport } from '../../src/catalogue/import.js';
import { type RunningServer, startServer } from '../../src/http/server.js';
import { MAX_DESCRIPTION } from '../../src/importers/text.js';
import { batch, performance, show, venue } from '../../src/store/testing/fixtures.js';
import { tempDirs } from './support.js';

/** Payloads that would run script if any renderer inserted catalogue text as HTML. */
const XSS_TITLE = 'Cabaret <img src=x onerror="window.__xss=1"> <script>window.__xss=2</script>';
const SCRIPT_BREAKOUT = 'Revue </script><script>window.__xss=3</script>';
const UNCLOSED = 'Spectacle <img src=x onerror=alert(1)';
const BAD_URLS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '//evil.example/x',
  'file:///etc/passwd',
];

const NOW = '2026-11-28T10:00:00.000Z';
const dirs = tempDirs('detour-untrusted-');
let server: RunningServer;
let key: string;

beforeAll(async () => {
  server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir: dirs.make(), databaseUrl: null, logLevel: 'silent' },
    { exposureEveryMs: 0, revisionPollMs: 0, clock: () => new Date(NOW) },
  );
  // Straight into the store, past the importers' own cleaning: the renderers must hold on their own.
  await server.store.applyImport(
    batch('hostile', {
      // One venue per show: the venue cap would otherwise keep some of them out of a list.
      venues: [
        venue('v1', { name: 'Salle <b onmouseover=alert(1)>' }),
        venue('v2', {
          name: 'Le Petit Faucheux',
          address: '12 rue Léonard de Vinci',
          location: { lat: 47.396, lon: 0.69 },
        }),
        venue('v3', {
          name: 'Salle Thélème',
          address: '3 rue des Tanneurs',
          location: { lat: 47.392, lon: 0.688 },
        }),
      ],
      shows: [
        show('s1', { title: XSS_TITLE, description: '<script>window.__xss=4</script>' }),
        show('s2', { title: SCRIPT_BREAKOUT, discipline: 'danse' }),
        show('s3', { title: UNCLOSED, discipline: 'cirque' }),
      ],
      performances: [
        performance('p1', 's1', 'v1'),
        performance('p2', 's2', 'v2'),
        performance('p3', 's3', 'v3'),
      ],
    }),
    { now: NOW },
  );
  key = (await server.store.createApiKey('Partenaire', ['partner'], NOW)).secret;
  await server.state.refresh();
});
afterAll(async () => {
  await server?.close();
  dirs.cleanup();
});

describe('importers drop every link or image that is not http(s), and cap descriptions', () => {
  const jsonld = (url: string) =>
    JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'TheaterEvent',
      '@id': `https://theatre.example/${encodeURIComponent(url)}`,
      name: 'Phèdre',
      url,
      image: url,
      description: 'é'.repeat(20_000),
      startDate: '2026-12-03T20:30:00+01:00',
      location: {
        '@type': 'Place',
        name: 'Théâtre',
        url,
        address: { '@type': 'PostalAddress', postalCode: '37000', addressLocality: 'Tours' },
        geo: { '@type': 'GeoCoordinates', latitude: 47.39, longitude: 0.69 },
      },
      offers: { '@type': 'Offer', price: '10', priceCurrency: 'EUR', url },
    });
  const csv = (url: string) =>
    `titre;discipline;lieu;ville;code_postal;latitude;longitude;date;heure;url;image;description\nPhèdre;théâtre;Théâtre;Tours;37000;47.39;0.69;2026-12-03;20:30;${url};${url};${'é'.repeat(9000)}\n`;

  for (const url of BAD_URLS) {
    it(`never keeps ${JSON.stringify(url)} as a link or an image (jsonld, csv)`, () => {
      for (const [format, text] of [
        ['jsonld', jsonld(url)],
        ['csv', csv(url)],
      ] as const) {
        const b = parseImport(text, format, 'partner');
        const links = [
          ...b.venues.map((v) => v.url),
          ...b.shows.map((s) => s.image),
          ...b.performances.map((p) => p.url),
        ].filter((u): u is string => u !== null);
        for (const link of links)
          expect(HttpUrlSchema.safeParse(link).success, `${format}: ${link}`).toBe(true);
        expect(JSON.stringify(b.shows)).not.toMatch(/javascript:|vbscript:|data:text/i);
        for (const s of b.shows) expect((s.description ?? '').length).toBeLessThanOrEqual(MAX_DESCRIPTION);
      }
    });
  }

  it('a javascript: URL pushed through POST /v1/imports never reaches the API or an href of the fragment', async () => {
    const res = await fetch(`${server.url}/v1/imports?source=partner&format=jsonld`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/ld+json', Authorization: `Bearer ${key}` },
      body: `[${BAD_URLS.map(jsonld).join(',')}]`,
    });
    const report = ImportReportSchema.parse(await res.json());
    expect(report.created.performances).toBeGreaterThan(0);
    await server.state.refresh();
    const search = await (await fetch(`${server.url}/v1/search?q=phedre`)).text();
    expect(search).not.toMatch(/javascript:|vbscript:|data:text/i);
    const id = (JSON.parse(search) as { items: Array<{ show: { id: string } }> }).items[0]!.show.id;
    const detail = ShowDetailSchema.parse(await (await fetch(`${server.url}/v1/shows/${id}`)).json());
    expect(detail.show.image).toBeNull();
    expect((detail.show.description ?? '').length).toBeLessThanOrEqual(MAX_DESCRIPTION);
    const fragment = await (
      await fetch(`${server.url}/v1/recommendations.html?lat=47.39&lon=0.69&radius=40&k=20`)
    ).text();
    expect(fragment).toContain('Phèdre');
    for (const [, href] of fragment.matchAll(/\b(?:href|src)="([^"]*)"/g))
      expect(href).toMatch(/^(https?:\/\/|\/)/);
    expect(fragment).not.toMatch(/javascript:|vbscript:/i);
  });
});

describe('catalogue text is rendered as text', () => {
  it('the HTML fragment escapes titles, names and descriptions: no element comes from the data', async () => {
    const res = await fetch(`${server.url}/v1/recommendations.html?lat=47.394&lon=0.689&radius=20&k=20`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('Cabaret &lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;');
    expect(html).toContain('Spectacle &lt;img src=x onerror=alert(1)');
    expect(html).not.toMatch(/<img src=x|<b onmouseover|<script>window/i);
    // The JSON-LD block cannot be closed early by a title containing </script>.
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script\s*>/gi)];
    for (const [, body] of scripts) expect(body).not.toMatch(/<\/?script/i);
    expect(html.match(/<script\b/gi)?.length ?? 0).toBe(scripts.length);
  });

  it('the JSON API returns the text verbatim, as JSON that a browser will not sniff into HTML', async () => {
    const res = await fetch(`${server.url}/v1/search?q=cabaret`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const body = (await res.json()) as { items: Array<{ show: { title: string } }> };
    expect(body.items.map((i) => i.show.title)).toContain(XSS_TITLE);
  });
});
