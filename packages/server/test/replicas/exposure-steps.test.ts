import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPOSURE_LEAD_MS } from '../../src/app-state.js';
import { ENGINE_CLOCK_STEP_MS } from '../../src/http/recommend.js';
import { type RunningServer, startServer } from '../../src/http/server.js';
import { EXPOSURE_RETENTION_MS } from '../../src/store/exposure.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { batch, performance, show, venue } from '../../src/store/testing/fixtures.js';
import { postgresForTests } from '../support/postgres.js';

/**
 * Two replicas (two servers, each with its own PostgreSQL connections) on one database, sharing a clock
 * the test moves: one exposure snapshot per clock step for the whole deployment, adopted by both at the
 * same instant, so that the same request gets the same bytes from either replica on both sides of a step.
 */

const pgTest = postgresForTests({ beforeAll, afterAll });
const QUERIES = ['lat=47.39&lon=0.69&k=10&radius=30', 'lat=47.39&lon=0.69&k=3&radius=30&locale=en'];

describe.skipIf(pgTest.skip !== null)(pgTest.title('exposure snapshots across replicas'), () => {
  // A step boundary one day ahead of the real time, so that the fixtures' performances are upcoming.
  const boundary = Math.ceil((Date.now() + 86_400_000) / ENGINE_CLOCK_STEP_MS) * ENGINE_CLOCK_STEP_MS;
  let nowMs = boundary - EXPOSURE_LEAD_MS - 400;
  const clock = () => new Date(nowMs);
  let url = '';
  const replicas: RunningServer[] = [];

  beforeAll(async () => {
    url = await pgTest.database();
    const store = await openPostgresStore(url);
    try {
      const at = (days: number) => new Date(boundary + days * 86_400_000).toISOString();
      await store.applyImport(
        batch('theatre-tours', {
          venues: ['olympia', 'faucheux', 'petit', 'grand'].map((v) => venue(v, { name: `Salle ${v}` })),
          shows: ['a', 'b', 'c', 'd', 'e', 'f'].map((s) => show(s, { title: `Spectacle ${s}` })),
          performances: ['a', 'b', 'c', 'd', 'e', 'f'].map((s, i) =>
            performance(`${s}-1`, s, ['olympia', 'faucheux', 'petit', 'grand'][i % 4]!, { start: at(1 + i) }),
          ),
        }),
        { now: clock().toISOString() },
      );
    } finally {
      await store.close();
    }
    for (let i = 0; i < 2; i++) {
      replicas.push(
        await startServer(
          { port: 0, host: '127.0.0.1', logLevel: 'silent', databaseUrl: url },
          { clock, revisionPollMs: 0, fastLane: false, exposureEveryMs: ENGINE_CLOCK_STEP_MS },
        ),
      );
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
  });

  async function answers(r: RunningServer): Promise<string[]> {
    const out: string[] = [];
    for (const q of QUERIES) {
      const res = await fetch(`${r.url}/v1/recommendations?${q}`);
      out.push(`${res.status} ${await res.text()}`);
    }
    return out;
  }

  async function exposureId(r: RunningServer): Promise<string> {
    const body = (await (await fetch(`${r.url}/healthz`)).json()) as { exposureSnapshotId: string };
    return body.exposureSnapshotId;
  }

  it('gives byte-identical answers from both replicas before and after an exposure step', async () => {
    const [a, b] = replicas as [RunningServer, RunningServer];
    const before = await answers(a);
    expect(before.filter((x) => !x.startsWith('200 '))).toEqual([]);
    expect(await answers(b)).toEqual(before);
    const firstId = await exposureId(a);
    expect(await exposureId(b)).toBe(firstId);

    // Impressions counted meanwhile (on one venue) change what the next step's snapshot holds.
    const venueId = (JSON.parse(before[0]!.slice(4)) as { items: Array<{ venue: { id: string } }> }).items[0]!
      .venue.id;
    await a.store.addImpressions('national', [{ venueId, weight: 500 }], clock().toISOString());

    // The schedule publishes the next step's snapshot a minute ahead: both replicas know it, neither uses it yet.
    nowMs = boundary - EXPOSURE_LEAD_MS + 1000;
    await new Promise((r) => setTimeout(r, 2500));
    expect(await exposureId(a)).toBe(firstId);
    expect(await exposureId(b)).toBe(firstId);
    expect(await answers(b)).toEqual(before);

    // The step: both switch at the same instant to the same stored snapshot.
    nowMs = boundary + 1000;
    const afterA = await answers(a);
    const afterB = await answers(b);
    expect(afterB).toEqual(afterA);
    const nextId = await exposureId(a);
    expect(nextId).not.toBe(firstId);
    expect(await exposureId(b)).toBe(nextId);

    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const { rows } = await db.query<{ id: string; computed_at: string }>(
        `SELECT id, computed_at FROM exposure_snapshots WHERE network = 'national' ORDER BY computed_at`,
      );
      // One row per step, whichever replica computed it: two steps so far, never one per replica.
      expect(rows.map((r) => r.id)).toEqual([firstId, nextId]);
      expect(rows[1]!.computed_at).toBe(new Date(boundary + ENGINE_CLOCK_STEP_MS).toISOString());
    } finally {
      await db.end();
    }
  }, 60_000);

  it('deletes snapshots older than the retention when a newer one is published', async () => {
    const [a, b] = replicas as [RunningServer, RunningServer];
    const step = ENGINE_CLOCK_STEP_MS;
    const base = boundary + 2 * step;
    // Twelve steps later than the retention allows for the first two, published by one replica or the other.
    for (let i = 0; i < 16; i++) {
      await (i % 2 === 0 ? a : b).state.publishExposure(base + i * step);
    }
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const { rows } = await db.query<{ computed_at: string }>(
        `SELECT computed_at FROM exposure_snapshots WHERE network = 'national' ORDER BY computed_at`,
      );
      const newest = base + 15 * step;
      expect(rows.at(-1)!.computed_at).toBe(new Date(newest).toISOString());
      expect(Date.parse(rows[0]!.computed_at)).toBe(newest - EXPOSURE_RETENTION_MS);
      expect(rows).toHaveLength(EXPOSURE_RETENTION_MS / step + 1);
    } finally {
      await db.end();
    }
  });
});
