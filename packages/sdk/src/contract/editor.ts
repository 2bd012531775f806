import * as z from 'zod';
import { DateTimeSchema } from './catalogue.js';
import { MAX_K, MAX_RADIUS_KM } from './constants.js';
import { PeriodSchema, PolicySchema, PolicySettingsSchema } from './policy.js';
import { FieldErrorSchema } from './problem.js';
import { decimalParam, queryNumber } from './query-params.js';
import { RecommendationResponseSchema } from './recommendation.js';

/**
 * The editor console's API (`/v1/editor/*`): sign-in check, draft validation, preview, publishing,
 * history and restore. Every call carries `Authorization: Bearer <editor token>`.
 */

export const EditorRoleSchema = z.enum(['viewer', 'editor']);
export type EditorRoleName = z.infer<typeof EditorRoleSchema>;

const network = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,59}$/, 'must be a network slug')
  .optional();

/** `GET /v1/editor/session`: who the token belongs to (never the token itself). */
export const EditorSessionSchema = z
  .object({
    name: z.string(),
    role: EditorRoleSchema,
    /** The server's default network, the one the console edits unless told otherwise. */
    network: z.string(),
  })
  .meta({ id: 'EditorSession' });
export type EditorSession = z.infer<typeof EditorSessionSchema>;

/**
 * A draft as typed in the console: any JSON, since explaining why a draft is invalid is the point.
 * It becomes a `PolicySettings` once valid.
 */
export const PolicyDraftSchema = z
  .record(z.string(), z.unknown())
  .meta({ id: 'PolicyDraft', description: 'Draft policy settings (see PolicySettings), possibly invalid.' });

/** `POST /v1/editor/policy/validate` body. */
export const PolicyValidateRequestSchema = z
  .object({ network, settings: PolicyDraftSchema })
  .meta({ id: 'PolicyValidateRequest' });
export type PolicyValidateRequest = z.infer<typeof PolicyValidateRequestSchema>;

/** The verdict on a draft: every problem at once, with its path and a plain-French message. */
export const PolicyValidationResultSchema = z
  .object({
    valid: z.boolean(),
    errors: z.array(FieldErrorSchema),
    /** The settings as they would be saved (only when valid). */
    settings: PolicySettingsSchema.nullable(),
  })
  .meta({ id: 'PolicyValidationResult' });
export type PolicyValidationResult = z.infer<typeof PolicyValidationResultSchema>;

/** One changed setting between two versions. */
export const PolicyChangeSchema = z
  .object({
    /** Dotted path in the settings ("lambda", "facets.discipline.targets.danse"). */
    path: z.string(),
    /** The setting in plain French. */
    label: z.string(),
    before: z.union([z.string(), z.number(), z.null()]),
    after: z.union([z.string(), z.number(), z.null()]),
  })
  .meta({ id: 'PolicyChange' });
export type PolicyChange = z.infer<typeof PolicyChangeSchema>;

/** A published version with its changes against the version before it (empty for the first). */
export const PolicyVersionSchema = PolicySchema.extend({ changes: z.array(PolicyChangeSchema) }).meta({
  id: 'PolicyVersion',
});
export type PolicyVersion = z.infer<typeof PolicyVersionSchema>;

/** `GET /v1/editor/policy/versions`: every version of a network's policy, newest first. */
export const PolicyVersionListSchema = z
  .object({
    network: z.string(),
    current: z.number().int(),
    versions: z.array(PolicyVersionSchema),
  })
  .meta({ id: 'PolicyVersionList' });
export type PolicyVersionList = z.infer<typeof PolicyVersionListSchema>;

/** `GET /v1/editor/policy`: the version in force. */
export const EditorPolicySchema = z.object({ policy: PolicySchema }).meta({ id: 'EditorPolicy' });
export type EditorPolicy = z.infer<typeof EditorPolicySchema>;

/** `POST /v1/editor/policy/publish` body. */
export const PolicyPublishRequestSchema = z
  .object({
    network,
    settings: PolicyDraftSchema,
    comment: z.string().trim().min(1, 'say why this version is published').max(2000),
    /** The version the draft started from: publishing fails with 409 if another was published since. */
    baseVersion: z.number().int().min(1).optional(),
  })
  .meta({ id: 'PolicyPublishRequest' });
export type PolicyPublishRequest = z.infer<typeof PolicyPublishRequestSchema>;

/** `POST /v1/editor/policy/restore` body: a past version becomes a new one. */
export const PolicyRestoreRequestSchema = z
  .object({
    network,
    version: z.number().int().min(1),
    comment: z.string().trim().max(2000).optional(),
  })
  .meta({ id: 'PolicyRestoreRequest' });
export type PolicyRestoreRequest = z.infer<typeof PolicyRestoreRequestSchema>;

/** Answer of publish and restore: the new version, with its changes. */
export const PolicyPublishedSchema = z
  .object({ version: PolicyVersionSchema })
  .meta({ id: 'PolicyPublished' });
