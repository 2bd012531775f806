/**
 * Quality evaluation of the recommender against four baselines, on the synthetic national catalogue
 * and on the demo catalogue. Run: npm run bench:quality   (writes bench/results/quality.md)
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY_SETTINGS, type Policy, SIZE_CLASS_IDS } from '../../packages/sdk/src/index.js';
import { ensureDemoCatalogue } from '../../packages/server/src/demo/build.js';
import { demoWindow } from '../../packages/server/src/demo/dates.js';
import {
  buildIndex,
  type CatalogueIndex,
  computeExposureSnapshot,
  eligibleVenues,
  positionWeight,
  relevancePool,
} from '../../packages/server/src/engine/index.js';
import type { CatalogueSnapshot } from '../../packages/server/src/engine/snapshot.js';
import { openStore } from '../../packages/server/src/store/open.js';
import type { ExposureSnapshot } from '../../packages/server/src/store/store.js';
import { machineDescription } from '../machine.js';
import { DEFAULT_SYNTHETIC, generateCatalogue, toSnapshot } from '../synthetic/index.js';
import { CATALOGUE_MIX, type EvalContext, NATIONAL_MIX, type PlaceMix, sampleContexts } from './contexts.js';
import { type ListItem, METHODS, type MethodName, runMethod } from './methods.js';
import { gini, type ListMetrics, listMetrics } from './metrics.js';

const CONTEXTS = Number(process.env.QUALITY_CONTEXTS ?? 600);
const DAY_REQUESTS_PER_HOUR = Number(process.env.QUALITY_HOURLY ?? 40);

const policy: Policy = {
  network: 'bench',
  version: 1,
  // QUALITY_POLICY (JSON, merged over the defaults) is for tuning experiments; reports use the defaults.
  settings: { ...DEFAULT_POLICY_SETTINGS, ...JSON.parse(process.env.QUALITY_POLICY ?? '{}') },
  publishedAt: '2026-09-01T00:00:00Z',
  publishedBy: 'bench',
  comment: '',
  restoredFrom: null,
};

interface Summary {
  lists: number;
  empty: number;
  mean: Record<keyof ListMetrics, number>;
  gini: number;
  venueCoverage: number;
  showCoverage: number;
  smallExposure: number;
}

function showsByDiscipline(snapshot: CatalogueSnapshot): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of snapshot.shows) {
    let list = out.get(s.discipline);
    if (!list) {
      list = [];
      out.set(s.discipline, list);
    }
    list.push(s.id);
  }
  return out;
}

/** Per-list metrics over the contexts, then a simulated day of traffic for exposure. */
function evaluate(
  index: CatalogueIndex,
  contexts: EvalContext[],
  day: EvalContext[][],
): Map<MethodName, Summary> {
  const out = new Map<MethodName, Summary>();
  for (const method of METHODS) {
    const sums: Partial<Record<keyof ListMetrics, number>> = {};
    const counts: Partial<Record<keyof ListMetrics, number>> = {};
    let lists = 0;
    let empty = 0;
    for (const ctx of contexts) {
      const pool = relevancePool(index, ctx.request);
      const list = pool.length
        ? runMethod(method, { index, request: ctx.request, pool, policy, exposure: null })
        : [];
      if (list.length === 0) {
        empty++;
        continue;
      }
      lists++;
      const history = (ctx.request.history ?? [])
        .map((id) => index.showById.get(id)!)
        .filter((x) => x !== undefined);
      const m = listMetrics(index, list, pool, policy.settings, history, Date.parse(ctx.request.now));
      for (const [k, v] of Object.entries(m) as Array<[keyof ListMetrics, number | null]>) {
        if (v === null) continue;
        sums[k] = (sums[k] ?? 0) + v;
        counts[k] = (counts[k] ?? 0) + 1;
      }
    }
    const mean = Object.fromEntries(
      Object.keys(sums).map((k) => [k, sums[k as keyof ListMetrics]! / counts[k as keyof ListMetrics]!]),
    ) as Record<keyof ListMetrics, number>;

    // A simulated day: hourly batches; "ours" sees an exposure snapshot recomputed every hour from the
    // impressions so far (position-weighted), as the server would publish it.
    const received = new Map<number, number>();
    const eligible = new Set<number>();
    const eligibleShows = new Set<number>();
    const shownShows = new Set<number>();
    let exposure: ExposureSnapshot | null = null;
    const dayStart = Date.parse(day[0]![0]!.request.now);
    const merits = eligibleVenues(
      index,
      new Date(dayStart).toISOString(),
      new Date(dayStart + 30 * 86_400_000).toISOString(),
    );
    day.forEach((hour, h) => {
      if (method === 'ours') {
        const totals: Record<string, number> = {};
        for (const [v, w] of received) totals[index.snapshot.venues[v]!.id] = w;
        exposure = computeExposureSnapshot({
          network: 'bench',
          computedAt: new Date(dayStart + h * 3_600_000).toISOString(),
          totals,
          merit: policy.settings.fairness.merit,
          eligible: merits,
        });
      }
      for (const ctx of hour) {
        const pool = relevancePool(index, ctx.request);
        for (const c of pool.slice(0, 300)) {
          eligible.add(c.venueIndex);
          eligibleShows.add(c.showIndex);
        }
        if (!pool.length) continue;
        const list: ListItem[] = runMethod(method, { index, request: ctx.request, pool, policy, exposure });
        list.forEach((item, rank) => {
          received.set(item.venueIndex, (received.get(item.venueIndex) ?? 0) + positionWeight(rank + 1));
          shownShows.add(item.showIndex);
        });
      }
    });
    const exposures = [...eligible].map((v) => received.get(v) ?? 0);
    const totalExposure = exposures.reduce((a, b) => a + b, 0);
    const smallExposure = [...eligible]
      .filter((v) => index.venueSize[v] === SIZE_CLASS_IDS.indexOf('petit'))
      .reduce((a, v) => a + (received.get(v) ?? 0), 0);
    out.set(method, {
      lists,
      empty,
      mean,
      gini: gini(exposures),
      venueCoverage: exposures.filter((x) => x > 0).length / Math.max(1, eligible.size),
      showCoverage: shownShows.size / Math.max(1, eligibleShows.size),
      smallExposure: totalExposure ? smallExposure / totalExposure : 0,
    });
  }
  return out;
}

