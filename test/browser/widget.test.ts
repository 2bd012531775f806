import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteModule } from '../../packages/server/src/index.js';
import { elementQuery, readAttributes } from '../../packages/widget/src/render.js';
import { hasChromium, launchChromium, NO_CHROMIUM } from './support/chromium.js';
import { type DemoServer, ensureWidgetBuilt, REPO, startDemoServer } from './support/server.js';

if (!hasChromium) console.warn(`[widget browser tests] skipped: ${NO_CHROMIUM}`);

const STRICT_CSP = "default-src 'self'";
// Around Tours, where the DATAtourisme part of the demo catalogue has shows every week.
const TOURS = 'lat="47.3937" lon="0.6827" radius="40" period="month"';
/** The element a host embeds the fragment in: the fragment's query is built from these attributes. */
const FRAGMENT_ELEMENT: Record<string, string> = {
  lat: '47.3937',
  lon: '0.6827',
  radius: '30',
  period: 'month',
};
const attributesOf = (a: Record<string, string>) =>
  Object.entries(a)
    .map(([k, v]) => `${k}="${v}"`)
    .join(' ');
/** La Parenthèse's two records in the demo catalogue (the demo venue page leaves them out). */
const PARENTHESE_VENUES = ['v974wrcdty2x4', 'vsafkkvjs75hv'];
const BLOIS = 'lat="47.586" lon="1.336" radius="60" period="month"';

function testPage(title: string, body: string, stylesheet?: string): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${stylesheet ? `<link rel="stylesheet" href="${stylesheet}">` : ''}
<script src="/widget/detour-widget.js" defer></script>
</head>
<body>
<main>
<h1>${title}</h1>
${body}
</main>
</body>
</html>`;
}

/** Host pages written for these tests, served by the real server under `default-src 'self'`. */
const PAGES: Record<string, string> = {
  'strict.html': testPage(
    'Page sous CSP stricte',
    `<detour-recommendations id="w" ${TOURS} no-images></detour-recommendations>`,
  ),
  'host-styles.html': testPage(
    'Styles de la page hôte',
    `<p>Texte de la page.</p>
<detour-recommendations id="themed" ${TOURS} no-images></detour-recommendations>
<detour-recommendations id="plain" ${TOURS} no-images></detour-recommendations>`,
    '/test/host.css',
  ),
  'shift.html': testPage(
    'Sans décalage',
    `<detour-recommendations id="g" ${TOURS} layout="grid" limit="4"></detour-recommendations>
<p id="after">Ce paragraphe ne doit pas bouger quand les propositions arrivent.</p>
<detour-recommendations id="c" ${TOURS} layout="carousel" limit="4" no-images></detour-recommendations>
<p id="after2">Ni celui-ci.</p>`,
  ),
  'no-history.html': testPage(
    'Sans historique',
    `<detour-recommendations id="n" ${TOURS} show="spac1f50y0791" no-images></detour-recommendations>`,
  ),
  'two.html': testPage(
    'Deux widgets',
    `<detour-recommendations id="a" ${TOURS} layout="list" limit="3" no-images></detour-recommendations>
<detour-recommendations id="b" ${BLOIS} layout="carousel" lang="en" limit="4" no-images></detour-recommendations>`,
  ),
};

// Hostile host CSS: none of it may reach inside the widget, except the custom property meant for it.
const HOST_CSS = `p { color: rgb(255, 0, 0) !important; }
* { font-size: 40px; }
h3, a { text-transform: uppercase; letter-spacing: 12px; }
#themed { --detour-accent: rgb(0, 110, 0); }`;

