import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { PROBLEM_CONTENT_TYPE, RecommendationQuerySchema } from '@detour/sdk/contract';
import { getQueryParams } from 'hono/utils/url';
import type { AppDeps } from './context.js';
import { etagMatches } from './middleware/cache.js';
import { BUFFERED_LIMIT, selectEncoding } from './middleware/compress.js';
import { CORS_EXPOSE_HEADERS } from './middleware/cors.js';
import { answerCacheControl, carriesHistory } from './recommend.js';
import { recommendationAnswer } from './routes/recommendations.js';
import { addressKey } from './security/client-address.js';
import type { SecurityConfig } from './security/config.js';
import { API_CSP } from './security/headers.js';
import type { RateLimits } from './security/rate-limit.js';
import { budgetExceeded } from './security/timeout.js';

/** The one route the fast lane answers. */
export const FAST_LANE_PATH = '/v1/recommendations';

/** A node request listener (what `http.createServer` takes). */
export type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface FastLaneOptions {
  deps: AppDeps;
  security: SecurityConfig;
  /** The rate-limit buckets the app's middleware takes from: a request costs one token whichever answers it. */
  limits: RateLimits;
}

const EXPOSE_HEADERS = CORS_EXPOSE_HEADERS.join(',');
const QUERY = FAST_LANE_PATH.length;

/**
 * `GET /v1/recommendations` answered straight on node's request and response, in front of the Hono app
 * (`app` is its node listener). On the hot route, turning each request into a fetch Request, running it
 * through thirteen middlewares and turning the Response back cost about as much CPU as serialising the
 * answer. The lane does the same work in the same order — rate limit, time budget, query validation, the
 * route's handler, conditional GET — and writes exactly the status, headers and body the app would
 * (http/fast-lane.test.ts sends the same requests to both). It only takes requests whose answer it can
 * write that way: GET on the exact path, no body, a client taking gzip, CORS open to every origin. Any
 * other request goes to the app, and so does any request the lane would answer with a problem (invalid
 * query, rate limit, unknown network, engine error…): the app answers those itself, its token given back
 * first. The only problem the lane writes is the time budget's 503, which cannot be handed over.
 */
