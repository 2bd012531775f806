import { createHmac, randomBytes } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

// A secret of this process only: bucket keys cannot be turned back into addresses, nor compared across restarts.
const SALT = randomBytes(32);

/**
 * Which proxies in front of the server are trusted to say who the client is (DETOUR_TRUST_PROXY):
 * - `{ hops: n }`: exactly n proxies stand between the client and the server (nginx alone: 1; a CDN
 *   then nginx: 2). The client is the address n hops from the right of X-Forwarded-For + the socket.
 *   0 ignores X-Forwarded-For.
 * - `{ proxies }`: the addresses/networks of the proxies, wherever they are: walking X-Forwarded-For
 *   + the socket from the right, the first address that is not a trusted proxy is the client. Suits a
 *   CDN whose number of hops varies.
 * Either way a client can only prepend entries, which are never read while a trusted hop remains.
 */
export type TrustProxy =
  | { readonly hops: number }
  | { readonly proxies: BlockList; readonly description: string };

export const TRUST_NO_PROXY: TrustProxy = { hops: 0 };

/** Most hops accepted: more would be a configuration mistake (and let clients forge their address). */
export const MAX_TRUSTED_HOPS = 10;

/**
 * Parses DETOUR_TRUST_PROXY: empty, `0`, `false` → no proxy; `true` → 1 hop (the former meaning of
 * `1`); a number of hops; or a comma-separated list of addresses and CIDR networks. Returns a message
 * (not a value) when the text cannot be used.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy | string {
  const text = (raw ?? '').trim().toLowerCase();
  if (text === '' || text === 'false') return TRUST_NO_PROXY;
  if (text === 'true') return { hops: 1 };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > MAX_TRUSTED_HOPS) return `at most ${MAX_TRUSTED_HOPS} hops, got "${raw}"`;
    return { hops };
  }
  const proxies = new BlockList();
  const parts = text.split(',').map((p) => p.trim());
  for (const part of parts) {
    const [address, prefix, extra] = part.split('/');
    const family = isIP(address ?? '');
    if (extra !== undefined || family === 0) {
      return `must be a number of hops or a comma-separated list of proxy addresses or networks (CIDR), got "${part}"`;
    }
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) {
      proxies.addAddress(address!, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) {
      return `"${part}" has no valid network prefix`;
    }
    proxies.addSubnet(address!, bits, type);
  }
  return { proxies, description: parts.join(',') };
}

/** `::ffff:192.0.2.1` (an IPv4 client on a dual-stack socket) → `192.0.2.1`; ports and brackets dropped. */
export function plainAddress(entry: string): string {
  let a = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a);
  return mapped ? mapped[1]! : a;
}

function trusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client's address: the socket's, unless trusted proxies forwarded the request (see TrustProxy).
 * `undefined` when there is neither (in-process requests in tests).
 */
export function clientAddress(
  forwardedFor: string | undefined,
  remote: () => string | undefined,
  trust: TrustProxy,
): string | undefined {
  if ('hops' in trust && trust.hops === 0) return remote();
  const socket = remote();
  const chain = (forwardedFor ?? '')
    .split(',')
    .map(plainAddress)
    .filter((a) => a !== '');
  if (socket !== undefined) chain.push(plainAddress(socket));
  if (chain.length === 0) return undefined;
  if ('hops' in trust) {
    // Fewer entries than hops: the leftmost is the best known (a proxy was bypassed or misconfigured).
    return chain[Math.max(0, chain.length - 1 - trust.hops)];
  }
  for (let i = chain.length - 1; i > 0; i--) {
    if (!trusted(trust.proxies, chain[i]!)) return chain[i];
  }
  return chain[0];
}

/**
 * The key of a client's rate-limit bucket: an HMAC of its address, truncated to 64 bits. The address
 * itself is never logged, stored or kept in memory beyond this call.
 */
export function addressBucket(c: Context, trust: TrustProxy): string {
  return addressKey(
    c.req.header('x-forwarded-for'),
    () => {
      try {
        return getConnInfo(c).remote.address;
      } catch {
        // In-process requests (app.request in tests) have no socket.
        return undefined;
      }
    },
    trust,
  );
}

/**
 * The bucket key from an X-Forwarded-For header (read only as far as `trust` allows) and the socket's
 * remote address (read only when needed).
 */
export function addressKey(
  forwardedFor: string | undefined,
  remote: () => string | undefined,
  trust: TrustProxy,
): string {
  return hashed(clientAddress(forwardedFor, remote, trust) ?? 'unknown');
}

/** The same keyed hash for a presented API key: one bucket per key without keeping the secret. */
export function hashed(value: string): string {
  return createHmac('sha256', SALT).update(value).digest('hex').slice(0, 16);
}
