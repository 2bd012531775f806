import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppState } from '../app-state.js';
import type { ServerConfig } from '../config.js';
import type { ApiApp, AppDeps, AppEnv, PageLink } from './context.js';
import { errorHandler, notFoundHandler, validationHook } from './errors.js';
import { type Logger, silentLogger } from './log.js';
import { type MiddlewareEntry, middlewareStack } from './middleware/index.js';
import { DEFAULT_RESPONSE_CACHE_BYTES, ResponseCache } from './response-cache.js';
import { ROUTE_MODULES, type RouteModule } from './routes/index.js';

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
  /** Rewrites the middleware list (insert, remove, reorder) before it is applied. */
  middleware?: (stack: MiddlewareEntry[]) => MiddlewareEntry[];
}

/**
 * The HTTP application: middleware, every route module, problem+json errors, OpenAPI. Testable
 * in-process with `app.request()`; `startServer` puts it on a socket.
 */
export function createApp(options: CreateAppOptions): ApiApp {
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
  };
  const app: ApiApp = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const stack = options.middleware ? options.middleware(middlewareStack(deps)) : middlewareStack(deps);
  for (const entry of stack) app.use(entry.path, entry.handler);
  for (const module of [...(options.routes ?? ROUTE_MODULES), ...(options.extraRoutes ?? [])])
    module.register(app, deps);
  app.onError(errorHandler(deps.log));
  app.notFound(notFoundHandler(() => app.routes));
  return app;
}
