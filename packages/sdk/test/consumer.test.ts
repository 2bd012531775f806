import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const sdk = fileURLToPath(new URL('..', import.meta.url));

it('a strict consumer project (NodeNext, exactOptionalPropertyTypes, lib checks on) compiles against the built types', async () => {
  expect(existsSync(`${sdk}/dist/index.d.ts`), 'build the package first (npm test does)').toBe(true);
  const result = await run(
    `${sdk}/node_modules/.bin/tsc`,
    ['-p', 'test/consumer/tsconfig.json', '--traceResolution'],
    {
      cwd: sdk,
      maxBuffer: 64 * 1024 * 1024,
    },
  ).catch((e: { stdout: string }) => e);
  const out = result.stdout;
  const errors = out.split('\n').filter((l) => /error TS\d+/.test(l));
  expect(errors).toEqual([]);
  // It really used the published declarations, not the sources.
  expect(out).toMatch(/'@detour\/sdk' was successfully resolved to '.*\/dist\/index\.d\.ts'/);
  expect(out).toMatch(/'@detour\/sdk\/query' was successfully resolved to '.*\/dist\/query\.d\.ts'/);
}, 120_000);
