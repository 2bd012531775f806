import { createHmac, randomBytes } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

// A secret of this process only: bucket keys cannot be turned back into addresses, nor compared across restarts.
const SALT = randomBytes(32);

/**
 * The key of a client's rate-limit bucket: an HMAC of its address, truncated to 64 bits. The address
 * itself is never logged, stored or kept in memory beyond this call.
 */
export function addressBucket(c: Context, trustProxy: boolean): string {
  return addressKey(trustProxy ? c.req.header('x-forwarded-for') : undefined, () => {
    try {
      return getConnInfo(c).remote.address;
    } catch {
      // In-process requests (app.request in tests) have no socket.
      return undefined;
    }
  });
}

/**
 * The bucket key from an X-Forwarded-For header (its last hop; pass it only when the proxy is trusted)
 * or else the socket's remote address (read only when needed).
 */
export function addressKey(forwardedFor: string | undefined, remote: () => string | undefined): string {
  const address = forwardedFor?.split(',').at(-1)?.trim() || remote();
  return hashed(address ?? 'unknown');
}

/** The same keyed hash for a presented API key: one bucket per key without keeping the secret. */
export function hashed(value: string): string {
  return createHmac('sha256', SALT).update(value).digest('hex').slice(0, 16);
}
