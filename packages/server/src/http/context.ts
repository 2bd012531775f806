import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppState } from '../app-state.js';
import type { ServerConfig } from '../config.js';
import type { CatalogueStore } from '../store/store.js';
import type { ImportRunner } from './import-runner.js';
import type { Logger } from './log.js';
import type { ResponseCache } from './response-cache.js';

/** A link on the root page; later features (widget demo, editor, /policy) add theirs. */
export interface PageLink {
  href: string;
  label: string;
  description: string;
}

/** What the HTTP layer needs: the live state, the store, settings, a clock and a logger. */
export interface AppDeps {
  state: AppState;
  config: Pick<ServerConfig, 'network' | 'corsOrigins'>;
  log: Logger;
  /** The request clock ("now" of a request); injectable so tests are reproducible. */
  clock: () => Date;
  /** Lines naming the producers of the data served (Licence Ouverte requires them). */
  attribution: (sources: readonly string[]) => string[];
  /** A notice shown on the root page when the catalogue is a demo (dates shifted…), or null. */
  notice: { fr: string; en: string } | null;
  /** Extra links on the root page. */
  links: PageLink[];
  /** Encoded recommendation answers, computed once per generation (see response-cache.ts). */
  responses: ResponseCache;
  /** Where pushed imports run (default: on the request thread, through `state.store`). */
  imports?: ImportRunner;
}

/** Hono environment of the app: per-request variables set by middleware. */
export interface AppEnv {
  Variables: {
    /** The request's instant, read once from the clock. */
    now: Date;
    /** The partner API key of an import request, once verified (never its secret). */
    apiKey: { id: string; sources: string[] };
    /** The editor behind an editor API request, once its token is verified (never the token). */
    editor: { id: string; name: string; role: 'viewer' | 'editor' };
  };
}

export type ApiApp = OpenAPIHono<AppEnv>;

/** The store behind the state (shorthand). */
export const storeOf = (deps: AppDeps): CatalogueStore => deps.state.store;
