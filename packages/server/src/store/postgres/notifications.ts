import pg from 'pg';
import type { CatalogueChange, CatalogueChangeListener } from '../store.js';
import { CHANNEL, connectionConfig } from './database.js';

/** What a replica has seen of the shared database, to catch up on what it missed while disconnected. */
export interface ChangeState {
  revision: number;
  /** Latest policy version per network. */
  policies: Map<string, number>;
  /** Latest exposure snapshot id per network. */
  exposure: Map<string, string>;
}

/** Reads the current state (through the pool, not the listening connection). */
export async function readChangeState(db: pg.Pool): Promise<ChangeState> {
  const [revision, policies, exposure] = await Promise.all([
    db.query<{ revision: number }>('SELECT revision FROM catalogue_state WHERE id = 1'),
    db.query<{ network: string; version: number }>(
      'SELECT network, MAX(version) AS version FROM policies GROUP BY network',
    ),
    db.query<{ network: string; id: string }>(
      `SELECT DISTINCT ON (network) network, id FROM exposure_snapshots ORDER BY network, computed_at DESC, seq DESC`,
    ),
  ]);
  return {
    revision: Number(revision.rows[0]?.revision ?? 0),
    policies: new Map(policies.rows.map((r) => [r.network, Number(r.version)])),
    exposure: new Map(exposure.rows.map((r) => [r.network, r.id])),
  };
}

/** The events that turn state `before` into `after`. */
export function changesBetween(before: ChangeState, after: ChangeState): CatalogueChange[] {
  const events: CatalogueChange[] = [];
  if (after.revision !== before.revision) events.push({ kind: 'catalogue', revision: after.revision });
  for (const [network, version] of after.policies) {
    if (before.policies.get(network) !== version) events.push({ kind: 'policy', network });
  }
  for (const [network, id] of after.exposure) {
    if (before.exposure.get(network) !== id) events.push({ kind: 'exposure', network });
  }
  return events;
}

export interface ChangeFeedOptions {
  url: string;
  pool: pg.Pool;
  /** First reconnection delay (ms), doubled up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** How often the listening connection is checked with a query (ms): finds a silently dead connection. */
  heartbeatMs?: number;
  onError?: (error: Error) => void;
  /** Called when the listening connection is back after a drop (not on the first connection). */
  onReconnect?: () => void;
}

/**
 * LISTEN on a dedicated connection (a pooled one would be handed to other queries). Each committed
 * change arrives as a NOTIFY sent inside its transaction. When the connection drops, it reconnects
 * with backoff and compares the state it last knew with the current one, firing the events it
 * missed: a replica never stays on a stale catalogue or policy because of a network blip.
 */
export class ChangeFeed {
  readonly #options: Required<Omit<ChangeFeedOptions, 'onError' | 'onReconnect'>> & {
    onError: (error: Error) => void;
    onReconnect?: () => void;
  };
  readonly #listeners = new Set<CatalogueChangeListener>();
  #client: pg.Client | null = null;
  #state: ChangeState | null = null;
  #retry = 0;
  #timer: NodeJS.Timeout | null = null;
  #heartbeat: NodeJS.Timeout | null = null;
  #stopped = true;
  #connecting: Promise<void> | null = null;
  #ready: { promise: Promise<void>; resolve: () => void };

  constructor(options: ChangeFeedOptions) {
    this.#options = {
      retryMs: 200,
      maxRetryMs: 5_000,
      heartbeatMs: 15_000,
      onError: () => {},
      ...options,
    };
    this.#ready = deferred();
  }

  /** Adds a listener (starting the feed with the first one); returns its removal. */
  add(listener: CatalogueChangeListener): () => void {
    this.#listeners.add(listener);
    if (this.#stopped) {
      this.#stopped = false;
      this.#connect();
    }
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) void this.stop();
    };
  }

  /** Resolves once the feed is listening (after the first connection or a reconnection). */
  listening(): Promise<void> {
    return this.#ready.promise;
  }

  /** The backend process id of the listening connection (monitoring, tests). */
  get pid(): number | null {
    return (this.#client as unknown as { processID?: number } | null)?.processID ?? null;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#timer = null;
    this.#heartbeat = null;
    await this.#connecting?.catch(() => {});
    const client = this.#client;
    this.#client = null;
    this.#state = null;
    this.#ready = deferred();
    await client?.end().catch(() => {});
  }

  #emit(event: CatalogueChange): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.#options.onError(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  #connect(): void {
    this.#connecting = this.#open().finally(() => {
      this.#connecting = null;
    });
  }

  async #open(): Promise<void> {
    const client = new pg.Client(connectionConfig(this.#options.url, 'detour-listen'));
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      if (this.#stopped) return;
      this.#options.onError(error);
      if (this.#client === client) this.#client = null;
      if (this.#heartbeat) clearInterval(this.#heartbeat);
      this.#heartbeat = null;
      this.#ready = deferred();
      client.end().catch(() => {});
      this.#scheduleReconnect();
    };
    client.on('error', fail);
    client.on('end', () => fail(new Error('listening connection closed')));
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      let event: CatalogueChange;
      try {
        event = JSON.parse(message.payload) as CatalogueChange;
      } catch {
        return;
      }
      this.#remember(event);
      this.#emit(event);
    });
    try {
      await client.connect();
      if (this.#stopped) {
        failed = true;
        await client.end().catch(() => {});
        return;
      }
      await client.query(`LISTEN ${CHANNEL}`);
      this.#client = client;
      // Listening first, then reading: a change committed in between is both notified and read.
      const now = await readChangeState(this.#options.pool);
      const before = this.#state;
      this.#state = now;
      this.#retry = 0;
      this.#heartbeat = setInterval(() => {
        client.query('SELECT 1').catch((error: Error) => fail(error));
      }, this.#options.heartbeatMs);
      this.#heartbeat.unref();
      if (before) {
        this.#options.onReconnect?.();
        for (const event of changesBetween(before, now)) this.#emit(event);
      }
      this.#ready.resolve();
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  #remember(event: CatalogueChange): void {
    const state = this.#state;
    if (!state) return;
    if (event.kind === 'catalogue' && event.revision !== undefined) state.revision = event.revision;
    const { version, id } = event as { version?: unknown; id?: unknown };
    if (event.kind === 'policy' && event.network && typeof version === 'number')
      state.policies.set(event.network, version);
    if (event.kind === 'exposure' && event.network && typeof id === 'string')
      state.exposure.set(event.network, id);
  }

  #scheduleReconnect(): void {
    if (this.#stopped || this.#timer) return;
    const delay = Math.min(this.#options.maxRetryMs, this.#options.retryMs * 2 ** this.#retry);
    this.#retry++;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (!this.#stopped) this.#connect();
    }, delay);
    this.#timer.unref();
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
