import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_POLICY_SETTINGS } from '@detour/sdk/contract';
import { serve } from '@hono/node-server';
import { AppState } from '../app-state.js';
import { loadConfig, type ServerConfig } from '../config.js';
import { ensureDemoCatalogue } from '../demo/build.js';
import { ATTRIBUTION, DEMO_NOTICE, DEMO_SOURCES } from '../demo/notice.js';
import { openStore } from '../store/open.js';
import type { CatalogueStore } from '../store/store.js';
import { createServedApp } from './app.js';
import type { ApiApp, PageLink } from './context.js';
import { isDatabaseUnavailable } from './database-outage.js';
import type { Listener } from './fast-lane.js';
import { inThreadImportRunner, workerImportRunner } from './import-runner.js';
import { createLogger, type Logger } from './log.js';
import type { MiddlewareEntry } from './middleware/index.js';
import { type ResponseCache, responseCacheBytes } from './response-cache.js';
import type { RouteModule } from './routes/module.js';
import { loadSecurityConfig, type SecurityConfig } from './security/index.js';

export interface StartOptions {
  /** Build the demo catalogue into an empty store first (`detour serve --demo`). */
  demo?: boolean;
  /** Use this store instead of opening one from the config (it is then left open by close()). */
  store?: CatalogueStore;
  clock?: () => Date;
  log?: Logger;
  /** Exposure publication period and store revision polling (ms); 0 turns a timer off. */
  exposureEveryMs?: number;
  revisionPollMs?: number;
  /** How long close() lets in-flight requests finish before cutting connections (ms). Default 10 s. */
  drainTimeoutMs?: number;
  links?: PageLink[];
  extraRoutes?: readonly RouteModule[];
  middleware?: (stack: MiddlewareEntry[]) => MiddlewareEntry[];
  /** Byte budget of the recommendation response cache; default from DETOUR_RESPONSE_CACHE_MB (128 MiB). */
  responseCacheBytes?: number;
  /** The response cache itself (cluster workers share its answers); overrides responseCacheBytes. */
  responseCache?: ResponseCache;
  /** Rate limits and time budgets (default: from the environment). */
  security?: SecurityConfig;
  /** The recommendations fast lane in front of the app (default true; see http/fast-lane.ts). */
  fastLane?: boolean;
}

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8787 */
  url: string;
  port: number;
  app: ApiApp;
  state: AppState;
  store: CatalogueStore;
  /** Stops accepting connections, lets in-flight requests finish, then stops timers and closes the store. */
  close(): Promise<void>;
}

/** Whether a store already holds a policy for the network; if not, publishes Détour's default as version 1. */
export async function ensureDefaultPolicy(store: CatalogueStore, network: string, at: string): Promise<void> {
  if (await store.currentPolicy(network)) return;
  await store.publishPolicy(network, DEFAULT_POLICY_SETTINGS, {
    by: 'détour',
    comment: 'Politique initiale',
    restoredFrom: null,
    at,
  });
}

// ATTRIBUTION lists the demo datasets in SOURCES.md order: the Ministère list, the panorama, DATAtourisme.
const KNOWN_ATTRIBUTION: Record<string, string | undefined> = {
  [DEMO_SOURCES.liste]: ATTRIBUTION.find((l) => l.includes('Liste des festivals')),
  [DEMO_SOURCES.panorama]: ATTRIBUTION.find((l) => l.includes('Panorama des festivals')),
  [DEMO_SOURCES.datatourisme]: ATTRIBUTION.find((l) => l.includes('DATAtourisme')),
};

/** Attribution lines for the sources in the catalogue: the open datasets' required lines, then partners by name. */
export function attributionFor(sources: readonly string[]): string[] {
  const known: string[] = [];
  const partners: string[] = [];
  for (const source of [...sources].sort()) {
    const line = KNOWN_ATTRIBUTION[source];
    if (line) known.push(line);
    else partners.push(source);
  }
  known.sort((a, b) => ATTRIBUTION.indexOf(a) - ATTRIBUTION.indexOf(b));
  return partners.length > 0
    ? [...known, `Programmes transmis par les lieux partenaires : ${partners.join(', ')}.`]
    : known;
}

