import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import {
  type AnswerSharing,
  type AnswersMessage,
  BoundedChannel,
  frameAnswerCount,
  shareAnswers,
} from './cluster/answer-sharing.js';
import type { ServerConfig } from './config.js';
import { ensureDemoCatalogue } from './demo/build.js';
import { ResponseCache, responseCacheBytes } from './http/response-cache.js';
import { ensureDefaultPolicy, type RunningServer, startServer } from './http/server.js';
import { openStore } from './store/open.js';
import type { CatalogueChange, CatalogueChangeListener, CatalogueStore } from './store/store.js';

/**
 * `detour serve --workers N`: N node:cluster workers, each a whole server (its own store connection and
 * its own engine index built from the same database file), sharing one listening port. The primary only
 * prepares the database (migrations, demo catalogue, default policy: once, before any worker races for
 * them) and supervises: it restarts a crashed worker, relays change notices between workers, and on
 * SIGTERM/SIGINT lets every worker drain its requests before exiting.
 *
 * Writes (imports, policies, impressions, exposure snapshots) go through whichever worker received them;
 * SQLite's WAL lets the others keep reading, and its busy timeout serialises concurrent writers. After a
 * worker commits a change, the others hear of it through the primary (the same `watch` feed PostgreSQL
 * gives through LISTEN/NOTIFY), so they rebuild their index or adopt the new policy or exposure snapshot
 * within milliseconds instead of at the next revision poll.
 *
 * Answers are shared the same way: each answer a worker computes for its response cache reaches the
 * others' caches through the primary (see cluster/answer-sharing.ts), so a repeated request is served
 * from memory whichever worker it lands on. `kill -USR2 <worker pid>` writes a worker's cache and
 * sharing counters to stderr.
 */

/** Parses `--workers`: a positive count or `auto` (one per available core). */
export function parseWorkers(raw: string | undefined): number {
  if (raw === undefined) return 1;
  if (raw === 'auto') return availableParallelism();
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isInteger(n) || n < 1 || n > 256) {
    throw new RangeError(`--workers attend un nombre entre 1 et 256 ou « auto », reçu « ${raw} »`);
  }
  return n;
}

export interface ClusterOptions {
  workers: number;
  demo: boolean;
  /** Where the primary reports (the serve command's banner). */
  onListening?: (url: string) => void;
  log?: (line: string) => void;
}

interface ListeningMessage {
  type: 'detour:listening';
  url: string;
}
interface ChangeMessage {
  type: 'detour:change';
  change: CatalogueChange;
}
type ClusterMessage = ListeningMessage | ChangeMessage | AnswersMessage;

const isClusterMessage = (m: unknown): m is ClusterMessage =>
  typeof m === 'object' &&
  m !== null &&
  typeof (m as { type?: unknown }).type === 'string' &&
  (m as { type: string }).type.startsWith('detour:');

/** Restarts allowed in a minute before the primary gives up (a worker that crashes at start would loop). */
const MAX_RESTARTS_PER_MINUTE = 5;

/**
 * The cluster, from either side: in the primary, prepares the database, forks the workers and resolves
 * with the exit code once they have all stopped; in a worker, serves until told to stop.
 */
export function runCluster(config: ServerConfig, options: ClusterOptions): Promise<number> {
  return cluster.isPrimary ? runPrimary(config, options) : runWorker(config, options);
}

