import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecommendationResponseSchema } from '@detour/sdk/contract';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run as migrateCommand } from '../../src/cli/migrate-to-postgres.js';
import { ensureDemoCatalogue } from '../../src/demo/build.js';
import { startServer } from '../../src/http/server.js';
import { sqliteFileIn } from '../../src/store/open.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { openSqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { CatalogueStore } from '../../src/store/store.js';
import { batch, performance, show, venue } from '../../src/store/testing/fixtures.js';
import { postgresForTests } from '../support/postgres.js';

const NOW = '2026-11-25T08:00:00.000Z';
const pgTest = postgresForTests({ beforeAll, afterAll });

// Requests across France, with and without filters, locales and periods: what visitors would ask (only
// parameters of the contract: any other is refused with 400).
const QUERIES = [
  'lat=47.39&lon=0.69',
  'lat=48.8566&lon=2.3522&radius=30&k=8',
  'lat=43.6047&lon=1.4442&radius=80&k=5&free=true',
  'lat=45.764&lon=4.8357&radius=100&locale=en',
  'lat=47.218&lon=-1.5536&radius=150&k=12&period=month',
  'lat=43.2965&lon=5.3698&radius=200&k=10&maxPrice=20',
];

/** Runs a server on `store` (left open) with a fixed clock and returns the answers to QUERIES, as JSON. */
async function answers(store: CatalogueStore): Promise<unknown[]> {
  const server = await startServer(
    { port: 0, host: '127.0.0.1', logLevel: 'silent' },
    { store, clock: () => new Date(NOW), exposureEveryMs: 0, revisionPollMs: 0 },
  );
  try {
    const out: unknown[] = [];
    for (const q of QUERIES) {
      const res = await fetch(`${server.url}/v1/recommendations?${q}`);
      const body = (await res.json()) as unknown;
      out.push({ status: res.status, body });
    }
    return out;
  } finally {
    await server.close();
  }
}

async function silenced<T>(work: () => Promise<T>): Promise<{ result: T; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  try {
    return { result: await work(), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe.skipIf(pgTest.skip !== null)(pgTest.title('detour migrate-to-postgres'), () => {
  const dir = mkdtempSync(join(tmpdir(), 'detour-migrate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('moves the demo catalogue to PostgreSQL with identical recommendation answers before and after', async () => {
    const sqlite = openSqliteStore(sqliteFileIn(dir));
    let before: unknown[];
    try {
      const { reports } = await ensureDemoCatalogue(sqlite, { now: NOW });
      expect(reports.length).toBeGreaterThan(0);
      await sqlite.createApiKey('Partenaire', ['partner'], NOW);
      await sqlite.addImpressions('national', [{ venueId: 'v-any', weight: 2 }], NOW);
      before = await answers(sqlite);
    } finally {
      await sqlite.close();
    }
    for (const a of before as Array<{ status: number; body: unknown }>) {
      expect(a.status, JSON.stringify(a.body)).toBe(200);
      RecommendationResponseSchema.parse(a.body);
    }
    const items = (before as Array<{ body: { items: unknown[] } }>).map((a) => a.body.items.length);
    expect(items.filter((n) => n > 0).length).toBeGreaterThanOrEqual(4);

    const url = await pgTest.database();
    const { result: code, out } = await silenced(() =>
      migrateCommand(['--data-dir', dir, '--database-url', url]),
    );
    expect(code).toBe(0);
    expect(out).toMatch(/performances\s+\d+/);

    const postgres = await openPostgresStore(url);
    try {
      const source = openSqliteStore(sqliteFileIn(dir));
      try {
        expect(await postgres.counts()).toEqual(await source.counts());
        expect(await postgres.revision()).toBe(await source.revision());
        expect(await postgres.policyVersions('national')).toEqual(await source.policyVersions('national'));
        expect(await postgres.listApiKeys()).toEqual(await source.listApiKeys());
        expect(await postgres.exposureTotals('national', NOW, 7)).toEqual(
          await source.exposureTotals('national', NOW, 7),
        );
      } finally {
        await source.close();
      }
      const after = await answers(postgres);
      expect(after).toEqual(before);

      // Sequences continue after the copied ids: the next import gets fresh rows, nothing collides.
      const counts = await postgres.counts();
      const report = await postgres.applyImport(
        batch('after-migration', {
          venues: [venue('n1', { name: 'Salle nouvelle' })],
          shows: [show('n1', { title: 'Création après migration' })],
          performances: [performance('n1-1', 'n1', 'n1')],
        }),
        { now: NOW },
      );
      expect(report.created).toEqual({ venues: 1, shows: 1, performances: 1 });
      expect(await postgres.counts()).toEqual({
        venues: counts.venues + 1,
        shows: counts.shows + 1,
        performances: counts.performances + 1,
      });
    } finally {
      await postgres.close();
    }
  });

  it('refuses a target that already holds data unless --force, which replaces it', async () => {
    const small = mkdtempSync(join(dir, 'small-'));
    const sqlite = openSqliteStore(sqliteFileIn(small));
    await sqlite.applyImport(
      batch('theatre-tours', {
        venues: [venue('olympia')],
        shows: [show('avare')],
        performances: [performance('avare-1', 'avare', 'olympia')],
      }),
      { now: NOW },
    );
    await sqlite.close();

    const url = await pgTest.database();
    const target = await openPostgresStore(url);
    await target.applyImport(
      batch('other', {
        venues: [venue('x'), venue('y', { name: 'Autre' })],
        shows: [show('s')],
        performances: [performance('p', 's', 'x'), performance('q', 's', 'y')],
      }),
      { now: NOW },
    );
    await target.close();

    const refused = await silenced(() => migrateCommand(['--data-dir', small, '--database-url', url]));
    expect(refused.result).toBe(1);
    expect(refused.err).toMatch(/venues : 2/);
    const client = new pg.Client(url);
    await client.connect();
    try {
      const count = async () =>
        Number((await client.query('SELECT COUNT(*) AS n FROM performances')).rows[0].n);
      expect(await count()).toBe(2);
      const forced = await silenced(() =>
        migrateCommand(['--data-dir', small, '--database-url', url, '--force']),
      );
      expect(forced.result).toBe(0);
      expect(await count()).toBe(1);
      const { rows } = await client.query('SELECT source FROM performances');
      expect(rows).toEqual([{ source: 'theatre-tours' }]);
    } finally {
      await client.end();
    }
  });

  it('answers usage errors with exit code 2 and a missing embedded database with 1', async () => {
    expect((await silenced(() => migrateCommand(['--data-dir', dir]))).result).toBe(2);
    expect((await silenced(() => migrateCommand(['--nope']))).result).toBe(2);
    const missing = await silenced(() =>
      migrateCommand(['--data-dir', join(dir, 'absent'), '--database-url', 'postgres://127.0.0.1:1/x']),
    );
    expect(missing.result).toBe(1);
    expect(missing.err).toMatch(/pas de base embarquée/);
  });
});
