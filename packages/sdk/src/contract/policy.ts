import * as z from 'zod';
import { DateTimeSchema } from './catalogue.js';
import { FACETS, PERIODS, POLICY_RANGES } from './constants.js';

export { DEFAULT_POLICY_SETTINGS, FACETS, POLICY_RANGES } from './constants.js';

export const FacetSchema = z.enum(FACETS);
export type Facet = z.infer<typeof FacetSchema>;

export const FacetPolicySchema = z
  .object({
    /** How much this facet weighs in the coverage term (0 = ignored). */
    weight: z.number().min(0).max(1),
    /** Target share per facet value; shares sum to 1. Values left out get no target. */
    targets: z.record(z.string(), z.number().min(0).max(1)),
  })
  .meta({ id: 'FacetPolicy' });
export type FacetPolicy = z.infer<typeof FacetPolicySchema>;

export const MeritSchema = z.enum(['relevance', 'equal', 'size-class']);
export type Merit = z.infer<typeof MeritSchema>;

export const PeriodSchema = z.enum(PERIODS);
export type Period = z.infer<typeof PeriodSchema>;

const r = POLICY_RANGES;

/** The tunable part of a policy, what an editor drafts. */
export const PolicySettingsSchema = z
  .object({
    facets: z.object({
      discipline: FacetPolicySchema,
      sizeClass: FacetPolicySchema,
      priceBand: FacetPolicySchema,
      audience: FacetPolicySchema,
    }),
    /** Diversity strength λ: 0 = relevance only. */
    lambda: z.number().min(r.lambda.min).max(r.lambda.max),
    /** Redundancy penalty ρ against picks too similar to those already chosen. */
    redundancy: z.number().min(r.redundancy.min).max(r.redundancy.max),
    /** At most this many picks per venue in one list. */
    venueCap: z.number().int().min(r.venueCap.min).max(r.venueCap.max),
    /** Of k picks, this many come from disciplines absent from the viewed show and the history. */
    discoverySlots: z.number().int().min(r.discoverySlots.min).max(r.discoverySlots.max),
    fairness: z.object({
      /** μ: weight of amortised venue-exposure fairness. */
      strength: z.number().min(r.fairnessStrength.min).max(r.fairnessStrength.max),
      /** How "deserved" attention is spread among venues. */
      merit: MeritSchema,
      /** Half-life of exposure counters, in days. */
      halfLifeDays: z.number().min(r.halfLifeDays.min).max(r.halfLifeDays.max),
    }),
    defaults: z.object({
      radiusKm: z.number().min(r.radiusKm.min).max(r.radiusKm.max),
      period: PeriodSchema,
    }),
  })
  .superRefine((p, ctx) => {
    for (const facet of FACETS) {
      const targets = Object.values(p.facets[facet].targets);
      if (targets.length === 0) continue;
      const sum = targets.reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > 0.01) {
        ctx.addIssue({
          code: 'custom',
          path: ['facets', facet, 'targets'],
          message: `target shares must sum to 100 % (they sum to ${Math.round(sum * 1000) / 10} %)`,
        });
      }
    }
  })
  .meta({ id: 'PolicySettings' });
export type PolicySettings = z.infer<typeof PolicySettingsSchema>;

/** A published, immutable policy version. */
export const PolicySchema = z
  .object({
    network: z.string(),
    version: z.number().int().min(1),
    settings: PolicySettingsSchema,
    publishedAt: DateTimeSchema,
    publishedBy: z.string(),
    comment: z.string().max(2000),
    restoredFrom: z.number().int().nullable(),
  })
  .meta({ id: 'Policy' });
export type Policy = z.infer<typeof PolicySchema>;

const Localised = z.object({ fr: z.string(), en: z.string() });

/** `GET /v1/policy`: the policy in force, in machine form and in plain words, with its history. */
export const PublicPolicySchema = z
  .object({
    policy: PolicySchema,
    description: z.object({
      objective: Localised,
      targets: z.array(Localised),
      dataUsed: z.array(Localised),
      dataNotUsed: z.array(Localised),
    }),
    lastChanged: DateTimeSchema,
    history: z.array(
      z.object({
        version: z.number().int(),
        publishedAt: DateTimeSchema,
        publishedBy: z.string(),
        comment: z.string(),
        restoredFrom: z.number().int().nullable(),
      }),
    ),
  })
  .meta({ id: 'PublicPolicy' });
export type PublicPolicy = z.infer<typeof PublicPolicySchema>;
