import { DEFAULT_POLICY_SETTINGS, type Policy } from '@detour/sdk';
import { buildIndex, type CatalogueIndex, computeExposureSnapshot, eligibleVenues } from './engine/index.js';
import { DatabaseHealth, isDatabaseUnavailable } from './http/database-outage.js';
import { ShowSchedule } from './http/indexes/show-schedule.js';
import { ShowSearchIndex } from './http/indexes/show-search.js';
import { VenueGeoIndex } from './http/indexes/venue-geo.js';
import { type Logger, silentLogger } from './http/log.js';
import { ENGINE_CLOCK_STEP_MS, engineNow } from './http/recommend.js';
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
  /**
   * The exposure snapshot timer (ms): any positive value turns on the publication of one snapshot per
   * engine clock step (ENGINE_CLOCK_STEP_MS, five minutes), ahead of the step; 0 disables the timer
   * (a snapshot is still published for the current step at start).
   */
  exposureEveryMs?: number;
  /** How often the store revision is checked for changes made elsewhere (ms). Default 60 s; 0 disables. */
  revisionPollMs?: number;
}

/** How long before a clock step its exposure snapshot is published: more than NOTIFY takes to spread. */
export const EXPOSURE_LEAD_MS = 60_000;

/**
 * The exposure step of an instant: the engine clock step it is answered at (engineNow, rounded up), so
 * that the response cache's generations and the exposure snapshots change at the same instants.
 */
