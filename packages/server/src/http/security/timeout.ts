import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { HttpProblem } from '../problem.js';

/** The 503 problem of a request that did not answer within its budget of `ms`. */
export function budgetExceeded(ms: number): HttpProblem {
  return new HttpProblem(503, 'unavailable', `The request took longer than ${ms} ms; try again later.`, {
    headers: { 'Retry-After': '5' },
  });
}

/**
 * A request that has not answered within its time budget gets a 503 problem with Retry-After instead
 * of holding the client (and a connection) indefinitely. The late handler's result is discarded.
 */
export function requestTimeout(options: {
  ms: number;
  byPath?: Record<string, number>;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ms = options.byPath?.[c.req.path] ?? options.ms;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), ms);
    });
    const handled = next();
    try {
      const first = await Promise.race([handled.then(() => 'done' as const), expired]);
      if (first === 'expired') {
        handled.catch(() => {}); // a late failure has no one left to answer
        throw budgetExceeded(ms);
      }
    } finally {
      clearTimeout(timer);
    }
  };
}
