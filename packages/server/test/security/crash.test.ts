import type { ChildProcess } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_POLICY_SETTINGS, HealthSchema, PolicySettingsSchema } from '@detour/sdk/contract';
import { afterAll, describe, expect, it } from 'vitest';
import { importFile } from '../../src/catalogue/import.js';
import { openStore } from '../../src/store/open.js';
import { CSV_HEADER, csvFeed, readDb, spawnDetour, tempDirs } from './support.js';

const dirs = tempDirs('detour-crash-');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  dirs.cleanup();
});

const NOW = '2026-11-25T12:00:00.000Z';

/** A plain-CSV feed of `n` performances over `n / 4` shows and 50 venues (big enough to take a while). */
function bigFeed(n: number, tag = 'Grand'): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const show = Math.floor(i / 4);
    const venue = show % 50;
    const day = String(1 + (i % 28)).padStart(2, '0');
    rows.push(
      `${tag} spectacle ${show};${['danse', 'théâtre', 'musique', 'cirque'][show % 4]};Salle ${venue};Tours;37000;${(47.3 + venue * 0.002).toFixed(4)};${(0.6 + venue * 0.002).toFixed(4)};2027-${String(1 + (i % 12)).padStart(2, '0')}-${day};${String(14 + (i % 8)).padStart(2, '0')}:30`,
    );
  }
  return `${CSV_HEADER}\n${rows.join('\n')}\n`;
}

/** A seeded data folder: one small partner feed and a partner key. */
async function seeded(): Promise<{ dataDir: string; key: string; editor: string }> {
  const dataDir = dirs.make();
  const store = await openStore({ dataDir, databaseUrl: null });
  await importFile(store, { text: csvFeed(['Avant la panne']), format: 'csv', source: 'small', now: NOW });
  const key = (await store.createApiKey('Partenaire', ['big'], NOW)).secret;
  const editor = (await store.createEditorToken('Éditrice', 'editor', NOW)).secret;
  await store.close();
  return { dataDir, key, editor };
}

