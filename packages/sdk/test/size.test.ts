import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const sdk = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

interface Check {
  name: string;
  passed: boolean;
  size: number;
  sizeLimit: number;
}

const budgets = (
  JSON.parse(readFileSync(`${sdk}/package.json`, 'utf8')) as { 'size-limit': { name: string }[] }
)['size-limit'];
let results: Check[] = [];

describe('bundle budgets (size-limit over the built dist files)', () => {
  beforeAll(async () => {
    // `npm test` builds first; a bare `vitest run` builds here so the budgets are never skipped.
    if (!existsSync(`${sdk}/dist/index.js`)) {
      await run(
        process.execPath,
        [fileURLToPath(new URL('../../../node_modules/tsup/dist/cli-default.js', import.meta.url))],
        {
          cwd: sdk,
        },
      );
    }
    const { stdout } = await run(bin('size-limit'), ['--json'], { cwd: sdk });
    results = JSON.parse(stdout) as Check[];
  }, 120_000);

  it('measures every budget of package.json', () => {
    expect(results.map((r) => r.name)).toEqual(budgets.map((b) => b.name));
  });

  it.each(budgets.map((b) => b.name))('%s is within its budget', (name) => {
    const r = results.find((x) => x.name === name)!;
    expect(r.size, `${name}: ${r.size} B gzip`).toBeLessThanOrEqual(r.sizeLimit);
    expect(r.passed).toBe(true);
  });

  it('the core client is at most 3 kB gzip and carries no zod', async () => {
    const core = results.find((r) => r.name === 'core client')!;
    expect(core.sizeLimit).toBeLessThanOrEqual(3000);
    expect(core.size).toBeLessThanOrEqual(3000);
    // Follow the static imports of the built entry: none may reach zod (validate.js is only imported lazily).
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(`${sdk}/dist/${file}`, 'utf8');
      expect(code, file).not.toMatch(/from\s*["']zod["']/);
      for (const m of code.matchAll(/(?:^|\n)(?:import|export)[^;]*?from\s*["']\.\/([^"']+)["']/g))
        visit(m[1]!);
    };
    visit('index.js');
    expect(seen.size).toBeGreaterThan(1);
    expect(seen.has('validate.js')).toBe(false);
  });
});
