import type { Reject } from '@detour/sdk';

/** A field of one record failed validation: becomes a Reject, never stops the other records. */
export class RecordError extends Error {
  override readonly name = 'RecordError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

/** Appends a key or an index to a JSON path: `[12]` + `location` → `[12].location`, + `schema:geo` → `[12]["schema:geo"]`. */
export function jsonPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

/** Turns a thrown error into a reject of record `index`, or rethrows what is not a record error. */
export function toReject(error: unknown, index: number, sourceId: string | null): Reject {
  if (error instanceof RecordError) return { index, path: error.path, reason: error.reason, sourceId };
  throw error;
}
