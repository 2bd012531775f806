import type { Discipline, Period, RecommendationRequest } from './contract/index.js';

/** A date-time as an ISO 8601 string with offset, a date (`YYYY-MM-DD`, on the Paris clock), or a Date (sent as UTC). */
export type DateTimeInput = string | Date;

type Optional<T, K extends keyof T> = { [P in K]?: T[P] };

/**
 * `GET /v1/recommendations`, as typed values: arrays for `history`, `excludeVenue` and `accessibility`, a boolean for
 * `free`, Dates accepted for `from`/`to`. Left out, `radius`, `from`/`to` and `k` follow the policy.
 */
export type RecommendationParams = Pick<RecommendationRequest, 'lat' | 'lon'> &
  Optional<
    RecommendationRequest,
    | 'show'
    | 'history'
    | 'excludeVenue'
    | 'locale'
    | 'maxPrice'
    | 'free'
    | 'audience'
    | 'accessibility'
    | 'network'
    | 'k'
  > & {
    /** Search radius in km (≤ 200). */
    radius?: number;
    from?: DateTimeInput;
    to?: DateTimeInput;
    /** The named window when `from`/`to` are left out (Europe/Paris clock); default: the policy's. */
    period?: Period;
  };

/** `GET /v1/shows/{id}/similar`: the same parameters, the place being optional (the show's venues otherwise). */
export type SimilarParams = Omit<RecommendationParams, 'lat' | 'lon' | 'show'> & {
  lat?: number;
  lon?: number;
};

/** `GET /v1/search`: full text, filtered by place, dates, discipline and price; paginated. */
export interface SearchParams {
  q: string;
  lat?: number;
  lon?: number;
  radius?: number;
  from?: DateTimeInput;
  to?: DateTimeInput;
  discipline?: Discipline;
  maxPrice?: number;
  free?: boolean;
  offset?: number;
  limit?: number;
}

/** `GET /v1/venues`: venues near a point, paginated. */
export interface VenueListParams {
  lat?: number;
  lon?: number;
  radius?: number;
  offset?: number;
  limit?: number;
}

type Scalar = string | number | boolean | Date | readonly string[] | undefined;

/** Turns typed parameters into query-string values: arrays comma-separated, Dates in ISO 8601, undefined left out. */
export function toQuery(params: object): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(params as Record<string, Scalar>)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) out[name] = value.join(',');
    } else if (value instanceof Date) out[name] = value.toISOString();
    else out[name] = String(value);
  }
  return out;
}

/** `GET /v1/policy` and `POST /v1/impressions`: which network of venues (the server's default when left out). */
export interface NetworkParams {
  network?: string;
}
