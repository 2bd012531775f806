import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/http/log.js';
import { type RunningServer, startServer } from '../../src/http/server.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { batch, performance, show, venue } from '../../src/store/testing/fixtures.js';
import { postgresForTests } from '../support/postgres.js';

/**
 * Two replicas on one PostgreSQL that stops (as a crash would) and comes back: what needs the database
 * answers 503 problem+json with Retry-After (never 500), what is held in memory keeps answering,
 * /healthz says degraded, and both recover without restart. A replica started while PostgreSQL is down
 * waits for it and serves once it is up.
 */

const pgTest = postgresForTests({ beforeAll, afterAll });
const RECOMMEND = '/v1/recommendations?lat=47.39&lon=0.69&k=5&radius=30';
const SEARCH = '/v1/search?q=spectacle&lat=47.39&lon=0.69&radius=30';

interface Logged {
  msg: string;
  level: string;
}

/** A logger that keeps what it is told, to count the lines an outage writes. */
function memoryLog(): { lines: Logged[]; log: { log: Logger } } {
  const lines: Logged[] = [];
  const entry = (level: string) => (msg: string) => void lines.push({ level, msg });
  return {
    lines,
    log: { log: { debug: entry('debug'), info: entry('info'), warn: entry('warn'), error: entry('error') } },
  };
}

describe.skipIf(pgTest.skip !== null)(pgTest.title('a PostgreSQL outage under two replicas'), () => {
  let url = '';
  const replicas: RunningServer[] = [];
  const logs: Logged[][] = [];
  let editorToken = '';
  let venueId = '';
  let showId = '';

  beforeAll(async () => {
    url = await pgTest.database();
    const store = await openPostgresStore(url);
    try {
      const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
      await store.applyImport(
        batch('theatre-tours', {
          venues: [venue('olympia', { name: 'Théâtre Olympia' })],
          shows: [show('avare', { title: 'Spectacle L’Avare' })],
          performances: [performance('avare-1', 'avare', 'olympia', { start: at(1) })],
        }),
        { now: new Date().toISOString() },
      );
      editorToken = (await store.createEditorToken('Éditrice', 'editor', new Date().toISOString())).secret;
    } finally {
      await store.close();
    }
    for (let i = 0; i < 2; i++) {
      const { lines, log } = memoryLog();
      logs.push(lines);
      replicas.push(
        await startServer(
          { port: 0, host: '127.0.0.1', logLevel: 'silent', databaseUrl: url },
          { ...log, revisionPollMs: 0, exposureEveryMs: 0 },
        ),
      );
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.close()));
  });

  const get = (r: RunningServer, path: string, init?: RequestInit) => fetch(`${r.url}${path}`, init);
  const impressions = (r: RunningServer) =>
    get(r, '/v1/impressions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ policyVersion: 1, items: [{ showId, venueId, position: 1 }] }),
    });
  const editorPolicy = (r: RunningServer) =>
    get(r, '/v1/editor/policy', { headers: { authorization: `Bearer ${editorToken}` } });
  const health = async (r: RunningServer) =>
    ((await (await get(r, '/healthz')).json()) as { status: string; database: string }).status;

  it('answers 503 + Retry-After where the database is needed, serves from memory, and recovers', async () => {
    // Answers visitors asked before the outage (records now held in memory).
    for (const r of replicas) {
      const res = await get(r, RECOMMEND);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: Array<{ venue: { id: string }; show: { id: string } }> };
      venueId = body.items[0]!.venue.id;
      showId = body.items[0]!.show.id;
      expect((await get(r, SEARCH)).status).toBe(200);
      expect((await impressions(r)).status).toBe(202);
      expect((await editorPolicy(r)).status).toBe(200);
    }

    pgTest.server().pause();
    try {
      for (const r of replicas) {
        for (let i = 0; i < 3; i++) {
          for (const res of [await impressions(r), await editorPolicy(r)]) {
            expect(res.status).toBe(503);
            expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
            expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
            await res.arrayBuffer();
          }
          expect((await get(r, RECOMMEND)).status).toBe(200);
          expect((await get(r, SEARCH)).status).toBe(200);
        }
        expect(await health(r)).toBe('degraded');
        expect((await get(r, '/readyz')).status).toBe(200);
      }
      // One line per outage and replica, not one (with a stack) per failed request.
      for (const lines of logs) {
        expect(lines.filter((l) => l.msg === 'database unavailable')).toHaveLength(1);
        expect(lines.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual([]);
      }
    } finally {
      pgTest.server().resume();
    }

    for (const r of replicas) {
      await expect.poll(() => health(r), { timeout: 15_000, interval: 250 }).toBe('ok');
      await expect
        .poll(async () => (await impressions(r)).status, { timeout: 15_000, interval: 250 })
        .toBe(202);
      expect((await editorPolicy(r)).status).toBe(200);
    }
    for (const lines of logs)
      expect(lines.filter((l) => l.msg === 'database reachable again')).toHaveLength(1);
  }, 90_000);

  it('starts a replica before its database and serves once the database is up', async () => {
    const { lines, log } = memoryLog();
    pgTest.server().pause();
    let late: RunningServer | undefined;
    try {
      const starting = startServer(
        { port: 0, host: '127.0.0.1', logLevel: 'silent', databaseUrl: url },
        { ...log, revisionPollMs: 0, exposureEveryMs: 0 },
      );
      await expect
        .poll(() => lines.some((l) => l.msg.startsWith('database unavailable at start')))
        .toBe(true);
      await new Promise((r) => setTimeout(r, 1500));
      pgTest.server().resume();
      late = await starting;
      expect(lines.some((l) => l.msg === 'database connected')).toBe(true);
      expect(await health(late)).toBe('ok');
      expect((await get(late, RECOMMEND)).status).toBe(200);
    } finally {
      // In case the test failed before resuming.
      try {
        pgTest.server().resume();
      } catch {
        // Already running.
      }
      await late?.close();
    }
  }, 90_000);
});
