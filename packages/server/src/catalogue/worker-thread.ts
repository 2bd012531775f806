import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PARSE_WORKER_MARK } from './parse-worker.js';

/**
 * Starts the import worker thread (parse-worker.ts): the built parse-worker.js beside this module's bundle,
 * or parse-worker.ts when running from source, loaded through tsx's loader (registered before the first
 * import: a failed import stays cached). Null when its module cannot be found (the caller then works on its
 * own thread).
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.url);
})();
`;

function workerUrl(): { url: string; tsx: string | null } {
  const source = import.meta.url.endsWith('.ts');
  const url = new URL(source ? './parse-worker.ts' : './parse-worker.js', import.meta.url);
  let tsx: string | null = null;
  if (source) {
    try {
      // The ES module entry (require.resolve would give the CommonJS one, whose register() fails here).
      tsx = pathToFileURL(
        createRequire(import.meta.url)
          .resolve('tsx/esm/api')
          .replace(/\.cjs$/, '.mjs'),
      ).href;
    } catch {
      tsx = null;
    }
  }
  return { url: url.href, tsx };
}

/** A new import worker thread, or null when its module is not there. */
export function startImportWorker(): Worker | null {
  const { url, tsx } = workerUrl();
  if (!existsSync(fileURLToPath(url))) return null;
  return new Worker(BOOT, {
    eval: true,
    workerData: { url, tsx, [PARSE_WORKER_MARK]: true },
    // From source, the worker registers tsx itself (the loader flags a tsx process passes on fail in an eval'd
    // worker), and resolves the workspace packages to their sources (@detour/source) even when this process
    // got that condition another way (vitest's resolver) than a node flag.
    ...(tsx ? { execArgv: sourceConditions(process.execArgv) } : {}),
  });
}

function sourceConditions(execArgv: readonly string[]): string[] {
  const conditions = execArgv.filter((a) => a.startsWith('--conditions='));
  return conditions.includes('--conditions=@detour/source')
    ? conditions
    : [...conditions, '--conditions=@detour/source'];
}
