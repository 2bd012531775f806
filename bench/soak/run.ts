/**
 * `npm run bench:soak [-- --minutes 10 --concurrency 8]`: the soak test against a real server on
 * 127.0.0.1 (bench/soak/soak.ts), then its figures in bench/results/soak.md and soak.json. Exits 1
 * when a 5xx was seen or memory grew more than 10 % between the first and the last minute after warm-up.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { machineDescription } from '../machine.js';
import { REPO, runSoak, type SoakResult } from './soak.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '120' },
    concurrency: { type: 'string', default: '8' },
    'import-every': { type: 'string', default: '30' },
    'publish-every': { type: 'string', default: '60' },
    out: { type: 'string', default: 'bench/results/soak' },
  },
});
const minutes = Number(values.minutes);
const warmupS = Number(values.warmup);
const concurrency = Number(values.concurrency);
if (
  !(minutes > 0 && minutes <= 60) ||
  !(warmupS >= 0 && warmupS < minutes * 60) ||
  !(concurrency >= 1 && concurrency <= 64)
) {
  process.stderr.write('usage: run.ts --minutes 1..60 --warmup SECONDS --concurrency 1..64\n');
  process.exit(2);
}

const result = await runSoak({
  durationMs: minutes * 60_000,
  warmupMs: warmupS * 1000,
  concurrency,
  importEveryMs: Number(values['import-every']) * 1000,
  publishEveryMs: Number(values['publish-every']) * 1000,
  sampleEveryMs: 2_000,
  gcSampleEveryMs: 10_000,
  log: (l) => process.stderr.write(`[soak] ${l}\n`),
});
const machine = machineDescription();
const command = `npm run bench:soak -- --minutes ${minutes} --warmup ${warmupS} --concurrency ${concurrency} --import-every ${values['import-every']} --publish-every ${values['publish-every']}`;
const pass = result.fiveXX === 0 && result.networkErrors === 0 && result.retainedGrowth <= 0.1;

function markdown(r: SoakResult): string {
  const kinds = Object.entries(r.byKind).sort((a, b) => b[1].requests - a[1].requests);
  const secs = r.elapsedMs / 1000;
  const rssMax = Math.max(...r.rss.map((s) => s.mb));
  const rssPoints = r.rss.filter((_, i) => i % Math.max(1, Math.round(r.rss.length / 20)) === 0);
  return `# Soak test

Command: \`${command}\` (\`tsx --conditions=@detour/source bench/soak/run.ts\`): a real \`detour serve --demo\`
child process on 127.0.0.1 (demo catalogue, \`DETOUR_RATE_LIMIT=off\` since all traffic comes from one address),
${concurrency} concurrent request loops for ${minutes} min, plus a partner import (CSV, 40 rows that change
between rounds: creates, updates, cancels) every ${values['import-every']} s and a policy publish through the editor API every ${values['publish-every']} s.

Machine: ${machine}

| measure | result | target |
|---|---|---|
| duration | ${secs.toFixed(0)} s | ${minutes * 60} s |
| requests | ${r.requests.toLocaleString('en')} (${(r.requests / secs).toFixed(0)} req/s) | |
| 5xx answers | **${r.fiveXX}** | 0 |
| network errors | ${r.networkErrors} | 0 |
| other unexpected statuses | ${r.unexpected.filter((u) => u.status < 500 && u.status > 0).length} | |
| imports / policy publishes | ${r.imports} / ${r.publishes} | |
| RSS after a full GC, mean of first minute after ${warmupS} s warm-up | ${r.retainedFirstMb} MB | |
| RSS after a full GC, mean of last minute | ${r.retainedLastMb} MB | |
| **growth of the memory retained** | **${(r.retainedGrowth * 100).toFixed(1)} %** | ≤ 10 % |
| JS heap + external memory after a full GC, mean of first / last minute | ${r.heapFirstMb} / ${r.heapLastMb} MB (${(r.heapGrowth * 100).toFixed(1)} %) | diagnostic |
| RSS as sampled (no GC forced), mean of first / last minute | ${r.rssFirstMb} / ${r.rssLastMb} MB (${(r.rssGrowth * 100).toFixed(1)} %) | see below |
| RSS max | ${rssMax} MB | |
| server exit after SIGTERM | code ${r.serverExit.code} | 0 |

Verdict: **${pass ? 'pass' : 'FAIL'}**.

Per kind of request (latencies include the client on the same 2 cores):

| kind | requests | statuses | p50 ms | p99 ms | max ms |
|---|---|---|---|---|---|
${kinds
  .map(
    ([k, s]) =>
      `| ${k} | ${s.requests} | ${Object.entries(s.statuses)
        .map(([c, n]) => `${c}: ${n}`)
        .join(', ')} | ${s.p50Ms} | ${s.p99Ms} | ${s.maxMs} |`,
  )
  .join('\n')}

How memory is judged: every 10 s the soak sends the server SIGUSR2, which a bench-only preload
(\`bench/soak/gc-on-signal.mjs\`, with \`--expose-gc\`) turns into a full garbage collection, and reads the RSS one
second later: that is the memory the server retains. The RSS sampled every 2 s without forcing a GC is a
sawtooth (each import rebuilds the catalogue indexes and leaves the previous ones to the collector), so the mean
of a one-minute window of it depends on where the window falls in the sawtooth; it is shown for completeness.

JS heap + external after a full GC over time (s → MB): ${r.heapAfterGc
    .filter((_, i) => i % 2 === 0)
    .map((s) => `${s.t} → ${s.mb}`)
    .join(' · ')}

RSS after a full GC over time (s → MB): ${r.rssAfterGc
    .filter((_, i) => i % 2 === 0)
    .map((s) => `${s.t} → ${s.mb}`)
    .join(' · ')}

RSS as sampled over time (s → MB): ${rssPoints.map((s) => `${s.t} → ${s.mb}`).join(' · ')}

${r.unexpected.length > 0 ? `Unexpected answers (first ${r.unexpected.length}):\n\n${r.unexpected.map((u) => `- ${u.kind} ${u.status}: ${u.body.replace(/\n/g, ' ').slice(0, 200)}`).join('\n')}\n` : 'No unexpected answer.\n'}
The full figures, with every RSS sample, are in \`soak.json\` beside this file.
`;
}

writeFileSync(
  resolve(REPO, `${values.out}.json`),
  `${JSON.stringify({ machine, command, pass, ...result }, null, 2)}\n`,
);
writeFileSync(resolve(REPO, `${values.out}.md`), markdown(result));
process.stderr.write(
  `[soak] ${pass ? 'PASS' : 'FAIL'}: ${result.requests} requests, ${result.fiveXX} 5xx, retained ${result.retainedFirstMb} → ${result.retainedLastMb} MB (${(result.retainedGrowth * 100).toFixed(1)} %), sampled RSS ${result.rssFirstMb} → ${result.rssLastMb} MB\n`,
);
process.exit(pass ? 0 : 1);
