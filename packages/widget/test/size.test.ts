// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const widgetDir = fileURLToPath(new URL('..', import.meta.url));

interface SizeResult {
  name: string;
  passed: boolean;
  size: number;
  sizeLimit: number;
}

describe('size budget', () => {
  it('keeps the drop-in script, JavaScript and CSS together, within 12 kB gzip', { timeout: 120_000 }, () => {
    // Build first, so that the budget is checked on the current source, not on a stale dist.
    execFileSync('npx', ['tsup'], {
      cwd: widgetDir,
      stdio: 'pipe',
      env: { ...process.env, DETOUR_WIDGET_IIFE_ONLY: '1' },
    });
    const out = execFileSync('npx', ['size-limit', '--json'], {
      cwd: widgetDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const results = JSON.parse(out.toString()) as SizeResult[];
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(r.sizeLimit).toBeLessThanOrEqual(12_000);
      expect(r.size, `${r.name}: ${r.size} B gzip`).toBeLessThanOrEqual(r.sizeLimit);
      expect(r.passed).toBe(true);
    }
    // zod stays out: the contract's schemas are type-only imports in the widget.
    const script = readFileSync(join(widgetDir, 'dist', 'detour-widget.js'), 'utf8');
    expect(script).not.toMatch(/ZodError|\$ZodType|_zod/);
  });
});
