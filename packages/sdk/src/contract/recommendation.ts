import * as z from 'zod';
import { DateTimeSchema, PerformanceSchema, ShowSchema, VenueSchema } from './catalogue.js';
import { MAX_EXCLUDED_VENUES, MAX_HISTORY, MAX_K, MAX_RADIUS_KM } from './constants.js';
import { PeriodSchema } from './policy.js';
import { DayOrDateTimeSchema, decimalParam, queryNumber } from './query-params.js';
import { AccessibilitySchema, AudienceKindSchema, LocaleSchema } from './taxonomy.js';

export { MAX_EXCLUDED_VENUES, MAX_HISTORY, MAX_K, MAX_RADIUS_KM } from './constants.js';

/** Show ids: opaque, URL-safe. */
export const ShowIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,80}$/, 'must be a show id');

/** Venue ids: the same alphabet as show ids. */
export const VenueIdSchema = z.string().regex(/^[A-Za-z0-9_.:-]{1,80}$/, 'must be a venue id');

/** The recommendation request, as the engine and the SDK see it (parsed values). */
export const RecommendationRequestSchema = z
  .object({
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
    radiusKm: z.number().gt(0).max(MAX_RADIUS_KM),
    from: DateTimeSchema,
    to: DateTimeSchema,
    k: z.number().int().min(1).max(MAX_K),
    show: ShowIdSchema.optional(),
    history: z.array(ShowIdSchema).max(MAX_HISTORY).optional(),
    /** Venues whose shows are never proposed (a venue's own page leaving its programme out). */
    excludeVenue: z.array(VenueIdSchema).max(MAX_EXCLUDED_VENUES).optional(),
    locale: LocaleSchema.optional(),
    maxPrice: z.number().min(0).optional(),
    free: z.boolean().optional(),
    audience: AudienceKindSchema.optional(),
    accessibility: z.array(AccessibilitySchema).optional(),
    network: z.string().max(60).optional(),
  })
  .refine((r) => Date.parse(r.from) < Date.parse(r.to), { path: ['to'], message: 'must be after from' })
  .meta({ id: 'RecommendationRequest' });
export type RecommendationRequest = z.infer<typeof RecommendationRequestSchema>;

const boolParam = z.enum(['true', 'false', '1', '0']);

/**
 * `GET /v1/recommendations` query parameters (strings on the wire). `history`, `excludeVenue` and
 * `accessibility` are comma-separated. `from`/`to` take a date-time or a date (Paris clock); left out, they follow
 * `period` (default: the policy's) from now. Numbers are plain decimals; any other parameter is refused.
 */
export const RecommendationQuerySchema = z
  .object({
    lat: decimalParam(queryNumber().min(-90).max(90)),
    lon: decimalParam(queryNumber().min(-180).max(180)),
    radius: decimalParam(queryNumber().gt(0).max(MAX_RADIUS_KM)).optional(),
    from: DayOrDateTimeSchema.optional(),
    to: DayOrDateTimeSchema.optional(),
    period: PeriodSchema.optional(),
    k: decimalParam(queryNumber().int().min(1).max(MAX_K)).optional(),
    show: ShowIdSchema.optional(),
    history: z
      .string()
      .regex(
        /^[A-Za-z0-9_.:-]{1,80}(,[A-Za-z0-9_.:-]{1,80}){0,19}$/,
        'must be at most 20 comma-separated show ids',
      )
      .optional(),
    excludeVenue: z
      .string()
      .regex(
        /^[A-Za-z0-9_.:-]{1,80}(,[A-Za-z0-9_.:-]{1,80}){0,19}$/,
        'must be at most 20 comma-separated venue ids',
      )
      .optional()
      .meta({
        description:
          'Venues whose shows are never proposed, comma-separated (a venue’s own page leaving its programme out).',
      }),
    locale: LocaleSchema.optional(),
    maxPrice: decimalParam(queryNumber().min(0)).optional(),
    free: boolParam.optional(),
    audience: AudienceKindSchema.optional(),
    accessibility: z
      .string()
      .regex(
        /^(moteur|auditif|visuel|mental)(,(moteur|auditif|visuel|mental))*$/,
        'must be among moteur, auditif, visuel, mental',
      )
      .optional(),
    network: z.string().max(60).optional(),
  })
  .strict()
  .meta({ id: 'RecommendationQuery' });
export type RecommendationQuery = z.input<typeof RecommendationQuerySchema>;

/** Machine codes of the reasons a pick is shown. */
export const ReasonCodeSchema = z.enum([
  'distance',
  'time',
  'similar-but-different',
  'novel',
  'discipline-absent',
  'facet-target',
  'small-venue',
  'venue-underexposed',
  'free',
  'low-price',
  'young-audience',
  'discovery-slot',
  'relevance',
  // Added by the engine: "close to X" on similar-show lists; won on low redundancy with earlier picks.
  'similar',
  'unlike-others',
]);
export type ReasonCode = z.infer<typeof ReasonCodeSchema>;

/** The scoring term a reason stands for. */
export const ReasonTermSchema = z.enum(['relevance', 'coverage', 'fairness', 'discovery', 'fact']);
export type ReasonTerm = z.infer<typeof ReasonTermSchema>;

export const ReasonSchema = z
  .object({
    code: ReasonCodeSchema,
    term: ReasonTermSchema,
    /** True for the term that contributed most to the pick (its leading reason). */
    decisive: z.boolean(),
    params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    text: z.object({ fr: z.string(), en: z.string() }),
  })
  .meta({ id: 'Reason' });
export type Reason = z.infer<typeof ReasonSchema>;

export const RecommendationSchema = z
  .object({
    rank: z.number().int().min(1),
    show: ShowSchema,
    performance: PerformanceSchema,
    venue: VenueSchema,
    distanceKm: z.number().min(0),
    score: z.number(),
    reasons: z.array(ReasonSchema).min(1),
  })
  .meta({ id: 'Recommendation' });
export type Recommendation = z.infer<typeof RecommendationSchema>;

export const RecommendationResponseSchema = z
  .object({
    items: z.array(RecommendationSchema),
    context: z.object({
      lat: z.number(),
      lon: z.number(),
      radiusKm: z.number(),
      from: DateTimeSchema,
      to: DateTimeSchema,
      k: z.number().int(),
      locale: LocaleSchema,
    }),
    /** When the list is empty: why, in words. */
    empty: z
      .object({
        code: z.enum(['nothing-in-area', 'nothing-in-window', 'filtered-out']),
        text: z.object({ fr: z.string(), en: z.string() }),
      })
      .nullable(),
    policyVersion: z.number().int(),
    snapshotId: z.string(),
    seed: z.string(),
    attribution: z.array(z.string()),
  })
  .meta({ id: 'RecommendationResponse' });
export type RecommendationResponse = z.infer<typeof RecommendationResponseSchema>;

/** `POST /v1/impressions`: what a list showed, aggregated, without any identifier. */
export const ImpressionBatchSchema = z
  .object({
    policyVersion: z.number().int().min(0),
    items: z
      .array(
        z.object({
          showId: ShowIdSchema,
          venueId: z.string().max(100),
          position: z.number().int().min(1).max(MAX_K),
        }),
      )
      .min(1)
      .max(MAX_K),
  })
  .strict()
  .meta({ id: 'ImpressionBatch' });
export type ImpressionBatch = z.infer<typeof ImpressionBatchSchema>;

export const ImpressionAckSchema = z
  .object({ accepted: z.number().int().min(0) })
  .meta({ id: 'ImpressionAck' });
export type ImpressionAck = z.infer<typeof ImpressionAckSchema>;