const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f3 = (x: number) => (Number.isFinite(x) ? Math.max(0, x).toFixed(3) : '–');
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

function table(results: Map<MethodName, Summary>): string[] {
  const rows: Array<[string, (s: Summary) => string]> = [
    ['intra-list diversity (1 − sim)', (s) => f2(s.mean.ild)],
    [
      'list length (k = 10) / candidates in the pool',
      (s) => `${f2(s.mean.listLength)} / ${f2(s.mean.poolSize)}`,
    ],
    ['distinct disciplines @10', (s) => f2(s.mean.distinctDisciplines)],
    ['… ceiling: min(k, disciplines in the pool)', (s) => f2(s.mean.poolDisciplines)],
    ['JS divergence to editor targets (β-weighted, lower is closer)', (s) => f3(s.mean.targetDivergence)],
    ['… discipline facet', (s) => f3(s.mean.disciplineDivergence)],
    ['… venue size facet', (s) => f3(s.mean.sizeDivergence)],
    ['small-venue share of slots', (s) => pct(s.mean.smallVenueShare)],
    ['small-venue share of the pool (top 300)', (s) => pct(s.mean.poolSmallVenueShare)],
    [
      '… ceiling: distinct small venues in the pool, over the list length',
      (s) => pct(s.mean.smallVenueCeiling),
    ],
    ['venue-exposure Gini over a simulated day (zero-exposure venues included)', (s) => f2(s.gini)],
    ['small venues’ share of the day’s exposure', (s) => pct(s.smallExposure)],
    ['venue coverage over the day', (s) => pct(s.venueCoverage)],
    ['show coverage over the day', (s) => pct(s.showCoverage)],
    ['unexpectedness vs history (1 − max sim)', (s) => f2(s.mean.unexpectedness)],
    ['relevance retained (a cost, not a quality)', (s) => pct(s.mean.relevanceRetained)],
    ['mean distance', (s) => `${f2(s.mean.meanDistanceKm)} km`],
    ['mean hours until', (s) => `${f2(s.mean.meanHoursUntil)} h`],
    ['empty-list rate', (s) => pct(s.empty / (s.empty + s.lists))],
    ['not optimised: company diversity (distinct companies / k)', (s) => f2(s.mean.companyDiversity)],
    ['not optimised: text-only ILD (1 − TF-IDF cosine)', (s) => f2(s.mean.textIld)],
  ];
  return [
    `| metric | ${METHODS.join(' | ')} |`,
    `|---|${METHODS.map(() => '---:').join('|')}|`,
    ...rows.map(([label, fmt]) => `| ${label} | ${METHODS.map((m) => fmt(results.get(m)!)).join(' | ')} |`),
  ];
}

