import { RecommendationResponseSchema, SearchResponseSchema } from '@detour/sdk/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, getJson, NOW, qs, startCatalogueServer, type TestServer, TOURS } from './support.js';

// The server's clock is NOW (Tuesday 15 September 2020, 10:00 in Paris): dates below are that week's.

let t: TestServer;
beforeAll(async () => {
  t = await startCatalogueServer();
});
afterAll(async () => {
  await t?.stop();
});

const get = (path: string) => fetch(t.url + path);

describe('from and to as dates (Europe/Paris)', () => {
  it('reads a date "from" as that day from Paris midnight and a date "to" as the end of that day', async () => {
    const { body } = await getJson(
      t.url,
      `/v1/recommendations?${qs({ ...TOURS, from: '2020-09-18', to: '2020-09-20' })}`,
      RecommendationResponseSchema,
    );
    // Summer time: Paris midnight is 22:00 UTC the day before.
    expect(body.context.from).toBe('2020-09-17T22:00:00.000Z');
    expect(body.context.to).toBe('2020-09-20T22:00:00.000Z');
  });

  it('takes a date on similar shows and search too', async () => {
    const rec = await getJson(
      t.url,
      `/v1/recommendations?${qs({ ...TOURS, k: 1 })}`,
      RecommendationResponseSchema,
    );
    const id = rec.body.items[0]!.show.id;
    const similar = await getJson(
      t.url,
      `/v1/shows/${id}/similar?${qs({ from: '2020-09-16' })}`,
      RecommendationResponseSchema,
    );
    expect(similar.body.context.from).toBe('2020-09-15T22:00:00.000Z');
    await getJson(t.url, `/v1/search?${qs({ from: '2020-09-16', to: '2020-09-30' })}`, SearchResponseSchema);
  });

  it('refuses a date that does not exist, naming the field', async () => {
    await expectProblem(
      await get(`/v1/recommendations?${qs({ ...TOURS, from: '2020-02-30' })}`),
      400,
      'from',
    );
  });
});

describe('period', () => {
  it('sets the window on recommendations (tonight ends at Paris midnight)', async () => {
    const { body } = await getJson(
      t.url,
      `/v1/recommendations?${qs({ ...TOURS, period: 'tonight' })}`,
      RecommendationResponseSchema,
    );
    expect(body.context).toMatchObject({ from: NOW, to: '2020-09-15T22:00:00.000Z' });
  });

  it('runs the weekend from Friday 18:00 to Monday on similar shows and on the HTML fragment', async () => {
    const rec = await getJson(
      t.url,
      `/v1/recommendations?${qs({ ...TOURS, k: 1 })}`,
      RecommendationResponseSchema,
    );
    const id = rec.body.items[0]!.show.id;
    const similar = await getJson(
      t.url,
      `/v1/shows/${id}/similar?${qs({ period: 'weekend' })}`,
      RecommendationResponseSchema,
    );
    expect(similar.body.context).toMatchObject({
      from: '2020-09-18T16:00:00.000Z',
      to: '2020-09-20T22:00:00.000Z',
    });
    const fragment = await get(`/v1/recommendations.html?${qs({ ...TOURS, period: 'weekend' })}`);
    expect(fragment.status).toBe(200);
  });

  it('completes a lone "from" with the period’s length', async () => {
    const { body } = await getJson(
      t.url,
      `/v1/recommendations?${qs({ ...TOURS, from: '2020-09-20T08:00:00Z', period: 'tonight' })}`,
      RecommendationResponseSchema,
    );
    expect(body.context.to).toBe('2020-09-21T08:00:00.000Z');
  });

  it('refuses a period it does not know, naming it', async () => {
    const problem = await expectProblem(
      await get(`/v1/recommendations?${qs({ ...TOURS, period: 'bogus' })}`),
      400,
      'period',
    );
    expect(problem.type).toBe('urn:detour:problem:invalid-request');
    await expectProblem(
      await get(`/v1/recommendations.html?${qs({ ...TOURS, period: 'bogus' })}`),
      400,
      'period',
    );
  });
});

describe('unknown query parameters', () => {
  it('are a 400 naming each one (limit is not a parameter of recommendations: k is)', async () => {
    const problem = await expectProblem(
      await get(`/v1/recommendations?${qs({ ...TOURS, limit: 3, colour: 'red' })}`),
      400,
    );
    expect(problem.errors).toEqual([
      { path: 'limit', message: 'unknown parameter' },
      { path: 'colour', message: 'unknown parameter' },
    ]);
  });

  it('are refused on every public route, with or without parameters of its own', async () => {
    const rec = await getJson(
      t.url,
      `/v1/recommendations?${qs({ ...TOURS, k: 1 })}`,
      RecommendationResponseSchema,
    );
    const show = rec.body.items[0]!.show.id;
    const venue = rec.body.items[0]!.venue.id;
    for (const path of [
      `/v1/shows/${show}?x=1`,
      `/v1/shows/${show}/similar?x=1`,
      `/v1/venues/${venue}?x=1`,
      '/v1/venues?x=1',
      '/v1/search?q=théâtre&x=1',
      '/v1/taxonomy?x=1',
      '/v1/policy?x=1',
      `/v1/recommendations.html?${qs({ ...TOURS, x: 1 })}`,
    ]) {
      await expectProblem(await get(path), 400, 'x');
    }
  });
});

describe('numbers in query strings', () => {
  it.each([
    ['lat', ''],
    ['lat', '0x10'],
    ['lat', ' 47'],
    ['lat', 'Infinity'],
    ['radius', '1_0'],
  ])('refuse %s=%j', async (name, value) => {
    const query = { ...TOURS, [name]: value };
    const problem = await expectProblem(await get(`/v1/recommendations?${qs(query)}`), 400, name);
    expect(problem.errors?.find((e) => e.path === name)?.message).toBe('must be a number (decimal notation)');
  });

  it('take decimal notation, signs and exponents as JSON writes them', async () => {
    await getJson(
      t.url,
      `/v1/recommendations?${qs({ lat: '+47.39', lon: '6.9e-1', radius: '20.' })}`,
      RecommendationResponseSchema,
    );
  });

  it('are strict on search and venues too', async () => {
    await expectProblem(await get('/v1/search?lat=0x10&lon=1'), 400, 'lat');
    await expectProblem(await get('/v1/venues?limit='), 400, 'limit');
  });
});

describe('search window', () => {
  it('is capped like recommendation windows (366 days)', async () => {
    const problem = await expectProblem(
      await get(`/v1/search?${qs({ from: '2020-09-15', to: '2021-09-17' })}`),
      400,
      'to',
    );
    expect(problem.errors?.[0]?.message).toBe('must be at most 366 days after from');
    await getJson(t.url, `/v1/search?${qs({ from: '2020-09-15', to: '2021-09-15' })}`, SearchResponseSchema);
  });
});
