// @vitest-environment happy-dom
// The example app rendered in happy-dom against the SDK's msw mocks (@detour/sdk/mocks): how an app
// builder tests a UI without a Détour server.
import { createDetourHandlers, shows } from '@detour/sdk/mocks';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mount } from '../src/app.js';

const API = 'https://api.detour.test';
const impressions: unknown[] = [];
const requested: URL[] = [];
const server = setupServer(
  ...createDetourHandlers({ baseUrl: API, onImpressions: (b) => impressions.push(b) }),
);
server.events.on('request:start', ({ request }) => void requested.push(new URL(request.url)));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

/** Polls until `probe` returns something truthy (rendering and fetches are asynchronous). */
async function until<T>(probe: () => T | null | undefined | false, what: string, ms = 4000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

let root: HTMLElement;
let unmount: () => void;
let storage: ReturnType<typeof memoryStorage>;

function go(hash: string) {
  location.hash = hash;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

beforeEach(() => {
  go('#/');
  impressions.length = 0;
  requested.length = 0;
  storage = memoryStorage();
  root = document.createElement('div');
  document.body.append(root);
  unmount = mount(root, { api: API, storage });
});

afterEach(() => {
  unmount();
  root.remove();
  server.resetHandlers();
});

const cards = () => [...root.querySelectorAll<HTMLElement>('.card')];

describe('examples/app', () => {
  it('asks for a place first, then lists nearby picks with their reasons, and reports impressions', async () => {
    expect(root.textContent).toContain('Choisissez une commune');
    go('#/?town=Tours&radius=20');
    await until(() => cards().length > 0, 'cards');
    expect(root.querySelector('#picks-title')?.textContent).toBe('Autour de Tours, à 20 km');
    const first = cards()[0]!;
    expect(first.querySelector('h3 a')?.getAttribute('href')).toMatch(/^#\/show\/s/);
    expect(first.querySelector('.reason')?.textContent).toMatch(/^À \d/);
    expect(first.querySelectorAll('details li').length).toBeGreaterThan(0);
    expect(root.querySelector('.attribution')?.textContent).toContain('DATAtourisme');
    const rec = requested.find((u) => u.pathname === '/v1/recommendations')!;
    expect(rec.searchParams.get('radius')).toBe('20');
    expect(rec.searchParams.has('history')).toBe(false);
    await until(() => impressions.length > 0, 'impression beacon');
    expect(impressions[0]).toMatchObject({
      policyVersion: 1,
      items: expect.arrayContaining([expect.objectContaining({ position: 1 })]),
    });
  });

  it('opens a show page with its performances and similar shows, and remembers it on the device only', async () => {
    const molière = shows.find((s) => s.title.startsWith('Molière'))!;
    go(`#/show/${molière.id}`);
    await until(() => root.querySelector('h2')?.textContent === molière.title, 'show title');
    expect(root.querySelectorAll('.performances li')).toHaveLength(2);
    await until(
      () => root.querySelectorAll('[aria-labelledby="similar-title"] .card').length > 0,
      'similar shows',
    );
    const similarTitles = [...root.querySelectorAll('[aria-labelledby="similar-title"] .card h3')].map(
      (h) => h.textContent,
    );
    expect(similarTitles).not.toContain(molière.title);
    await until(() => storage.map.get('detour:history'), 'history write');
    expect(JSON.parse(storage.map.get('detour:history')!)).toEqual([molière.id]);
    // Back home: the history travels inside the recommendation request, and nowhere else.
    requested.length = 0;
    go('#/?town=Tours&radius=20');
    await until(
      () => requested.find((u) => u.pathname === '/v1/recommendations'),
      'recommendations with history',
    );
    await until(() => cards().length > 0, 'cards');
    const rec = requested.find((u) => u.pathname === '/v1/recommendations')!;
    expect(rec.searchParams.get('history')).toBe(molière.id);
    expect(cards().map((c) => c.querySelector('h3')?.textContent)).not.toContain(molière.title);
    for (const u of requested.filter((x) => x.pathname !== '/v1/recommendations')) {
      expect(u.searchParams.has('history')).toBe(false);
    }
  });

  it('lets the visitor wipe and turn off the memory', async () => {
    go(`#/show/${shows[0]!.id}`);
    await until(
      () => root.querySelector('.memory')?.textContent?.includes('1 spectacle consulté'),
      'memory count',
    );
    const off = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Ne plus mémoriser')!;
    off.click();
    await until(
      () => root.querySelector('.memory')?.textContent?.includes('Mémoire désactivée'),
      'memory off',
    );
    expect(storage.map.get('detour:history')).toBeUndefined();
    expect(storage.map.get('detour:history:off')).toBe('1');
  });

  it('shows the refusal and a retry button when the API answers with a problem', async () => {
    server.use(
      http.get(`${API}/v1/recommendations`, () =>
        HttpResponse.json(
          {
            type: 'about:blank',
            title: 'Paramètres invalides',
            status: 400,
            errors: [{ path: 'radius', message: 'trop grand' }],
          },
          {
            status: 400,
            headers: { 'content-type': 'application/problem+json', 'access-control-allow-origin': '*' },
          },
        ),
      ),
    );
    go('#/?town=Blois&radius=50');
    const alert = await until(() => root.querySelector('[role="alert"]'), 'error note');
    expect(alert.textContent).toContain('Paramètres invalides');
    expect(alert.textContent).toContain('radius : trop grand');
    expect(alert.querySelector('button')?.textContent).toBe('Réessayer');
  });
});
