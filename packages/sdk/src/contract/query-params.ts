import * as z from 'zod';
import { DateTimeSchema } from './catalogue.js';

/**
 * Query-string values as the API reads them. A number is written as in JSON (what `String(number)` gives,
 * a leading `+` allowed): `Number()` alone would read `''` as 0 and `0x10` as 16, so a typo became a valid
 * request (`lat=` meant the equator).
 */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A number in a query string, checked by `schema` once read (`lat=`, `lat=0x10`, `lat=Infinity` are refused). */
export function decimalParam<T extends z.ZodNumber>(schema: T) {
  return z.preprocess(
    (value: string) => (typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value),
    schema,
  );
}

/** The message of a query number that is not plain decimal notation. */
export const NOT_A_NUMBER = 'must be a number (decimal notation)';

/** `z.number()` with the query-string message for anything that is not a number. */
export const queryNumber = () =>
  z.number({ error: (issue) => (issue.input === undefined ? 'required' : NOT_A_NUMBER) });

/** A calendar date, `YYYY-MM-DD`. */
export const DateSchema = z.iso.date();

/**
 * A time bound of a request: an ISO 8601 date-time with offset, or a date (`YYYY-MM-DD`) read on the Paris
 * clock — as `from`, that day from midnight; as `to`, the end of that day.
 */
export const DayOrDateTimeSchema = z.union([DateTimeSchema, DateSchema]);
