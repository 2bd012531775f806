/**
 * @detour/server: the HTTP API over the pooled catalogue and the recommendation engine.
 * `createApp` for in-process use (app.request), `startServer` to listen on a port.
 */
export { AppState, type AppStateOptions, type CatalogueView, NotReadyError } from './app-state.js';
export {
  CONFIG_VARIABLES,
  ConfigError,
  LOG_LEVELS,
  type LogLevel,
  loadConfig,
  type ServerConfig,
} from './config.js';
export { type CreateAppOptions, createApp } from './http/app.js';
export type { ApiApp, AppDeps, AppEnv, PageLink } from './http/context.js';
export { createLogger, type Logger, silentLogger } from './http/log.js';
export type { MiddlewareEntry } from './http/middleware/index.js';
export { HttpProblem } from './http/problem.js';
export { ROUTE_MODULES, type RouteModule } from './http/routes/index.js';
export {
  attributionFor,
  ensureDefaultPolicy,
  type RunningServer,
  type StartOptions,
  startServer,
} from './http/server.js';
export { openStore } from './store/open.js';
export type { CatalogueStore } from './store/store.js';
