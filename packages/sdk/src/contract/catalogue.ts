import * as z from 'zod';
import {
  AccessibilitySchema,
  AudienceKindSchema,
  DisciplineSchema,
  PriceBandSchema,
  SizeClassSchema,
  SubDisciplineSchema,
  VenueTypeSchema,
} from './taxonomy.js';

/** An ISO 8601 date-time with an offset ("2026-12-03T20:30:00+01:00" or "…Z"). */
export const DateTimeSchema = z.iso.datetime({ offset: true });

/** An absolute http(s) URL: nothing else (no `javascript:`) ever reaches a link or an image. */
export const HttpUrlSchema = z
  .string()
  .max(2048)
  .refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s), { message: 'must be an absolute http(s) URL' });

/** Where a record comes from: the source, its own id there, and when the source last listed it. */
export const ProvenanceSchema = z
  .object({
    source: z.string().min(1).max(100),
    sourceId: z.string().min(1).max(300),
    lastSeen: DateTimeSchema,
  })
  .meta({ id: 'Provenance' });
export type Provenance = z.infer<typeof ProvenanceSchema>;

/** The source record that gave a public field of a venue or show. */
export const FieldSourceSchema = z
  .object({
    source: z.string().min(1).max(100),
    sourceId: z.string().min(1).max(300),
  })
  .meta({ id: 'FieldSource' });
export type FieldSource = z.infer<typeof FieldSourceSchema>;

/**
 * Which source record gave each public field (keyed by field name), on `GET /v1/venues/{id}` and
 * `GET /v1/shows/{id}`. Every field comes from the records of the venue's or show's owner (the source of its
 * oldest record): other sources' records never change, fill or remove them.
 */
export const FieldProvenanceSchema = z
  .record(z.string(), FieldSourceSchema)
  .meta({ id: 'FieldProvenance', description: 'The source record that gave each public field.' });
export type FieldProvenance = z.infer<typeof FieldProvenanceSchema>;

export const GeoPointSchema = z
  .object({
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
  })
  .meta({ id: 'GeoPoint' });
export type GeoPoint = z.infer<typeof GeoPointSchema>;

export const VenueSchema = z
  .object({
    id: z.string(),
    name: z.string().min(1).max(300),
    address: z.string().max(500).nullable(),
    town: z.string().max(200),
    postcode: z
      .string()
      .regex(/^\d{5}$/)
      .nullable(),
    inseeCode: z
      .string()
      .regex(/^(\d{5}|2[AB]\d{3})$/)
      .nullable(),
    location: GeoPointSchema,
    capacity: z.number().int().positive().nullable(),
    sizeClass: SizeClassSchema,
    type: VenueTypeSchema,
    accessibility: z.array(AccessibilitySchema),
    url: HttpUrlSchema.nullable(),
    sources: z.array(ProvenanceSchema),
    provenance: FieldProvenanceSchema.optional(),
  })
  .meta({ id: 'Venue' });
export type Venue = z.infer<typeof VenueSchema>;

export const AudienceSchema = z
  .object({
    kind: AudienceKindSchema,
    minAge: z.number().int().min(0).max(99).nullable(),
    maxAge: z.number().int().min(0).max(99).nullable(),
  })
  .meta({ id: 'Audience' });
export type Audience = z.infer<typeof AudienceSchema>;

export const ShowSchema = z
  .object({
    id: z.string(),
    title: z.string().min(1).max(300),
    creators: z.array(z.string().max(200)).max(20),
    discipline: DisciplineSchema,
    subDiscipline: SubDisciplineSchema.nullable(),
    audience: AudienceSchema,
    tags: z.array(z.string().max(60)).max(30),
    description: z.string().max(5000).nullable(),
    image: HttpUrlSchema.nullable(),
    language: z.string().max(35).nullable(),
    sources: z.array(ProvenanceSchema),
    provenance: FieldProvenanceSchema.optional(),
  })
  .meta({ id: 'Show' });
export type Show = z.infer<typeof ShowSchema>;

export const PriceSchema = z
  .object({
    min: z.number().min(0).nullable(),
    max: z.number().min(0).nullable(),
    free: z.boolean(),
    currency: z.literal('EUR'),
    band: PriceBandSchema,
  })
  .meta({ id: 'Price' });
export type Price = z.infer<typeof PriceSchema>;

/**
 * `postponed`: the producer says the performance will not take place on this date and gives no new one yet
 * (a performance moved to a known date is `scheduled` at that date). Neither cancelled nor postponed nor
 * sold-out performances are recommended.
 */
export const PerformanceStatusSchema = z.enum(['scheduled', 'cancelled', 'sold-out', 'postponed']);
export type PerformanceStatus = z.infer<typeof PerformanceStatusSchema>;

export const PerformanceSchema = z
  .object({
    id: z.string(),
    showId: z.string(),
    venueId: z.string(),
    start: DateTimeSchema,
    end: DateTimeSchema.nullable(),
    price: PriceSchema,
    url: HttpUrlSchema.nullable(),
    status: PerformanceStatusSchema,
    source: ProvenanceSchema,
  })
  .meta({ id: 'Performance' });
export type Performance = z.infer<typeof PerformanceSchema>;

/** A performance with its venue, as listed on a show page. */
export const ShowDetailSchema = z
  .object({
    show: ShowSchema,
    performances: z.array(PerformanceSchema),
    venues: z.array(VenueSchema),
    attribution: z.array(z.string()),
  })
  .meta({ id: 'ShowDetail' });
export type ShowDetail = z.infer<typeof ShowDetailSchema>;

export const VenueWithDistanceSchema = VenueSchema.extend({ distanceKm: z.number().min(0).nullable() }).meta({
  id: 'VenueWithDistance',
});

export const PageSchema = z.object({
  total: z.number().int().min(0),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1),
});

export const VenueListSchema = z
  .object({ items: z.array(VenueWithDistanceSchema), page: PageSchema })
  .meta({ id: 'VenueList' });
export type VenueList = z.infer<typeof VenueListSchema>;

export const SearchHitSchema = z
  .object({
    show: ShowSchema,
    score: z.number(),
    next: PerformanceSchema.nullable(),
    venue: VenueSchema.nullable(),
    distanceKm: z.number().min(0).nullable(),
  })
  .meta({ id: 'SearchHit' });

export const SearchResponseSchema = z
  .object({ query: z.string(), items: z.array(SearchHitSchema), page: PageSchema })
  .meta({ id: 'SearchResponse' });
export type SearchResponse = z.infer<typeof SearchResponseSchema>;
