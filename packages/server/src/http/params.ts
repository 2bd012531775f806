// Path and empty query schemas are the contract's, which the SDK's mocks validate with too.
export { NoQuerySchema, ShowPathSchema, VenuePathSchema } from '@detour/sdk/contract';

import { invalidField } from './problem.js';

/** Default page size of paginated lists. */
export const DEFAULT_PAGE_LIMIT = 20;

/** Checks that a point is given whole: both coordinates or neither. */
export function pointOf(q: { lat?: number; lon?: number }): { lat: number; lon: number } | null {
  if (q.lat === undefined && q.lon === undefined) return null;
  if (q.lat === undefined) throw missing('lat');
  if (q.lon === undefined) throw missing('lon');
  return { lat: q.lat, lon: q.lon };
}

function missing(field: 'lat' | 'lon') {
  return invalidField(field, `required with ${field === 'lat' ? 'lon' : 'lat'}`);
}

/** Splits a comma-separated parameter. */
export const splitList = (value: string | undefined): string[] | undefined =>
  value === undefined ? undefined : value.split(',').filter(Boolean);

/** Reads a boolean parameter ("true", "1", "false", "0"). */
export const boolOf = (value: string | undefined): boolean | undefined =>
  value === undefined ? undefined : value === 'true' || value === '1';
