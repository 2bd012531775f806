import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type SqliteCatalogueStore } from '../sqlite/sqlite-store.js';

/** A store in a fresh temporary folder, and a way to remove it. */
export function tempStore(): {
  store: SqliteCatalogueStore;
  dir: string;
  file: string;
  cleanup: () => Promise<void>;
} {
  const dir = mkdtempSync(join(tmpdir(), 'detour-store-'));
  const file = join(dir, 'detour.sqlite');
  const store = openSqliteStore(file);
  return {
    store,
    dir,
    file,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
