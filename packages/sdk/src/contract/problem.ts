import * as z from 'zod';

/** One offending field: a JSON path ("lat", "body.items.3.startDate") and what is wrong with it. */
export const FieldErrorSchema = z
  .object({ path: z.string(), message: z.string() })
  .meta({ id: 'FieldError' });
export type FieldError = z.infer<typeof FieldErrorSchema>;

/** RFC 9457 problem details, as every error of the API is served (`application/problem+json`). */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional(),
    /** `urn:detour:problem:wrong-format`: the format the body looks like (`openagenda`, `html`…). */
    detectedFormat: z.string().optional(),
    /** `urn:detour:problem:mass-cancellation`: upcoming performances the feed would cancel… */
    wouldCancel: z.number().int().min(0).optional(),
    /** …out of the source's upcoming performances. */
    upcoming: z.number().int().min(0).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof ProblemSchema>;

export { PROBLEM_CONTENT_TYPE } from './constants.js';
