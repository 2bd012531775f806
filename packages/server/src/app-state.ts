import { DEFAULT_POLICY_SETTINGS, type Policy } from '@detour/sdk';
import { buildIndex, type CatalogueIndex, computeExposureSnapshot, eligibleVenues } from './engine/index.js';
import { ShowSchedule } from './http/indexes/show-schedule.js';
import { ShowSearchIndex } from './http/indexes/show-search.js';
import { VenueGeoIndex } from './http/indexes/venue-geo.js';
import { type Logger, silentLogger } from './http/log.js';
import type { CatalogueChange, CatalogueStore, ExposureSnapshot } from './store/store.js';

/** Everything built from one catalogue snapshot; replaced as a whole, never mutated. */
export interface CatalogueView {
  /** The store revision the snapshot was read at. */
  revision: number;
  builtAt: string;
  index: CatalogueIndex;
  schedule: ShowSchedule;
  search: ShowSearchIndex;
  venues: VenueGeoIndex;
}

export interface AppStateOptions {
  /** The network whose policy applies when a request names none. */
  network: string;
  log?: Logger;
  clock?: () => Date;
  /** How often exposure snapshots are published (ms). Default 5 minutes; 0 disables the timer. */
  exposureEveryMs?: number;
  /** How often the store revision is checked for changes made elsewhere (ms). Default 60 s; 0 disables. */
  revisionPollMs?: number;
}

/** The catalogue view is not built yet (start() not finished): callers answer 503. */
export class NotReadyError extends Error {
  constructor() {
    super('catalogue not loaded yet');
    this.name = 'NotReadyError';
  }
}

/**
 * The live state requests read: the catalogue view (engine index, search, venue tree), the policy in
 * force per network and the latest exposure snapshot. Everything is rebuilt off the request path and
 * swapped in one assignment, so a request sees one consistent snapshot from start to end.
 */
export class AppState {
  readonly store: CatalogueStore;
  readonly network: string;
  readonly #log: Logger;
  readonly #clock: () => Date;
  readonly #exposureEveryMs: number;
  readonly #revisionPollMs: number;
  #view: CatalogueView | null = null;
  readonly #policies = new Map<string, Policy | null>();
  readonly #exposure = new Map<string, ExposureSnapshot>();
  #refreshing: Promise<void> | null = null;
  #dirty = false;
  #timers: NodeJS.Timeout[] = [];
  #unwatch: (() => void) | null = null;
  #stopped = false;

  constructor(store: CatalogueStore, options: AppStateOptions) {
    this.store = store;
    this.network = options.network;
    this.#log = options.log ?? silentLogger;
    this.#clock = options.clock ?? (() => new Date());
    this.#exposureEveryMs = options.exposureEveryMs ?? 5 * 60_000;
    this.#revisionPollMs = options.revisionPollMs ?? 60_000;
  }

  /** Loads the catalogue, the policy and the exposure snapshot, then starts the background timers. */
  async start(): Promise<void> {
    // Changes committed through any server on the same database (PostgreSQL: LISTEN/NOTIFY) apply within
    // seconds; subscribed before the first load so that nothing committed meanwhile is missed.
    this.#unwatch = this.store.watch((event) => this.#onChange(event));
    await this.refresh();
    await this.publishExposure();
    if (this.#exposureEveryMs > 0) {
      this.#timers.push(
        setInterval(() => void this.#safely('exposure', () => this.publishExposure()), this.#exposureEveryMs),
      );
    }
    if (this.#revisionPollMs > 0) {
      // Catalogue changes and policies published by another process (CLI, another instance) show up here.
      const poll = async () => {
        await this.refresh();
        this.#policies.clear();
      };
      this.#timers.push(setInterval(() => void this.#safely('refresh', poll), this.#revisionPollMs));
    }
    for (const t of this.#timers) t.unref();
  }

  /** Stops the timers and waits for a rebuild in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unwatch?.();
    this.#unwatch = null;
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    await this.#refreshing?.catch(() => {});
  }

  /** The current catalogue view; throws NotReadyError before the first build. */
  view(): CatalogueView {
    if (!this.#view) throw new NotReadyError();
    return this.#view;
  }

  get ready(): boolean {
    return this.#view !== null;
  }

  /** The policy in force for a network (cached; null when none was ever published). */
  async policy(network = this.network): Promise<Policy | null> {
    if (this.#policies.has(network)) return this.#policies.get(network)!;
    const policy = await this.store.currentPolicy(network);
    this.#policies.set(network, policy);
    return policy;
  }

  /** Forgets the cached policy of a network (after a publish), and republishes exposure under it. */
  async reloadPolicy(network = this.network): Promise<Policy | null> {
    this.#policies.delete(network);
    const policy = await this.policy(network);
    if (network === this.network) await this.publishExposure();
    return policy;
  }

  /** The latest exposure snapshot of a network, or null before any was published. */
  exposure(network = this.network): ExposureSnapshot | null {
    return this.#exposure.get(network) ?? null;
  }

  /** Asks for a rebuild without waiting for it (after an import): off the request path. */
  requestRefresh(): void {
    void this.#safely('refresh', () => this.refresh());
  }

  /**
   * Rebuilds the view when the store changed since the last build. Single-flight: a call during a
   * rebuild waits for it and then runs once more, so no change is missed.
   */
  async refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#dirty = true;
      return this.#refreshing;
    }
    this.#refreshing = (async () => {
      try {
        do {
          this.#dirty = false;
          await this.#rebuildIfChanged();
        } while (this.#dirty && !this.#stopped);
      } finally {
        this.#refreshing = null;
      }
    })();
    return this.#refreshing;
  }

