import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchChromium } from '../../test/browser/support/chromium.js';
import { ensureWidgetBuilt, startDemoServer } from '../../test/browser/support/server.js';
import { machineDescription } from '../machine.js';
import { fmt, writeResults } from './common.js';

/**
 * `npm run bench:widget`: what a widget view costs a visitor, in Chromium (Debian's, headless), on the
 * example venue site served by the real server over the demo catalogue. Bytes are CDP
 * `Network.loadingFinished.encodedDataLength` (what crossed the wire, headers included). A view is the
 * page loaded, then the widget scrolled into view (it fetches only near the viewport) until its list is
 * shown and its impression beacon sent. The repeat view is the same page again in the same browser profile
 * (HTTP cache kept), as a visitor coming back to it a bit later.
 */

const COMMAND = 'npm run bench:widget';
const PAGE = '/exemple/';

type Kind = 'JavaScript' | 'CSS' | 'API' | 'images' | 'page';

interface RequestRecord {
  url: string;
  method: string;
  kind: Kind;
  widget: boolean;
  status: number | null;
  bytes: number;
  fromCache: boolean;
  failed: boolean;
}

function kindOf(url: string, type: string): { kind: Kind; widget: boolean } {
  const path = new URL(url).pathname;
  if (path.startsWith('/widget/'))
    return { kind: type === 'Stylesheet' ? 'CSS' : 'JavaScript', widget: true };
  if (path.startsWith('/v1/')) return { kind: 'API', widget: true };
  if (type === 'Image') return { kind: 'images', widget: false };
  return { kind: type === 'Stylesheet' ? 'CSS' : type === 'Script' ? 'JavaScript' : 'page', widget: false };
}

async function recordView(context: BrowserContext, base: string): Promise<RequestRecord[]> {
  const page: Page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  const records = new Map<string, RequestRecord>();
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.startsWith('data:')) return;
    records.set(e.requestId, {
      url: e.request.url,
      method: e.request.method,
      ...kindOf(e.request.url, e.type ?? ''),
      status: null,
      bytes: 0,
      fromCache: false,
      failed: false,
    });
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = records.get(e.requestId);
    if (r) r.fromCache = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = records.get(e.requestId);
    if (!r) return;
    r.status = e.response.status;
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) r.fromCache = true;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = records.get(e.requestId);
    if (r) r.bytes = e.encodedDataLength;
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = records.get(e.requestId);
    if (r) r.failed = true;
  });

  await page.goto(base + PAGE, { waitUntil: 'load' });
  const widget = page.locator('detour-recommendations');
  await widget.scrollIntoViewIfNeeded();
  await page.locator('detour-recommendations [part~="card-title"]').first().waitFor({ timeout: 30_000 });
  await widget.scrollIntoViewIfNeeded();
  // The impression beacon goes once half the list has been visible; then let the network settle.
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && ![...records.values()].some((r) => r.url.includes('/v1/impressions')))
    await page.waitForTimeout(100);
  await page.waitForTimeout(1000);
  await cdp.detach();
  await page.close();
  return [...records.values()];
}

function summarise(records: RequestRecord[]) {
  const widget = records.filter((r) => r.widget);
  const network = widget.filter((r) => !r.fromCache);
  const sum = (list: RequestRecord[]) => list.reduce((a, r) => a + r.bytes, 0);
  const byKind = Object.fromEntries(
    (['JavaScript', 'CSS', 'API'] as const).map((k) => {
      const list = widget.filter((r) => r.kind === k);
      return [
        k,
        {
          requests: list.filter((r) => !r.fromCache).length,
          bytes: sum(list),
          cached: list.filter((r) => r.fromCache).length,
        },
      ];
    }),
  ) as Record<'JavaScript' | 'CSS' | 'API', { requests: number; bytes: number; cached: number }>;
  return {
    bytes: sum(widget),
    requests: network.length,
    servedFromCache: widget.filter((r) => r.fromCache).length,
    byKind,
    images: records.filter((r) => r.kind === 'images').length,
    hostPage: {
      requests: records.filter((r) => !r.widget && r.kind !== 'images').length,
      bytes: sum(records.filter((r) => !r.widget && r.kind !== 'images')),
    },
    list: widget.map((r) => ({
      url:
        new URL(r.url).pathname +
        (new URL(r.url).search.length > 60
          ? `${new URL(r.url).search.slice(0, 57)}…`
          : new URL(r.url).search),
      method: r.method,
      kind: r.kind,
      status: r.status,
      bytes: r.bytes,
      fromCache: r.fromCache,
    })),
  };
}

