import { describe, expect, it } from 'vitest';
import { runSoak } from '../../../../bench/soak/soak.js';

describe('short soak (20 s of mixed traffic against detour serve on 127.0.0.1)', () => {
  it('answers every request of every kind without a 5xx or a dropped connection, then stops cleanly', async () => {
    const result = await runSoak({
      durationMs: 20_000,
      warmupMs: 5_000,
      concurrency: 4,
      importEveryMs: 4_000,
      publishEveryMs: 7_000,
      sampleEveryMs: 1_000,
      gcSampleEveryMs: 5_000,
    });
    expect(result.unexpected.filter((u) => u.status >= 500 || u.status === 0)).toEqual([]);
    expect(result.fiveXX).toBe(0);
    expect(result.networkErrors).toBe(0);
    // The mix really ran: reads of each kind, imports and policy publishes all succeeded.
    for (const kind of ['recommendations', 'search', 'impressions', 'fragment'])
      expect(result.byKind[kind]?.requests ?? 0, kind).toBeGreaterThan(0);
    expect(result.imports).toBeGreaterThanOrEqual(2);
    expect(result.publishes).toBeGreaterThanOrEqual(1);
    expect(result.unexpected).toEqual([]);
    expect(result.serverExit.code).toBe(0);
  }, 240_000);
});