  async #rebuildIfChanged(): Promise<void> {
    const revision = await this.store.revision();
    if (this.#view && this.#view.revision === revision) return;
    const started = performance.now();
    const snapshot = await this.store.loadSnapshot();
    const index = buildIndex(snapshot);
    const schedule = new ShowSchedule(snapshot);
    const view: CatalogueView = {
      revision,
      builtAt: this.#clock().toISOString(),
      index,
      schedule,
      search: new ShowSearchIndex(snapshot, schedule),
      venues: new VenueGeoIndex(snapshot.venues),
    };
    this.#view = view;
    this.#policies.clear();
    this.#log.info('catalogue indexed', {
      snapshotId: index.snapshotId,
      venues: snapshot.venues.length,
      shows: snapshot.shows.length,
      performances: snapshot.performances.count,
      durationMs: Math.round(performance.now() - started),
    });
  }

  /**
   * Computes and stores an exposure snapshot for the default network from the decayed impression
   * counters, then makes it the one requests use (so answers between two publications are reproducible).
   */
  async publishExposure(): Promise<ExposureSnapshot | null> {
    if (!this.#view) return null;
    const network = this.network;
    const settings = (await this.policy(network))?.settings ?? DEFAULT_POLICY_SETTINGS;
    const now = this.#clock();
    const at = now.toISOString();
    const horizon = new Date(now.getTime() + settings.fairness.halfLifeDays * 86_400_000).toISOString();
    const totals = await this.store.exposureTotals(network, at, settings.fairness.halfLifeDays);
    const snapshot = computeExposureSnapshot({
      network,
      computedAt: at,
      totals,
      merit: settings.fairness.merit,
      eligible: eligibleVenues(this.#view.index, at, horizon),
      sizeShares: settings.facets.sizeClass.targets,
    });
    await this.store.saveExposureSnapshot(snapshot);
    this.#exposure.set(network, snapshot);
    return snapshot;
  }

  #onChange(event: CatalogueChange): void {
    if (event.kind === 'catalogue') {
      this.requestRefresh();
    } else if (event.kind === 'policy') {
      const network = event.network ?? this.network;
      const cached = this.#policies.get(network);
      if (cached && event.version !== undefined && cached.version >= event.version) return;
      void this.#safely('policy reload', () => this.reloadPolicy(network));
    } else if ((event.network ?? this.network) === this.network) {
      void this.#safely('exposure reload', () => this.#adoptLatestExposure(this.network));
    }
  }

  /** Serves the newest exposure snapshot saved by any server, so that replicas answer alike. */
  async #adoptLatestExposure(network: string): Promise<void> {
    const latest = await this.store.latestExposureSnapshot(network);
    const current = this.#exposure.get(network);
    if (latest && (!current || latest.computedAt > current.computedAt)) this.#exposure.set(network, latest);
  }

  async #safely(what: string, task: () => Promise<unknown>): Promise<void> {
    if (this.#stopped) return;
    try {
      await task();
    } catch (error) {
      this.#log.error(`${what} failed`, { error: error instanceof Error ? error.message : String(error) });
    }
  }
}
