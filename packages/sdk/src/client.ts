import type {
  HealthStatus,
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
import { DetourError } from './errors.js';
import {
  type NetworkParams,
  type RecommendationParams,
  type SearchParams,
  type SimilarParams,
  toQuery,
  type VenueListParams,
} from './params.js';
import { type RetryOptions, resolveRetry } from './retry.js';
import { type Call, type FetchLike, send, type TransportOptions } from './transport.js';

/** The endpoints whose responses the client returns, by name (used by validators and query keys). */
export type Endpoint =
  | 'recommendations'
  | 'show'
  | 'similar'
  | 'search'
  | 'venues'
  | 'venue'
  | 'taxonomy'
  | 'policy'
  | 'impressions'
  | 'health';

/** `GET /healthz`. */
export type Health = HealthStatus;

/** Checks a response body against the contract; throws (any error) when it does not conform. */
export type ResponseValidator = (endpoint: Endpoint, body: unknown) => unknown | Promise<unknown>;

export interface ClientOptions {
  /** The API's origin (and path prefix, if any), e.g. "https://api.detour.example". */
  baseUrl: string;
  /** A fetch implementation; the global one by default (looked up at call time). */
  fetch?: FetchLike;
  /** Extra headers on every request, or a function returning them. */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** Per-attempt timeout in ms (0 = none). Default 10 000. */
  timeoutMs?: number;
  /** Retry count, or the full policy. Default: 2 retries, 300 ms base backoff with jitter. */
  retry?: number | Partial<RetryOptions>;
  /**
   * Validate responses against the contract's zod schemas. `true` loads them lazily (a separate chunk,
   * so the core stays zod-free); or pass `validateResponse` from `@detour/sdk/validate`.
   */
  validate?: boolean | ResponseValidator;
  /** Source of randomness for the backoff jitter (tests make it deterministic). */
  random?: () => number;
}

/** Per-call options. */
export interface CallOptions {
  /** Aborting rejects the call with a DetourError of kind 'aborted' and stops retrying. */
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** A typed client of the Détour public API. */
export interface DetourClient {
  /** `GET /v1/recommendations`: picks near a place, each with its reasons. */
  getRecommendations(params: RecommendationParams, options?: CallOptions): Promise<RecommendationResponse>;
  /** `GET /v1/shows/{id}`: a show with its upcoming performances and venues. */
  getShow(id: string, options?: CallOptions): Promise<ShowDetail>;
  /** `GET /v1/shows/{id}/similar`: shows similar but different. */
  getSimilarShows(id: string, params?: SimilarParams, options?: CallOptions): Promise<RecommendationResponse>;
  /** `GET /v1/search`: full-text search of shows. */
  searchShows(params: SearchParams, options?: CallOptions): Promise<SearchResponse>;
  /** `GET /v1/venues`: venues near a point. */
  listVenues(params?: VenueListParams, options?: CallOptions): Promise<VenueList>;
  /** `GET /v1/venues/{id}`. */
  getVenue(id: string, options?: CallOptions): Promise<Venue>;
  /** `GET /v1/taxonomy`: disciplines and other facets, labelled in French and English. */
  getTaxonomy(options?: CallOptions): Promise<Taxonomy>;
  /** `GET /v1/policy`: the recommendation policy in force, in machine form and in plain words. */
  getPolicy(params?: NetworkParams, options?: CallOptions): Promise<PublicPolicy>;
  /** `POST /v1/impressions`: report what a list showed (aggregate, no identifier). */
  recordImpressions(
    batch: ImpressionBatch,
    params?: NetworkParams,
    options?: CallOptions,
  ): Promise<ImpressionAck>;
  /** `GET /healthz`. */
  getHealth(options?: CallOptions): Promise<Health>;
  /** The API origin this client talks to. */
  readonly baseUrl: string;
}

const seg = (id: string) => encodeURIComponent(id);

/** Creates a client. Runs wherever `fetch` exists (browsers, Node ≥ 20, React Native); no DOM, no zod. */
export function createClient(options: ClientOptions): DetourClient {
  const { headers } = options;
  const transport: TransportOptions = {
    baseUrl: options.baseUrl,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    headers: typeof headers === 'function' ? headers : () => headers ?? {},
    timeoutMs: options.timeoutMs ?? 10_000,
    retry: resolveRetry(options.retry),
    random: options.random ?? Math.random,
  };

  let validator: Promise<ResponseValidator> | null = null;
  const getValidator = (): Promise<ResponseValidator> | null => {
    const v = options.validate;
    if (!v) return null;
    if (typeof v === 'function') return Promise.resolve(v);
    validator ??= import('./validate.js').then((m) => m.validateResponse);
    return validator;
  };

  async function call<T>(endpoint: Endpoint, c: Call): Promise<T> {
    const body = await send(transport, c);
    const pending = getValidator();
    if (pending === null) return body as T;
    const validate = await pending;
    try {
      await validate(endpoint, body);
    } catch (cause) {
      const issues = (cause as { issues?: { path: PropertyKey[]; message: string }[] }).issues ?? [];
      throw new DetourError({
        kind: 'invalid-response',
        message: `The ${endpoint} response does not match the contract`,
        url: c.path,
        errors: issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
        cause,
      });
    }
    return body as T;
  }

  const get = <T>(endpoint: Endpoint, path: string, o?: CallOptions, query?: object) =>
    call<T>(endpoint, {
      method: 'GET',
      path,
      query: query ? toQuery(query) : undefined,
      signal: o?.signal,
      headers: o?.headers,
    });

  return {
    baseUrl: options.baseUrl,
    getRecommendations: (params, o) => get('recommendations', '/v1/recommendations', o, params),
    getShow: (id, o) => get('show', `/v1/shows/${seg(id)}`, o),
    getSimilarShows: (id, params, o) => get('similar', `/v1/shows/${seg(id)}/similar`, o, params ?? {}),
    searchShows: (params, o) => get('search', '/v1/search', o, params),
    listVenues: (params, o) => get('venues', '/v1/venues', o, params ?? {}),
    getVenue: (id, o) => get('venue', `/v1/venues/${seg(id)}`, o),
    getTaxonomy: (o) => get('taxonomy', '/v1/taxonomy', o),
    getPolicy: (params, o) => get('policy', '/v1/policy', o, params ?? {}),
    getHealth: (o) => get('health', '/healthz', o),
    recordImpressions: (batch, params, o) =>
      call('impressions', {
        method: 'POST',
        path: '/v1/impressions',
        query: toQuery(params ?? {}),
        body: batch,
        signal: o?.signal,
        headers: o?.headers,
      }),
  };
}
