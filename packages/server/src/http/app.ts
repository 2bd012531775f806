import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppState } from '../app-state.js';
import type { ServerConfig } from '../config.js';
import type { ApiApp, AppDeps, AppEnv, PageLink } from './context.js';
import { errorHandler, notFoundHandler, validationHook } from './errors.js';
import { type Listener, withFastLane } from './fast-lane.js';
import type { ImportRunner } from './import-runner.js';
import { type Logger, silentLogger } from './log.js';
import { type MiddlewareEntry, middlewareStack } from './middleware/index.js';
import { DEFAULT_RESPONSE_CACHE_BYTES, ResponseCache } from './response-cache.js';
import { ROUTE_MODULES, type RouteModule } from './routes/index.js';
import { recommendationRoutes } from './routes/recommendations.js';
import { loadSecurityConfig, rateLimits, type SecurityConfig } from './security/index.js';

export interface CreateAppOptions {
  state: AppState;
  config?: Partial<Pick<ServerConfig, 'network' | 'corsOrigins'>>;
  log?: Logger;
  clock?: () => Date;
  attribution?: (sources: readonly string[]) => string[];
  notice?: { fr: string; en: string } | null;
  links?: PageLink[];
  /** Route modules to register (default: all of ROUTE_MODULES) plus extra ones. */
  routes?: readonly RouteModule[];
  extraRoutes?: readonly RouteModule[];
  /** Byte budget of the recommendation response cache (default DEFAULT_RESPONSE_CACHE_BYTES; 0 turns it off). */
  responseCacheBytes?: number;
  /** The response cache itself (tests read its counters); overrides responseCacheBytes. */
  responseCache?: ResponseCache;
  /** Rewrites the middleware list (insert, remove, reorder) before it is applied (the fast lane is then off). */
  middleware?: (stack: MiddlewareEntry[]) => MiddlewareEntry[];
  /** Rate limits, time budgets and body limits (default: from the environment, see SECURITY.md). */
  security?: SecurityConfig;
  /** Where pushed imports run (default: on the request thread). startServer runs them in a worker thread. */
  imports?: ImportRunner;
  /** Whether `listener` puts the recommendations fast lane (fast-lane.ts) in front of the app (default true). */
  fastLane?: boolean;
}

/** The app and the node request listener that serves it (the app behind the fast lane when it applies). */
export interface ServedApp {
  app: ApiApp;
  /** Wraps the app's own node listener. */
  listener: (app: Listener) => Listener;
}

/**
 * The HTTP application: middleware, every route module, problem+json errors, OpenAPI. Testable
 * in-process with `app.request()`; `startServer` puts it on a socket.
 */
export function createApp(options: CreateAppOptions): ApiApp {
  return createServedApp(options).app;
}

/**
 * The app (see createApp) and its node listener: the fast lane for `GET /v1/recommendations` in front of
 * it, sharing its dependencies and rate-limit buckets, unless turned off, the middleware list is
 * rewritten (the lane does what the standard list does) or the recommendation route is not registered.
 */
export function createServedApp(options: CreateAppOptions): ServedApp {
  const modules = [...(options.routes ?? ROUTE_MODULES), ...(options.extraRoutes ?? [])];
  const deps: AppDeps = {
    state: options.state,
    config: {
      network: options.config?.network ?? options.state.network,
      corsOrigins: options.config?.corsOrigins ?? '*',
    },
    log: options.log ?? silentLogger,
    clock: options.clock ?? (() => new Date()),
    attribution: options.attribution ?? ((sources) => sources.map((s) => `Source : ${s}`)),
    notice: options.notice ?? null,
    links: [...modules.flatMap((m) => m.links ?? []), ...(options.links ?? [])],
    responses:
      options.responseCache ?? new ResponseCache(options.responseCacheBytes ?? DEFAULT_RESPONSE_CACHE_BYTES),
    ...(options.imports ? { imports: options.imports } : {}),
  };
  const app: ApiApp = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const security = options.security ?? loadSecurityConfig();
  const limits = rateLimits(security);
  const standard = middlewareStack(deps, { config: security, limits });
  const stack = options.middleware ? options.middleware(standard) : standard;
  for (const entry of stack) app.use(entry.path, entry.handler);
  for (const module of modules) module.register(app, deps);
  app.onError(errorHandler(deps.log, deps.state.database));
  app.notFound(notFoundHandler(() => app.routes));
  const lane = options.fastLane !== false && !options.middleware && modules.includes(recommendationRoutes);
  return {
    app,
    listener: (listener) => (lane ? withFastLane(listener, { deps, security, limits }) : listener),
  };
}