/** Starts `detour serve` on a free port and resolves with its URL. */
function serve(dataDir: string, env: Record<string, string> = {}) {
  const child = spawnDetour(['serve', '--port', '0', '--data-dir', dataDir], {
    DETOUR_RATE_LIMIT: 'off',
    ...env,
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      stdout += d;
      const m = /écoute sur (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
  });
  return { child, url, exited, stderr: () => stderr };
}

/** The database is consistent and a restarted server serves it. */
async function expectRecovers(dataDir: string) {
  const db = readDb(dataDir);
  expect(db.integrity).toBe('ok');
  expect(db.foreignKeyViolations).toBe(0);
  const s = serve(dataDir);
  const url = await s.url;
  const health = HealthSchema.parse(await (await fetch(`${url}/healthz`)).json());
  expect(health.status).toBe('ok');
  const search = (await (await fetch(`${url}/v1/search?q=avant%20la%20panne`)).json()) as {
    items: Array<{ show: { title: string } }>;
  };
  expect(search.items[0]?.show.title).toBe('Avant la panne');
  s.child.kill('SIGTERM');
  expect((await s.exited).code).toBe(0);
  return db;
}

const until = async (test: () => boolean, what: string, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('SIGKILL during an import (detour import child process)', () => {
  it('leaves either none or all of the import, a sound database, and a server that restarts serving it', async () => {
    const { dataDir } = await seeded();
    const before = readDb(dataDir);
    const file = join(dataDir, '..', `${dataDir.split('/').at(-1)}-big.csv`);
    writeFileSync(file, bigFeed(40_000));
    const child = spawnDetour(['import', file, '--format', 'csv', '--source', 'big', '--data-dir', dataDir]);
    children.push(child);
    const exited = new Promise<string | null>((resolve) =>
      child.once('exit', (_c, signal) => resolve(signal)),
    );
    // The transaction is under way once the write-ahead log grows past what the seed left there.
    const wal = join(dataDir, 'detour.sqlite-wal');
    const walBefore = statSync(wal, { throwIfNoEntry: false })?.size ?? 0;
    await until(
      () => (statSync(wal, { throwIfNoEntry: false })?.size ?? 0) > walBefore + 256 * 1024,
      'the import to write',
    );
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const db = await expectRecovers(dataDir);
    const big = db.performances.big ?? {};
    const written = Object.values(big).reduce((a, b) => a + b, 0);
    expect([0, 40_000]).toContain(written);
    expect(db.performances.small).toEqual(before.performances.small);
    if (written === 0) {
      expect(db.shows).toBe(before.shows);
      expect(db.revision).toBe(before.revision);
    }
  });
});

describe('SIGKILL of the server while it publishes policies and writes exposure snapshots', () => {
  it('keeps every committed policy version whole and in sequence, and restarts serving the last one', async () => {
    const { dataDir, editor } = await seeded();
    for (let round = 0; round < 3; round++) {
      const s = serve(dataDir);
      const url = await s.url;
      const auth = { Authorization: `Bearer ${editor}`, 'Content-Type': 'application/json' };
      let published = 0;
      let stop = false;
      // Publishes (each also recomputes and stores an exposure snapshot) and impressions, back to back.
      const publisher = (async () => {
        for (let i = 0; !stop && i < 500; i++) {
          const settings = { ...DEFAULT_POLICY_SETTINGS, lambda: i % 2 === 0 ? 0.5 : 0.7 };
          try {
            const res = await fetch(`${url}/v1/editor/policy/publish`, {
              method: 'POST',
              headers: auth,
              body: JSON.stringify({ settings, comment: `tour ${round}, version ${i}` }),
            });
            if (res.ok) published++;
            await res.arrayBuffer();
          } catch {
            return; // the server is gone
          }
        }
      })();
      await until(() => published >= 3 + round * 2, 'a few publishes');
      s.child.kill('SIGKILL');
      expect((await s.exited).signal).toBe('SIGKILL');
      stop = true;
      await publisher;

      const db = readDb(dataDir);
      expect(db.integrity).toBe('ok');
      expect(db.policyVersions).toBeGreaterThanOrEqual(published + 1);
      const store = await openStore({ dataDir, databaseUrl: null });
      try {
        const versions = await store.policyVersions('national');
        expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1));
        for (const v of versions) PolicySettingsSchema.parse(v.settings);
        const snapshot = await store.latestExposureSnapshot('national');
        expect(snapshot).not.toBeNull();
        for (const e of Object.values(snapshot!.venues)) {
          expect(Number.isFinite(e.received) && Number.isFinite(e.deserved)).toBe(true);
        }
        const last = versions.at(-1)!.version;
        await store.close();
        const again = serve(dataDir);
        const policy = (await (await fetch(`${await again.url}/v1/policy`)).json()) as {
          policy: { version: number };
        };
        expect(policy.policy.version).toBe(last);
        again.child.kill('SIGTERM');
        expect((await again.exited).code).toBe(0);
      } finally {
        await store.close().catch(() => {});
      }
    }
    await expectRecovers(dataDir);
  });
});

describe('SIGTERM while a request is in flight (detour serve child process)', () => {
  it('finishes the import it is answering, commits it, then exits 0', async () => {
    const { dataDir, key } = await seeded();
    const s = serve(dataDir);
    const url = await s.url;
    // Small enough to finish well within the server's 10 s drain limit, even on a loaded machine.
    const body = bigFeed(3_000, 'Drain');
    const pending = fetch(`${url}/v1/imports?source=big&format=csv`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${key}` },
      body,
    });
    // Wait until the server is inside the import's transaction, then ask it to stop.
    const wal = join(dataDir, 'detour.sqlite-wal');
    const walBefore = statSync(wal, { throwIfNoEntry: false })?.size ?? 0;
    await until(
      () => (statSync(wal, { throwIfNoEntry: false })?.size ?? 0) > walBefore + 64 * 1024,
      'the import to write',
    );
    s.child.kill('SIGTERM');
    const res = await pending;
    expect(res.status).toBe(200);
    const report = (await res.json()) as { created: { performances: number } };
    expect(report.created.performances).toBe(3_000);
    expect(await s.exited).toEqual({ code: 0, signal: null });
    expect(s.stderr()).toContain('SIGTERM');
    expect(readDb(dataDir).performances.big).toEqual({ scheduled: 3_000 });
  });
});