async function runPrimary(config: ServerConfig, options: ClusterOptions): Promise<number> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // Prepared once here, so that workers never race to migrate, build the demo or publish policy v1.
  const store = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  try {
    if (options.demo) await ensureDemoCatalogue(store, { now: new Date().toISOString() });
    await ensureDefaultPolicy(store, config.network, new Date().toISOString());
  } finally {
    await store.close();
  }

  let url: string | null = null;
  let stopping = false;
  let ready = 0;
  const restarts: number[] = [];
  const live = new Set<Worker>();
  // Answers relayed to each listening worker, each channel bounded (see BoundedChannel).
  const channels = new Map<Worker, BoundedChannel>();
  // 'Advanced' serialisation carries answers' bytes as they are. Workers keep V8's default young
  // generation: 32 and 64 MiB semi-spaces (instead of 16) were measured at 1M performances and lowered
  // neither CPU per request nor p99 (scavenges are ~1.5 % of a computed answer's CPU, and as long with
  // fewer, larger nurseries: their cost is the objects that survive, not how often they are copied).
  cluster.setupPrimary({ serialization: 'advanced' });

  return new Promise<number>((resolve) => {
    let exitCode = 0;
    const finishWhenEmpty = () => {
      if (live.size === 0) resolve(exitCode);
    };
    const stopAll = (code: number) => {
      if (stopping) return;
      stopping = true;
      exitCode = code;
      for (const w of live) w.process.kill('SIGTERM');
      const hard = setTimeout(() => {
        for (const w of live) w.process.kill('SIGKILL');
      }, 30_000);
      hard.unref();
      finishWhenEmpty();
    };

    const fork = (replacing: number | null = null) => {
      const worker = cluster.fork();
      live.add(worker);
      let listening = false;
      worker.on('message', (message: unknown) => {
        if (!isClusterMessage(message)) return;
        if (message.type === 'detour:answers') {
          // Passed on as received: the primary never decodes a frame.
          const answers = frameAnswerCount(message.frame);
          for (const [other, channel] of channels)
            if (other !== worker && other.isConnected()) channel.trySend(message, answers);
        } else if (message.type === 'detour:listening') {
          listening = true;
          // Answers go to a worker once it serves: before, it has no index to check them against.
          channels.set(worker, new BoundedChannel((m, callback) => worker.send(m, callback)));
          url ??= message.url;
          ready++;
          if (ready === options.workers) options.onListening?.(url);
          if (replacing !== null)
            log(`detour serve : worker ${worker.process.pid} prêt (remplace ${replacing})`);
        } else {
          // A change committed by one worker: the others rebuild or reload.
          for (const other of live) if (other !== worker && other.isConnected()) other.send(message);
        }
      });
      worker.on('exit', (code, signal) => {
        live.delete(worker);
        channels.delete(worker);
        if (stopping) return finishWhenEmpty();
        log(`detour serve : worker ${worker.process.pid} arrêté (${signal ?? `code ${code}`})`);
        if (!listening && url === null) return stopAll(1); // it never started: the others would fail alike
        const now = Date.now();
        restarts.push(now);
        while (restarts.length > 0 && restarts[0]! < now - 60_000) restarts.shift();
        if (restarts.length > MAX_RESTARTS_PER_MINUTE) {
          log('detour serve : trop de redémarrages en une minute, arrêt');
          return stopAll(1);
        }
        fork(worker.process.pid ?? null);
      });
    };

    const onSignal = (signal: NodeJS.Signals) => {
      log(`\n${signal} reçu : les workers terminent leurs requêtes…`);
      stopAll(0);
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);

    // All at once: each builds its index in parallel. The primary owns the listening socket, so with
    // port 0 every worker gets the same free port.
    for (let i = 0; i < options.workers; i++) fork();
  });
}

async function runWorker(config: ServerConfig, options: ClusterOptions): Promise<number> {
  const inner = await openStore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const store = relayedStore(inner);
  const responses = new ResponseCache(responseCacheBytes());
  let server: RunningServer;
  try {
    server = await startServer(config, { store, demo: options.demo, responseCache: responses });
  } catch (error) {
    await inner.close();
    throw error;
  }
  const sharing = options.workers > 1 && responses.maxBytes > 0 ? shareWithPrimary(responses, server) : null;
  process.on('SIGUSR2', () => {
    // The state answers are keyed for here: workers share answers only while these agree.
    const state = {
      revision: server.state.ready ? server.state.view().revision : null,
      exposureId: server.state.exposure()?.id ?? null,
    };
    const fields = { pid: process.pid, ...state, ...responses.stats(), ...sharingFields(sharing) };
    process.stderr.write(`${JSON.stringify({ msg: 'response cache', ...fields })}\n`);
  });
  process.send?.({ type: 'detour:listening', url: server.url } satisfies ListeningMessage);
  return new Promise<number>((resolve) => {
    const stop = () => {
      sharing?.stop();
      server
        .close()
        .then(() => inner.close())
        .then(
          () => resolve(0),
          () => resolve(1),
        )
        .finally(() => {
          // The IPC channel would keep the worker alive.
          if (cluster.worker?.isConnected()) cluster.worker.disconnect();
        });
    };
    process.once('SIGTERM', stop);
    // Ctrl-C reaches the whole process group: the primary stops everyone, the worker waits for its SIGTERM.
    process.on('SIGINT', () => {});
  });
}

