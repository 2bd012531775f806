import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteModule } from '../../packages/server/src/index.js';
import { batch, performance, show, venue } from '../../packages/server/src/store/testing/fixtures.js';
import { hasChromium, launchChromium, NO_CHROMIUM } from './support/chromium.js';
import { type DemoServer, ensureWidgetBuilt, startDemoServer } from './support/server.js';

if (!hasChromium) console.warn(`[security browser tests] skipped: ${NO_CHROMIUM}`);

// A spot with no demo venue nearby (Plateau de Millevaches): only the hostile records are within 3 km.
const SPOT = { lat: 45.6, lon: 2.05 };
const PLACE = `lat="${SPOT.lat}" lon="${SPOT.lon}" radius="3" period="week" limit="10" no-images`;
const XSS_IMG = 'Cabaret <img src=x onerror="window.__xss=1;alert(1)">';
const XSS_SCRIPT = 'Revue <script>window.__xss=2</script></script><script>window.__xss=3</script>';
const UNCLOSED = 'Nuit <img src=x onerror=window.__xss=4 ';

/** A date-time a few days from now (the demo server runs on the real clock), in Paris time. */
function soon(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T20:30:00+01:00`;
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${title}</title>
<script src="/widget/detour-widget.js" defer></script></head><body><main><h1>${title}</h1>${body}</main></body></html>`;
}

let server: DemoServer;
let browser: Browser;

const testRoutes: RouteModule = {
  name: 'security-browser-pages',
  register(app) {
    app.get('/test/xss-widget.html', (c) => {
      c.header('Content-Security-Policy', "default-src 'self'");
      return c.html(page('Widget', `<detour-recommendations id="w" ${PLACE}></detour-recommendations>`));
    });
    // The server-rendered fragment pasted into a page, as a CMS would, without the widget's script.
    app.get('/test/xss-fragment.html', async (c) => {
      const fragment = await (
        await app.request(
          `/v1/recommendations.html?lat=${SPOT.lat}&lon=${SPOT.lon}&radius=3&k=10&period=week`,
        )
      ).text();
      // A lax policy on purpose: only the escaping stands between the data and script execution.
      c.header('Content-Security-Policy', "default-src 'self' 'unsafe-inline'");
      return c.html(
        `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Fragment</title></head><body>${fragment}</body></html>`,
      );
    });
  },
};

beforeAll(async () => {
  if (!hasChromium) return;
  await ensureWidgetBuilt();
  server = await startDemoServer([testRoutes]);
  const now = new Date().toISOString();
  // Titles straight into the store (past the importers' own tag stripping): the renderers must hold alone.
  const around = (id: string, dLat: number) =>
    venue(id, {
      name: `Salle ${id} <b onmouseover=alert(1)>`,
      address: `${id} route du plateau`,
      postcode: '19290',
      inseeCode: null,
      town: 'Peyrelevade',
      location: { lat: SPOT.lat + dLat, lon: SPOT.lon },
    });
  await server.store.applyImport(
    batch('hostile', {
      venues: [around('h1', 0.001), around('h2', 0.004), around('h3', -0.004)],
      shows: [
        show('x1', { title: XSS_IMG, discipline: 'theatre', description: '<script>window.__xss=5</script>' }),
        show('x2', { title: XSS_SCRIPT, discipline: 'danse' }),
        show('x3', { title: UNCLOSED, discipline: 'cirque' }),
      ],
      performances: [
        performance('p1', 'x1', 'h1', { start: soon(1), url: null }),
        performance('p2', 'x2', 'h2', { start: soon(2), url: null }),
        performance('p3', 'x3', 'h3', { start: soon(3), url: null }),
      ],
    }),
    { now },
  );
  // A partner's JSON-LD with javascript: links everywhere, through the real import endpoint.
  const key = (await server.store.createApiKey('Partenaire', ['hostile-partner'], now)).secret;
  const bad = 'javascript:window.__xss=6';
  const res = await fetch(`${server.url}/v1/imports?source=hostile-partner&format=jsonld`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/ld+json', Authorization: `Bearer ${key}` },
    body: JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'MusicEvent',
      '@id': 'https://partenaire.example/concert',
      name: 'Concert piégé',
      url: bad,
      image: bad,
      startDate: soon(2),
      location: {
        '@type': 'Place',
        name: 'Grange du plateau',
        url: bad,
        address: { '@type': 'PostalAddress', postalCode: '19290', addressLocality: 'Peyrelevade' },
        geo: { '@type': 'GeoCoordinates', latitude: SPOT.lat - 0.002, longitude: SPOT.lon + 0.002 },
      },
      offers: { '@type': 'Offer', price: '5', priceCurrency: 'EUR', url: bad },
    }),
  });
  expect(res.status, await res.text()).toBe(200);
  await server.state.refresh();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(path: string): Promise<{ page: Page; context: BrowserContext; dialogs: string[] }> {
  const context = await browser.newContext({ locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const p = await context.newPage();
  const dialogs: string[] = [];
  p.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await p.goto(`${server.url}${path}`);
  return { page: p, context, dialogs };
}

describe.skipIf(!hasChromium)('hostile catalogue data in Chromium', () => {
  it('the widget renders XSS titles as text and no javascript: URL reaches an href', async () => {
    const { page: p, context, dialogs } = await open('/test/xss-widget.html');
    const cards = p.locator('#w [part~="card"]:not([part~="skeleton"])');
    await cards.first().waitFor({ timeout: 20_000 });
    await p.waitForTimeout(300); // let any injected handler run, if there were one
    const titles = await p.locator('#w [part~="card-title"]').allTextContents();
    const shown = titles.map((t) => t.trim());
    expect(shown).toContain(XSS_IMG);
    expect(shown).toContain(XSS_SCRIPT);
    expect(shown.some((t) => t.startsWith('Nuit <img src=x'))).toBe(true);
    expect(shown).toContain('Concert piégé');
    // No element was created from the data: no img, script or b inside the cards.
    expect(await p.locator('#w [part~="card"] img[src="x"], #w script, #w b').count()).toBe(0);
    const hrefs = await p.locator('#w a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^https?:\/\//);
    expect(await p.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it('the HTML fragment, even under a CSP that allows inline script, runs nothing from the data', async () => {
    const { page: p, context, dialogs } = await open('/test/xss-fragment.html');
    await p.waitForTimeout(300);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the text a visitor sees
    const text = await p.locator('body').innerText();
    expect(text).toContain(XSS_IMG);
    expect(text).toContain('Revue <script>window.__xss=2</script>');
    expect(text).toContain('Concert piégé');
    expect(await p.locator('img[src="x"], b').count()).toBe(0);
    // Only the fragment's own data blocks are scripts, and they are not executable types.
    const types = await p.locator('script').evaluateAll((ss) => ss.map((s) => s.getAttribute('type')));
    for (const type of types) expect(type).toMatch(/^application\/(ld\+)?json$/);
    const hrefs = await p.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    for (const href of hrefs) expect(href).not.toMatch(/^\s*javascript:/i);
    expect(await p.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await context.close();
  });
});
