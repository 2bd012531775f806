import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatalogueServer, type TestServer } from '../../packages/server/test/http/support.js';
import { hasChromium, launchChromium, NO_CHROMIUM } from './support/chromium.js';

if (!hasChromium) console.warn(`[docs browser tests] skipped: ${NO_CHROMIUM}`);

let t: TestServer;
let browser: Browser;
beforeAll(async () => {
  if (!hasChromium) return;
  t = await startCatalogueServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await t?.stop();
});

describe.skipIf(!hasChromium)('/docs on a phone (375 px, Chromium)', () => {
  it('fits the screen without horizontal scroll and shows each operation’s example and curl command', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const res = await page.goto(`${t.url}/docs`);
    expect(res?.status()).toBe(200);
    const widths = await page.evaluate(() => ({
      document: document.documentElement.scrollWidth,
      body: document.body.scrollWidth,
      viewport: window.innerWidth,
      // Anything wider than the screen, named for the failure message.
      wide: [...document.querySelectorAll('main *')]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5)
        .map(
          (el) =>
            `${el.tagName.toLowerCase()}.${el.className} ${Math.round(el.getBoundingClientRect().right)}px`,
        ),
    }));
    expect(widths.wide).toEqual([]);
    expect(widths.document).toBeLessThanOrEqual(widths.viewport);
    expect(widths.body).toBeLessThanOrEqual(widths.viewport);

    const recommendations = page.locator('#op-get-v1-recommendations');
    const curl = recommendations.locator('pre.curl');
    await curl.scrollIntoViewIfNeeded();
    expect(await curl.isVisible()).toBe(true);
    expect(await curl.textContent()).toContain(
      "curl -sS 'http://127.0.0.1:8787/v1/recommendations?lat=47.39",
    );
    const response = recommendations.locator('pre.response');
    expect(await response.isVisible()).toBe(true);
    expect(await response.textContent()).toContain('"policyVersion"');
    const box = await response.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(375);
    // Every operation carries its example.
    const operations = await page.locator('section.op').count();
    expect(operations).toBeGreaterThanOrEqual(18);
    expect(await page.locator('section.op pre.curl').count()).toBe(operations);
    await context.close();
  });
});
