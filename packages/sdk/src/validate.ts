import type * as z from 'zod';
import type { Endpoint } from './client.js';
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
} from './contract/index.js';

/** The contract schema of each endpoint's response. */
export const RESPONSE_SCHEMAS: Record<Endpoint, z.ZodType> = {
  health: HealthSchema,
  recommendations: RecommendationResponseSchema,
  show: ShowDetailSchema,
  similar: RecommendationResponseSchema,
  search: SearchResponseSchema,
  venues: VenueListSchema,
  venue: VenueSchema,
  taxonomy: TaxonomySchema,
  policy: PublicPolicySchema,
  impressions: ImpressionAckSchema,
};

/** Parses a response body with the endpoint's contract schema; throws a ZodError (with issue paths) if it does not conform. */
export function validateResponse(endpoint: Endpoint, body: unknown): unknown {
  return RESPONSE_SCHEMAS[endpoint].parse(body);
}
