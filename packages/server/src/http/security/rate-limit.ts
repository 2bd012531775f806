import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { HttpProblem } from '../problem.js';
import { addressBucket, hashed } from './client-address.js';
import type { SecurityConfig } from './config.js';
import { TokenBuckets } from './token-bucket.js';

/** Paths never limited: health checks of orchestrators and load balancers. */
const UNLIMITED = new Set(['/healthz']);

function tooMany(waitMs: number, detail: string): HttpProblem {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new HttpProblem(429, 'too-many-requests', detail, {
    headers: { 'Retry-After': String(seconds) },
  });
}

/**
 * Token-bucket rate limits, in memory: every request takes a token from its client address's bucket
 * (keyed by a salted hash, see client-address.ts), and an import also from its API key's bucket (keyed
 * by a hash of the presented key, so unknown keys are limited too). Over the limit: 429 problem with
 * Retry-After. Preflights and /healthz are not counted.
 */
export function rateLimit(config: SecurityConfig): MiddlewareHandler<AppEnv> {
  const byAddress =
    config.perAddressPerMinute === null ? null : new TokenBuckets({ perMinute: config.perAddressPerMinute });
  const byKey =
    config.perKeyPerMinute === null ? null : new TokenBuckets({ perMinute: config.perKeyPerMinute });
  return async (c, next) => {
    if (c.req.method === 'OPTIONS' || UNLIMITED.has(c.req.path)) return next();
    if (byAddress) {
      const wait = byAddress.take(addressBucket(c, config.trustProxy));
      if (wait > 0) throw tooMany(wait, 'Too many requests from your address; try again later.');
    }
    if (byKey && c.req.path === '/v1/imports') {
      const token = /^Bearer\s+(\S+)/i.exec(c.req.header('authorization') ?? '')?.[1];
      if (token) {
        const wait = byKey.take(hashed(token));
        if (wait > 0) throw tooMany(wait, 'Too many imports with this API key; try again later.');
      }
    }
    await next();
  };
}
