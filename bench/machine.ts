import { cpus, platform, release, totalmem } from 'node:os';

/** One line describing where a benchmark ran, for the results files. */
export function machineDescription(): string {
  const c = cpus();
  return [
    `${platform()} ${release()}`,
    `${c.length} × ${c[0]?.model.trim() ?? 'unknown CPU'}`,
    `${Math.round(totalmem() / 2 ** 30)} GiB RAM`,
    `Node ${process.version}`,
    `run ${new Date().toISOString()}`,
  ].join(' · ');
}

/** The p-th percentile (0–100) of sorted values, nearest-rank. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
