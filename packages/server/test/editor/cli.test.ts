import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/editor-token.js';
import { openStore } from '../../src/store/open.js';

let dir: string;
let out: string;
let err: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'detour-editor-cli-'));
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

async function verify(secret: string) {
  const store = await openStore({ dataDir: dir, databaseUrl: null });
  try {
    return await store.verifyEditorToken(secret);
  } finally {
    await store.close();
  }
}

describe('detour editor-token', () => {
  it('creates a token with a name and role, prints its secret once, and the store keeps only what verifies it', async () => {
    expect(await run(['create', '--name', 'Camille Éditrice', '--role', 'editor', '--data-dir', dir])).toBe(
      0,
    );
    const secret = /^(\S{20,})$/m.exec(out)![1]!;
    const id = /identifiant (\S+)\./.exec(out)![1]!;
    expect(out.split(secret)).toHaveLength(2); // printed exactly once
    expect(await verify(secret)).toEqual({ id, name: 'Camille Éditrice', role: 'editor' });
  });

  it('revokes a token by id: it no longer signs in, and a second revoke exits 1', async () => {
    await run(['create', '--name', 'Victor', '--role', 'viewer', '--data-dir', dir]);
    const secret = /^(\S{20,})$/m.exec(out)![1]!;
    const id = /identifiant (\S+)\./.exec(out)![1]!;
    expect((await verify(secret))?.role).toBe('viewer');
    expect(await run(['revoke', id, '--data-dir', dir])).toBe(0);
    expect(await verify(secret)).toBeNull();
    expect(await run(['revoke', id, '--data-dir', dir])).toBe(1);
    expect(err).toContain(id);
  });

  it('refuses a missing name or an unknown role with usage (exit 2), creating nothing', async () => {
    expect(await run(['create', '--role', 'admin', '--data-dir', dir])).toBe(2);
    expect(err).toContain('--name manquant');
    expect(err).toContain('--role doit valoir viewer ou editor');
    expect(await run(['rename', '--data-dir', dir])).toBe(2);
    expect(out).toBe('');
  });
});
