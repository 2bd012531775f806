import * as z from 'zod';
import { MAX_RADIUS_KM } from './constants.js';
import { ImportFormatSchema } from './imports.js';
import { DayOrDateTimeSchema, decimalParam, queryNumber } from './query-params.js';
import { RecommendationQuerySchema, ShowIdSchema, VenueIdSchema } from './recommendation.js';
import { DisciplineSchema } from './taxonomy.js';

/** Largest page of `GET /v1/search` and `GET /v1/venues`. */
export const MAX_PAGE_LIMIT = 50;

const boolParam = z.enum(['true', 'false', '1', '0']);
const networkParam = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'must be a network slug')
  .optional();
const pageParams = {
  offset: decimalParam(queryNumber().int().min(0).max(10_000)).optional(),
  limit: decimalParam(queryNumber().int().min(1).max(MAX_PAGE_LIMIT)).optional(),
};

/**
 * `GET /v1/shows/{id}/similar` query parameters: those of recommendations without `show` (it is the
 * path's), the place being optional (the show's next venue otherwise).
 */
export const SimilarQuerySchema = RecommendationQuerySchema.omit({ show: true })
  .partial({ lat: true, lon: true })
  .meta({ id: 'SimilarQuery' });
export type SimilarQuery = z.input<typeof SimilarQuerySchema>;

/**
 * `GET /v1/search` query parameters: full text (`q`, accents and case ignored), filtered by place
 * (`lat`, `lon`, `radius`), dates (`from`, `to`: date-times or Paris dates; from now on by default, at most
 * 366 days), discipline and price; paginated.
 */
export const SearchQuerySchema = z
  .object({
    q: z.string().max(200).optional(),
    lat: decimalParam(queryNumber().min(-90).max(90)).optional(),
    lon: decimalParam(queryNumber().min(-180).max(180)).optional(),
    radius: decimalParam(queryNumber().gt(0).max(MAX_RADIUS_KM)).optional(),
    from: DayOrDateTimeSchema.optional(),
    to: DayOrDateTimeSchema.optional(),
    discipline: DisciplineSchema.optional(),
    maxPrice: decimalParam(queryNumber().min(0)).optional(),
    free: boolParam.optional(),
    ...pageParams,
  })
  .strict()
  .meta({ id: 'SearchQuery' });
export type SearchQuery = z.input<typeof SearchQuerySchema>;

/** `GET /v1/venues` query parameters: venues near a point (all venues, by name, without one); paginated. */
export const VenueQuerySchema = z
  .object({
    lat: decimalParam(queryNumber().min(-90).max(90)).optional(),
    lon: decimalParam(queryNumber().min(-180).max(180)).optional(),
    radius: decimalParam(queryNumber().gt(0).max(MAX_RADIUS_KM)).optional(),
    ...pageParams,
  })
  .strict()
  .meta({ id: 'VenueQuery' });
export type VenueQuery = z.input<typeof VenueQuerySchema>;

/** `GET /v1/policy` and `POST /v1/impressions`: which network (the server's default when left out). */
export const NetworkQuerySchema = z.object({ network: networkParam }).strict().meta({ id: 'NetworkQuery' });

/** `POST /v1/imports` query parameters: the partner's source, the file format, whether it is a partial push. */
export const ImportQuerySchema = z
  .object({
    source: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{0,99}$/, 'must be a source name (lower case, digits, . _ -)'),
    format: ImportFormatSchema,
    /** `true`: a push of some records only; nothing is cancelled for being absent from it. */
    partial: boolParam.optional(),
    /** `true`: the full report, nothing written. */
    dryRun: boolParam.optional(),
    /** `true`: let a full feed cancel more than half of the source's upcoming performances. */
    confirmCancel: boolParam.optional(),
  })
  .strict()
  .meta({ id: 'ImportQuery' });
export type ImportQuery = z.infer<typeof ImportQuerySchema>;

/** Path parameters: `{id}` of a show. */
export const ShowPathSchema = z.object({ id: ShowIdSchema });

/** Path parameters: `{id}` of a venue. */
export const VenuePathSchema = z.object({ id: VenueIdSchema });

/** The query of a route that takes no parameter: any parameter is refused, named (a typo never goes unnoticed). */
export const NoQuerySchema = z.object({}).strict();