function urlOf(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

/** First and longest wait between attempts to reach the database at start (ms). */
export const START_RETRY_MS = { first: 500, max: 10_000 } as const;

/**
 * Opens the store (or uses the given one), builds the demo catalogue when asked and publishes the
 * default policy. A replica started before its PostgreSQL waits for it: attempts are retried with
 * backoff (0.5 s doubling to 10 s), logged once when waiting starts and once when it connects, rather
 * than the process exiting (its supervisor would only restart it into the same failure).
 */
async function openWhenReachable(
  full: ServerConfig,
  options: StartOptions,
  log: Logger,
  clock: () => Date,
): Promise<CatalogueStore> {
  let delay: number = START_RETRY_MS.first;
  let waitingSince: number | null = null;
  for (;;) {
    let store: CatalogueStore | null = options.store ?? null;
    try {
      store ??= await openStore({ dataDir: full.dataDir, databaseUrl: full.databaseUrl });
      if (options.demo) {
        const started = performance.now();
        const { built } = await ensureDemoCatalogue(store, { now: clock().toISOString() });
        if (built) log.info('demo catalogue built', { durationMs: Math.round(performance.now() - started) });
      }
      await ensureDefaultPolicy(store, full.network, clock().toISOString());
      if (waitingSince !== null) log.info('database connected', { waitedMs: Date.now() - waitingSince });
      return store;
    } catch (error) {
      if (store && !options.store) await store.close().catch(() => {});
      if (!full.databaseUrl || !isDatabaseUnavailable(error)) throw error;
      if (waitingSince === null) {
        waitingSince = Date.now();
        log.warn('database unavailable at start: waiting for it', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, START_RETRY_MS.max);
    }
  }
}

/**
 * Opens the store (or uses the given one), builds the demo catalogue when asked, publishes the default
 * policy if the network has none, indexes the catalogue, then listens. Port 0 picks a free port.
 */
export async function startServer(
  config: Partial<ServerConfig> = {},
  options: StartOptions = {},
): Promise<RunningServer> {
  const given = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined));
  const full: ServerConfig = { ...loadConfig({}), ...given };
  const log = options.log ?? createLogger(full.logLevel);
  const clock = options.clock ?? (() => new Date());
  // Every setting is checked before the database is opened: a bad value stops here, with nothing touched.
  const security = options.security ?? loadSecurityConfig();
  const ownStore = !options.store;
  if (ownStore && !full.databaseUrl) await mkdir(full.dataDir, { recursive: true });
  const store = await openWhenReachable(full, options, log, clock);

  // A server that owns its database imports in a worker thread with its own connection to it.
  const imports = ownStore
    ? workerImportRunner({ dataDir: full.dataDir, databaseUrl: full.databaseUrl }, store)
    : inThreadImportRunner(store);
  const state = new AppState(store, {
    network: full.network,
    log,
    clock,
    ...(options.exposureEveryMs !== undefined ? { exposureEveryMs: options.exposureEveryMs } : {}),
    ...(options.revisionPollMs !== undefined ? { revisionPollMs: options.revisionPollMs } : {}),
  });
  await state.start();

  const { app, listener } = createServedApp({
    state,
    config: full,
    log,
    clock,
    attribution: attributionFor,
    notice: options.demo ? DEMO_NOTICE : null,
    links: options.links ?? [],
    ...(options.extraRoutes ? { extraRoutes: options.extraRoutes } : {}),
    ...(options.middleware ? { middleware: options.middleware } : {}),
    responseCacheBytes: options.responseCacheBytes ?? responseCacheBytes(),
    ...(options.responseCache ? { responseCache: options.responseCache } : {}),
    security,
    imports,
    ...(options.fastLane !== undefined ? { fastLane: options.fastLane } : {}),
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: full.port,
        hostname: full.host,
        // The adapter's listener (Hono's fetch) behind the fast lane.
        createServer: ((serverOptions: object, adapter: Listener) =>
          createServer(serverOptions, listener(adapter))) as unknown as typeof createServer,
      },
      () => resolve(s as Server),
    ) as Server;
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = urlOf(full.host, port);

  let closing: Promise<void> | null = null;
  const close = () => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => {
        // Idle keep-alive connections would hold close() open; in-flight requests finish first.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        const hard = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs ?? 10_000);
        hard.unref();
        server.close(() => {
          clearInterval(idle);
          clearTimeout(hard);
          resolve();
        });
        server.closeIdleConnections();
      });
      await state.stop();
      await imports.close();
      if (ownStore) await store.close();
      log.info('server stopped');
    })();
    return closing;
  };

  log.info('listening', { url });
  return { url, port, app, state, store, close };
}
