import { PROBLEM_DETAILS } from '@detour/sdk/contract';
import type { Hook } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { NotReadyError } from '../app-state.js';
import type { AppEnv } from './context.js';
import { DATABASE_RETRY_AFTER_S, type DatabaseHealth, isDatabaseUnavailable } from './database-outage.js';
import type { Logger } from './log.js';
import { fieldErrors, HttpProblem, problemResponse } from './problem.js';

/** Where a validated value came from, as a prefix of its field paths (query and path parameters have none). */
const TARGET_PREFIX: Record<string, string> = {
  json: 'body',
  form: 'body',
  header: 'header',
  cookie: 'cookie',
};

/** The validation hook of every route: a failed parse becomes a 400 problem naming each field. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return;
  const errors = fieldErrors(result.error.issues, TARGET_PREFIX[result.target] ?? '');
  throw new HttpProblem(400, 'invalid-request', PROBLEM_DETAILS.invalidFields, { errors });
};

/** Turns anything thrown into a problem response: typed errors keep their status, the rest is a generic 500. */
export function errorHandler(log: Logger, database?: DatabaseHealth) {
  return (error: Error, c: Context<AppEnv>): Response => {
    const instance = c.req.path;
    if (error instanceof HttpProblem) return problemResponse(error.toProblem(instance), error.headers);
    if (isDatabaseUnavailable(error)) {
      // Only routes that need the database get here (recommendations and pages answer from memory);
      // the outage is logged once by DatabaseHealth, not per request.
      database?.failed(error);
      return problemResponse(
        new HttpProblem(
          503,
          'unavailable',
          'The database is unreachable for the moment; try again shortly.',
        ).toProblem(instance),
        { 'Retry-After': String(DATABASE_RETRY_AFTER_S) },
      );
    }
    if (error instanceof NotReadyError) {
      return problemResponse(
        new HttpProblem(
          503,
          'unavailable',
          'The catalogue is being loaded; try again in a moment.',
        ).toProblem(instance),
        { 'Retry-After': '5' },
      );
    }
    if (error instanceof HTTPException) {
      const problem = fromHttpException(error);
      return problemResponse(problem.toProblem(instance), problem.headers);
    }
    // Logged for operators (message and stack, no request data); the client gets a generic message.
    log.error('unhandled error', { error: error.message, stack: error.stack });
    return problemResponse(
      new HttpProblem(500, 'internal', 'Something went wrong on our side.').toProblem(instance),
    );
  };
}

/** Hono's own exceptions (body parsing, media types, size limits) as our problems. */
function fromHttpException(error: HTTPException): HttpProblem {
  switch (error.status) {
    case 400:
      if (/json/i.test(error.message)) {
        return new HttpProblem(400, 'malformed-json', PROBLEM_DETAILS.malformedJson, {
          errors: [{ path: 'body', message: 'malformed JSON' }],
        });
      }
      return new HttpProblem(400, 'invalid-request', error.message || undefined);
    case 413:
      return new HttpProblem(413, 'payload-too-large', 'The request body is too large.', {
        errors: [{ path: 'body', message: 'too large' }],
      });
    case 415:
      return new HttpProblem(415, 'unsupported-media-type', 'This content type is not accepted here.', {
        errors: [{ path: 'header.content-type', message: 'unsupported content type' }],
      });
    default:
      return new HttpProblem(error.status, error.status >= 500 ? 'internal' : 'invalid-request');
  }
}

/** Registered routes as (method, pattern) pairs, to tell a 405 from a 404. */
export interface KnownRoute {
  method: string;
  path: string;
}

/** The not-found handler: 405 with Allow when the path exists under other methods, else 404. */
export function notFoundHandler(routes: () => readonly KnownRoute[]) {
  return (c: Context<AppEnv>): Response => {
    const path = c.req.path;
    const allowed = new Set<string>();
    for (const route of routes()) {
      if (route.method === 'ALL' || route.path.includes('*')) continue;
      if (patternOf(route.path).test(path)) allowed.add(route.method);
    }
    if (allowed.size > 0) {
      if (allowed.has('GET')) allowed.add('HEAD');
      const allow = [...allowed].sort().join(', ');
      const problem = new HttpProblem(405, 'method-not-allowed', `Use ${allow} on this path.`);
      return problemResponse(problem.toProblem(path), { Allow: allow });
    }
    return problemResponse(new HttpProblem(404, 'not-found', PROBLEM_DETAILS.notFound).toProblem(path));
  };
}

const patterns = new Map<string, RegExp>();
function patternOf(path: string): RegExp {
  let re = patterns.get(path);
  if (!re) {
    const source = path
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/');
    re = new RegExp(`^${source}/?$`);
    patterns.set(path, re);
  }
  return re;
}
