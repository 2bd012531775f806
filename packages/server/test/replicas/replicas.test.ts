import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_POLICY_SETTINGS } from '@detour/sdk/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { batch, performance, show, venue } from '../../src/store/testing/fixtures.js';
import { postgresForTests } from '../support/postgres.js';

/**
 * Two replicas of `detour serve` (child processes, as deployed: DATABASE_URL, their own PORT) on one
 * PostgreSQL. What one replica commits, the other serves within seconds; killing one leaves the
 * other serving.
 */

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const pgTest = postgresForTests({ beforeAll, afterAll });

const TOURS = { lat: 47.39, lon: 0.69 };
/** The change propagation the issue asks for. */
const WITHIN_MS = 5000;

interface Replica {
  name: string;
  url: string;
  process: ChildProcess;
  output: () => string;
}

/** Starts `detour serve` on a free port and resolves once it listens. */
function startReplica(name: string, databaseUrl: string, dataDir: string): Promise<Replica> {
  const child = spawn(process.execPath, ['--conditions=@detour/source', '--import', 'tsx', cli, 'serve'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      DETOUR_DATA_DIR: dataDir,
      DETOUR_LOG: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d;
      const m = /écoute sur (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ name, url: m[1]!, process: child, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d: Buffer) => {
      output += d;
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

async function stopReplica(r: Replica | undefined): Promise<void> {
  if (!r || r.process.exitCode !== null || r.process.signalCode !== null) return;
  const exited = new Promise((resolve) => r.process.once('exit', resolve));
  r.process.kill('SIGTERM');
  await exited;
}

/** Paris wall-clock date and time `days` from now, as the CSV format wants them. */
function parisDate(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

/** The version of the policy a replica says is in force (GET /v1/policy). */
async function policyVersion(base: string): Promise<number> {
  const body = (await (await fetch(`${base}/v1/policy`)).json()) as { policy: { version: number } };
  return body.policy.version;
}

async function recommendedTitles(base: string): Promise<string[]> {
  const res = await fetch(`${base}/v1/recommendations?lat=${TOURS.lat}&lon=${TOURS.lon}&k=20&radius=30`);
  if (res.status !== 200) return [];
  const body = (await res.json()) as { items: Array<{ show: { title: string } }> };
  return body.items.map((i) => i.show.title);
}

describe.skipIf(pgTest.skip !== null)(pgTest.title('replicas on one PostgreSQL'), () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'detour-replicas-'));
  let a: Replica | undefined;
  let b: Replica | undefined;
  let apiKey = '';
  let editorToken = '';

  beforeAll(async () => {
    const url = await pgTest.database();
    const store = await openPostgresStore(url);
    try {
      const start = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
      await store.applyImport(
        batch('theatre-tours', {
          venues: [
            venue('olympia', { name: 'Théâtre Olympia' }),
            venue('faucheux', { name: 'Le Petit Faucheux' }),
          ],
          shows: [
            show('avare', { title: 'L’Avare' }),
            show('jazz', { title: 'Nuit du jazz', discipline: 'musique', subDiscipline: 'jazz-blues' }),
          ],
          performances: [
            performance('avare-1', 'avare', 'olympia', { start: start(1) }),
            performance('jazz-1', 'jazz', 'faucheux', { start: start(2) }),
          ],
        }),
        { now: new Date().toISOString() },
      );
      apiKey = (await store.createApiKey('Compagnie partenaire', ['partenaire'], new Date().toISOString()))
        .secret;
      editorToken = (await store.createEditorToken('Éditrice', 'editor', new Date().toISOString())).secret;
    } finally {
      await store.close();
    }
    [a, b] = await Promise.all([startReplica('A', url, dataDir), startReplica('B', url, dataDir)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([stopReplica(a), stopReplica(b)]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('recommends on one replica, within 5 s, a show imported through the other', async () => {
    const title = `Création partagée ${process.pid}`;
    expect(await recommendedTitles(b!.url)).not.toContain(title);
    const csv = [
      'titre;compagnie;discipline;lieu;ville;code_postal;latitude;longitude;date;heure;prix_min',
      `${title};Compagnie du Réseau;théâtre;Salle Thélème;Tours;37000;47.3936;0.6848;${parisDate(1)};20:30;12`,
    ].join('\n');
    const res = await fetch(`${a!.url}/v1/imports?source=partenaire&format=csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { created: { shows: number } }).created.shows).toBe(1);
    await expect
      .poll(() => recommendedTitles(b!.url), { timeout: WITHIN_MS, interval: 100 })
      .toContain(title);
  });

  it('puts in force on one replica, within 5 s, a policy published through the other', async () => {
    const before = await policyVersion(b!.url);
    const settings = structuredClone(DEFAULT_POLICY_SETTINGS);
    settings.defaults.radiusKm = 35;
    const res = await fetch(`${a!.url}/v1/editor/policy/publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${editorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ settings, comment: 'Rayon élargi' }),
    });
    expect(res.status).toBe(201);
    const { version } = (await res.json()) as { version: { version: number } };
    expect(version.version).toBe(before + 1);
    await expect
      .poll(() => policyVersion(b!.url), { timeout: WITHIN_MS, interval: 100 })
      .toBe(version.version);
    // And the engine uses it: the default radius of an answer is the new one.
    const answer = (await (
      await fetch(`${b!.url}/v1/recommendations?lat=${TOURS.lat}&lon=${TOURS.lon}`)
    ).json()) as {
      policyVersion: number;
      context: { radiusKm: number };
    };
    expect([answer.policyVersion, answer.context.radiusKm]).toEqual([version.version, 35]);
  });

  it('keeps the other replica answering every request when one is killed under load', async () => {
    const outcomes: Array<{ target: 'A' | 'B'; ok: boolean; afterKill: boolean }> = [];
    let killed = false;
    const paths = [
      `/v1/recommendations?lat=${TOURS.lat}&lon=${TOURS.lon}`,
      `/v1/recommendations?lat=${TOURS.lat}&lon=${TOURS.lon}&k=5&radius=50`,
      '/v1/policy',
      '/healthz',
    ];
    const REQUESTS = 400;
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= REQUESTS) return;
        if (i === REQUESTS / 4 && !killed) {
          killed = true;
          a!.process.kill('SIGKILL');
        }
        const target = i % 2 === 0 ? a! : b!;
        const afterKill = killed;
        try {
          const res = await fetch(`${target.url}${paths[i % paths.length]}`, {
            signal: AbortSignal.timeout(5000),
          });
          await res.arrayBuffer();
          outcomes.push({ target: target.name as 'A' | 'B', ok: res.status === 200, afterKill });
        } catch {
          outcomes.push({ target: target.name as 'A' | 'B', ok: false, afterKill });
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);

    const fromB = outcomes.filter((o) => o.target === 'B');
    expect(fromB.length).toBe(REQUESTS / 2);
    expect(fromB.filter((o) => !o.ok)).toEqual([]);
    expect(fromB.filter((o) => o.afterKill).length).toBeGreaterThan(REQUESTS / 4);
    // A did die: what was sent to it after the kill failed (a load balancer would stop sending it any).
    expect(outcomes.filter((o) => o.target === 'A' && o.afterKill && !o.ok).length).toBeGreaterThan(0);
    expect(a!.process.signalCode).toBe('SIGKILL');
    // B still follows the database after A's death: an import through B is served by B.
    const title = `Après la panne ${process.pid}`;
    // A venue of its own: with the default cap of one pick per venue, a show at Salle Thélème would compete
    // with « Création partagée » there, and which one wins depends on the hour the test runs.
    const csv = [
      'titre;discipline;lieu;ville;code_postal;latitude;longitude;date',
      `${title};danse;Salle Ockeghem;Tours;37000;47.3958;0.6894;${parisDate(2)}`,
    ].join('\n');
    const res = await fetch(`${b!.url}/v1/imports?source=partenaire&format=csv&partial=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(200);
    await expect
      .poll(() => recommendedTitles(b!.url), { timeout: WITHIN_MS, interval: 100 })
      .toContain(title);
  });
});
