// Runs examples/node/tonight.mjs, as its README says, against a real server holding the real
// DATAtourisme export (clock fixed in its season), through the built SDK.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../packages/server/src/catalogue/import.js';
import { type RunningServer, silentLogger, startServer } from '../../../packages/server/src/index.js';
import { openStore } from '../../../packages/server/src/store/open.js';

const run = promisify(execFile);
const script = fileURLToPath(new URL('../tonight.mjs', import.meta.url));
const sdk = fileURLToPath(new URL('../../../packages/sdk', import.meta.url));
const DATATOURISME = fileURLToPath(
  new URL('../../../../shared/data/datatourisme-centre-val-de-loire-events-2020.jsonld', import.meta.url),
);
const NOW = '2020-09-15T08:00:00.000Z';

let server: RunningServer;
let dir: string;

beforeAll(async () => {
  // The example uses the built SDK (package exports → dist); `npm test` builds it first.
  if (!existsSync(`${sdk}/dist/index.js`)) {
    await run(
      process.execPath,
      [fileURLToPath(new URL('../../../node_modules/tsup/dist/cli-default.js', import.meta.url))],
      {
        cwd: sdk,
      },
    );
  }
  dir = mkdtempSync(join(tmpdir(), 'detour-tonight-'));
  const store = await openStore({ dataDir: dir, databaseUrl: null });
  await importFile(store, { file: DATATOURISME, format: 'jsonld', source: 'datatourisme-cvl', now: NOW });
  await store.close();
  server = await startServer(
    { port: 0, host: '127.0.0.1', dataDir: dir, databaseUrl: null },
    { clock: () => new Date(NOW), log: silentLogger, exposureEveryMs: 0, revisionPollMs: 0 },
  );
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const tonight = (...args: string[]) =>
  run(process.execPath, [script, ...args], { env: { ...process.env, DETOUR_API: server.url } });

describe('examples/node/tonight.mjs', () => {
  it("prints the evening's picks near Tours with venue, time, price and reasons", async () => {
    // 15 October 2020: "Molière ou le dernier impromptu" plays at 20:30, 15 place de Châteauneuf, Tours.
    const { stdout } = await tonight('Tours', '--date', '2020-10-15', '--radius', '15');
    expect(stdout).toContain('Ce soir près de Tours (15 km) — jeudi 15 octobre 2020');
    expect(stdout).toContain('Molière ou le dernier impromptu');
    expect(stdout).toMatch(/^1\. /m);
    expect(stdout).toMatch(/^ {3}20:30 · de 10\s€ à 13\s€$/m);
    expect(stdout).toMatch(/Pourquoi : \S/);
    expect(stdout).toContain('Sources : ');
    for (const m of stdout.matchAll(/ · ([\d,]+) km$/gm))
      expect(Number(m[1]!.replace(',', '.'))).toBeLessThanOrEqual(15);
  });

  it('accepts coordinates and a town written without accents', async () => {
    const a = await tonight('vendome', '--date', '2020-10-17', '--radius', '10');
    expect(a.stdout).toContain('Ce soir près de Vendôme');
    const b = await tonight('47.3986,0.6965', '--date', '2020-10-15', '--radius', '15');
    expect(b.stdout).toContain('Molière ou le dernier impromptu');
  });

  it('explains an unknown town (exit 2) and a server refusal with the field (exit 1)', async () => {
    const unknown = await tonight('Atlantis').catch((e: { code: number; stderr: string }) => e);
    expect(unknown).toMatchObject({ code: 2 });
    expect((unknown as { stderr: string }).stderr).toContain('Commune inconnue');
    const refused = await tonight('Tours', '--radius', '900').catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toMatch(/400[\s\S]*radius/);
  });
});
