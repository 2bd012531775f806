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
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof ProblemSchema>;

export { PROBLEM_CONTENT_TYPE } from './constants.js';