function doneWhen(results: Map<MethodName, Summary>): string[] {
  const rel = results.get('relevance only')!;
  const ours = results.get('ours')!;
  const rr = results.get('round-robin by discipline')!;
  const ok = (b: boolean) => (b ? 'yes' : '**no**');
  const dd = ours.mean.distinctDisciplines / rel.mean.distinctDisciplines - 1;
  const small =
    rel.mean.smallVenueShare > 0 ? ours.mean.smallVenueShare / rel.mean.smallVenueShare : Number.NaN;
  // What the pools allow at best (every method ranks the same pools): when even the ceiling is below the
  // target, no re-ranking can meet it, and the row says how much of the attainable gain ours took.
  const ddCeiling = ours.mean.poolDisciplines / rel.mean.distinctDisciplines - 1;
  const ddTaken =
    ours.mean.poolDisciplines > rel.mean.distinctDisciplines
      ? (ours.mean.distinctDisciplines - rel.mean.distinctDisciplines) /
        (ours.mean.poolDisciplines - rel.mean.distinctDisciplines)
      : Number.NaN;
  const ddNote = `ceiling ${f2(ours.mean.poolDisciplines)} (+${(100 * ddCeiling).toFixed(0)} %); ours takes ${Number.isFinite(ddTaken) ? `${(100 * ddTaken).toFixed(0)} %` : '–'} of the attainable gain`;
  const smallNote = `ceiling ${pct(ours.mean.smallVenueCeiling)}`;
  const smallCeiling = ours.mean.smallVenueCeiling / rel.mean.smallVenueShare;
  return [
    '| done-when (ours vs relevance only) | figure | met |',
    '|---|---|---|',
    `| distinct disciplines @10 up ≥ 50 % | ${f2(rel.mean.distinctDisciplines)} → ${f2(ours.mean.distinctDisciplines)} (+${(100 * dd).toFixed(0)} %; ${ddNote}) | ${ok(dd >= 0.5)}${dd < 0.5 && ddCeiling < 0.5 ? ' (unattainable: the pools hold fewer disciplines)' : ''} |`,
    `| small-venue share ≥ 1.5× | ${pct(rel.mean.smallVenueShare)} → ${pct(ours.mean.smallVenueShare)} (${Number.isFinite(small) ? `${small.toFixed(2)}×` : 'no small venue in the lists'}; ${smallNote}) | ${Number.isFinite(small) ? ok(small >= 1.5) : 'n/a'}${Number.isFinite(small) && small < 1.5 && smallCeiling < 1.5 ? ' (unattainable: too few small venues in the pools)' : ''} |`,
    `| venue-exposure Gini lower | ${f2(rel.gini)} → ${f2(ours.gini)} | ${ok(ours.gini < rel.gini)} |`,
    `| relevance retained ≥ 0.8 | ${pct(ours.mean.relevanceRetained)} | ${ok(ours.mean.relevanceRetained >= 0.8)} |`,
    `| closer to editor targets than round-robin | JS ${f3(ours.mean.targetDivergence)} vs ${f3(rr.mean.targetDivergence)} | ${ok(ours.mean.targetDivergence < rr.mean.targetDivergence)} |`,
  ];
}

function dayOf(contexts: EvalContext[], hourly: number): EvalContext[][] {
  // The same day for everyone: each hour's requests are contexts re-dated to that hour.
  const base = Date.parse(contexts[0]!.request.now);
  const day0 = base - (base % 86_400_000);
  return Array.from({ length: 24 }, (_, h) =>
    contexts.slice(h * hourly, (h + 1) * hourly).map((c) => {
      const now = day0 + h * 3_600_000;
      const shift = now - Date.parse(c.request.now);
      const move = (iso: string) => new Date(Date.parse(iso) + shift).toISOString();
      return {
        ...c,
        request: {
          ...c.request,
          now: move(c.request.now),
          from: move(c.request.from),
          to: move(c.request.to),
        },
      };
    }),
  );
}

