import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { RecommendationResponseSchema } from '@detour/sdk/contract';
import { getRequestListener } from '@hono/node-server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppState } from '../../src/app-state.js';
import { type CreateAppOptions, createServedApp } from '../../src/http/app.js';
import { createLogger } from '../../src/http/log.js';
import { DEFAULT_SECURITY, type SecurityConfig } from '../../src/http/security/index.js';
import { attributionFor } from '../../src/http/server.js';
import { NOW, qs, startCatalogueServer, type TestServer, TOURS } from './support.js';

// The real catalogue's live state, served twice: by the app alone, and by the app behind the fast lane.
let t: TestServer;
const clock = () => new Date(NOW);
beforeAll(async () => {
  t = await startCatalogueServer();
});
const open: Server[] = [];
afterAll(async () => {
  for (const s of open) await new Promise((r) => s.close(r));
  await t?.stop();
});

interface Served {
  url: string;
  /** Requests the fast lane handed to the app (or all of them, without the lane). */
  handedOver: () => number;
  logs: string[];
}

/** The app over the catalogue's state on a socket, behind the fast lane or not. */
async function serve(
  lane: boolean,
  security: SecurityConfig,
  extra: Partial<CreateAppOptions> = {},
): Promise<Served> {
  const logs: string[] = [];
  const { app, listener } = createServedApp({
    state: t.server.state,
    clock,
    attribution: attributionFor,
    log: createLogger('info', (line) => logs.push(line)),
    security,
    fastLane: lane,
    ...extra,
  });
  const adapter = getRequestListener(app.fetch);
  let handedOver = 0;
  const server = createServer(
    listener((req, res) => {
      handedOver++;
      adapter(req, res);
    }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  open.push(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    handedOver: () => handedOver,
    logs,
  };
}

interface Raw {
  status: number;
  /** Header lines as sent, in order, but the Date. */
  headers: string[];
  body: Buffer;
}

/** A request as sent on the wire, and the response exactly as received (no decoding). */
function raw(base: string, path: string, headers: Record<string, string>, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const lines: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2)
          if (res.rawHeaders[i]!.toLowerCase() !== 'date')
            lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
        resolve({ status: res.statusCode!, headers: lines, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The log lines of requests, without their time and duration. */
const requestLines = (logs: string[]) =>
  logs
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.msg === 'request')
    .map(({ time: _t, durationMs: _d, ...rest }) => rest);

const GZIP = { 'Accept-Encoding': 'gzip, deflate, br' };
const OFF: SecurityConfig = { ...DEFAULT_SECURITY, perAddressPerMinute: null };

describe('recommendations fast lane', () => {
  it('writes the same status, headers and bytes as the app for answers, 304s and every request it hands over', async () => {
    const app = await serve(false, OFF);
    const lane = await serve(true, OFF);
    const first = await raw(app.url, `/v1/recommendations?${qs({ ...TOURS, radius: 40, k: 20 })}`, GZIP);
    expect(first.status).toBe(200);
    const shows = RecommendationResponseSchema.parse(JSON.parse(gunzipSync(first.body).toString())).items.map(
      (i) => i.show.id,
    );
    expect(shows.length).toBeGreaterThan(3);
    const etag = first.headers.find((h) => h.startsWith('etag: '))!.slice(6);
    const emptyPath = `/v1/recommendations?${qs({ lat: 43.3, lon: 5.37, radius: 5 })}`;
    const empty = await raw(app.url, emptyPath, GZIP);
    expect(empty.headers).not.toContain('content-encoding: gzip');
    const emptyEtag = empty.headers.find((h) => h.startsWith('etag: '))!.slice(6);

    const answered: Array<[string, Record<string, string>]> = [
      [`/v1/recommendations?${qs(TOURS)}`, GZIP],
      [`/v1/recommendations?${qs({ ...TOURS, radius: 40, k: 20 })}`, { 'Accept-Encoding': 'gzip' }],
      [`/v1/recommendations?${qs({ ...TOURS, radius: 40, show: shows[0]! })}`, GZIP],
      [`/v1/recommendations?${qs({ ...TOURS, radius: 30, history: shows.slice(1, 4).join(',') })}`, GZIP],
      [`/v1/recommendations?${qs({ ...TOURS, radius: 50, audience: 'tout-public', free: 'false' })}`, GZIP],
      [
        `/v1/recommendations?${qs({ ...TOURS, maxPrice: 15, accessibility: 'moteur,visuel', locale: 'en' })}`,
        GZIP,
      ],
      [
        `/v1/recommendations?${qs({ ...TOURS, from: '2020-09-16T00:00:00Z', to: '2020-09-30T00:00:00Z' })}`,
        GZIP,
      ],
      // An empty answer: under the compression threshold, sent plain (no Vary), and its 304.
      [emptyPath, GZIP],
      [emptyPath, { ...GZIP, 'If-None-Match': emptyEtag }],
      // Conditional GETs: a matching tag, a list holding it, a wildcard, a stale tag.
      [`/v1/recommendations?${qs({ ...TOURS, radius: 40, k: 20 })}`, { ...GZIP, 'If-None-Match': etag }],
      [
        `/v1/recommendations?${qs({ ...TOURS, radius: 40, k: 20 })}`,
        { ...GZIP, 'If-None-Match': `"x", ${etag}` },
      ],
      [`/v1/recommendations?${qs({ ...TOURS, radius: 40, k: 20 })}`, { ...GZIP, 'If-None-Match': '*' }],
      [
        `/v1/recommendations?${qs({ ...TOURS, radius: 40, k: 20 })}`,
        { ...GZIP, 'If-None-Match': 'W/"stale"' },
      ],
      // A cross-origin page's request.
      [`/v1/recommendations?${qs(TOURS)}`, { ...GZIP, Origin: 'https://salle.example' }],
      // Percent-encoded and '+' spaces in values, decoded as Hono decodes them.
      [
        `/v1/recommendations?lat=47.39&lon=0.69&history=${encodeURIComponent(shows.slice(0, 2).join(','))}`,
        GZIP,
      ],
    ];
    const handedOver: Array<[string, Record<string, string>, string?]> = [
      // Problems: the app writes them.
      ['/v1/recommendations?lat=99&lon=2', GZIP],
      ['/v1/recommendations', GZIP],
      [`/v1/recommendations?${qs({ ...TOURS, k: 500 })}`, GZIP],
      [`/v1/recommendations?${qs({ ...TOURS, audience: 'family' })}`, GZIP],
      ['/v1/recommendations?lat=47.39&lat=47.4&lon=0.69', GZIP],
      [`/v1/recommendations?${qs({ ...TOURS, network: 'nowhere' })}`, GZIP],
      [
        `/v1/recommendations?${qs({ ...TOURS, from: '2020-09-20T00:00:00Z', to: '2020-09-10T00:00:00Z' })}`,
        GZIP,
      ],
      ['/v1/recommendations?lat=%ZZ&lon=0.69', GZIP],
      // Not the lane's: no gzip, deflate only, HEAD, another path.
      [`/v1/recommendations?${qs(TOURS)}`, {}],
      [`/v1/recommendations?${qs(TOURS)}`, { 'Accept-Encoding': 'deflate' }],
      [`/v1/recommendations?${qs(TOURS)}`, { 'Accept-Encoding': 'gzip;q=0, identity' }],
      [`/v1/recommendations?${qs(TOURS)}`, GZIP, 'HEAD'],
      [`/v1/recommendations/?${qs(TOURS)}`, GZIP],
      ['/v1/recommendationsx', GZIP],
      ['/healthz', GZIP],
    ];
    for (const [i, [path, headers, method]] of [...answered, ...handedOver].entries()) {
      const expected = await raw(app.url, path, headers, method);
      const got = await raw(lane.url, path, headers, method);
      if (i < answered.length) expect([200, 304], `${path} ${expected.body}`).toContain(expected.status);
      expect(got.status, path).toBe(expected.status);
      expect(got.headers, path).toEqual(expected.headers);
      expect(got.body.equals(expected.body), path).toBe(true);
    }
    // The lane answered the first list itself and handed the second over, one request each.
    expect(lane.handedOver()).toBe(handedOver.length);
    expect(requestLines(lane.logs)).toEqual(requestLines(app.logs).slice(2));
  });

  it('writes what the app writes for random queries, valid or not', async () => {
    const app = await serve(false, OFF);
    const lane = await serve(true, OFF);
    // Mostly values a parameter takes, sometimes another's or any text: answers and problems both.
    const valid: Record<string, string[]> = {
      radius: ['5', '20', '40', '0', '600'],
      from: ['2020-09-16T00:00:00Z', '2020-09-20T18:00:00.000Z', 'demain'],
      to: ['2020-09-30T00:00:00Z', '2020-09-17T00:00:00+02:00'],
      k: ['1', '5', '50', '51', '2.5'],
      locale: ['fr', 'en', 'de'],
      maxPrice: ['0', '15', '-1'],
      free: ['true', 'false', '1', 'oui'],
      audience: ['tout-public', 'jeune-public', 'family'],
      accessibility: ['moteur', 'moteur,visuel', 'wheelchair'],
      network: ['nowhere', ''],
      history: ['a,b', '%ZZ', 'x+y'],
    };
    const pair = fc
      .constantFrom(...Object.keys(valid))
      .chain((key) =>
        fc.tuple(
          fc.constant(key),
          fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...valid[key]!) },
            { weight: 1, arbitrary: fc.string({ maxLength: 10 }).map(encodeURIComponent) },
          ),
        ),
      );
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(pair, { maxLength: 4, selector: ([k]) => k }),
        fc.nat(9),
        async (pairs, p) => {
          const place = p === 0 ? ['lat=91', 'lon=0.69'] : p === 1 ? ['lon=0.69'] : ['lat=47.39', 'lon=0.69'];
          const path = `/v1/recommendations?${[...place, ...pairs.map(([k, v]) => `${k}=${v}`)].join('&')}`;
          const expected = await raw(app.url, path, GZIP);
          const got = await raw(lane.url, path, GZIP);
          statuses.add(expected.status);
          expect(got.status, path).toBe(expected.status);
          expect(got.headers, path).toEqual(expected.headers);
          expect(got.body.equals(expected.body), path).toBe(true);
        },
      ),
      { numRuns: 80 },
    );
    expect([...statuses].sort()).toEqual([200, 400]);
  });

  it('shares the rate limit with the app: one token per request whoever answers it, the same 429', async () => {
    const limited: SecurityConfig = { ...DEFAULT_SECURITY, perAddressPerMinute: 4 };
    const app = await serve(false, limited);
    const lane = await serve(true, limited);
    const valid = `/v1/recommendations?${qs(TOURS)}`;
    // An invalid query, answered by the app after the lane took its token, costs one token too.
    const sequence = [
      valid,
      '/v1/recommendations?lat=99&lon=2',
      `${valid}&k=3`,
      `/v1/search?q=concert`,
      valid,
      valid,
    ];
    const statuses = async (s: Served) => {
      const out: Raw[] = [];
      for (const path of sequence) out.push(await raw(s.url, path, GZIP));
      return out;
    };
    const expected = await statuses(app);
    const got = await statuses(lane);
    expect(expected.map((r) => r.status)).toEqual([200, 400, 200, 200, 429, 429]);
    expect(got.map((r) => r.status)).toEqual(expected.map((r) => r.status));
    for (const [i, r] of got.entries()) {
      expect(r.headers, sequence[i]).toEqual(expected[i]!.headers);
      expect(r.body.equals(expected[i]!.body)).toBe(true);
    }
  });

  it('answers 503 with the app’s problem when the time budget runs out', async () => {
    const state = t.server.state;
    // The policy read hangs past the budget (the handler's first await).
    const slow = new Proxy(state, {
      get(target, key) {
        if (key === 'policy')
          return async (...args: Parameters<AppState['policy']>) => {
            await new Promise((r) => setTimeout(r, 400));
            return target.policy(...args);
          };
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const tight: SecurityConfig = { ...OFF, requestTimeoutMs: 50 };
    const app = await serve(false, tight, { state: slow });
    const lane = await serve(true, tight, { state: slow });
    const path = `/v1/recommendations?${qs(TOURS)}`;
    const expected = await raw(app.url, path, GZIP);
    const got = await raw(lane.url, path, GZIP);
    expect(expected.status).toBe(503);
    expect(got.status).toBe(503);
    expect(got.headers).toEqual(expected.headers);
    expect(got.body.toString()).toBe(expected.body.toString());
    expect(lane.handedOver()).toBe(0);
    expect(requestLines(lane.logs)).toEqual(requestLines(app.logs));
  });

  it('is off when the middleware list is rewritten: the app answers everything', async () => {
    const lane = await serve(true, OFF, { middleware: (stack) => stack });
    const res = await raw(lane.url, `/v1/recommendations?${qs(TOURS)}`, GZIP);
    expect(res.status).toBe(200);
    expect(lane.handedOver()).toBe(1);
  });
});
