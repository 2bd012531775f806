import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const sdk = fileURLToPath(new URL('..', import.meta.url));
// The workspace's TypeScript, wherever pnpm put it (the root's devDependencies on a fresh clone).
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

it('a strict consumer project (NodeNext, exactOptionalPropertyTypes, verbatimModuleSyntax) compiles against the built types', async () => {
  expect(existsSync(`${sdk}/dist/index.d.ts`), 'build the package first (npm test does)').toBe(true);
  const result = await run(process.execPath, [tsc, '-p', 'test/consumer/tsconfig.json', '--listFiles'], {
    cwd: sdk,
    maxBuffer: 64 * 1024 * 1024,
  }).catch((e: { stdout: string }) => e);
  const out = result.stdout;
  const errors = out.split('\n').filter((l) => /error TS\d+/.test(l));
  expect(errors).toEqual([]);
  // It really used the published declarations, not the sources.
  const files = out.split('\n').filter((l) => l.includes('/packages/sdk/'));
  for (const entry of ['index', 'query', 'mocks/index', 'validate', 'contract/index']) {
    expect(files).toContain(`${sdk.replace(/\/$/, '')}/dist/${entry}.d.ts`);
  }
  expect(files.filter((f) => f.includes('/packages/sdk/src/'))).toEqual([]);
}, 120_000);
