import { describe, expect, it } from 'vitest';
import { clientAddress, parseTrustProxy, type TrustProxy } from './client-address.js';

function trust(raw: string): TrustProxy {
  const t = parseTrustProxy(raw);
  if (typeof t === 'string') throw new Error(t);
  return t;
}

// A visitor (203.0.113.7) → CDN edge (198.51.100.20) → nginx (10.0.0.5) → Détour. The CDN sets
// X-Forwarded-For to the visitor; nginx appends the CDN edge ($proxy_add_x_forwarded_for).
const VISITOR = '203.0.113.7';
const CDN = '198.51.100.20';
const NGINX = '10.0.0.5';
const viaCdnAndNginx = `${VISITOR}, ${CDN}`;

describe('client address behind proxies (DETOUR_TRUST_PROXY)', () => {
  it('uses the socket and ignores X-Forwarded-For when no proxy is trusted', () => {
    for (const raw of ['', '0', 'false']) {
      expect(clientAddress(`1.2.3.4, ${CDN}`, () => NGINX, trust(raw))).toBe(NGINX);
    }
  });

  it('finds the visitor two hops from the right behind a CDN then nginx', () => {
    expect(clientAddress(viaCdnAndNginx, () => NGINX, trust('2'))).toBe(VISITOR);
  });

  it('ignores what a visitor forged before the CDN, with two hops', () => {
    expect(clientAddress(`6.6.6.6, ${viaCdnAndNginx}`, () => NGINX, trust('2'))).toBe(VISITOR);
  });

  it('would take the CDN edge for the visitor with one hop (why a CDN needs 2)', () => {
    expect(clientAddress(viaCdnAndNginx, () => NGINX, trust('1'))).toBe(CDN);
  });

  it('reads 1 and true as one local proxy: the last X-Forwarded-For entry', () => {
    for (const raw of ['1', 'true']) {
      expect(clientAddress(`6.6.6.6, ${VISITOR}`, () => '127.0.0.1', trust(raw))).toBe(VISITOR);
    }
  });

  it('takes the leftmost known address when fewer hops arrived than configured', () => {
    expect(clientAddress(undefined, () => NGINX, trust('2'))).toBe(NGINX);
    expect(clientAddress(VISITOR, () => NGINX, trust('3'))).toBe(VISITOR);
  });

  it('walks a list of proxies from the right, skipping trusted ones (CDN network + nginx address)', () => {
    const list = trust(`198.51.100.0/24, ${NGINX}`);
    expect(clientAddress(`6.6.6.6, ${viaCdnAndNginx}`, () => NGINX, list)).toBe(VISITOR);
    // A second CDN hop inside the trusted network is skipped too.
    expect(clientAddress(`${VISITOR}, 198.51.100.99, ${CDN}`, () => NGINX, list)).toBe(VISITOR);
  });

  it('ignores X-Forwarded-For from a socket that is not a listed proxy', () => {
    const list = trust(`198.51.100.0/24, ${NGINX}`);
    expect(clientAddress(viaCdnAndNginx, () => VISITOR, list)).toBe(VISITOR);
    expect(clientAddress('1.1.1.1', () => '192.0.2.50', list)).toBe('192.0.2.50');
  });

  it('matches IPv4 clients seen on dual-stack sockets and IPv6 networks', () => {
    expect(clientAddress(VISITOR, () => '::ffff:10.0.0.5', trust(NGINX))).toBe(VISITOR);
    expect(clientAddress(`${VISITOR}, 2001:db8::1`, () => '::1', trust('::1, 2001:db8::/32'))).toBe(VISITOR);
  });

  it('refuses values that are neither hops nor addresses, and too many hops', () => {
    for (const raw of ['maybe', '11', '10.0.0.0/33', '10.0.0.1/8/2', 'nginx.local']) {
      expect(typeof parseTrustProxy(raw)).toBe('string');
    }
  });
});
