import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';

/**
 * A bulk import allocates millions of short-lived objects (parsed records, rows, ids) while it keeps a large
 * working set; with V8's default 16 MiB semi-spaces the young generation fills every few milliseconds and
 * survivors are promoted early. 64 MiB semi-spaces cut the import of 1,000,000 performances from 76.8 s to
 * 68.9 s of CPU (bench:import, back to back on the same machine). V8 reads the size only at start, so a
 * large import runs this same command again with the flag.
 */
export const IMPORT_SEMI_SPACE_MB = 64;

/** Below this many bytes of input, an import is over before a larger young generation would pay. */
export const LARGE_IMPORT_BYTES = 32 * 2 ** 20;

/**
 * The flags to start node with for `mb` MiB semi-spaces, or null when this process needs none: the user
 * already chose a size (on the command line or in NODE_OPTIONS).
 */
export function youngGenerationFlags(
  execArgv: readonly string[],
  nodeOptions: string | undefined,
  mb: number,
): string[] | null {
  const chosen = (flag: string) => flag.startsWith('--max-semi-space-size');
  if (execArgv.some(chosen) || (nodeOptions ?? '').split(/\s+/).some(chosen)) return null;
  return [`--max-semi-space-size=${mb}`];
}

/** Total size of the files that exist (a missing one is reported by the import itself). */
export function totalBytes(files: readonly string[]): number {
  let sum = 0;
  for (const file of files) {
    try {
      sum += statSync(file).size;
    } catch {
      // Reported by the import with its own message.
    }
  }
  return sum;
}

/**
 * Runs this same process again (same node flags, script and arguments, same terminal) with `mb` MiB
 * semi-spaces; resolves to its exit code, or to null when this process already has a chosen size and should
 * carry on itself. SIGINT and SIGTERM are passed on, so stopping the command stops the import; a SIGKILL
 * cannot be passed on, so the child watches this process (watchParent) and aborts without committing.
 */
export function relaunchWithYoungGeneration(mb: number): Promise<number | null> {
  const flags = youngGenerationFlags(process.execArgv, process.env.NODE_OPTIONS, mb);
  const script = process.argv[1];
  if (flags === null || script === undefined) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, ...process.execArgv, script, ...process.argv.slice(2)], {
      stdio: 'inherit',
      // The child watches this pid: a SIGKILL here, which cannot be passed on, still stops it (watchParent).
      env: { ...process.env, [PARENT_PID_ENV]: String(process.pid) },
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 143));
    });
  });
}

/** Set in a relaunched child's environment: the pid of the command the user sees. */
export const PARENT_PID_ENV = 'DETOUR_PARENT_PID';

/** The command that started this relaunched import is gone: the import aborts, nothing committed. */
export class ParentGoneError extends Error {
  constructor() {
    super('the detour command that started this import is gone: aborted, nothing committed');
    this.name = 'ParentGoneError';
  }
}

/** How often an idle relaunched child looks for its parent (ms). */
const PARENT_POLL_MS = 250;

/**
 * In a relaunched child (PARENT_PID_ENV set): returns a check that throws ParentGoneError once the parent
 * is gone, for the import to call inside its transaction (a synchronous SQLite transaction leaves the
 * event loop no turn to notice); between such calls the child exits at once when the parent dies.
 * Elsewhere: null. The parent's death shows as a new parent pid (the orphan is adopted by init or a subreaper).
 */
export function watchParent(env: Record<string, string | undefined> = process.env): (() => void) | null {
  const raw = env[PARENT_PID_ENV];
  if (!raw) return null;
  const parent = Number(raw);
  const gone = () => process.ppid !== parent;
  // Nothing is open yet, and a transaction open later is rolled back by the exit.
  const timer = setInterval(() => {
    if (gone()) process.exit(143);
  }, PARENT_POLL_MS);
  timer.unref();
  if (gone()) process.exit(143);
  return () => {
    if (gone()) throw new ParentGoneError();
  };
}
