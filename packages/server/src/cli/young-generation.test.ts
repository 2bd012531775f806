import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { totalBytes, youngGenerationFlags } from './young-generation.js';

describe('youngGenerationFlags', () => {
  it('asks for the semi-space size when nobody chose one', () => {
    expect(youngGenerationFlags(['--conditions=x'], '--enable-source-maps', 64)).toEqual([
      '--max-semi-space-size=64',
    ]);
  });

  it('leaves a size chosen on the command line or in NODE_OPTIONS alone', () => {
    expect(youngGenerationFlags(['--max-semi-space-size=8'], undefined, 64)).toBeNull();
    expect(youngGenerationFlags([], '--inspect --max-semi-space-size=16', 64)).toBeNull();
  });
});

describe('totalBytes', () => {
  it('adds the sizes of the files that exist and skips missing ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'detour-young-'));
    writeFileSync(join(dir, 'a'), 'x'.repeat(10));
    writeFileSync(join(dir, 'b'), 'y'.repeat(5));
    expect(totalBytes([join(dir, 'a'), join(dir, 'missing'), join(dir, 'b')])).toBe(15);
  });
});

describe('relaunchWithYoungGeneration', () => {
  it('runs the script again with the flag, its arguments, and passes its exit code back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'detour-relaunch-'));
    const script = join(dir, 'child.mjs');
    const module = new URL('./young-generation.ts', import.meta.url).pathname;
    writeFileSync(
      script,
      `const { relaunchWithYoungGeneration } = await import(${JSON.stringify(module)});
const code = await relaunchWithYoungGeneration(8);
if (code !== null) process.exit(code + 1);
console.log(JSON.stringify({ args: process.argv.slice(2), flags: process.execArgv.filter((f) => f.includes('semi')) }));
process.exit(3);
`,
    );
    const tsx = new URL('../../../../node_modules/.bin/tsx', import.meta.url).pathname;
    const out = spawnSync(tsx, [script, 'one', 'two'], {
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    // The child printed its view and exited 3; the parent passed 3 on and added one.
    expect(out.status).toBe(4);
    expect(JSON.parse(out.stdout.trim())).toEqual({
      args: ['one', 'two'],
      flags: ['--max-semi-space-size=8'],
    });
  });
});
