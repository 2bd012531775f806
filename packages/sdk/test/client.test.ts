import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  HealthSchema,
  ImpressionAckSchema,
  PublicPolicySchema,
  RecommendationResponseSchema,
  SearchResponseSchema,
  ShowDetailSchema,
  TaxonomySchema,
  VenueListSchema,
  VenueSchema,
} from '../src/contract/index.js';
import { createClient, DetourError, isDetourError, responseMeta } from '../src/index.js';
import { createDetourHandlers, shows, venues } from '../src/mocks/index.js';

const API = 'https://api.detour.test';
const TOURS = { lat: 47.3941, lon: 0.6848 };
const seen: URL[] = [];
const server = setupServer(...createDetourHandlers({ baseUrl: API }));
server.events.on('request:start', ({ request }) => void seen.push(new URL(request.url)));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

const client = createClient({ baseUrl: API, retry: 0 });
const molière = shows.find((s) => s.title.startsWith('Molière'))!;
const ockeghem = venues.find((v) => v.name === 'Salle Ockeghem')!;

describe('every method calls its endpoint and returns a contract-shaped body', () => {
  it('getRecommendations sends typed params on the wire (arrays comma-separated, Dates in ISO, booleans as words)', async () => {
    const res = await client.getRecommendations({
      ...TOURS,
      radius: 15,
      from: new Date('2027-10-01T00:00:00Z'),
      to: '2027-10-31T23:00:00+01:00',
      k: 5,
      history: [shows[1]!.id, shows[2]!.id],
      accessibility: ['moteur', 'auditif'],
      free: false,
      locale: 'en',
    });
    const q = seen[0]!.searchParams;
    expect(seen[0]!.pathname).toBe('/v1/recommendations');
    expect(q.get('history')).toBe(`${shows[1]!.id},${shows[2]!.id}`);
    expect(q.get('accessibility')).toBe('moteur,auditif');
    expect(q.get('from')).toBe('2027-10-01T00:00:00.000Z');
    expect(q.get('free')).toBe('false');
    expect(q.get('radius')).toBe('15');
    expect(q.has('show')).toBe(false);
    expect(RecommendationResponseSchema.parse(res).items.length).toBeGreaterThan(0);
    expect(res.items.length).toBeLessThanOrEqual(5);
    expect(res.items.every((r) => r.distanceKm <= 15)).toBe(true);
    expect(res.items.map((r) => r.show.id)).not.toContain(shows[1]!.id);
  });

  it('getShow returns the show with its performances and venues', async () => {
    const detail = await client.getShow(molière.id);
    expect(ShowDetailSchema.parse(detail).show.title).toBe('Molière ou le dernier impromptu');
    expect(detail.performances).toHaveLength(2);
    expect(detail.venues.map((v) => v.name)).toEqual(['Salle Ockeghem']);
  });

  it('getSimilarShows excludes the show itself and passes the optional place', async () => {
    const res = await client.getSimilarShows(molière.id, { k: 3, radius: 30 });
    expect(seen[0]!.pathname).toBe(`/v1/shows/${molière.id}/similar`);
    expect(seen[0]!.searchParams.has('lat')).toBe(false);
    RecommendationResponseSchema.parse(res);
    expect(res.items.map((r) => r.show.id)).not.toContain(molière.id);
    expect(res.items.length).toBeLessThanOrEqual(3);
  });

  it('searchShows finds a show without its accents and paginates', async () => {
    const res = await client.searchShows({ q: 'moliere', limit: 5 });
    expect(SearchResponseSchema.parse(res).items[0]?.show.id).toBe(molière.id);
    expect(res.page).toEqual({ total: 1, offset: 0, limit: 5 });
  });

  it('encodes parameters safely (accents, spaces, ampersands) and leaves undefined ones out', async () => {
    await client.searchShows({ q: 'théâtre & danse=oui', discipline: undefined, limit: 3 });
    const q = seen[0]!.searchParams;
    expect(q.get('q')).toBe('théâtre & danse=oui');
    expect([...q.keys()]).toEqual(['q', 'limit']);
  });

  it('listVenues lists venues nearest first', async () => {
    const res = await client.listVenues({ ...TOURS, radius: 5, limit: 3 });
    VenueListSchema.parse(res);
    expect(res.items[0]?.town).toBe('Tours');
    expect(res.items.every((v) => (v.distanceKm ?? 0) <= 5)).toBe(true);
  });

  it('getVenue returns one venue, with its id path-encoded', async () => {
    expect(VenueSchema.parse(await client.getVenue(ockeghem.id)).name).toBe('Salle Ockeghem');
    // 'a/b' is not a venue id: a 400 naming the path parameter, as the server answers.
    await expect(client.getVenue('a/b')).rejects.toMatchObject({ kind: 'http', status: 400 });
    expect(seen.at(-1)!.pathname).toBe('/v1/venues/a%2Fb');
  });

  it('getTaxonomy and getPolicy return their documents', async () => {
    expect(TaxonomySchema.parse(await client.getTaxonomy()).disciplines.length).toBe(10);
    expect(PublicPolicySchema.parse(await client.getPolicy()).policy.version).toBe(1);
    await client.getPolicy({ network: 'touraine' });
    expect(seen.at(-1)!.searchParams.get('network')).toBe('touraine');
  });

  it('recordImpressions posts the batch as JSON and returns the 202 acknowledgement', async () => {
    const batch = { policyVersion: 1, items: [{ showId: molière.id, venueId: ockeghem.id, position: 1 }] };
    const received: unknown[] = [];
    server.use(...createDetourHandlers({ baseUrl: API, onImpressions: (b) => received.push(b) }));
    expect(ImpressionAckSchema.parse(await client.recordImpressions(batch))).toEqual({ accepted: 1 });
    expect(received).toEqual([batch]);
  });

  it('getHealth reads /healthz', async () => {
    expect(HealthSchema.parse(await client.getHealth())).toMatchObject({
      status: 'ok',
      counts: { shows: 12 },
    });
  });

  it('sends no cookies, the caller headers, and a trailing slash in baseUrl changes nothing', async () => {
    let init: RequestInit | undefined;
    const c = createClient({
      baseUrl: `${API}/`,
      headers: () => ({ 'x-app': 'test' }),
      fetch: (url, i) => {
        init = i;
        return globalThis.fetch(url, i);
      },
    });
    await c.getHealth();
    expect(init?.credentials).toBe('omit');
    expect(new Headers(init?.headers).get('x-app')).toBe('test');
    expect(seen.at(-1)!.href).toBe(`${API}/healthz`);
  });

  it('remembers the Cache-Control max-age of each response', async () => {
    const res = await client.getTaxonomy();
    expect(responseMeta(res)).toMatchObject({ status: 200, maxAge: 60 });
    expect(responseMeta({})).toBeNull();
  });
});