export function exposureStep(ms: number): number {
  return engineNow(new Date(ms)).getTime();
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
  /** Whether the database answers (requests that need it and /healthz probes tell). */
  readonly database: DatabaseHealth;
  readonly #log: Logger;
  readonly #clock: () => Date;
  readonly #exposureEveryMs: number;
  readonly #revisionPollMs: number;
  #view: CatalogueView | null = null;
  readonly #policies = new Map<string, Policy | null>();
  /** Per network: the snapshots known for the current and the next steps, oldest first. */
  readonly #exposure = new Map<string, Array<{ stepMs: number; snapshot: ExposureSnapshot }>>();
  #refreshing: Promise<void> | null = null;
  #dirty = false;
  #timers: NodeJS.Timeout[] = [];
  #unwatch: (() => void) | null = null;
  #stopped = false;
  #exposureTimer: NodeJS.Timeout | null = null;

  constructor(store: CatalogueStore, options: AppStateOptions) {
    this.store = store;
    this.network = options.network;
    this.#log = options.log ?? silentLogger;
    this.database = new DatabaseHealth(this.#log);
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
    if (this.#exposureEveryMs > 0) this.#scheduleExposure();
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
    if (this.#exposureTimer) clearTimeout(this.#exposureTimer);
    this.#exposureTimer = null;
    await this.#refreshing?.catch(() => {});
  }

  /**
   * Asks the database for its revision (at most `timeoutMs`): true when it answered. Updates
   * `database`, so that /healthz both reports and ends an outage.
   */
  async probeDatabase(timeoutMs = 2000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.store.revision(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(Object.assign(new Error('database probe timed out'), { code: 'ETIMEDOUT' })),
            timeoutMs,
          );
        }),
      ]);
      this.database.succeeded();
      return true;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.database.failed(error);
      return false;
    } finally {
      clearTimeout(timer);
    }
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

  /**
   * Forgets the cached policy of a network (after a publish). Its fairness settings reach the exposure
   * snapshots from the next clock step: the current step's snapshot is shared by every replica.
   */
  async reloadPolicy(network = this.network): Promise<Policy | null> {
    this.#policies.delete(network);
    return this.policy(network);
  }

  /**
   * The exposure snapshot of a network for the current engine clock step: the one published for this
   * step, so that every replica uses the same one from the same instant (it is published a minute ahead).
   * Before it is known (its publication failed), the newest earlier one; null before any.
   */
  exposure(network = this.network): ExposureSnapshot | null {
    const known = this.#exposure.get(network);
    if (!known || known.length === 0) return null;
    const step = exposureStep(this.#clock().getTime());
    for (let i = known.length - 1; i >= 0; i--) if (known[i]!.stepMs <= step) return known[i]!.snapshot;
    return known[0]!.snapshot;
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
   * Makes sure the exposure snapshot of the default network for the clock step `stepMs` (default: the
   * current one) exists, and keeps it for requests of that step. One snapshot per step for the whole
   * deployment: its id is derived from the step, the first replica to store it wins, and every replica
   * (this one included) serves the stored one. A step already stored is adopted without computing.
   */
  async publishExposure(stepMs = exposureStep(this.#clock().getTime())): Promise<ExposureSnapshot | null> {
    if (!this.#view) return null;
    const network = this.network;
    const at = new Date(stepMs).toISOString();
    const latest = await this.store.latestExposureSnapshot(network);
    if (latest && latest.computedAt === at) {
      this.#keepExposure(latest);
      return latest;
    }
    const settings = (await this.policy(network))?.settings ?? DEFAULT_POLICY_SETTINGS;
    const horizon = new Date(stepMs + settings.fairness.halfLifeDays * 86_400_000).toISOString();
    const totals = await this.store.exposureTotals(network, at, settings.fairness.halfLifeDays);
    const computed = computeExposureSnapshot({
      network,
      computedAt: at,
      totals,
      merit: settings.fairness.merit,
      eligible: eligibleVenues(this.#view.index, at, horizon),
      sizeShares: settings.facets.sizeClass.targets,
    });
    const stored = await this.store.saveExposureSnapshot(computed);
    this.#keepExposure(stored);
    return stored;
  }

  /**
   * Publishes the next step's snapshot EXPOSURE_LEAD_MS before the step starts (every replica runs the
   * same wall-clock schedule; the first one stores it), then schedules the one after.
   */
  #scheduleExposure(): void {
    if (this.#stopped) return;
    const now = this.#clock().getTime();
    const current = exposureStep(now);
    const publishAt = current - EXPOSURE_LEAD_MS;
    const next = now >= publishAt ? current + ENGINE_CLOCK_STEP_MS : current;
    // At least a second between runs: an injected clock that does not move must not spin.
    const delay = Math.max(1000, next - EXPOSURE_LEAD_MS - now);
    const run = async () => {
      this.#exposureTimer = null;
      await this.#safely('exposure', () =>
        this.publishExposure(exposureStep(this.#clock().getTime() + EXPOSURE_LEAD_MS)),
      );
      this.#scheduleExposure();
    };
    if (now >= publishAt) {
      void this.#safely('exposure', () => this.publishExposure(current + ENGINE_CLOCK_STEP_MS));
    }
    this.#exposureTimer = setTimeout(() => void run(), delay);
    this.#exposureTimer.unref();
  }

  /** Keeps a snapshot for its step (and the step before the current one at most). */
  #keepExposure(snapshot: ExposureSnapshot): void {
    const stepMs = Date.parse(snapshot.computedAt);
    const known = (this.#exposure.get(snapshot.network) ?? []).filter((k) => k.stepMs !== stepMs);
    known.push({ stepMs, snapshot });
    known.sort((a, b) => a.stepMs - b.stepMs);
    const current = exposureStep(this.#clock().getTime());
    const firstKept = known.findLastIndex((k) => k.stepMs <= current);
    this.#exposure.set(snapshot.network, firstKept > 0 ? known.slice(firstKept) : known);
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

  /** Keeps the newest exposure snapshot saved by any server, for its step (see exposure()). */
  async #adoptLatestExposure(network: string): Promise<void> {
    const latest = await this.store.latestExposureSnapshot(network);
    if (latest) this.#keepExposure(latest);
  }

  async #safely(what: string, task: () => Promise<unknown>): Promise<void> {
    if (this.#stopped) return;
    try {
      await task();
    } catch (error) {
      // An outage is logged once (DatabaseHealth); the next timer or notification tries again.
      if (isDatabaseUnavailable(error)) return this.database.failed(error);
      this.#log.error(`${what} failed`, { error: error instanceof Error ? error.message : String(error) });
    }
  }
}
