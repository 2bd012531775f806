import type { DataTag, Query } from '@tanstack/query-core';
import type { CallOptions, DetourClient, Endpoint, Health } from './client.js';
import type {
  ImpressionAck,
  ImpressionBatch,
  PublicPolicy,
  RecommendationResponse,
  SearchResponse,
  ShowDetail,
  Taxonomy,
  Venue,
  VenueList,
} from './contract/index.js';
import type { DetourError } from './errors.js';
import {
  type NetworkParams,
  type RecommendationParams,
  type SearchParams,
  type SimilarParams,
  toQuery,
  type VenueListParams,
} from './params.js';
import { responseMeta } from './transport.js';

// `@detour/sdk/query`: query keys and options objects for @tanstack/query-core and every adapter built on
// it (React, Vue, Solid, Preact, Svelte, or a bare QueryClient). Only types come from query-core, so this
// entry adds almost nothing to a bundle that already has the query library.

/** How long a response stays fresh when the server did not say (Cache-Control max-age), in ms. */
export const DEFAULT_STALE_TIMES: Record<Exclude<Endpoint, 'impressions'>, number> = {
  recommendations: 60_000,
  similar: 60_000,
  search: 60_000,
  show: 5 * 60_000,
  venues: 10 * 60_000,
  venue: 10 * 60_000,
  policy: 10 * 60_000,
  taxonomy: 24 * 3_600_000,
  health: 0,
};

type Key<T> = DataTag<readonly unknown[], T, DetourError>;

/** Query keys: `['detour', baseUrl, endpoint, ...]`, with parameters in their wire form so equal requests share one entry. */
export const detourKeys = {
  /** Every query of one API origin (for `invalidateQueries`). */
  all: (baseUrl: string) => ['detour', baseUrl] as const,
  recommendations: (baseUrl: string, params: RecommendationParams) =>
    ['detour', baseUrl, 'recommendations', toQuery(params)] as unknown as Key<RecommendationResponse>,
  show: (baseUrl: string, id: string) => ['detour', baseUrl, 'show', id] as unknown as Key<ShowDetail>,
  similar: (baseUrl: string, id: string, params: SimilarParams = {}) =>
    ['detour', baseUrl, 'similar', id, toQuery(params)] as unknown as Key<RecommendationResponse>,
  search: (baseUrl: string, params: SearchParams) =>
    ['detour', baseUrl, 'search', toQuery(params)] as unknown as Key<SearchResponse>,
  venues: (baseUrl: string, params: VenueListParams = {}) =>
    ['detour', baseUrl, 'venues', toQuery(params)] as unknown as Key<VenueList>,
  venue: (baseUrl: string, id: string) => ['detour', baseUrl, 'venue', id] as unknown as Key<Venue>,
  taxonomy: (baseUrl: string) => ['detour', baseUrl, 'taxonomy'] as unknown as Key<Taxonomy>,
  policy: (baseUrl: string, params: NetworkParams = {}) =>
    ['detour', baseUrl, 'policy', toQuery(params)] as unknown as Key<PublicPolicy>,
  health: (baseUrl: string) => ['detour', baseUrl, 'health'] as unknown as Key<Health>,
};

/** A query options object accepted by `QueryClient.fetchQuery`, `QueryObserver` and `useQuery` of every adapter. */
export interface DetourQueryOptions<T> {
  queryKey: Key<T>;
  queryFn: (context: { signal: AbortSignal }) => Promise<T>;
  /** The server's max-age for the data in cache when it sent one, else the endpoint's default. */
  staleTime: (query: Query<T, DetourError, T, Key<T>>) => number;
  /** The client already retries (with backoff and Retry-After): no second layer of retries. */
  retry: false;
}

/** A mutation options object for `MutationObserver` / `useMutation`. */
export interface DetourMutationOptions<TVariables, TData> {
  mutationKey: readonly unknown[];
  mutationFn: (variables: TVariables) => Promise<TData>;
  retry: false;
}

export interface DetourQueries {
  recommendations(params: RecommendationParams): DetourQueryOptions<RecommendationResponse>;
  show(id: string): DetourQueryOptions<ShowDetail>;
  similar(id: string, params?: SimilarParams): DetourQueryOptions<RecommendationResponse>;
  search(params: SearchParams): DetourQueryOptions<SearchResponse>;
  venues(params?: VenueListParams): DetourQueryOptions<VenueList>;
  venue(id: string): DetourQueryOptions<Venue>;
  taxonomy(): DetourQueryOptions<Taxonomy>;
  policy(params?: NetworkParams): DetourQueryOptions<PublicPolicy>;
  health(): DetourQueryOptions<Health>;
  recordImpressions(params?: NetworkParams): DetourMutationOptions<ImpressionBatch, ImpressionAck>;
}

export interface DetourQueriesOptions {
  /** Overrides of the default stale times (ms), used when the server sends no max-age. */
  staleTimes?: Partial<typeof DEFAULT_STALE_TIMES>;
}

/** The stale time of cached data: its response's max-age when known, else the fallback. */
export function staleTimeOf(data: unknown, fallbackMs: number): number {
  const maxAge = responseMeta(data)?.maxAge;
  return maxAge === null || maxAge === undefined ? fallbackMs : maxAge * 1000;
}

/** Query and mutation options for each read of the API, bound to a client. */
export function createDetourQueries(client: DetourClient, options: DetourQueriesOptions = {}): DetourQueries {
  const stale = { ...DEFAULT_STALE_TIMES, ...options.staleTimes };
  const base = client.baseUrl;
  const make = <T>(
    endpoint: keyof typeof DEFAULT_STALE_TIMES,
    queryKey: Key<T>,
    fetcher: (o: CallOptions) => Promise<T>,
  ): DetourQueryOptions<T> => ({
    queryKey,
    // query-core aborts the signal when every observer is gone: the request stops too.
    queryFn: ({ signal }) => fetcher({ signal }),
    staleTime: (query) => staleTimeOf(query.state.data, stale[endpoint]),
    retry: false,
  });
  return {
    recommendations: (p) =>
      make('recommendations', detourKeys.recommendations(base, p), (o) => client.getRecommendations(p, o)),
    show: (id) => make('show', detourKeys.show(base, id), (o) => client.getShow(id, o)),
    similar: (id, p = {}) =>
      make('similar', detourKeys.similar(base, id, p), (o) => client.getSimilarShows(id, p, o)),
    search: (p) => make('search', detourKeys.search(base, p), (o) => client.searchShows(p, o)),
    venues: (p = {}) => make('venues', detourKeys.venues(base, p), (o) => client.listVenues(p, o)),
    venue: (id) => make('venue', detourKeys.venue(base, id), (o) => client.getVenue(id, o)),
    taxonomy: () => make('taxonomy', detourKeys.taxonomy(base), (o) => client.getTaxonomy(o)),
    policy: (p = {}) => make('policy', detourKeys.policy(base, p), (o) => client.getPolicy(p, o)),
    health: () => make('health', detourKeys.health(base), (o) => client.getHealth(o)),
    recordImpressions: (p = {}) => ({
      mutationKey: ['detour', base, 'impressions'],
      mutationFn: (batch) => client.recordImpressions(batch, p),
      retry: false,
    }),
  };
}
