import { DEFAULT_POLICY_SETTINGS, type Policy, type PolicySettings } from '@detour/sdk';
import type { EngineRequest } from './recommend.js';
import { type CatalogueSnapshot, type SnapshotShow, type SnapshotVenue, STATUS_CODE } from './snapshot.js';

/** Hand-built catalogues for engine tests: readable records in, columnar snapshot out. */
export interface FixtureSpec {
  venues: Array<Partial<SnapshotVenue> & Pick<SnapshotVenue, 'id' | 'lat' | 'lon'>>;
  shows: Array<Partial<SnapshotShow> & Pick<SnapshotShow, 'id' | 'discipline'>>;
  performances: Array<{
    show: string;
    venue: string;
    start: string;
    status?: keyof typeof STATUS_CODE;
    priceMinCents?: number;
    free?: boolean;
  }>;
}

/** Builds a snapshot from readable records (ids resolved to indices). */
export function fixtureSnapshot(spec: FixtureSpec, id = 'fixture-1'): CatalogueSnapshot {
  const venues: SnapshotVenue[] = spec.venues.map((v) => ({
    name: `Lieu ${v.id}`,
    town: 'Ville',
    sizeClass: 'moyen',
    accessibility: [],
    ...v,
  }));
  const shows: SnapshotShow[] = spec.shows.map((s) => ({
    title: `Spectacle ${s.id}`,
    description: null,
    creators: [],
    subDiscipline: null,
    audience: 'tout-public',
    minAge: null,
    tags: [],
    ...s,
  }));
  const vi = new Map(venues.map((v, i) => [v.id, i]));
  const si = new Map(shows.map((s, i) => [s.id, i]));
  const n = spec.performances.length;
  const p = {
    count: n,
    rowId: new Uint32Array(n),
    show: new Uint32Array(n),
    venue: new Uint32Array(n),
    startMin: new Uint32Array(n),
    status: new Uint8Array(n),
    priceMinCents: new Int32Array(n),
    free: new Uint8Array(n),
  };
  spec.performances.forEach((perf, i) => {
    p.rowId[i] = i + 1;
    p.show[i] = si.get(perf.show)!;
    p.venue[i] = vi.get(perf.venue)!;
    p.startMin[i] = Date.parse(perf.start) / 60_000;
    p.status[i] = STATUS_CODE[perf.status ?? 'scheduled'];
    p.priceMinCents[i] = perf.free ? 0 : (perf.priceMinCents ?? 1500);
    p.free[i] = perf.free ? 1 : 0;
  });
  return { id, venues, shows, performances: p };
}

/** A published policy around settings (defaults unless overridden). */
export function policyWith(overrides: Partial<PolicySettings> = {}, version = 1): Policy {
  return {
    network: 'test',
    version,
    settings: { ...DEFAULT_POLICY_SETTINGS, ...overrides },
    publishedAt: '2026-11-01T00:00:00Z',
    publishedBy: 'test',
    comment: '',
    restoredFrom: null,
  };
}

/** A request at a place, with a window of `days` from `now`. */
export function requestAt(
  lat: number,
  lon: number,
  now: string,
  extra: Partial<EngineRequest> = {},
): EngineRequest {
  const days = 7;
  return {
    lat,
    lon,
    radiusKm: 20,
    from: now,
    to: new Date(Date.parse(now) + days * 86_400_000).toISOString(),
    k: 10,
    now,
    ...extra,
  };
}