export function withFastLane(app: Listener, options: FastLaneOptions): Listener {
  const { deps, security, limits } = options;
  if (deps.config.corsOrigins !== '*') return app;
  const byAddress = limits.byAddress;
  const budgetMs = security.requestTimeoutMs;

  async function answer(req: IncomingMessage, res: ServerResponse, url: string): Promise<void> {
    const started = performance.now();
    const now = deps.clock();
    let key: string | null = null;
    if (byAddress) {
      key = addressKey(headerOf(req, 'x-forwarded-for'), () => req.socket.remoteAddress, security.trustProxy);
      // A refusal takes no token: the app refuses it too and writes the 429.
      if (byAddress.take(key) > 0) return app(req, res);
    }
    let out: Outgoing | null | 'expired';
    try {
      out = await withinBudget(reply(url, now, headerOf(req, 'if-none-match')), budgetMs);
    } catch {
      out = null;
    }
    if (out === null) {
      // Computed again by the app (errors are cheap to reach, and answers cached); one token in all.
      if (key !== null) byAddress?.refund(key);
      return app(req, res);
    }
    if (out === 'expired') out = expired(budgetMs);
    res.writeHead(out.status, out.headers);
    res.end(out.body);
    const fields = {
      method: 'GET',
      route: FAST_LANE_PATH,
      status: out.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    // The same levels as the app's request log (middleware/request-log.ts): a 503 is a warning.
    if (out.status === 503) deps.log.warn('request', fields);
    else if (out.status >= 500) deps.log.error('request', fields);
    else deps.log.info('request', fields);
  }

  /** The 200 or 304 the app would write, or null when the app must answer (a problem, a streamed body). */
  async function reply(url: string, now: Date, ifNoneMatch: string | undefined): Promise<Outgoing | null> {
    const parsed = await RecommendationQuerySchema.safeParseAsync(queryOf(url));
    if (!parsed.success) return null;
    const encoded = await recommendationAnswer(deps, now, parsed.data);
    // Too large to compress in one call: the app streams it through its compression middleware.
    if (encoded.gzip === null && encoded.length > BUFFERED_LIMIT) return null;
    const cacheControl = answerCacheControl(now, carriesHistory(parsed.data));
    // The app's Vary: added with the gzipped body (a plain one is under the compression threshold).
    const vary = encoded.gzip !== null;
    if (ifNoneMatch && etagMatches(ifNoneMatch, encoded.etag)) {
      // As conditionalGet: only the headers a 304 keeps, then the base security headers.
      const headers: OutgoingHttpHeaders = { 'cache-control': cacheControl, etag: encoded.etag };
      headers['referrer-policy'] = 'no-referrer';
      if (vary) headers.vary = 'Accept-Encoding';
      headers['x-content-type-options'] = 'nosniff';
      return { status: 304, headers, body: undefined };
    }
    const body = encoded.gzip ?? encoded.plain!;
    const headers: OutgoingHttpHeaders = {
      'access-control-allow-origin': '*',
      'access-control-expose-headers': EXPOSE_HEADERS,
      'cache-control': cacheControl,
    };
    if (vary) headers['content-encoding'] = 'gzip';
    headers['content-length'] = String(body.byteLength);
    headers['content-security-policy'] = API_CSP;
    headers['content-type'] = 'application/json';
    headers.etag = encoded.etag;
    headers['referrer-policy'] = 'no-referrer';
    if (vary) headers.vary = 'Accept-Encoding';
    headers['x-content-type-options'] = 'nosniff';
    return { status: 200, headers, body };
  }

  return (req, res) => {
    const url = req.url;
    if (
      req.method !== 'GET' ||
      url === undefined ||
      !url.startsWith(FAST_LANE_PATH) ||
      (url.length > QUERY && url.charCodeAt(QUERY) !== 63) || // '?'
      (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0') ||
      req.headers['transfer-encoding'] !== undefined ||
      selectEncoding(headerOf(req, 'accept-encoding')) !== 'gzip'
    )
      return app(req, res);
    answer(req, res, url).catch((error: unknown) => {
      // Writing failed (the client went away): nothing left to answer.
      deps.log.error('fast lane', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) res.destroy();
    });
  };
}

/** A response ready to write: lower-case header names in the order the node adapter writes the app's. */
interface Outgoing {
  status: number;
  headers: OutgoingHttpHeaders;
  body: Uint8Array | string | undefined;
}

/** A request header as the app reads it (node joins repeated ones with ", " as fetch Headers do). */
function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The query object the app's validator parses: Hono's parsing, one value or the list of repeated ones. */
function queryOf(url: string): Record<string, string | string[]> {
  // Hono looks for the query from its 8th character on (after the scheme): give it a whole URL.
  const all = getQueryParams(`http://h${url}`) as Record<string, string[]>;
  const value: Record<string, string | string[]> = {};
  for (const key of Object.keys(all)) {
    const list = all[key]!;
    value[key] = list.length === 1 ? list[0]! : list;
  }
  return value;
}

/** Resolves with the work's result, or 'expired' when the time budget runs out first (as requestTimeout). */
function withinBudget<T>(work: Promise<T>, ms: number): Promise<T | 'expired'> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve('expired'), ms);
    // Settling after the expiry changes nothing: a late result or failure has no one left to answer.
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** The 503 problem requestTimeout throws, with the headers the app's middleware gives a problem (sorted). */
function expired(ms: number): Outgoing {
  const problem = budgetExceeded(ms);
  const body = JSON.stringify(problem.toProblem(FAST_LANE_PATH));
  const headers: OutgoingHttpHeaders = {
    'access-control-allow-origin': '*',
    'access-control-expose-headers': EXPOSE_HEADERS,
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(body)),
    'content-security-policy': API_CSP,
    'content-type': PROBLEM_CONTENT_TYPE,
    'referrer-policy': 'no-referrer',
  };
  for (const [name, value] of Object.entries(problem.headers)) headers[name.toLowerCase()] = value;
  headers['x-content-type-options'] = 'nosniff';
  return { status: problem.status, headers, body };
}