async function main(): Promise<void> {
  await ensureWidgetBuilt();
  const server = await startDemoServer();
  const browser = await launchChromium();
  let first: ReturnType<typeof summarise>;
  let repeat: ReturnType<typeof summarise>;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    first = summarise(await recordView(context, server.url));
    repeat = summarise(await recordView(context, server.url));
    await context.close();
  } finally {
    await browser.close();
    await server.stop();
  }
  const ok = (v: boolean) => (v ? 'yes' : '**no**');
  const row = (name: string, s: ReturnType<typeof summarise>) =>
    `| ${name} | **${fmt(s.bytes / 1000, 1)} kB** | **${s.requests}** (${s.servedFromCache} from cache) | ${fmt(s.byKind.JavaScript.bytes / 1000, 1)} kB | ${fmt(s.byKind.CSS.bytes / 1000, 1)} kB | ${fmt(s.byKind.API.bytes / 1000, 1)} kB (${s.byKind.API.requests} requests) |`;
  const detail = (s: ReturnType<typeof summarise>) =>
    s.list
      .map(
        (r) =>
          `| ${r.method} \`${r.url}\` | ${r.kind} | ${r.status ?? '—'} | ${fmt(r.bytes)} | ${r.fromCache ? 'cache' : 'network'} |`,
      )
      .join('\n');
  const md = `# Bytes and requests per widget view

Command: \`${COMMAND}\` (\`tsx --conditions=@detour/source bench/capacity/widget.ts\`).

Machine: ${machineDescription()}

Chromium (\`/usr/bin/chromium\`, headless, 1280 × 800) opens the example venue site \`${PAGE}\` served by the real
server over the demo catalogue, scrolls the \`<detour-recommendations>\` element into view (it fetches only near
the viewport) and waits for its list and its impression beacon. Bytes are what crossed the wire
(CDP \`encodedDataLength\`: compressed bodies plus response headers). Counted: the requests the widget causes
(its script, the API); not counted: the venue's own page, stylesheet and icon, and the shows' images (loaded from
the venues' sites, not from Détour). Repeat view: the same page opened again in the same browser profile.

| view | widget bytes | widget requests | JavaScript | CSS | API |
|---|---|---|---|---|---|
${row('first view', first)}
${row('repeat view', repeat)}

| target | result | met |
|---|---|---|
| ≤ 30 kB on first view | ${fmt(first.bytes / 1000, 1)} kB | ${ok(first.bytes <= 30_000)} |
| ≤ 5 kB on a repeat view | ${fmt(repeat.bytes / 1000, 1)} kB | ${ok(repeat.bytes <= 5_000)} |
| ≤ 3 requests | ${first.requests} first, ${repeat.requests} repeat | ${ok(first.requests <= 3 && repeat.requests <= 3)} |

The widget's styles are a constructable stylesheet inside its script: no CSS request.
Host page (not counted): ${first.hostPage.requests} requests, ${fmt(first.hostPage.bytes / 1000, 1)} kB on first view;
show images requested: ${first.images} (first view), ${repeat.images} (repeat).

First view, request by request:

| request | kind | status | bytes | from |
|---|---|---|---|---|
${detail(first)}

Repeat view:

| request | kind | status | bytes | from |
|---|---|---|---|---|
${detail(repeat)}
`;
  writeResults('widget-bytes', md, {
    command: COMMAND,
    machine: machineDescription(),
    page: PAGE,
    first,
    repeat,
    targets: { firstBytes: 30_000, repeatBytes: 5_000, requests: 3 },
  });
  console.log(md);
}

await main();
