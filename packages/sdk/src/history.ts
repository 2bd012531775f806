import { MAX_HISTORY } from './contract/constants.js';

/** A synchronous key-value store such as `window.localStorage`. */
export interface SyncStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** An asynchronous key-value store such as React Native's AsyncStorage. */
export interface AsyncStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

export interface VisitorHistoryOptions {
  /** Where to keep the history: localStorage, an async storage, or 'memory' (the default: forgotten on reload). */
  storage?: SyncStorage | AsyncStorage | 'memory';
  /** How many shows to remember (most recent first). Default and ceiling: the API's history limit, 20. */
  max?: number;
  /** Storage key. Default "detour:history"; the opt-out flag lives under `${key}:off`. */
  key?: string;
}

/** The last shows a visitor viewed, kept on their device only. */
export interface VisitorHistory {
  /** Remembers a viewed show (moved to the front if already there). Does nothing once disabled. */
  add(showId: string): Promise<void>;
  /** Show ids, most recent first. */
  list(): Promise<string[]>;
  /** Forgets every show (recording goes on). */
  clear(): Promise<void>;
  /** Opt-out: wipes the history and stops recording; the choice itself is remembered. */
  disable(): Promise<void>;
  /** Opts back in (the history starts empty). */
  enable(): Promise<void>;
  isEnabled(): Promise<boolean>;
  /** The `history` parameter of a recommendation request: the ids, or undefined when empty or disabled. */
  historyParam(): Promise<string[] | undefined>;
}

const SHOW_ID = /^[A-Za-z0-9_.:-]{1,80}$/;

function memoryStorage(): SyncStorage {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

/**
 * Creates the visitor's history. Storage failures (private browsing, quota, a blocked localStorage)
 * never break the page: reading then yields an empty history and writing is skipped.
 */
export function createVisitorHistory(options: VisitorHistoryOptions = {}): VisitorHistory {
  const storage = !options.storage || options.storage === 'memory' ? memoryStorage() : options.storage;
  const max = Math.max(1, Math.min(MAX_HISTORY, Math.floor(options.max ?? MAX_HISTORY)));
  const key = options.key ?? 'detour:history';
  const offKey = `${key}:off`;

  const read = async (k: string): Promise<string | null> => {
    try {
      return await storage.getItem(k);
    } catch {
      return null;
    }
  };
  const write = async (k: string, value: string | null): Promise<void> => {
    try {
      if (value === null) await storage.removeItem(k);
      else await storage.setItem(k, value);
    } catch {
      // Storage refused (quota, privacy mode): the history is a nicety, not a requirement.
    }
  };

  const list = async (): Promise<string[]> => {
    if ((await read(offKey)) !== null) return [];
    const raw = await read(key);
    if (raw === null) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!Array.isArray(parsed)) return [];
      // Whatever was stored by another version or tampered with, only valid ids come out.
      return parsed.filter((id): id is string => typeof id === 'string' && SHOW_ID.test(id)).slice(0, max);
    } catch {
      return [];
    }
  };

  // Serialise writes so that two quick `add`s on an async storage don't lose one.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    add: (showId) =>
      serial(async () => {
        if (!SHOW_ID.test(showId) || (await read(offKey)) !== null) return;
        const ids = (await list()).filter((id) => id !== showId);
        await write(key, JSON.stringify([showId, ...ids].slice(0, max)));
      }),
    list: () => serial(list),
    clear: () => serial(() => write(key, null)),
    disable: () =>
      serial(async () => {
        await write(key, null);
        await write(offKey, '1');
      }),
    enable: () => serial(() => write(offKey, null)),
    isEnabled: () => serial(async () => (await read(offKey)) === null),
    historyParam: () =>
      serial(async () => {
        const ids = await list();
        return ids.length > 0 ? ids : undefined;
      }),
  };
}
