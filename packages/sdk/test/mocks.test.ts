import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type DetourError } from '../src/index.js';
import { createDetourHandlers, defaultCatalogue, shows, venues } from '../src/mocks/index.js';

const API = 'https://mock.detour.test';
const OTHER = 'https://other.detour.test';
const tours = venues.find((v) => v.town === 'Tours')!;
const server = setupServer(
  ...createDetourHandlers({ baseUrl: API }),
  // A second API origin serving a catalogue of one show.
  ...createDetourHandlers({
    baseUrl: OTHER,
    catalogue: {
      venues: [tours],
      shows: [shows[0]!],
      performances: defaultCatalogue.performances.filter((p) => p.showId === shows[0]!.id),
    },
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const client = createClient({ baseUrl: API, retry: 0 });
const fail = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: DetourError) => e,
  );

describe('msw mocks', () => {
  it('answer CORS preflights like the server, so browser-like environments can POST JSON', async () => {
    const res = await fetch(`${API}/v1/impressions`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.test', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-headers')).toContain('content-type');
  });

  it('reject bad parameters with a 400 naming each field, as the server does', async () => {
    expect((await fail(client.searchShows({ q: 'x', discipline: 'cinema' as never })))?.errors[0]?.path).toBe(
      'discipline',
    );
    expect(
      (await fail(client.listVenues({ lat: 91, lon: 0, limit: 500 })))?.errors.map((e) => e.path),
    ).toEqual(['lat', 'limit']);
    const batch = { policyVersion: 1, items: [{ showId: 'bad id!', venueId: 'v', position: 0 }] };
    const e = await fail(client.recordImpressions(batch));
    expect(e?.status).toBe(400);
    expect(e?.errors.map((x) => x.path).sort()).toEqual(['body.items.0.position', 'body.items.0.showId']);
    expect(
      (
        await fail(
          client.getRecommendations({
            lat: 47,
            lon: 0.7,
            from: '2027-10-02T00:00:00Z',
            to: '2027-10-01T00:00:00Z',
          }),
        )
      )?.errors[0]?.path,
    ).toBe('to');
  });

  it('let only the browser keep an answer that used the visitor’s history, as the server does', async () => {
    const here = `lat=${tours.location.lat}&lon=${tours.location.lon}`;
    const plain = await fetch(`${API}/v1/recommendations?${here}`);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=60');
    for (const path of [
      `/v1/recommendations?${here}&history=${shows[0]!.id}`,
      `/v1/shows/${shows[1]!.id}/similar?history=${shows[0]!.id}`,
    ]) {
      const res = await fetch(API + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('private, max-age=60');
    }
  });

  it('filter as asked: free only, young audiences, price ceiling', async () => {
    const at = { lat: 47.3941, lon: 0.6848, radius: 60 };
    const free = await client.getRecommendations({ ...at, free: true });
    expect(free.items.length).toBeGreaterThan(0);
    expect(free.items.every((r) => r.performance.price.free)).toBe(true);
    expect(free.items[0]!.reasons.map((r) => r.code)).toContain('free');
    const young = await client.getRecommendations({ ...at, audience: 'jeune-public' });
    expect(young.items.map((r) => r.show.audience.kind)).toEqual(young.items.map(() => 'jeune-public'));
    const cheap = await client.getRecommendations({ ...at, maxPrice: 10 });
    expect(cheap.items.every((r) => r.performance.price.free || (r.performance.price.min ?? 99) <= 10)).toBe(
      true,
    );
  });

  it('leave out the programme of the venues in excludeVenue, as the server does', async () => {
    const at = { lat: 47.3941, lon: 0.6848, radius: 60 };
    const all = await client.getRecommendations(at);
    const venue = all.items[0]!.venue.id;
    const own = new Set(
      defaultCatalogue.performances.filter((p) => p.venueId === venue).map((p) => p.showId),
    );
    const mine = await client.getRecommendations({ ...at, excludeVenue: [venue] });
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.filter((r) => r.venue.id === venue || own.has(r.show.id))).toEqual([]);
  });

  it('serve your own catalogue when given one', async () => {
    const other = createClient({ baseUrl: OTHER, retry: 0 });
    const res = await other.getRecommendations({ lat: tours.location.lat, lon: tours.location.lon });
    expect(res.items.map((r) => r.show.id)).toEqual([shows[0]!.id]);
    expect((await other.getHealth()).counts).toEqual({ venues: 1, shows: 1, performances: 2 });
  });
});
