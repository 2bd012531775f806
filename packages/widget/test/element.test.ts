import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type DetourRecommendations, mount } from '../src/index.js';
import { EMPTY_RESPONSE, makeResponse } from './fixtures.js';
import {
  API,
  answer,
  FakeIntersectionObserver,
  recommendationQueries,
  requests,
  server,
  until,
} from './support.js';

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  requests.length = 0;
  FakeIntersectionObserver.instances = [];
  vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
  localStorage.clear();
  document.documentElement.lang = 'fr';
  answer(makeResponse());
});
afterEach(() => {
  server.resetHandlers();
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

function widget(attributes: Record<string, string> = {}): DetourRecommendations {
  const el = document.createElement('detour-recommendations') as DetourRecommendations;
  el.setAttribute('api', API);
  el.setAttribute('lat', '47.3378638');
  el.setAttribute('lon', '0.6129051');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  document.body.append(el);
  return el;
}

const shadow = (el: Element) => el.shadowRoot!;
const texts = (el: Element, selector: string) =>
  [...shadow(el).querySelectorAll(selector)].map((n) => n.textContent?.replace(/\s+/g, ' ').trim());

async function ready(el: DetourRecommendations): Promise<void> {
  FakeIntersectionObserver.reveal();
  await until(() => expect(el.state.kind).toBe('ready'));
}

describe('<detour-recommendations>', () => {
  it('renders one card per pick with title, discipline label, venue and town, distance, date, price and the decisive reason', async () => {
    const el = widget();
    await ready(el);
    expect(texts(el, '[part~="card-title"]')).toEqual([
      'Hakanaï - Adrien M & Claire B',
      'Compagnie Switch "Moult ronds"',
      'La Nonna',
    ]);
    expect(texts(el, '[part~="discipline"]')).toEqual(['Danse', 'Cirque', 'Théâtre']);
    const meta = texts(el, '[part~="meta"]');
    expect(meta[0]).toBe('La Parenthèse, Ballan-Miré · à 0,2 km');
    expect(meta[2]).toBe('Salle des fêtes, Saint-Pierre-des-Corps · à 8,4 km');
    // 19:30 UTC on 5 December is 20:30 in Paris.
    expect(meta[1]).toMatch(/^sam\. 5 déc\.,? 20:30 · dès 12\s€$/);
    expect(meta[3]).toMatch(/Gratuit$/);
    expect(texts(el, '[part~="reason"]')).toEqual([
      'De la danse, que vous n’avez pas encore vue ici',
      'Un petit lieu à faire connaître',
      'Proche de ce que vous regardez',
    ]);
    const link = shadow(el).querySelector('a[part~="link"]') as HTMLAnchorElement;
    expect(link.getAttribute('href')).toBe('https://billetterie.example.org/s-hakanai');
    const img = shadow(el).querySelector('img')!;
    expect([
      img.getAttribute('loading'),
      img.getAttribute('width'),
      img.getAttribute('height'),
      img.alt,
    ]).toEqual(['lazy', '300', '200', '']);
  });

  it('uses a constructable stylesheet and puts no <style> element or style attribute in its shadow root', async () => {
    const el = widget();
    await ready(el);
    expect(shadow(el).adoptedStyleSheets.length).toBe(1);
    expect(shadow(el).querySelector('style, [style]')).toBeNull();
  });

  it('does not fetch before the element nears the viewport, then fetches once with credentials omitted', async () => {
    const el = widget();
    await new Promise((r) => setTimeout(r, 20));
    expect(recommendationQueries()).toHaveLength(0);
    expect(FakeIntersectionObserver.instances[0]?.options.rootMargin).toMatch(/px/);
    await ready(el);
    expect(recommendationQueries()).toHaveLength(1);
    expect(requests[0]!.credentials).toBe('omit');
    const q = recommendationQueries()[0]!;
    expect([q.get('lat'), q.get('lon'), q.get('k'), q.get('locale')]).toEqual([
      '47.3378638',
      '0.6129051',
      '6',
      'fr',
    ]);
  });

  it('without an api attribute, asks the origin the page (and so the drop-in script) came from', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${location.origin}/v1/recommendations`, ({ request }) => {
        seen.push(request.url);
        return HttpResponse.json(makeResponse());
      }),
    );
    const el = widget();
    el.removeAttribute('api');
    FakeIntersectionObserver.reveal();
    await until(() => expect(el.state.kind).toBe('ready'));
    expect(seen).toHaveLength(1);
    expect(recommendationQueries()).toHaveLength(0);
  });

  it('fetches at once where IntersectionObserver does not exist', async () => {
    vi.stubGlobal('IntersectionObserver', undefined);
    const el = widget();
    await until(() => expect(el.state.kind).toBe('ready'));
    expect(recommendationQueries()).toHaveLength(1);
  });

  it('shows skeleton cards with the boxes of real cards while loading, announced as busy', async () => {
    let release!: () => void;
    answer(
      () => new Promise<Response>((resolve) => (release = () => resolve(HttpResponse.json(makeResponse())))),
    );
    const el = widget({ limit: '4' });
    FakeIntersectionObserver.reveal();
    await until(() => expect(recommendationQueries()).toHaveLength(1));
    expect(el.state.kind).toBe('loading');
    const skeletons = shadow(el).querySelectorAll('[part~="skeleton"]');
    expect(skeletons).toHaveLength(4);
    expect(skeletons[0]!.querySelector('.media')).not.toBeNull();
    expect(skeletons[0]!.querySelectorAll('.body > *')).toHaveLength(5);
    expect(shadow(el).querySelector('[aria-busy="true"] [role="status"]')?.textContent).toBe(
      'Chargement des propositions…',
    );
    release();
    await until(() => expect(el.state.kind).toBe('ready'));
    expect(shadow(el).querySelector('[part~="skeleton"]')).toBeNull();
    expect(shadow(el).querySelector('[role="status"]')?.textContent).toBe('3 propositions');
  });

  it('says why the list is empty in the widget’s words, and offers a wider radius and later dates as buttons', async () => {
    answer(EMPTY_RESPONSE);
    const el = widget({ radius: '15', period: 'weekend' });
    await ready(el);
    expect(texts(el, '[part="empty"] p')).toEqual(['Rien de programmé à ces dates dans un rayon de 20 km.']);
    expect(texts(el, '[part="empty"] button')).toEqual([
      'Chercher jusqu’à 40 km',
      'Voir les 30 prochains jours',
    ]);
    answer(makeResponse());
    (shadow(el).querySelector('[part="empty"] button') as HTMLButtonElement).click();
    await until(() => expect(recommendationQueries()).toHaveLength(2));
    expect(recommendationQueries()[1]!.get('radius')).toBe('40');
    await until(() => expect(texts(el, '[part~="card-title"]')).toHaveLength(3));
    answer(EMPTY_RESPONSE);
    el.setAttribute('lang', 'en');
    await until(() =>
      expect(texts(el, '[part="empty"] p')).toEqual(['Nothing on at these dates within 20 km.']),
    );
    // The host's new query starts afresh: the visitor's wider radius is dropped.
    expect(recommendationQueries()[2]!.get('radius')).toBe('15');
    answer(makeResponse());
    (shadow(el).querySelectorAll('[part="empty"] button')[1] as HTMLButtonElement).click();
    await until(() => expect(recommendationQueries()).toHaveLength(4));
    const later = recommendationQueries()[3]!;
    expect(Date.parse(later.get('to')!) - Date.parse(later.get('from')!)).toBeGreaterThan(29 * 86_400_000);
  });

  it('shows an error with a retry button when the API fails, and retrying loads the picks', async () => {
    answer(() => HttpResponse.json({ title: 'boom', status: 500, type: 'about:blank' }, { status: 500 }));
    const el = widget();
    FakeIntersectionObserver.reveal();
    await until(() => expect(el.state.kind).toBe('error'));
    const alert = shadow(el).querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain('Les propositions n’ont pas pu être chargées.');
    answer(makeResponse());
    (alert.querySelector('button') as HTMLButtonElement).click();
    await until(() => expect(el.state.kind).toBe('ready'));
    expect(texts(el, '[part~="card-title"]')).toHaveLength(3);
  });

  it('re-requests when a query attribute changes, coalescing changes made together', async () => {
    const el = widget();
    await ready(el);
    el.setAttribute('radius', '35');
    el.setAttribute('free', '');
    el.setAttribute('accessibility', 'moteur,visuel');
    await until(() => expect(recommendationQueries()).toHaveLength(2));
    await until(() => expect(el.state.kind).toBe('ready'));
    const q = recommendationQueries()[1]!;
    expect([q.get('radius'), q.get('free'), q.get('accessibility')]).toEqual(['35', 'true', 'moteur,visuel']);
  });

  it('re-renders without a request when only the theme or layout changes', async () => {
    const el = widget();
    await ready(el);
    el.setAttribute('theme', 'dark');
    el.setAttribute('layout', 'grid');
    await until(() => expect(shadow(el).querySelector('.root')!.className).toBe('root dark'));
    expect(shadow(el).querySelector('ol')!.className).toBe('list grid');
    expect(recommendationQueries()).toHaveLength(1);
  });

  it('sends period windows, filters and the viewed show as query parameters', async () => {
    const el = widget({
      period: 'weekend',
      show: 's-vincent-dedienne',
      'jeune-public': '',
      'max-price': '15',
    });
    await ready(el);
    const q = recommendationQueries()[0]!;
    expect(q.get('show')).toBe('s-vincent-dedienne');
    expect(q.get('audience')).toBe('jeune-public');
    expect(q.get('maxPrice')).toBe('15');
    expect(Date.parse(q.get('to')!)).toBeGreaterThan(Date.parse(q.get('from')!));
  });

  it('looks up the venue’s coordinates when given a venue id', async () => {
    const el = widget();
    el.removeAttribute('lat');
    el.removeAttribute('lon');
    el.setAttribute('venue', 'v-la-parenthese');
    await ready(el);
    expect(requests.map((r) => new URL(r.url).pathname)).toContain('/v1/venues/v-la-parenthese');
    const q = recommendationQueries()[0]!;
    expect([q.get('lat'), q.get('lon')]).toEqual(['47.3378638', '0.6129051']);
  });

  it('without a place, offers “Près de moi” and asks for the position only when clicked', async () => {
    const getCurrentPosition = vi.fn((ok: PositionCallback) =>
      ok({ coords: { latitude: 47.39, longitude: 0.69 } } as GeolocationPosition),
    );
    vi.stubGlobal('navigator', { ...navigator, geolocation: { getCurrentPosition } });
    const el = document.createElement('detour-recommendations') as DetourRecommendations;
    el.setAttribute('api', API);
    document.body.append(el);
    FakeIntersectionObserver.reveal();
    await until(() => expect(el.state.kind).toBe('need-place'));
    expect(getCurrentPosition).not.toHaveBeenCalled();
    expect(recommendationQueries()).toHaveLength(0);
    const button = shadow(el).querySelector('button') as HTMLButtonElement;
    expect(button.textContent).toBe('Près de moi');
    button.click();
    await until(() => expect(el.state.kind).toBe('ready'));
    expect(getCurrentPosition).toHaveBeenCalledTimes(1);
    expect(recommendationQueries()[0]!.get('lat')).toBe('47.39');
  });

  it('says so when the position is refused', async () => {
    const getCurrentPosition = vi.fn((_ok: PositionCallback, fail: PositionErrorCallback) =>
      fail({ code: 1, message: 'denied' } as GeolocationPositionError),
    );
    vi.stubGlobal('navigator', { ...navigator, geolocation: { getCurrentPosition } });
    const el = document.createElement('detour-recommendations') as DetourRecommendations;
    el.setAttribute('api', API);
    document.body.append(el);
    FakeIntersectionObserver.reveal();
    await until(() => expect(el.state.kind).toBe('need-place'));
    (shadow(el).querySelector('button') as HTMLButtonElement).click();
    await until(() =>
      expect(texts(el, '[part="empty"]')[0]).toBe('Votre position n’est pas disponible. Choisissez un lieu.'),
    );
  });

  it('links to a configured show-page template instead of the ticketing page', async () => {
    const el = widget({ 'show-url': 'https://www.laparenthese-ballan-mire.fr/spectacles/{show}?via=detour' });
    await ready(el);
    expect(shadow(el).querySelector('a[part~="link"]')!.getAttribute('href')).toBe(
      'https://www.laparenthese-ballan-mire.fr/spectacles/s-hakanai?via=detour',
    );
  });

  it('never puts a non-http(s) URL in a link or an image', async () => {
    const response = makeResponse();
    response.items[0]!.performance.url = 'javascript:alert(1)';
    response.items[0]!.venue = { ...response.items[0]!.venue, url: null };
    response.items[0]!.show.image = 'data:image/svg+xml,<svg onload=alert(1)>';
    answer(response);
    const el = widget();
    await ready(el);
    const first = shadow(el).querySelector('[part~="card"]')!;
    // Not the unsafe URL: the show's public page on Détour instead.
    expect(first.querySelector('a')!.getAttribute('href')).toBe(`${API}/spectacles/s-hakanai`);
    expect(first.querySelector('img')).toBeNull();
    expect(first.querySelector('[part~="card-title"]')!.textContent).toBe('Hakanaï - Adrien M & Claire B');
  });

  it('inserts data as text, never as markup', async () => {
    const response = makeResponse();
    response.items[0]!.show.title = '<img src=x onerror=alert(1)>Titre';
    answer(response);
    const el = widget();
    await ready(el);
    expect(shadow(el).querySelectorAll('img[src="x"]')).toHaveLength(0);
    expect(texts(el, '[part~="card-title"]')[0]).toBe('<img src=x onerror=alert(1)>Titre');
  });

  it('explains every pick’s reasons and links to the public policy in a disclosure', async () => {
    const el = widget();
    await ready(el);
    const details = shadow(el).querySelector('details[part="why"]')!;
    expect(details.querySelector('summary')!.textContent).toBe('Pourquoi ces propositions ?');
    expect([...details.querySelectorAll('ul li')].map((li) => li.textContent)).toEqual([
      'De la danse, que vous n’avez pas encore vue ici',
      'À 200 m',
      'Un petit lieu à faire connaître',
      'Proche de ce que vous regardez',
    ]);
    expect(details.querySelector('a[part="policy-link"]')!.getAttribute('href')).toBe(`${API}/policy`);
    expect(details.textContent).toContain('DATAtourisme');
  });

  it('follows the carousel pattern: labelled slides, buttons controlling the track, arrow keys, no rotation', async () => {
    const el = widget({ layout: 'carousel' });
    await ready(el);
    const root = shadow(el);
    const region = root.querySelector('[aria-roledescription="carrousel"]')!;
    expect(region.getAttribute('aria-label')).toBe('Spectacles proposés');
    const slides = [...root.querySelectorAll('[role="group"]')];
    expect(slides.map((s) => s.getAttribute('aria-label'))).toEqual(['1 sur 3', '2 sur 3', '3 sur 3']);
    expect(slides.every((s) => s.getAttribute('aria-roledescription') === 'diapositive')).toBe(true);
    const [prev, next] = [...root.querySelectorAll('.ctl button')] as HTMLButtonElement[];
    expect(prev!.getAttribute('aria-controls')).toBe('detour-slides');
    expect(root.getElementById('detour-slides')).not.toBeNull();
    expect(prev!.disabled).toBe(true);
    expect([prev!.getAttribute('aria-label'), next!.getAttribute('aria-label')]).toEqual([
      'Précédent',
      'Suivant',
    ]);
    const firstLink = slides[0]!.querySelector('a')!;
    firstLink.focus();
    firstLink.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    expect(root.activeElement).toBe(slides[1]!.querySelector('a'));
    expect(prev!.disabled).toBe(false);
    (root.activeElement as HTMLElement).dispatchEvent(
      new KeyboardEvent('keydown', { key: 'End', bubbles: true }),
    );
    expect(root.activeElement).toBe(slides[2]!.querySelector('a'));
    expect(next!.disabled).toBe(true);
    expect(root.querySelector('.track')!.getAttribute('aria-live')).toBe('polite');
    // Clicking "Précédent" back to the first slide keeps the focus on a button, not lost to the page.
    prev!.focus();
    prev!.click();
    prev!.click();
    expect(prev!.disabled).toBe(true);
    expect(root.activeElement).toBe(next);
  });

  it('renders a list with list semantics and a label', async () => {
    const el = widget();
    await ready(el);
    const list = shadow(el).querySelector('ol[part="list"]')!;
    expect(list.getAttribute('role')).toBe('list');
    expect(list.getAttribute('aria-label')).toBe('Spectacles proposés');
    expect(list.querySelectorAll(':scope > li')).toHaveLength(3);
  });
});

describe('languages and strings', () => {
  it('speaks English when lang="en", with English reasons and prices', async () => {
    const el = widget({ lang: 'en' });
    await ready(el);
    expect(texts(el, 'h2')).toEqual(['Discover nearby']);
    expect(texts(el, '[part~="discipline"]')[0]).toBe('Dance');
    expect(texts(el, '[part~="reason"]')[0]).toBe('Dance, which you have not seen here yet');
    expect(texts(el, '[part~="meta"]')[3]).toMatch(/Free$/);
    expect(texts(el, '[part~="meta"]')[0]).toBe('La Parenthèse, Ballan-Miré · 0.2 km away');
    expect(recommendationQueries()[0]!.get('locale')).toBe('en');
  });

  it('follows the page’s <html lang> when the element has none, French otherwise', async () => {
    document.documentElement.lang = 'en-GB';
    const el = widget();
    await ready(el);
    expect(texts(el, 'summary')).toEqual(['Why these suggestions?']);
    document.documentElement.lang = 'de';
    el.setAttribute('limit', '5');
    await until(() => expect(texts(el, 'summary')).toEqual(['Pourquoi ces propositions ?']));
  });

  it('applies string overrides from the JSON attribute, per language or flat', async () => {
    const el = widget({
      strings: JSON.stringify({ title: 'Autour de La Parenthèse', en: { title: 'Around La Parenthèse' } }),
    });
    await ready(el);
    expect(texts(el, 'h2')).toEqual(['Autour de La Parenthèse']);
    el.setAttribute('lang', 'en');
    await until(() => expect(texts(el, 'h2')).toEqual(['Around La Parenthèse']));
  });

  it('ignores a malformed strings attribute and keeps the defaults', async () => {
    const el = widget({ strings: '{not json' });
    await ready(el);
    expect(texts(el, 'h2')).toEqual(['À découvrir près d’ici']);
  });

  it('accepts overrides as an object through mount()', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const mounted = mount(host, {
      api: API,
      lat: 47.39,
      lon: 0.69,
      limit: 3,
      strings: { why: 'Pourquoi ceux-là ?' },
    });
    expect(mounted.element.tagName).toBe('DETOUR-RECOMMENDATIONS');
    expect(mounted.element.getAttribute('limit')).toBe('3');
    await ready(mounted.element);
    expect(texts(mounted.element, 'summary')).toEqual(['Pourquoi ceux-là ?']);
    mounted.update({ layout: 'carousel' });
    await until(() => expect(shadow(mounted.element).querySelector('[role="group"]')).not.toBeNull());
    mounted.destroy();
    expect(host.children).toHaveLength(0);
  });
});

describe('visitor history and impressions', () => {
  it('without the history attribute, reads and writes nothing in storage, and offers no memory controls', async () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    const getItem = vi.spyOn(Storage.prototype, 'getItem');
    const el = widget({ show: 's-vincent-dedienne' });
    await ready(el);
    const link = shadow(el).querySelector('a[part~="link"]') as HTMLAnchorElement;
    link.addEventListener('click', (e) => e.preventDefault());
    link.click();
    await new Promise((r) => setTimeout(r, 20));
    expect(setItem).not.toHaveBeenCalled();
    expect(getItem).not.toHaveBeenCalled();
    expect(localStorage.length).toBe(0);
    expect(recommendationQueries()[0]!.get('history')).toBeNull();
    expect(shadow(el).querySelector('[part="memory"]')).toBeNull();
  });

  it('with history, remembers the page’s show and sends it as history from the next page on', async () => {
    const first = widget({ show: 's-vincent-dedienne', history: '' });
    await ready(first);
    expect(recommendationQueries()[0]!.get('history')).toBeNull();
    await until(() => expect(localStorage.getItem('detour:history')).toBe('["s-vincent-dedienne"]'));
    first.remove();
    const second = widget({ show: 's-blankass', history: '' });
    await ready(second);
    expect(recommendationQueries()[1]!.get('history')).toBe('s-vincent-dedienne');
    expect(recommendationQueries()[1]!.get('show')).toBe('s-blankass');
  });

  it('with history, remembers a pick the visitor opens', async () => {
    const el = widget({ history: '' });
    await ready(el);
    const link = shadow(el).querySelector('a[part~="link"]') as HTMLAnchorElement;
    link.addEventListener('click', (e) => e.preventDefault());
    link.click();
    await until(() => expect(localStorage.getItem('detour:history')).toBe('["s-hakanai"]'));
  });

  it('with history, the « Pourquoi » panel says what is remembered; « Effacer » empties it, « Ne plus mémoriser » stops it', async () => {
    localStorage.setItem('detour:history', '["s-la-femme-en-rouge","s-suzane"]');
    const el = widget({ history: '' });
    await ready(el);
    const details = shadow(el).querySelector('details')!;
    details.open = true;
    await until(() =>
      expect(texts(el, '[part="memory"] p')).toEqual([
        'Spectacles consultés gardés dans ce navigateur pour varier les propositions : 2 (identifiants seulement).',
      ]),
    );
    const button = (label: string) =>
      [...shadow(el).querySelectorAll('[part="memory"] button')].find(
        (b) => b.textContent === label,
      ) as HTMLButtonElement;
    button('Effacer').focus();
    button('Effacer').click();
    await until(() => expect(localStorage.getItem('detour:history')).toBeNull());
    await until(() =>
      expect(texts(el, '[part="memory"] p')).toEqual(['Aucun spectacle consulté n’est gardé.']),
    );
    // The panel stays open and the focus stays in it across the re-render.
    expect(shadow(el).querySelector('details')!.open).toBe(true);
    expect(shadow(el).activeElement?.textContent).toBe('Ne plus mémoriser');
    button('Ne plus mémoriser').click();
    await until(() =>
      expect(texts(el, '[part="memory"] p')).toEqual(['Mémoire désactivée : rien n’est gardé.']),
    );
    const link = shadow(el).querySelector('a[part~="link"]') as HTMLAnchorElement;
    link.addEventListener('click', (e) => e.preventDefault());
    link.click();
    await new Promise((r) => setTimeout(r, 20));
    expect(localStorage.getItem('detour:history')).toBeNull();
  });

  it('with no-history (the old opt-out) beside history, neither reads nor writes the history', async () => {
    localStorage.setItem('detour:history', '["s-la-femme-en-rouge"]');
    const el = widget({ show: 's-blankass', history: '', 'no-history': '' });
    await ready(el);
    expect(recommendationQueries()[0]!.get('history')).toBeNull();
    expect(localStorage.getItem('detour:history')).toBe('["s-la-femme-en-rouge"]');
  });

  it('sends exclude-venue as excludeVenue', async () => {
    const el = widget({ 'exclude-venue': 'v-la-parenthese, v-other' });
    await ready(el);
    expect(recommendationQueries()[0]!.get('excludeVenue')).toBe('v-la-parenthese,v-other');
  });

  it('sends one aggregate impression report once the list is visible, without identifiers', async () => {
    // The API is on another origin than the page: the SDK reports with fetch keepalive and no
    // credentials (a sendBeacon always carries credentials, which a CORS `*` API must refuse).
    const posts = () => requests.filter((r) => r.method === 'POST' && r.url === `${API}/v1/impressions`);
    const el = widget();
    await ready(el);
    expect(posts()).toHaveLength(0);
    FakeIntersectionObserver.reveal();
    FakeIntersectionObserver.reveal();
    await until(() => expect(posts()).toHaveLength(1));
    expect(await posts()[0]!.clone().json()).toEqual({
      policyVersion: 3,
      items: [
        { showId: 's-hakanai', venueId: 'v-la-parenthese', position: 1 },
        { showId: 's-moult-ronds', venueId: 'v-saint-pierre', position: 2 },
        { showId: 's-la-nonna', venueId: 'v-la-parenthese', position: 3 },
      ],
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(posts()).toHaveLength(1);
    expect(document.cookie).toBe('');
  });
});

describe('server-rendered fragment', () => {
  function withFragment(attributes: Record<string, string>, query: string): DetourRecommendations {
    const el = document.createElement('detour-recommendations') as DetourRecommendations;
    el.setAttribute('api', API);
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    const section = document.createElement('section');
    section.setAttribute('data-detour-query', query);
    const data = document.createElement('script');
    data.type = 'application/json';
    data.setAttribute('data-detour-response', '');
    data.textContent = JSON.stringify(makeResponse());
    const fallback = document.createElement('ol');
    fallback.textContent = 'Hakanaï (server-rendered)';
    section.append(fallback, data);
    el.append(section);
    document.body.append(el);
    return el;
  }
  const PLACE = { lat: '47.3378638', lon: '0.6129051' };

  it('renders the response embedded in the element without a request, when it was computed for the element’s query', async () => {
    const el = withFragment(
      { ...PLACE, radius: '30' },
      'lat=47.3378638&lon=0.6129051&radius=30&k=6&locale=fr',
    );
    expect(el.state.kind).toBe('ready');
    FakeIntersectionObserver.reveal();
    await new Promise((r) => setTimeout(r, 20));
    expect(texts(el, '[part~="card-title"]')).toHaveLength(3);
    expect(recommendationQueries()).toHaveLength(0);
  });

  it('ignores an embedded response computed for another query (radius, limit or period) and asks for its own', async () => {
    const el = withFragment(
      { ...PLACE, radius: '30', period: 'month' },
      'lat=47.3378638&lon=0.6129051&radius=20&k=3',
    );
    expect(el.state.kind).toBe('loading');
    FakeIntersectionObserver.reveal();
    await until(() => expect(el.state.kind).toBe('ready'));
    const q = recommendationQueries()[0]!;
    expect([q.get('radius'), q.get('k')]).toEqual(['30', '6']);
    expect(Date.parse(q.get('to')!) - Date.parse(q.get('from')!)).toBeGreaterThan(29 * 86_400_000);
  });
});
