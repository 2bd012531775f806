import { QueryClient, QueryObserver } from '@tanstack/query-core';
import { describe, expectTypeOf, it } from 'vitest';
import {
  createClient,
  type DetourError,
  type DetourErrorKind,
  type Recommendation,
  type RecommendationParams,
  type RecommendationResponse,
  type ShowDetail,
  type VenueList,
} from '../src/index.js';
import { createDetourQueries, detourKeys } from '../src/query.js';

const client = createClient({ baseUrl: 'https://api.detour.test' });

describe('types a strict consumer sees', () => {
  it('each method returns the contract type of its endpoint', () => {
    expectTypeOf(
      client.getRecommendations({ lat: 1, lon: 2 }),
    ).resolves.toEqualTypeOf<RecommendationResponse>();
    expectTypeOf(client.getShow('s1')).resolves.toEqualTypeOf<ShowDetail>();
    expectTypeOf(client.listVenues()).resolves.toEqualTypeOf<VenueList>();
    expectTypeOf<Recommendation['reasons'][number]['text']>().toEqualTypeOf<{ fr: string; en: string }>();
  });

  it('parameters are checked: place required, facets from the taxonomy, arrays for lists', () => {
    // @ts-expect-error lat and lon are required
    client.getRecommendations({ radius: 10 });
    // @ts-expect-error not an accessibility family
    client.getRecommendations({ lat: 1, lon: 2, accessibility: ['wheelchair'] });
    // @ts-expect-error history is an array of ids, not a comma string
    client.getRecommendations({ lat: 1, lon: 2, history: 's1,s2' });
    // @ts-expect-error unknown discipline
    client.searchShows({ q: 'x', discipline: 'cinema' });
    expectTypeOf<RecommendationParams['from']>().toEqualTypeOf<string | Date | undefined>();
    client.getSimilarShows('s1', { k: 3 });
    client.getRecommendations({ lat: 1, lon: 2, audience: 'jeune-public', free: true, maxPrice: 10 });
  });

  it('errors expose the kind union', () => {
    expectTypeOf<DetourError['kind']>().toEqualTypeOf<DetourErrorKind>();
    expectTypeOf<DetourErrorKind>().toEqualTypeOf<
      'http' | 'network' | 'timeout' | 'aborted' | 'invalid-response'
    >();
  });

  it('query options carry their data type into QueryClient and observers', async () => {
    const queries = createDetourQueries(client);
    const qc = new QueryClient();
    expectTypeOf(await qc.fetchQuery(queries.show('s1'))).toEqualTypeOf<ShowDetail>();
    expectTypeOf(qc.getQueryData(detourKeys.venues('https://api.detour.test'))).toEqualTypeOf<
      VenueList | undefined
    >();
    const observer = new QueryObserver(qc, queries.recommendations({ lat: 1, lon: 2 }));
    expectTypeOf(observer.getCurrentResult().data).toEqualTypeOf<RecommendationResponse | undefined>();
    expectTypeOf(observer.getCurrentResult().error).toEqualTypeOf<DetourError | null>();
  });

  it('the main entry exports contract schemas as types only', async () => {
    const sdk = await import('../src/index.js');
    // @ts-expect-error the schemas live under @detour/sdk/contract, not in the zod-free core
    sdk.VenueSchema;
  });
});