/** Sends the answers this worker computes to the primary, and offers the others' to its cache. */
function shareWithPrimary(responses: ResponseCache, server: RunningServer): AnswerSharing {
  const channel = new BoundedChannel((message, callback) => {
    if (!process.send || !process.connected) throw new Error('IPC channel closed');
    return process.send(message, undefined, undefined, callback);
  });
  const sharing = shareAnswers(responses, server.state, channel);
  process.on('message', (message: unknown) => {
    if (isClusterMessage(message) && message.type === 'detour:answers') void sharing.receive(message.frame);
  });
  return sharing;
}

/** Sharing counters, flattened for the SIGUSR2 line. */
function sharingFields(sharing: AnswerSharing | null): Record<string, number> {
  if (!sharing) return {};
  const { sent, received } = sharing.stats();
  return {
    sentAnswers: sent.answers,
    sentFrames: sent.frames,
    sentBytes: sent.bytes,
    droppedAnswers: sent.droppedAnswers,
    receivedAnswers: received.answers,
    receivedFrames: received.frames,
    receivedOtherState: received.otherState,
    receivedMalformed: received.malformed,
  };
}

/** Methods after which the other workers must hear of a committed change, and what changed. */
const WRITES: Record<string, (args: unknown[], result: unknown) => CatalogueChange | null> = {
  applyImport: (_args, report) => {
    const r = report as {
      created: Record<string, number>;
      updated: Record<string, number>;
      cancelled: number;
    };
    const changed =
      r.cancelled > 0 ||
      Object.values(r.created).some((n) => n > 0) ||
      Object.values(r.updated).some((n) => n > 0);
    return changed ? { kind: 'catalogue' } : null;
  },
  splitShow: () => ({ kind: 'catalogue' }),
  publishPolicy: (args, policy) => ({
    kind: 'policy',
    network: args[0] as string,
    version: (policy as { version: number }).version,
  }),
  saveExposureSnapshot: (args) => {
    const snapshot = args[0] as { id: string; network: string };
    return { kind: 'exposure', network: snapshot.network, id: snapshot.id };
  },
};

/**
 * The worker's store: the SQLite store itself, plus a `watch` feed fed by the primary's relay, and a
 * notice sent to the primary after each committed write.
 */
export function relayedStore(inner: CatalogueStore): CatalogueStore {
  const listeners = new Set<CatalogueChangeListener>();
  process.on('message', (message: unknown) => {
    if (!isClusterMessage(message) || message.type !== 'detour:change') return;
    for (const listener of listeners) listener(message.change);
  });
  const wrapped: Record<string, unknown> = { kind: inner.kind };
  const methods = new Set<string>();
  for (
    let proto = Object.getPrototypeOf(inner);
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  )
    for (const name of Object.getOwnPropertyNames(proto)) if (name !== 'constructor') methods.add(name);
  for (const name of methods) {
    const fn = (inner as unknown as Record<string, unknown>)[name];
    if (typeof fn !== 'function') continue;
    const describe = WRITES[name];
    wrapped[name] = describe
      ? async (...args: unknown[]) => {
          const result = await (fn as (...a: unknown[]) => Promise<unknown>).apply(inner, args);
          const change = describe(args, result);
          if (change) process.send?.({ type: 'detour:change', change } satisfies ChangeMessage);
          return result;
        }
      : (fn as (...a: unknown[]) => unknown).bind(inner);
  }
  wrapped.watch = (listener: CatalogueChangeListener) => {
    listeners.add(listener);
    const own = inner.watch?.(listener);
    return () => {
      listeners.delete(listener);
      own?.();
    };
  };
  return wrapped as unknown as CatalogueStore;
}
