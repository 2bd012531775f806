import * as z from 'zod';

/** `GET /healthz`: whether the server answers, and what it serves. Extra fields may appear. */
export const HealthSchema = z
  .object({
    /** `degraded`: serving from memory while the database is unreachable (writes answer 503). */
    status: z.enum(['ok', 'starting', 'degraded']),
    snapshotId: z.string().nullable(),
    policyVersion: z.number().int().nullable(),
    exposureSnapshotId: z.string().nullable(),
    counts: z
      .object({
        venues: z.number().int().min(0),
        shows: z.number().int().min(0),
        performances: z.number().int().min(0),
      })
      .nullable(),
  })
  .loose()
  .meta({ id: 'Health' });
export type HealthStatus = z.infer<typeof HealthSchema>;