export type PolicyPublished = z.infer<typeof PolicyPublishedSchema>;

/** A town of the catalogue (venues grouped by commune), for the preview's place picker. */
export const TownSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    lat: z.number(),
    lon: z.number(),
    venues: z.number().int().min(1),
  })
  .meta({ id: 'Town' });
export type Town = z.infer<typeof TownSchema>;

export const TownQuerySchema = z
  .object({
    q: z.string().max(100).optional(),
    limit: decimalParam(queryNumber().int().min(1).max(50)).optional(),
  })
  .strict();

export const TownListSchema = z.object({ items: z.array(TownSchema) }).meta({ id: 'TownList' });
export type TownList = z.infer<typeof TownListSchema>;

/** Where to preview: a catalogue town, or a point. */
export const PreviewPlaceSchema = z.union([
  z.object({ town: z.string().min(1).max(120) }),
  z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
]);
export type PreviewPlace = z.infer<typeof PreviewPlaceSchema>;

/** `POST /v1/editor/preview` body. */
export const PreviewRequestSchema = z
  .object({
    network,
    settings: PolicyDraftSchema,
    place: PreviewPlaceSchema,
    period: PeriodSchema.optional(),
    radiusKm: z.number().gt(0).max(MAX_RADIUS_KM).optional(),
    k: z.number().int().min(1).max(MAX_K).optional(),
  })
  .meta({ id: 'PreviewRequest' });
export type PreviewRequest = z.infer<typeof PreviewRequestSchema>;

/** A facet value's share of the picks against its target (null: no explicit target). */
export const ShareSchema = z.object({
  value: z.string(),
  label: z.string(),
  share: z.number().min(0).max(1),
  target: z.number().min(0).max(1).nullable(),
});
export type Share = z.infer<typeof ShareSchema>;

/** A Lorenz curve: cumulative share of exposure (y) held by the least exposed share of venues (x). */
export const LorenzSchema = z.object({
  points: z.array(z.object({ x: z.number(), y: z.number() })),
  gini: z.number().min(0).max(1),
  venues: z.number().int().min(0),
});
export type Lorenz = z.infer<typeof LorenzSchema>;

/** List metrics over the sample of contexts, for one policy. */
export const PreviewMetricsSchema = z
  .object({
    /** Non-empty lists measured. */
    lists: z.number().int().min(0),
    distinctDisciplines: z.number().min(0),
    smallVenueShare: z.number().min(0).max(1),
    /** Jensen-Shannon divergence (base 2, 0 = on target, 1 = disjoint) of the picks to the draft's targets. */
    divergence: z.number().min(0).max(1),
    intraListDiversity: z.number().min(0).max(1),
    disciplineShares: z.array(ShareSchema),
    sizeClassShares: z.array(ShareSchema),
    /** Exposure the sampled lists would give the area's venues (position-weighted). */
    exposure: LorenzSchema,
  })
  .meta({ id: 'PreviewMetrics' });
export type PreviewMetrics = z.infer<typeof PreviewMetricsSchema>;

export const PreviewSideSchema = z.object({
  list: RecommendationResponseSchema,
  metrics: PreviewMetricsSchema,
});

/** A facet value and how many performances of the preview's area carry it. */
export const PoolValueSchema = z.object({
  value: z.string(),
  label: z.string(),
  performances: z.number().int().min(0),
});

/**
 * What the catalogue offers around the preview's place (the area the sampled lists draw from, over the
 * next 30 days), per facet value: a target on a value with no performance here cannot move the lists.
 */
export const PreviewPoolSchema = z
  .object({
    radiusKm: z.number(),
    days: z.number().int(),
    performances: z.number().int().min(0),
    facets: z.object({
      discipline: z.array(PoolValueSchema),
      sizeClass: z.array(PoolValueSchema),
      priceBand: z.array(PoolValueSchema),
      audience: z.array(PoolValueSchema),
    }),
  })
  .meta({ id: 'PreviewPool' });
export type PreviewPool = z.infer<typeof PreviewPoolSchema>;

/** `POST /v1/editor/preview` answer: the policy in force and the draft, side by side. */
export const PreviewResponseSchema = z
  .object({
    place: z.object({ lat: z.number(), lon: z.number(), label: z.string() }),
    radiusKm: z.number(),
    period: PeriodSchema,
    from: DateTimeSchema,
    to: DateTimeSchema,
    /** The sample the metrics are computed over. */
    sample: z.object({
      points: z.number().int(),
      periods: z.array(PeriodSchema),
      contexts: z.number().int(),
    }),
    current: PreviewSideSchema,
    draft: PreviewSideSchema,
    /** Impressions actually received by the area's venues over recent days (decayed), zeros included. */
    recentExposure: LorenzSchema.extend({ halfLifeDays: z.number() }),
    pool: PreviewPoolSchema,
  })
  .meta({ id: 'PreviewResponse' });
export type PreviewResponse = z.infer<typeof PreviewResponseSchema>;