describe('errors are DetourErrors carrying the problem details', () => {
  it('maps a 400 problem to kind http with status, title and field paths', async () => {
    const error = await client.getRecommendations({ lat: 95, lon: 0.68, k: 500 }).catch((e: unknown) => e);
    expect(isDetourError(error)).toBe(true);
    expect(error).toBeInstanceOf(DetourError);
    const e = error as DetourError;
    expect(e.kind).toBe('http');
    expect(e.status).toBe(400);
    expect(e.title).toBe('Bad Request');
    expect(e.errors.map((f) => f.path).sort()).toEqual(['k', 'lat']);
    expect(e.problem?.status).toBe(400);
  });

  it('maps an unknown show to a 404', async () => {
    await expect(client.getShow('s0000000000000')).rejects.toMatchObject({
      kind: 'http',
      status: 404,
      title: 'Not Found',
    });
  });

  it('keeps a non-JSON error body as an http error titled by its status', async () => {
    server.use(
      http.get(
        `${API}/v1/policy`,
        () => new HttpResponse('upstream down', { status: 502, statusText: 'Bad Gateway' }),
      ),
    );
    await expect(client.getPolicy()).rejects.toMatchObject({
      kind: 'http',
      status: 502,
      title: 'Bad Gateway',
      errors: [],
    });
  });

  it('reports a 200 that is not JSON as invalid-response', async () => {
    server.use(http.get(`${API}/v1/taxonomy`, () => new HttpResponse('<html>', { status: 200 })));
    await expect(client.getTaxonomy()).rejects.toMatchObject({ kind: 'invalid-response', status: 200 });
  });

  it('reports an unreachable server as a network error', async () => {
    server.use(http.get(`${API}/healthz`, () => HttpResponse.error()));
    await expect(client.getHealth()).rejects.toMatchObject({ kind: 'network', status: null });
  });
});

describe('response validation is opt-in', () => {
  const broken = () =>
    server.use(
      http.get(`${API}/v1/venues/:id`, () => HttpResponse.json({ ...ockeghem, location: { lat: 'north' } })),
    );

  it('without validate, a malformed body passes through untouched', async () => {
    broken();
    const v = await client.getVenue(ockeghem.id);
    expect(v.location.lat).toBe('north');
  });

  it('with validate: true, the schemas load lazily and name the offending path', async () => {
    broken();
    const strict = createClient({ baseUrl: API, retry: 0, validate: true });
    const e = (await strict.getVenue(ockeghem.id).catch((x: unknown) => x)) as DetourError;
    expect(e.kind).toBe('invalid-response');
    expect(e.errors.map((f) => f.path)).toContain('location.lat');
    server.resetHandlers();
    expect((await strict.getVenue(ockeghem.id)).name).toBe('Salle Ockeghem');
  });

  it('accepts a validator function (the @detour/sdk/validate entry)', async () => {
    const { validateResponse } = await import('../src/validate.js');
    const strict = createClient({ baseUrl: API, retry: 0, validate: validateResponse });
    RecommendationResponseSchema.parse(await strict.getRecommendations(TOURS));
  });
});
