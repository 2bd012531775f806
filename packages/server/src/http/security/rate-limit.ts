import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.js';
import { HttpProblem } from '../problem.js';
import { addressBucket, hashed } from './client-address.js';
import type { SecurityConfig } from './config.js';
import { TokenBuckets } from './token-bucket.js';

/** Paths never limited: health checks of orchestrators and load balancers. */
const UNLIMITED = new Set(['/healthz', '/readyz']);

/** The 429 problem of a refused request, with its Retry-After (whole seconds, at least 1). */
export function tooMany(waitMs: number, detail: string): HttpProblem {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new HttpProblem(429, 'too-many-requests', detail, {
    headers: { 'Retry-After': String(seconds) },
  });
}

/** The buckets of the rate limits: shared by the middleware and the recommendations fast lane (fast-lane.ts). */
export interface RateLimits {
  /** Per client address; null when the limit is off. */
  byAddress: TokenBuckets | null;
  /** Per API key (imports); null when the limit is off. */
  byKey: TokenBuckets | null;
}

/** Empty buckets for a security configuration. */
export function rateLimits(config: SecurityConfig): RateLimits {
  return {
    byAddress:
      config.perAddressPerMinute === null
        ? null
        : new TokenBuckets({ perMinute: config.perAddressPerMinute }),
    byKey: config.perKeyPerMinute === null ? null : new TokenBuckets({ perMinute: config.perKeyPerMinute }),
  };
}

/** The refusal of an address's bucket, worded once for both places that take its tokens. */
export const ADDRESS_REFUSED = 'Too many requests from your address; try again later.';

/**
 * Token-bucket rate limits, in memory: every request takes a token from its client address's bucket
 * (keyed by a salted hash, see client-address.ts), and an import also from its API key's bucket (keyed
 * by a hash of the presented key, so unknown keys are limited too). Over the limit: 429 problem with
 * Retry-After. Preflights and /healthz are not counted.
 */
export function rateLimit(
  config: SecurityConfig,
  limits: RateLimits = rateLimits(config),
): MiddlewareHandler<AppEnv> {
  const { byAddress, byKey } = limits;
  return async (c, next) => {
    if (c.req.method === 'OPTIONS' || UNLIMITED.has(c.req.path)) return next();
    if (byAddress) {
      const wait = byAddress.take(addressBucket(c, config.trustProxy));
      if (wait > 0) throw tooMany(wait, ADDRESS_REFUSED);
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
