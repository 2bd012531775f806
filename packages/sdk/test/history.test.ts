import { describe, expect, it } from 'vitest';
import { type AsyncStorage, createVisitorHistory, type SyncStorage } from '../src/index.js';

/** A localStorage stand-in that also counts writes. */
function syncStorage(): SyncStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

/** An AsyncStorage stand-in (React Native) whose operations settle on later ticks. */
function asyncStorage(): AsyncStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  const later = <T>(f: () => T) => new Promise<T>((r) => setTimeout(() => r(f()), 1));
  return {
    map,
    getItem: (k) => later(() => map.get(k) ?? null),
    setItem: (k, v) => later(() => void map.set(k, v)),
    removeItem: (k) => later(() => void map.delete(k)),
  };
}

describe('visitor history', () => {
  it('keeps the most recent first, without duplicates, up to max', async () => {
    const h = createVisitorHistory({ storage: 'memory', max: 3 });
    for (const id of ['s1', 's2', 's3', 's2', 's4']) await h.add(id);
    expect(await h.list()).toEqual(['s4', 's2', 's3']);
  });

  it('never exceeds the API limit of 20, whatever max says', async () => {
    const h = createVisitorHistory({ max: 100 });
    for (let i = 0; i < 30; i++) await h.add(`s${i}`);
    expect(await h.list()).toHaveLength(20);
  });

  it('persists in a localStorage-like storage under its key', async () => {
    const storage = syncStorage();
    await createVisitorHistory({ storage, key: 'k' }).add('s1');
    expect(JSON.parse(storage.map.get('k')!)).toEqual(['s1']);
    expect(await createVisitorHistory({ storage, key: 'k' }).list()).toEqual(['s1']);
  });

  it('works over an async storage, and quick successive adds are all kept', async () => {
    const storage = asyncStorage();
    const h = createVisitorHistory({ storage });
    await Promise.all([h.add('s1'), h.add('s2'), h.add('s3')]);
    expect(await h.list()).toEqual(['s3', 's2', 's1']);
  });

  it('clear forgets the shows but keeps recording', async () => {
    const h = createVisitorHistory();
    await h.add('s1');
    await h.clear();
    expect(await h.list()).toEqual([]);
    await h.add('s2');
    expect(await h.list()).toEqual(['s2']);
  });

  it('disable wipes the history, stops recording, and is remembered across instances', async () => {
    const storage = syncStorage();
    const h = createVisitorHistory({ storage });
    await h.add('s1');
    await h.disable();
    await h.add('s2');
    expect(await h.list()).toEqual([]);
    expect(storage.map.get('detour:history')).toBeUndefined();
    const again = createVisitorHistory({ storage });
    expect(await again.isEnabled()).toBe(false);
    await again.add('s3');
    expect(await again.historyParam()).toBeUndefined();
    await again.enable();
    await again.add('s4');
    expect(await again.historyParam()).toEqual(['s4']);
  });

  it('historyParam is undefined when empty, else the ids to send', async () => {
    const h = createVisitorHistory();
    expect(await h.historyParam()).toBeUndefined();
    await h.add('s1');
    expect(await h.historyParam()).toEqual(['s1']);
  });

  it('ignores invalid ids and corrupt stored data instead of sending them', async () => {
    const storage = syncStorage();
    storage.map.set('detour:history', JSON.stringify(['ok1', 'bad id', 42, 'x'.repeat(81), 'ok2']));
    const h = createVisitorHistory({ storage });
    expect(await h.list()).toEqual(['ok1', 'ok2']);
    await h.add('no spaces allowed');
    expect(await h.list()).toEqual(['ok1', 'ok2']);
    storage.map.set('detour:history', '{not json');
    expect(await h.list()).toEqual([]);
  });

  it('survives a storage that throws (private browsing, quota)', async () => {
    const hostile: SyncStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const h = createVisitorHistory({ storage: hostile });
    await expect(h.add('s1')).resolves.toBeUndefined();
    await expect(h.list()).resolves.toEqual([]);
    await expect(h.disable()).resolves.toBeUndefined();
  });
});
