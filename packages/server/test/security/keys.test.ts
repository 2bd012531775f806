import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { ImportReportSchema, ProblemSchema } from '@detour/sdk/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/http/server.js';
import { SECRET_PREFIX } from '../../src/store/ids.js';
import { csvFeed, detour, readDb, tempDirs } from './support.js';

const dirs = tempDirs('detour-keys-');
let dataDir: string;
let server: RunningServer;
const keys: Record<string, { id: string; secret: string }> = {};

function createKey(label: string, sources: string[]) {
  const r = detour([
    'keys',
    'create',
    ...sources.flatMap((s) => ['--source', s]),
    '--label',
    label,
    '--data-dir',
    dataDir,
  ]);
  expect(r.code, r.stderr).toBe(0);
  const id = /Clé créée : (\S+)/.exec(r.stdout)?.[1];
  const secret = r.stdout.split('\n').find((l) => l.startsWith(SECRET_PREFIX.apiKey));
  expect(id).toBeTruthy();
  expect(secret).toBeTruthy();
  return { id: id!, secret: secret!, stdout: r.stdout };
}

const push = (key: string, source: string, body: string) =>
  fetch(`${server.url}/v1/imports?source=${source}&format=csv`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${key}` },
    body,
  });

beforeAll(async () => {
  dataDir = dirs.make();
  keys.a = createKey('Théâtre A', ['partner-a']);
  keys.b = createKey('Scène B', ['partner-b']);
  keys.ac = createKey('Réseau A+C', ['partner-a', 'partner-c']);
  server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir, databaseUrl: null, logLevel: 'silent' },
    { exposureEveryMs: 0, revisionPollMs: 0 },
  );
});
afterAll(async () => {
  await server?.close();
  dirs.cleanup();
});

describe('detour keys (CLI)', () => {
  it('prints the secret once at creation; list shows ids, labels and sources but never a secret', () => {
    const list = detour(['keys', 'list', '--data-dir', dataDir]);
    expect(list.code).toBe(0);
    for (const k of Object.values(keys)) {
      expect(list.stdout).toContain(k.id);
      expect(list.stdout).not.toContain(k.secret);
    }
    expect(list.stdout).toContain('partner-a, partner-c');
    expect(list.stdout).toMatch(/Théâtre A\s+sources : partner-a\s/);
  });

  it('stores only a hash: no secret appears anywhere in the database files', () => {
    // Read by another process: closing a descriptor of the database file here would drop the server's locks.
    expect(readdirSync(dataDir).length).toBeGreaterThan(0);
    for (const k of Object.values(keys)) {
      const secret = k.secret.slice(SECRET_PREFIX.apiKey.length);
      const grep = spawnSync('grep', ['-r', '-l', '-F', '-a', secret, dataDir], { encoding: 'utf8' });
      expect(grep.status, grep.stdout).toBe(1); // 1: no line matched anywhere
    }
  });

  it('refuses a key without a source or a label, and a source name that is not a slug', () => {
    expect(detour(['keys', 'create', '--label', 'x', '--data-dir', dataDir]).code).toBe(2);
    expect(detour(['keys', 'create', '--source', '../x', '--label', 'x', '--data-dir', dataDir]).code).toBe(
      2,
    );
    expect(detour(['keys', 'revoke', 'no-such-key', '--data-dir', dataDir]).code).toBe(1);
  });
});

describe('a key writes only its own sources', () => {
  it('a key of source A cannot import, change or cancel source B: 403 and B untouched', async () => {
    const b = await push(keys.b!.secret, 'partner-b', csvFeed(['Ballet de B', 'Duo de B']));
    expect(b.status, await b.clone().text()).toBe(200);
    const before = readDb(dataDir);
    expect(before.performances['partner-b']).toEqual({ scheduled: 2 });

    // A complete feed for B sent with A's key would cancel B's two performances: refused.
    const res = await push(keys.a!.secret, 'partner-b', csvFeed(['Autre chose']));
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(ProblemSchema.parse(await res.json()).errors?.[0]?.path).toBe('source');
    const after = readDb(dataDir);
    expect(after.performances).toEqual(before.performances);
    expect(after.revision).toBe(before.revision);
  });

  it('a complete feed for A cancels only A’s missing performances, never B’s', async () => {
    const first = ImportReportSchema.parse(
      await (await push(keys.a!.secret, 'partner-a', csvFeed(['Solo de A', 'Trio de A']))).json(),
    );
    expect(first.created.performances).toBe(2);
    // A's next full feed lists one show only: A's other show is withdrawn with its performance, B's stay.
    const second = ImportReportSchema.parse(
      await (await push(keys.a!.secret, 'partner-a', csvFeed(['Solo de A']))).json(),
    );
    expect(second.cancelled).toBe(1);
    const db = readDb(dataDir);
    expect(db.performances['partner-a']).toEqual({ scheduled: 1 });
    expect(db.performances['partner-b']).toEqual({ scheduled: 2 });
  });

  it('a key bound to several sources writes each of them, and no other', async () => {
    expect((await push(keys.ac!.secret, 'partner-c', csvFeed(['Concert de C']))).status).toBe(200);
    expect((await push(keys.ac!.secret, 'partner-b', csvFeed(['Concert de C']))).status).toBe(403);
    expect(readDb(dataDir).performances['partner-b']).toEqual({ scheduled: 2 });
  });

  it('a revoked key is refused at the next request (401), while the server keeps running', async () => {
    expect(detour(['keys', 'revoke', keys.a!.id, '--data-dir', dataDir]).code).toBe(0);
    const res = await push(keys.a!.secret, 'partner-a', csvFeed(['Solo de A']));
    expect(res.status).toBe(401);
    expect(detour(['keys', 'list', '--data-dir', dataDir]).stdout).toMatch(
      new RegExp(`${keys.a!.id}.*révoquée`),
    );
  });
});
