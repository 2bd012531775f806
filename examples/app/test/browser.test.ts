// The built app in real Chromium, against the real server holding the DATAtourisme export: a place,
// picks with reasons, a show page with similar shows, the history in localStorage — under a strict CSP.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../packages/server/src/catalogue/import.js';
import { type RunningServer, silentLogger, startServer } from '../../../packages/server/src/index.js';
import { openStore } from '../../../packages/server/src/store/open.js';
import { hasChromium, launchChromium, NO_CHROMIUM } from '../../../test/browser/support/chromium.js';
import { serveApp } from '../serve.mjs';

const run = promisify(execFile);
const APP = fileURLToPath(new URL('..', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const DATATOURISME = join(
  REPO,
  '..',
  'shared',
  'data',
  'datatourisme-centre-val-de-loire-events-2020.jsonld',
);
const NOW = '2020-09-15T08:00:00.000Z';

let api: RunningServer;
let site: { url: string; close(): Promise<void> };
let siteUrl: string;
let dir: string;
let browser: Browser;

describe.skipIf(!hasChromium)(
  `examples/app in Chromium${hasChromium ? '' : ` (skipped: ${NO_CHROMIUM})`}`,
  () => {
    beforeAll(async () => {
      await run(process.execPath, [join(REPO, 'node_modules', 'tsup', 'dist', 'cli-default.js')], {
        cwd: APP,
      });
      dir = mkdtempSync(join(tmpdir(), 'detour-app-'));
      const store = await openStore({ dataDir: dir, databaseUrl: null });
      await importFile(store, { file: DATATOURISME, format: 'jsonld', source: 'datatourisme-cvl', now: NOW });
      await store.close();
      api = await startServer(
        { port: 0, host: '127.0.0.1', dataDir: dir, databaseUrl: null },
        { clock: () => new Date(NOW), log: silentLogger, exposureEveryMs: 0, revisionPollMs: 0 },
      );
      site = await serveApp({ api: api.url, port: 0 });
      siteUrl = site.url;
      browser = await launchChromium();
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      await site?.close();
      await api?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('shows picks near Tours with reasons, opens a show and its similar shows, keeps the history locally', async () => {
      const page = await browser.newPage();
      // The machine is offline: the venues' images (on their own hosts) get an empty answer.
      await page.route(
        (url) => url.hostname !== '127.0.0.1',
        (route) => route.fulfill({ status: 204 }),
      );
      const problems: string[] = [];
      page.on('console', (m) => {
        // Failed loads are reported below with their URL.
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('requestfailed', (r) => problems.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
      page.on('response', (r) => {
        if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
      });
      const beacons: string[] = [];
      page.on('response', (r) => {
        if (r.url().endsWith('/v1/impressions') && r.request().method() === 'POST')
          beacons.push(String(r.status()));
      });
      await page.goto(`${siteUrl}/#/?town=Tours&radius=20`);
      await page.locator('.card').first().waitFor({ timeout: 30_000 });
      expect(await page.locator('#picks-title').textContent()).toBe('Autour de Tours, à 20 km');
      expect((await page.locator('.card .reason').first().textContent())?.length).toBeGreaterThan(3);
      const title = (await page.locator('.card h3 a').first().textContent())!;
      await page.locator('.card h3 a').first().click();
      await expect.poll(() => page.locator('main h2').textContent(), { timeout: 15_000 }).toBe(title);
      await page
        .locator('[aria-labelledby="similar-title"] .card, [aria-labelledby="similar-title"] .note')
        .first()
        .waitFor();
      const stored = await page.evaluate(() => localStorage.getItem('detour:history'));
      expect(JSON.parse(stored ?? '[]')).toHaveLength(1);
      expect(await page.evaluate(() => document.cookie)).toBe('');
      mkdirSync(join(REPO, 'test-results'), { recursive: true });
      await page.screenshot({ path: join(REPO, 'test-results', 'example-app-show.png'), fullPage: true });
      // The impressions went out cross-origin (fetch keepalive, no credentials) and were accepted.
      await expect.poll(() => beacons.length).toBeGreaterThan(0);
      expect(beacons).toContain('202');
      // No CSP violation, no script error, no refused request.
      expect(problems).toEqual([]);
      await page.close();
    });
  },
);
