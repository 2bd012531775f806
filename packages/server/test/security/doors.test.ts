import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteFileIn } from '../../src/store/open.js';
import { expectProblem, startCatalogueServer, type TestServer } from '../http/support.js';
import { detour, tempDirs } from './support.js';

/** Smaller doors (issue 16, item 6): each one shut, each with the answer a client can act on. */

const dirs = tempDirs('detour-doors-');
afterAll(() => dirs.cleanup());

describe('detour keys create', () => {
  it('refuses a source name that POST /v1/imports would refuse, creating no key', () => {
    const data = dirs.make();
    for (const name of ['Partner-A', 'a'.repeat(101)]) {
      const r = detour(['keys', 'create', '--source', name, '--label', 'Essai', '--data-dir', data]);
      expect(r.code, name).toBe(2);
      expect(r.stderr).toContain('nom de source invalide');
    }
    // Refused before the database is opened: no key, not even a database file.
    expect(existsSync(sqliteFileIn(data))).toBe(false);
    const ok = detour(['keys', 'create', '--source', 'partner-a.v2', '--label', 'Essai', '--data-dir', data]);
    expect(ok.code, ok.stderr).toBe(0);
  });
});

describe('detour serve configuration', () => {
  it('refuses DETOUR_RATE_LIMIT=0 and bad numbers in one line, before opening the database', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ DETOUR_RATE_LIMIT: '0' }, 'DETOUR_RATE_LIMIT'],
      [{ DETOUR_RATE_LIMIT_KEY: '1e3' }, 'DETOUR_RATE_LIMIT_KEY'],
      [{ DETOUR_REQUEST_TIMEOUT_MS: 'soon' }, 'DETOUR_REQUEST_TIMEOUT_MS'],
    ];
    for (const [env, variable] of cases) {
      const data = join(dirs.make(), 'never-created');
      const r = detour(['serve', '--port', '0', '--data-dir', data], env);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(variable);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\bat .+:\d+/);
      expect(existsSync(data)).toBe(false);
    }
  });
});

describe('HTTP doors', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startCatalogueServer();
  });
  afterAll(async () => {
    await t?.stop();
  });

  const beacon = (network: string | null, body: unknown) =>
    fetch(`${t.url}/v1/impressions${network ? `?network=${network}` : ''}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const oneItem = { policyVersion: 1, items: [{ showId: 's_x', venueId: 'v_x', position: 1 }] };

  it('accepts impression beacons only for a network that exists (else 404)', async () => {
    expect((await beacon(null, oneItem)).status).toBe(202);
    const problem = await expectProblem(await beacon('made-up-network', oneItem), 404, 'network');
    expect(problem.type).toBe('urn:detour:problem:unknown-network');
  });

  it('bounds the body of an impression beacon (413 beyond 16 KiB)', async () => {
    const padded = `${JSON.stringify(oneItem).slice(0, -1)}${' '.repeat(17 * 1024)}}`;
    await expectProblem(await beacon(null, padded), 413);
  });

  it('authenticates the editor API before it validates a body: anonymous publish of {} is 401', async () => {
    const res = await fetch(`${t.url}/v1/editor/policy/publish`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    await expectProblem(res, 401, 'header.authorization');
    const viewer = await t.server.store.createEditorToken('Lecteur', 'viewer', new Date().toISOString());
    const asViewer = await fetch(`${t.url}/v1/editor/policy/publish`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${viewer.secret}` },
      body: '{}',
    });
    await expectProblem(asViewer, 403);
  });
});
