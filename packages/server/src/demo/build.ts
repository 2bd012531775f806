import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportReport, SizeClass } from '@detour/sdk';
import type { ImportBatch, ImportedPerformance } from '../catalogue/batch.js';
import { normaliseBatch } from '../catalogue/normalise-batch.js';
import { communeCentroids, FESTIVAL_START_TIME, parseFestivalsDetailed } from '../importers/festivals.js';
import { departmentOf, timeZoneOf, zonedIso } from '../importers/geo.js';
import { parseJsonLd } from '../importers/jsonld.js';
import type { CatalogueStore } from '../store/store.js';
import { type DemoWindow, demoWindow, shiftBatchIntoWindow, synthesiseDates } from './dates.js';
import { DEMO_SOURCES } from './notice.js';
import { pairFestivals } from './twins.js';

/**
 * The demo catalogue: the three open datasets vendored in packages/server/demo-data, imported on first start
 * with their dates moved into the coming twelve months (see dates.ts and DEMO_NOTICE).
 */

export const DEMO_FILES = {
  datatourisme: 'datatourisme-centre-val-de-loire-events-2020.jsonld',
  panorama: 'panorama-des-festivals.csv',
  liste: 'festivals-en-france.csv',
} as const;

/** The vendored demo-data folder, from the sources (src/demo) or from the build (dist). */
export function defaultDemoDataDir(): string {
  const candidates = [
    new URL('../../demo-data/', import.meta.url),
    new URL('../demo-data/', import.meta.url),
  ];
  for (const c of candidates) {
    const dir = fileURLToPath(c);
    if (existsSync(join(dir, DEMO_FILES.liste))) return dir;
  }
  return fileURLToPath(candidates[0]!);
}

export interface DemoTexts {
  datatourisme: string;
  panorama: string;
  liste: string;
}

/** Reads the three files of a demo-data folder. */
export async function readDemoTexts(dataDir: string): Promise<DemoTexts> {
  const [datatourisme, panorama, liste] = await Promise.all([
    readFile(join(dataDir, DEMO_FILES.datatourisme), 'utf8'),
    readFile(join(dataDir, DEMO_FILES.panorama), 'utf8'),
    readFile(join(dataDir, DEMO_FILES.liste), 'utf8'),
  ]);
  return { datatourisme, panorama, liste };
}

/**
 * The demo batches for a given `now` (pure and deterministic): DATAtourisme and panorama dates moved into the
 * window; the 2024 list's festivals given synthetic evenings in their season, unless the panorama already dates
 * the same festival (its twin: see pairFestivals).
 */
export function buildDemoBatches(
  texts: DemoTexts,
  now: string,
): { window: DemoWindow; batches: ImportBatch[] } {
  const window = demoWindow(now);
  const datatourisme = shiftBatchIntoWindow(
    parseJsonLd(texts.datatourisme, { source: DEMO_SOURCES.datatourisme }),
    window,
  );
  const panoramaParse = parseFestivalsDetailed(texts.panorama, { source: DEMO_SOURCES.panorama });
  const listParse = parseFestivalsDetailed(texts.liste, {
    source: DEMO_SOURCES.liste,
    centroids: communeCentroids(texts.panorama),
  });
  const list = listParse.batch;
  const venues = new Map(list.venues.map((v) => [v.sourceId, v]));
  const twins = pairFestivals(panoramaParse, listParse);
  const panorama = shiftBatchIntoWindow(withListReach(panoramaParse.batch, twins, list), window);
  const dated = new Set(panorama.performances.map((p) => twins.get(p.showSourceId)));
  const synthetic: ImportedPerformance[] = [];
  for (const show of list.shows) {
    const season = listParse.seasons.get(show.sourceId);
    if (!season || dated.has(show.sourceId)) continue;
    const venue = venues.get(show.sourceId)!;
    const tz = timeZoneOf(departmentOf(venue.inseeCode ?? venue.postcode));
    for (const date of synthesiseDates(show.sourceId, season, window)) {
      synthetic.push({
        sourceId: `${show.sourceId}@demo-${date}`,
        showSourceId: show.sourceId,
        venueSourceId: venue.sourceId,
        start: zonedIso(date, FESTIVAL_START_TIME, tz),
        end: null,
        price: { min: null, max: null, free: false, currency: 'EUR' },
        url: venue.url,
        status: 'scheduled',
      });
    }
  }
  // The demo lists what it can date: a festival the panorama already dates is not listed a second time by
  // the 2024 list, and records with no date at all (no edition dates, no season) are left out.
  const batches = [datatourisme, panorama, { ...list, performances: synthetic }]
    .map(normaliseBatch)
    .map(onlyDated);
  return { window, batches };
}

/**
 * The panorama has no territorial reach; a panorama festival that is also in the 2024 list (its twin, see
 * pairFestivals: the join the demo also uses for dates) takes the size class the list declares for it.
 */
export function withListReach(
  panorama: ImportBatch,
  twins: ReadonlyMap<string, string>,
  list: ImportBatch,
): ImportBatch {
  const declared = new Map<string, SizeClass>();
  for (const v of list.venues) if (v.sizeClass) declared.set(v.sourceId, v.sizeClass);
  return {
    ...panorama,
    venues: panorama.venues.map((v) => {
      const twin = twins.get(v.sourceId);
      const size = twin === undefined ? undefined : declared.get(twin);
      return v.sizeClass === null && size ? { ...v, sizeClass: size } : v;
    }),
  };
}

/** Keeps the shows that have performances, and the venues those performances use. */
function onlyDated(batch: ImportBatch): ImportBatch {
  const shows = new Set(batch.performances.map((p) => p.showSourceId));
  const venues = new Set(batch.performances.map((p) => p.venueSourceId));
  return {
    ...batch,
    shows: batch.shows.filter((s) => shows.has(s.sourceId)),
    venues: batch.venues.filter((v) => venues.has(v.sourceId)),
  };
}

export interface DemoOptions {
  /** Folder holding the three files; default: the vendored packages/server/demo-data. */
  dataDir?: string;
  /** The clock (ISO 8601): dates land in the twelve months after it. */
  now: string;
  onProgress?: (step: string, done: number, total: number) => void;
}

/**
 * Fills an empty store with the demo catalogue; leaves a store that already has shows untouched.
 * Returns the import reports (empty when nothing was done).
 */
export async function ensureDemoCatalogue(
  store: CatalogueStore,
  options: DemoOptions,
): Promise<{ built: boolean; reports: ImportReport[] }> {
  const counts = await store.counts();
  if (counts.shows > 0) return { built: false, reports: [] };
  const texts = await readDemoTexts(options.dataDir ?? defaultDemoDataDir());
  const { batches } = buildDemoBatches(texts, options.now);
  const reports: ImportReport[] = [];
  for (const batch of batches) {
    const onProgress = options.onProgress;
    reports.push(
      await store.applyImport(batch, {
        now: options.now,
        ...(onProgress
          ? { onProgress: (done: number, total: number) => onProgress(batch.source, done, total) }
          : {}),
      }),
    );
  }
  return { built: true, reports };
}