const testRoutes: RouteModule = {
  name: 'browser-test-pages',
  register(app) {
    for (const [name, html] of Object.entries(PAGES)) {
      app.get(`/test/${name}`, (c) => {
        c.header('Content-Security-Policy', STRICT_CSP);
        return c.html(html);
      });
    }
    // A page that includes the server-rendered fragment inside the element, as a venue's CMS would, its query
    // built from the element's own attributes; beside it, the same element without a fragment.
    app.get('/test/fragment.html', async (c) => {
      const o = readAttributes({
        getAttribute: (name) => FRAGMENT_ELEMENT[name] ?? null,
        hasAttribute: (name) => name in FRAGMENT_ELEMENT,
      });
      const query = new URLSearchParams(elementQuery(o, Date.now(), 'fr'));
      const origin = new URL(c.req.url).origin;
      const fragment = await (await app.request(`${origin}/v1/recommendations.html?${query}`)).text();
      c.header('Content-Security-Policy', `${STRICT_CSP}; img-src 'self' https:`);
      return c.html(
        testPage(
          'Fragment',
          `<detour-recommendations id="f" ${attributesOf(FRAGMENT_ELEMENT)}>${fragment}</detour-recommendations>
<detour-recommendations id="plain" ${attributesOf(FRAGMENT_ELEMENT)}></detour-recommendations>`,
        ),
      );
    });
    app.get('/test/host.css', (c) => c.body(HOST_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8' }));
    // axe-core from our own origin, so that pages under a strict CSP can load it.
    const axe = readFileSync(join(REPO, 'node_modules', 'axe-core', 'axe.min.js'));
    app.get('/test/axe.min.js', (c) =>
      c.body(new Uint8Array(axe), 200, { 'Content-Type': 'text/javascript' }),
    );
  },
};

let server: DemoServer;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  if (!hasChromium) return;
  await ensureWidgetBuilt();
  server = await startDemoServer([testRoutes]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Watched {
  page: Page;
  violations: string[];
  errors: string[];
  recommendationRequests: string[];
}

/** A new page recording CSP violations (event and console), page errors and recommendation requests. */
async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<Watched> {
  context = await browser.newContext({ viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  const page = await context.newPage();
  const violations: string[] = [];
  const errors: string[] = [];
  const recommendationRequests: string[] = [];
  await page.exposeFunction('__reportViolation', (v: string) => violations.push(v));
  // Init scripts run through the DevTools protocol, outside the page's CSP.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportViolation(v: string): void }).__reportViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      );
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => {
    if (r.url().includes('/v1/recommendations')) recommendationRequests.push(r.url());
  });
  await page.goto(`${server.url}${path}`);
  return { page, violations, errors, recommendationRequests };
}

/** Scrolls the widget into view and waits for its cards (not skeletons). */
async function cardsOf(page: Page, selector: string) {
  await page.locator(selector).scrollIntoViewIfNeeded();
  // :visible leaves out the cards of a server-rendered fragment inside the element (light DOM, not shown).
  const cards = page.locator(`${selector} [part~="card"]:not([part~="skeleton"]):visible`);
  await cards.first().waitFor({ timeout: 15_000 });
  return cards;
}

describe.skipIf(!hasChromium)('widget in Chromium against the real server', () => {
  it('the venue page shows cards with their reasons, and no CSP violation', async () => {
    const { page, violations, errors } = await open('/exemple/');
    const cards = await cardsOf(page, 'detour-recommendations');
    expect(await cards.count()).toBeGreaterThan(0);
    const reasons = await page.locator('detour-recommendations [part~="reason"]').allTextContents();
    expect(reasons.length).toBe(await cards.count());
    for (const reason of reasons) expect(reason.trim().length).toBeGreaterThan(3);
    const titles = await page.locator('detour-recommendations [part~="card-title"]').allTextContents();
    expect(titles.every((t) => t.trim().length > 0)).toBe(true);
    // The venue's own title override, in French.
    expect(await page.locator('detour-recommendations h2').textContent()).toBe(
      'Ailleurs près de chez nous ce mois-ci',
    );
    await page.locator('detour-recommendations summary').click();
    const whyItems = page.locator('detour-recommendations details ul li');
    expect(await whyItems.count()).toBeGreaterThanOrEqual(await cards.count());
    expect(await page.locator('detour-recommendations [part="policy-link"]').getAttribute('href')).toBe(
      `${server.url}/policy`,
    );
    mkdirSync(join(REPO, 'artifacts'), { recursive: true });
    await page.screenshot({ path: join(REPO, 'artifacts', 'widget-venue-page.png'), fullPage: true });
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('the show page asks for picks similar to its show, and remembers it for the next page', async () => {
    const { page, recommendationRequests } = await open('/exemple/spectacle.html');
    await cardsOf(page, 'detour-recommendations');
    expect(new URL(recommendationRequests[0]!).searchParams.get('show')).toBe('spac1f50y0791');
    expect(await page.evaluate(() => localStorage.getItem('detour:history'))).toBe('["spac1f50y0791"]');
    await page.goto(`${server.url}/exemple/`);
    await cardsOf(page, 'detour-recommendations');
    expect(new URL(recommendationRequests.at(-1)!).searchParams.get('history')).toBe('spac1f50y0791');
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it('is fully usable from the keyboard: Tab reaches the carousel, arrows move between slides, focus is visible', async () => {
    const { page } = await open('/exemple/');
    const cards = await cardsOf(page, 'detour-recommendations');
    const slideCount = await cards.count();
    const focused = () =>
      page.evaluate(() => {
        const host = document.activeElement;
        const inner = host?.shadowRoot?.activeElement as HTMLElement | null | undefined;
        if (!inner) return null;
        const slide = inner.closest('[role="group"]');
        const style = getComputedStyle(inner);
        return {
          tag: inner.tagName,
          text: inner.textContent?.trim() ?? '',
          label: inner.getAttribute('aria-label'),
          slide: slide?.getAttribute('aria-label') ?? null,
          outline: `${style.outlineStyle} ${style.outlineWidth}`,
        };
      });
    let state = await focused();
    for (let i = 0; i < 40 && !state?.slide; i++) {
      await page.keyboard.press('Tab');
      state = await focused();
    }
    // Every pick links somewhere (the partner's page, else Détour's show page): Tab stops at the first slide.
    const linked = await page.evaluate(() =>
      [
        ...document.querySelector('detour-recommendations')!.shadowRoot!.querySelectorAll('[role="group"]'),
      ].map((slide) => slide.querySelector('a[href]') !== null),
    );
    expect(linked).toEqual(Array(slideCount).fill(true));
    expect(state).toMatchObject({ tag: 'A', slide: `1 sur ${slideCount}` });
    expect(state!.outline).toMatch(/^solid [3-9]/);
    if (slideCount > 1) {
      await page.keyboard.press('ArrowRight');
      expect((await focused())?.slide).toBe(`2 sur ${slideCount}`);
      await page.keyboard.press('End');
      expect((await focused())?.slide).toBe(`${slideCount} sur ${slideCount}`);
      await page.keyboard.press('Home');
      expect((await focused())?.slide).toBe(`1 sur ${slideCount}`);
    }
    // Shift+Tab goes back to the "Suivant" button; Enter on it moves the carousel.
    await page.keyboard.press('Shift+Tab');
    expect((await focused())?.label).toBe('Suivant');
    if (slideCount > 1) {
      await page.keyboard.press('Enter');
      const prevEnabled = await page.evaluate(
        () =>
          !(
            document
              .querySelector('detour-recommendations')!
              .shadowRoot!.querySelector('[aria-label="Précédent"]') as HTMLButtonElement
          ).disabled,
      );
      expect(prevEnabled).toBe(true);
    }
    // Onwards to the disclosure, opened with the keyboard.
    for (let i = 0; i < 30 && (await focused())?.tag !== 'SUMMARY'; i++) await page.keyboard.press('Tab');
    expect((await focused())?.text).toBe('Pourquoi ces propositions ?');
    await page.keyboard.press('Enter');
    expect(await page.locator('detour-recommendations details').getAttribute('open')).toBe('');
    await context.close();
  });

  it("on a page under `default-src 'self'` with no inline code, nothing is blocked", async () => {
    const { page, violations, errors } = await open('/test/strict.html');
    const cards = await cardsOf(page, '#w');
    expect(await cards.count()).toBeGreaterThan(0);
    // Styles applied through the constructable stylesheet, not blocked: cards have their border.
    const border = await page.evaluate(
      () =>
        getComputedStyle(document.querySelector('#w')!.shadowRoot!.querySelector('[part~="card"]')!)
          .borderTopStyle,
    );
    expect(border).toBe('solid');
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a custom property set by the host restyles the widget; the host’s own CSS does not leak in', async () => {
    const { page, violations } = await open('/test/host-styles.html');
    await cardsOf(page, '#themed');
    await cardsOf(page, '#plain');
    const styles = await page.evaluate(() => {
      const look = (id: string) => {
        const root = document.getElementById(id)!.shadowRoot!;
        const link = root.querySelector('a[part~="link"]') ?? root.querySelector('summary')!;
        const meta = root.querySelector('[part~="meta"]')!;
        const title = root.querySelector('[part~="card-title"]')!;
        return {
          accent: getComputedStyle(link).color,
          metaColor: getComputedStyle(meta).color,
          titleSize: getComputedStyle(title).fontSize,
          titleTransform: getComputedStyle(title).textTransform,
          letterSpacing: getComputedStyle(title).letterSpacing,
        };
      };
      return {
        themed: look('themed'),
        plain: look('plain'),
        hostP: getComputedStyle(document.querySelector('main > p')!).color,
      };
    });
    expect(styles.hostP).toBe('rgb(255, 0, 0)');
    expect(styles.themed.accent).toBe('rgb(0, 110, 0)');
    expect(styles.plain.accent).not.toBe('rgb(0, 110, 0)');
    for (const look of [styles.themed, styles.plain]) {
      expect(look.metaColor).not.toBe('rgb(255, 0, 0)');
      expect(Number.parseFloat(look.titleSize)).toBeLessThan(30);
      expect(look.titleTransform).toBe('none');
      expect(look.letterSpacing).toBe('normal');
    }
    expect(violations).toEqual([]);
    await context.close();
  });

  it('cards replace the skeleton without moving anything (no layout shift), in grid and carousel layouts', async () => {
    context = await browser.newContext({ viewport: { width: 1000, height: 1400 } });
    const page = await context.newPage();
    // Hold the API until the skeleton has been measured.
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    await page.route('**/v1/recommendations?*', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${server.url}/test/shift.html`);
    await page.locator('#c [part~="skeleton"]').first().waitFor();
    const before = await page.evaluate(() => ({
      after: document.getElementById('after')!.getBoundingClientRect().top,
      after2: document.getElementById('after2')!.getBoundingClientRect().top,
    }));
    await page.evaluate(() => {
      (window as unknown as { __shift: number }).__shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { value: number }[])
          (window as unknown as { __shift: number }).__shift += e.value;
      }).observe({ type: 'layout-shift' });
    });
    release();
    await cardsOf(page, '#g');
    await cardsOf(page, '#c');
    expect(await page.locator('#g [part~="card"]:not([part~="skeleton"])').count()).toBe(4);
    expect(await page.locator('#c [part~="card"]:not([part~="skeleton"])').count()).toBe(4);
    await page.evaluate(() => window.scrollTo(0, 0));
    const after = await page.evaluate(() => ({
      after: document.getElementById('after')!.getBoundingClientRect().top,
      after2: document.getElementById('after2')!.getBoundingClientRect().top,
      shift: (window as unknown as { __shift: number }).__shift,
    }));
    expect(after.after).toBe(before.after);
    expect(after.after2).toBe(before.after2);
    expect(after.shift).toBe(0);
    await context.close();
  });

  it('two widgets on one page work independently', async () => {
    const { page, recommendationRequests } = await open('/test/two.html');
    const a = await cardsOf(page, '#a');
    const b = await cardsOf(page, '#b');
    expect(await a.count()).toBeLessThanOrEqual(3);
    expect(await b.count()).toBeLessThanOrEqual(4);
    expect(await page.locator('#a h2').textContent()).toBe('À découvrir près d’ici');
    expect(await page.locator('#b h2').textContent()).toBe('Discover nearby');
    expect(await page.locator('#a ol[part="list"]').count()).toBe(1);
    expect(await page.locator('#b [aria-roledescription="carousel"]').count()).toBe(1);
    const places = recommendationRequests.map((u) => new URL(u).searchParams.get('lat'));
    expect(places.sort()).toEqual(['47.3937', '47.586']);
    // Changing one widget re-requests for that one only, and leaves the other as it was.
    const before = recommendationRequests.length;
    const bTitles = await page.locator('#b [part~="card-title"]').allTextContents();
    await page.evaluate(() => document.getElementById('a')!.setAttribute('radius', '15'));
    await page.waitForFunction(
      () => (document.getElementById('a') as unknown as { state: { kind: string } }).state.kind === 'ready',
    );
    await page.waitForTimeout(200);
    expect(recommendationRequests.slice(before).map((u) => new URL(u).searchParams.get('radius'))).toEqual([
      '15',
    ]);
    expect(await page.locator('#b [part~="card-title"]').allTextContents()).toEqual(bTitles);
    await context.close();
  });

  it('honours prefers-reduced-motion: no smooth scrolling, no pulsing skeleton', async () => {
    const { page } = await open('/test/two.html');
    await cardsOf(page, '#b');
    const motion = () =>
      page.evaluate(() => {
        const root = document.getElementById('b')!.shadowRoot!;
        return getComputedStyle(root.querySelector('.track')!).scrollBehavior;
      });
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    expect(await motion()).toBe('smooth');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await motion()).toBe('auto');
    // The skeleton, shown again while a new place loads.
    await page.route('**/v1/recommendations?*', () => {});
    await page.evaluate(() => document.getElementById('b')!.setAttribute('lat', '47.39'));
    await page.locator('#b [part~="skeleton"]').first().waitFor();
    const animation = await page.evaluate(
      () =>
        getComputedStyle(document.getElementById('b')!.shadowRoot!.querySelector('.sk .body > *')!)
          .animationName,
    );
    expect(animation).toBe('none');
    await context.close();
  });

  it('stays within a 280 px wide screen', async () => {
    const { page } = await open('/test/two.html', { width: 280, height: 800 });
    await cardsOf(page, '#a');
    await cardsOf(page, '#b');
    const widths = await page.evaluate(() =>
      ['a', 'b'].map((id) => {
        const host = document.getElementById(id)!;
        const root = host.shadowRoot!.querySelector('.root') as HTMLElement;
        return {
          host: host.getBoundingClientRect().width,
          scroll: root.scrollWidth,
          client: root.clientWidth,
        };
      }),
    );
    for (const w of widths) {
      expect(w.host).toBeLessThanOrEqual(280);
      expect(w.scroll).toBeLessThanOrEqual(w.client);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(280);
    await context.close();
  });

  it('the fragment built from the element’s attributes reads without JavaScript, and the element shows the same cards without a request', async () => {
    // Without JavaScript: the fragment's own markup, every card linked and reachable with Tab, with JSON-LD.
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(`${server.url}/test/fragment.html`);
    const fragmentTitles = await plain
      .locator('#f section.detour-fragment [part~="card-title"]')
      .allTextContents();
    expect(fragmentTitles.length).toBeGreaterThan(3);
    expect(await plain.locator('#f section.detour-fragment h2').isVisible()).toBe(true);
    const links = await plain
      .locator('#f section.detour-fragment [part~="card-title"] a')
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(links).toHaveLength(fragmentTitles.length);
    const reached = new Set<string>();
    for (let i = 0; i < 60 && reached.size < links.length; i++) {
      await plain.keyboard.press('Tab');
      const href = await plain.evaluate(
        () => (document.activeElement as HTMLAnchorElement | null)?.href ?? '',
      );
      if (links.includes(href)) reached.add(href);
    }
    expect(reached.size).toBe(new Set(links).size);
    const jsonLd = JSON.parse((await plain.locator('script[type="application/ld+json"]').textContent())!);
    expect([jsonLd].flat().map((e: { name: string }) => e.name)).toEqual(fragmentTitles);
    await noJs.close();
    // With JavaScript: the embedded answer was computed for the element's radius="30" period="month", so
    // the element renders it in place; the same element without a fragment asks and gets the same cards.
    const { page, recommendationRequests, violations } = await open('/test/fragment.html');
    await cardsOf(page, '#f');
    await cardsOf(page, '#plain');
    const cardText = (id: string) =>
      page.locator(`#${id} [part~="card"]:not([part~="skeleton"]):visible`).evaluateAll((cards) =>
        cards.map((c) => ({
          title: c.querySelector('[part~="card-title"]')?.textContent,
          href: c.querySelector('a')?.getAttribute('href'),
          lines: [...c.querySelectorAll('[part~="meta"], [part~="reason"]')].map((p) => p.textContent),
        })),
      );
    const embedded = await cardText('f');
    expect(embedded.map((c) => c.title)).toEqual(fragmentTitles);
    expect(embedded.map((c) => c.href)).toEqual(links);
    expect(await cardText('plain')).toEqual(embedded);
    await page.waitForTimeout(300);
    expect(recommendationRequests).toHaveLength(1);
    const asked = new URL(recommendationRequests[0]!).searchParams;
    expect([asked.get('radius'), asked.get('k')]).toEqual(['30', '6']);
    expect(violations).toEqual([]);
    await context.close();
  });

  it('every card of the element has a link and is reachable with Tab (list layout)', async () => {
    const { page } = await open('/test/no-history.html');
    const cards = await cardsOf(page, '#n');
    const links = await page
      .locator('#n [part~="card"]:not([part~="skeleton"])')
      .evaluateAll((cs) => cs.map((c) => c.querySelector('a[href]')?.getAttribute('href') ?? null));
    expect(links).toHaveLength(await cards.count());
    expect(links.every((href) => href && /^https?:\/\//.test(href))).toBe(true);
    const reached = new Set<string>();
    for (let i = 0; i < 40 && reached.size < links.length; i++) {
      await page.keyboard.press('Tab');
      const href = await page.evaluate(
        () => document.querySelector('#n')!.shadowRoot!.activeElement?.getAttribute('href') ?? '',
      );
      if (links.includes(href)) reached.add(href);
    }
    expect(reached.size).toBe(new Set(links).size);
    await context.close();
  });

  it('the demo venue page recommends none of the venue’s own shows', async () => {
    const { page } = await open('/');
    await cardsOf(page, 'detour-recommendations');
    const response = await page.evaluate(
      () =>
        (
          document.querySelector('detour-recommendations') as unknown as {
            state: {
              response: {
                items: { show: { id: string }; venue: { id: string } }[];
                context: Record<string, string>;
              };
            };
          }
        ).state.response,
    );
    expect(response.items.length).toBeGreaterThan(0);
    expect(response.items.filter((i) => PARENTHESE_VENUES.includes(i.venue.id))).toEqual([]);
    // The same query without the exclusion does propose the venue's own shows: those must all be absent.
    const { lat, lon, radiusKm, from, to } = response.context;
    const all = (await (
      await fetch(
        `${server.url}/v1/recommendations?lat=${lat}&lon=${lon}&radius=${radiusKm}&from=${from}&to=${to}&k=50`,
      )
    ).json()) as { items: { show: { id: string; title: string }; venue: { id: string } }[] };
    const own = all.items.filter((i) => PARENTHESE_VENUES.includes(i.venue.id));
    expect(own.length).toBeGreaterThan(0);
    const shown = new Set(response.items.map((i) => i.show.id));
    expect(own.filter((i) => shown.has(i.show.id))).toEqual([]);
    const titles = await page.locator('detour-recommendations [part~="card-title"]').allTextContents();
    expect(titles.some((t) => /Moi et toi sous le même toit/.test(t))).toBe(false);
    await context.close();
  });

  it('without the history attribute, nothing is written to storage, even after a show page and a click', async () => {
    const { page } = await open('/test/no-history.html');
    await cardsOf(page, '#n');
    await page.evaluate(() => {
      const a = document
        .querySelector('#n')!
        .shadowRoot!.querySelector('a[part~="link"]') as HTMLAnchorElement;
      a.addEventListener('click', (e) => e.preventDefault());
      a.click();
    });
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0]);
    expect(await page.locator('#n [part="memory"]').count()).toBe(0);
    expect(await context.cookies()).toEqual([]);
    await context.close();
  });

  it('with history, « Pourquoi ces propositions ? » shows what is remembered and « Effacer » empties it', async () => {
    const { page } = await open('/exemple/spectacle.html');
    await cardsOf(page, 'detour-recommendations');
    await page.waitForFunction(() => localStorage.getItem('detour:history') === '["spac1f50y0791"]');
    await page.locator('detour-recommendations summary').click();
    const memory = page.locator('detour-recommendations [part="memory"] p');
    await expect.poll(() => memory.textContent()).toContain('pour varier les propositions : 1 (');
    await page.locator('detour-recommendations [part="memory"] button', { hasText: 'Effacer' }).click();
    await expect.poll(() => page.evaluate(() => localStorage.getItem('detour:history'))).toBeNull();
    await expect.poll(() => memory.textContent()).toBe('Aucun spectacle consulté n’est gardé.');
    await page
      .locator('detour-recommendations [part="memory"] button', { hasText: 'Ne plus mémoriser' })
      .click();
    await expect.poll(() => memory.textContent()).toBe('Mémoire désactivée : rien n’est gardé.');
    await page.reload();
    await cardsOf(page, 'detour-recommendations');
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => localStorage.getItem('detour:history'))).toBeNull();
    await context.close();
  });

  it('a show page works without JavaScript: performances, similar shows linked, JSON-LD that parses', async () => {
    const r = (await (
      await fetch(`${server.url}/v1/recommendations?lat=47.3937&lon=0.6827&radius=30&k=3`)
    ).json()) as { items: { show: { id: string; title: string } }[] };
    const show = r.items[0]!.show;
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const page = await noJs.newPage();
    const res = await page.goto(`${server.url}/spectacles/${encodeURIComponent(show.id)}`);
    expect(res!.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe(show.title);
    expect(await page.locator('ul.perfs > li').count()).toBeGreaterThan(0);
    for (const raw of await page.locator('script[type="application/ld+json"]').allTextContents()) {
      const events = [JSON.parse(raw)].flat() as { '@type': string; name: string; startDate: string }[];
      expect(events.length).toBeGreaterThan(0);
      for (const e of events) {
        expect(e.name).toBe(show.title);
        expect(Number.isNaN(Date.parse(e.startDate))).toBe(false);
      }
    }
    const similar = page.locator('.similar [part~="card"]');
    expect(await similar.count()).toBeGreaterThan(0);
    expect(await page.locator('.similar [part~="card"] a[href]').count()).toBe(await similar.count());
    expect(await page.locator('.similar [part~="reason"]').count()).toBe(await similar.count());
    expect(await page.locator('footer').textContent()).toContain('DATAtourisme');
    const favicon = await page.request.get(`${server.url}/favicon.ico`);
    expect(favicon.status()).toBe(200);
    await noJs.close();
  });

  it('axe-core finds no violation: venue page, list and carousel, light and dark themes', async () => {
    // The venue site sets its own light colours (and theme="light"); the test page leaves both themes open.
    const showId = (
      (await (
        await fetch(`${server.url}/v1/recommendations?lat=47.3937&lon=0.6827&radius=30&k=1`)
      ).json()) as {
        items: { show: { id: string } }[];
      }
    ).items[0]!.show.id;
    const cases: [string, string[]][] = [
      ['/exemple/', ['light']],
      ['/exemple/spectacle.html', ['light']],
      ['/test/two.html', ['light', 'dark']],
      ['/test/fragment.html', ['light', 'dark']],
      [`/spectacles/${encodeURIComponent(showId)}`, []],
    ];
    for (const [path, themes] of cases) {
      const { page, violations } = await open(path);
      for (const id of await page
        .locator('detour-recommendations')
        .evaluateAll((els) => els.map((e, i) => (e.id ||= `w${i}`)))) {
        await cardsOf(page, `#${id}`);
        await page.locator(`#${id} summary:visible`).click();
      }
      // The show page's « Pourquoi » panel, open too.
      for (const summary of await page.locator('.similar summary').all()) await summary.click();
      await page.addScriptTag({ url: '/test/axe.min.js' });
      // A page without the element has no theme to switch: audited once as it is.
      for (const theme of themes.length ? themes : [null]) {
        await page.evaluate((t) => {
          if (t)
            for (const el of document.querySelectorAll('detour-recommendations')) el.setAttribute('theme', t);
        }, theme);
        await page.waitForTimeout(50);
        const result = await page.evaluate(async () => {
          const axe = (
            window as unknown as {
              axe: { run(ctx: unknown, o: unknown): Promise<{ violations: unknown[] }> };
            }
          ).axe;
          const r = await axe.run(document, { resultTypes: ['violations'] });
          return (r.violations as { id: string; nodes: { target: unknown; failureSummary: string }[] }[]).map(
            (v) => ({
              id: v.id,
              nodes: v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary}`),
            }),
          );
        });
        expect(result, `${path} (${theme})`).toEqual([]);
      }
      expect(violations).toEqual([]);
      await context.close();
    }
  });
});