async function demoSnapshot(now: string): Promise<CatalogueSnapshot | null> {
  const dir = await mkdtemp(join(tmpdir(), 'detour-quality-'));
  try {
    const store = await openStore({ dataDir: dir, databaseUrl: null });
    await ensureDemoCatalogue(store, { now });
    const snapshot = await store.loadSnapshot();
    await store.close();
    return snapshot;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const PLACE_LABELS: Record<keyof PlaceMix, string> = {
  venue: 'on a venue’s page',
  town: 'around a venue with a programme (~2 km)',
  urban: 'in cities',
  rural: 'countryside around small towns',
  random: 'uniform points in France',
};

const sections: string[] = [];
async function runOn(
  name: string,
  snapshot: CatalogueSnapshot,
  firstDayMs: number,
  days: number,
  seed: number,
  contextCount: number,
  mix: PlaceMix,
  doneWhenOn: 'all' | 'dense',
) {
  const t0 = performance.now();
  const index = buildIndex(snapshot);
  const byDiscipline = showsByDiscipline(snapshot);
  const ids = snapshot.shows.map((s) => s.id);
  const perVenue = new Float64Array(snapshot.venues.length);
  for (let i = 0; i < snapshot.performances.count; i++) perVenue[snapshot.performances.venue[i]!]! += 1;
  const anchors = snapshot.venues.map((v, i) => ({ lat: v.lat, lon: v.lon, weight: perVenue[i]! }));
  const contexts = sampleContexts(contextCount, seed, firstDayMs, days, byDiscipline, ids, anchors, mix);
  const day = dayOf(
    sampleContexts(24 * DAY_REQUESTS_PER_HOUR, seed + 1, firstDayMs, days, byDiscipline, ids, anchors, mix),
    DAY_REQUESTS_PER_HOUR,
  );
  const results = evaluate(index, contexts, day);
  // Where the re-ranker has a choice at all: more candidates than k (with k or fewer, every method shows the
  // same shows, only in another order). The only filter applied; nothing is selected on the outcome.
  const dense = contexts.filter((c) => relevancePool(index, c.request).length > c.request.k);
  const denseResults = evaluate(index, dense, day);
  const seconds = ((performance.now() - t0) / 1000).toFixed(0);
  sections.push(
    `## ${name}`,
    '',
    `${snapshot.venues.length.toLocaleString('en')} venues, ${snapshot.shows.length.toLocaleString('en')} shows, ${snapshot.performances.count.toLocaleString('en')} performances (snapshot \`${snapshot.id}\`). ${contextCount} contexts (seed ${seed}); simulated day: ${24 * DAY_REQUESTS_PER_HOUR} requests in 24 hourly batches (seed ${seed + 1}). ${seconds} s.`,
    '',
    `Places: ${Object.entries(mix)
      .filter(([, share]) => share > 0)
      .map(([kind, share]) => `${Math.round(100 * share)} % ${PLACE_LABELS[kind as keyof PlaceMix]}`)
      .join(', ')}.`,
    '',
    ...table(results),
    '',
    ...(doneWhenOn === 'all'
      ? doneWhen(results)
      : [
          'Done-when on all contexts, for reference (the verdict is in the next section, see above why):',
          '',
          ...doneWhen(results),
        ]),
    '',
    `### ${name}: contexts with more candidates than k (${dense.length} of ${contexts.length})`,
    '',
    `Same simulated day; per-list figures only over contexts where re-ranking has a choice (pool > k = 10).${doneWhenOn === 'dense' ? ' **The done-when for this catalogue is read here.**' : ''}`,
    '',
    ...table(denseResults),
    '',
    ...doneWhen(denseResults),
    '',
  );
  console.log(`${name} done`);
}

const synthetic = generateCatalogue();
const firstDay = Date.parse(`${DEFAULT_SYNTHETIC.start}T00:00:00Z`) + 30 * 86_400_000;
await runOn(
  'Synthetic national catalogue',
  toSnapshot(synthetic),
  firstDay,
  240,
  101,
  CONTEXTS,
  NATIONAL_MIX,
  'all',
);

const demoNow = '2026-11-25T00:00:00Z';
const demo = await demoSnapshot(demoNow);
// Visitors' days cover the demo's twelve months (less the longest window, 30 days). It was the first 200
// days only (late November to mid-June): mid-July to November, over half of the demo's performances and the
// whole festival season, was never asked about, while venue pages were still weighted by their whole year.
const demoDays = Math.floor((Date.parse(demoWindow(demoNow).to) - Date.parse(demoNow)) / 86_400_000) - 30;
// The demo is sparse (most contexts have few candidates): three times the contexts, so that enough of
// them leave the re-ranker a choice.
if (demo)
  await runOn(
    'Demo catalogue (real open data, dates shifted)',
    demo,
    Date.parse(demoNow),
    demoDays,
    202,
    3 * CONTEXTS,
    CATALOGUE_MIX,
    'dense',
  );

const header = [
  '# Recommendation quality',
  '',
  `Command: \`npm run bench:quality\` (\`tsx --conditions=@detour/source bench/quality/run.ts\`; env QUALITY_CONTEXTS=${CONTEXTS}, QUALITY_HOURLY=${DAY_REQUESTS_PER_HOUR}).`,
  '',
  `Machine: ${machineDescription()}`,
  '',
  `Policy: \`DEFAULT_POLICY_SETTINGS\`${process.env.QUALITY_POLICY ? ` overridden by ${process.env.QUALITY_POLICY}` : ''} (version 1). Every method ranks the same candidates with the same relevance`,
  '(the engine’s `relevancePool`: one candidate per show, best occurrence, distance/time/similar-but-different/novelty).',
  'Baselines: nearest + soonest (distance/radius + delay/window), relevance only (top-k), round-robin by discipline',
  '(disciplines in turn by their best show, as Pass Culture does), MMR (λ = 0.5 with the engine’s similarity), ours',
  '(greedy re-ranking with coverage targets, redundancy, venue cap, discovery slots, and — in the simulated day —',
  'hourly exposure snapshots).',
  '',
  'Contexts: on the synthetic (national) catalogue, 30 % on a venue’s page (where the widget lives; venues weighted',
  'by their number of performances), 30 % in cities, 20 % countryside around small towns, 20 % uniform points in',
  'France; on the demo, which covers one region’s DATAtourisme feed and festival sites elsewhere, half on a venue’s',
  'page and half within ~2 km of a venue, both weighted by the venue’s performances (uniform points in France mostly',
  'fall where the demo has nothing), on days spread over the demo’s twelve months. Radius 5–50 km;',
  'tonight / weekend / 7 days / 30 days; half with a viewed show, 40 % with a 3–8 show history from one or two',
  'disciplines. Means are over non-empty lists. Divergence uses the targets as the engine reads them (restricted to',
  'the values present in the top-300 pool; a facet without targets means “equal shares among the values present”).',
  'Gini and coverage count every venue (show) that appeared in a top-300 pool during the simulated day.',
  '“Relevance retained” compares with the relevance-only top-k, so it grades the method by its own relevance: read',
  'it as the price paid for diversity. Company diversity and text-only ILD are not optimised by any method.',
  '',
  'Reading the demo figures: many demo contexts have k candidates or fewer (row “list length / candidates”); there',
  'every method shows the same shows and no method can add disciplines beyond the “ceiling” row. **On the demo the',
  'done-when is therefore read on the contexts whose pool exceeds k** (the only filter; the all-contexts table is',
  'kept above it). The synthetic catalogue’s done-when is read on all contexts. The open data has no capacities:',
  'demo size classes come from the festival list’s declared territorial reach (« Envergure territoriale »: communal',
  '→ petit, intercommunal/departmental → moyen, regional/cross-border → grand, national/international →',
  'institution; panorama festivals matching a list festival inherit it) and, for DATAtourisme places, from words of',
  'the venue’s name (église, salle des fêtes… → petit; a heuristic); venues with neither are “moyen”',
  '(docs/importing.md): 78 of the demo’s venues are small, so small-venue shares there rest on a handful of slots.',
  '',
  'The “ceiling” rows say what the pools allow at best, whatever the method (every method ranks the same pools):',
  'distinct disciplines cannot exceed the disciplines present, nor the small-venue share the distinct small venues',
  'present (one pick per venue). When even the ceiling is below a target, the done-when row says so.',
  '',
];
writeFileSync(new URL('../results/quality.md', import.meta.url), [...header, ...sections].join('\n'));
