import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppState } from '../../src/app-state.js';
import { createApp } from '../../src/http/app.js';
import { openApiDocument } from '../../src/http/openapi.js';
import { ensureDefaultPolicy } from '../../src/http/server.js';
import { openStore } from '../../src/store/open.js';
import type { CatalogueStore } from '../../src/store/store.js';
import { NOW } from './support.js';

// The document as the tools app builders run judge it: Redocly's recommended rules and swagger-parser.

let dir: string;
let store: CatalogueStore;
let file: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'detour-openapi-'));
  store = await openStore({ dataDir: dir, databaseUrl: null });
  await ensureDefaultPolicy(store, 'national', NOW);
  const state = new AppState(store, { network: 'national', exposureEveryMs: 0, revisionPollMs: 0 });
  const app = createApp({ state, clock: () => new Date(NOW) });
  file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(openApiDocument(app)));
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the OpenAPI document', () => {
  it('passes `redocly lint` with its recommended rules: no error, no warning', () => {
    const cli = join(
      dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')),
      'bin',
      'cli.js',
    );
    const run = spawnSync(process.execPath, [cli, 'lint', file, '--format', 'json'], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        NO_COLOR: '1',
      },
    });
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      totals: { errors: number; warnings: number };
      problems: Array<{ ruleId: string; message: string; location: Array<{ pointer: string }> }>;
    };
    const problems = report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    expect(run.status).toBe(0);
  });

  it('passes @apidevtools/swagger-parser validation', async () => {
    await expect(SwaggerParser.validate(file)).resolves.toMatchObject({ openapi: '3.1.0' });
  });
});
