/**
 * Child process of the crash test: opens the store in the folder given as argv[2] (or the PostgreSQL
 * database at the URL argv[4]) and imports a large synthetic batch (argv[3] performances). Once half of the batch is written inside the transaction it
 * prints "writing" and holds the transaction open, so that the parent's SIGKILL lands mid-import.
 * If it is not killed it commits and prints "committed".
 */
import { openStore } from '../open.js';
import { syntheticBatch } from './fixtures.js';

const [dataDir, size, databaseUrl] = process.argv.slice(2);
if (!dataDir || !size) throw new Error('usage: import-child <dataDir> <performances> [databaseUrl]');
const performances = Number(size);
const store = await openStore({ dataDir, databaseUrl: databaseUrl ?? null });
const batch = syntheticBatch('crash-test', { venues: 2000, shows: 10_000, performances });
const hold = new Int32Array(new SharedArrayBuffer(4));
let announced = false;
await store.applyImport(batch, {
  now: '2026-11-25T12:00:00Z',
  onProgress: (done, total) => {
    if (!announced && done >= total / 2) {
      announced = true;
      process.stdout.write(`writing ${done}/${total}\n`);
      // Blocks this thread (and the open transaction) for up to 30 s; the parent kills us meanwhile.
      Atomics.wait(hold, 0, 0, 30_000);
    }
  },
});
process.stdout.write('committed\n');
await store.close();
