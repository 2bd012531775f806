// Preloaded into the soak's server only (`node --expose-gc --import`): SIGUSR2 runs a full garbage
// collection and, when DETOUR_SOAK_MEMORY_FILE is set, appends the process's memory right after it
// (one JSON line), so that the soak reads the memory the server really retains rather than a point on
// the garbage sawtooth. Not part of the server.
import { appendFileSync } from 'node:fs';

process.on('SIGUSR2', () => {
  globalThis.gc?.();
  const file = process.env.DETOUR_SOAK_MEMORY_FILE;
  if (file) appendFileSync(file, `${JSON.stringify(process.memoryUsage())}\n`);
});
