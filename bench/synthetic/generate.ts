import {
  type Accessibility,
  DISCIPLINE_IDS,
  type Discipline,
  type SizeClass,
  type VenueType,
} from '../../packages/sdk/src/index.js';
import type {
  CatalogueSnapshot,
  SnapshotPerformances,
  SnapshotShow,
  SnapshotVenue,
} from '../../packages/server/src/engine/snapshot.js';
import { STATUS_CODE } from '../../packages/server/src/engine/snapshot.js';
import { prefixSums, Random } from './random.js';
import { TOWNS, type Town } from './towns.js';
import {
  COMPANY_NAMES,
  COMPANY_WORDS,
  DISCIPLINE_SHARES,
  DISCIPLINE_WORDS,
  SUBS,
  THEMES,
  TITLE_ADJECTIVES,
  TITLE_NOUNS,
  VENUE_NAMES,
  YOUNG_SHARE,
} from './vocabulary.js';

/**
 * A seeded synthetic national catalogue: venues placed where people live (population-weighted around
 * real French towns, with a rural fringe), shows that tour from a home venue to nearby ones (and a few
 * national tours), performances in runs over a year at French hours. Same options ⇒ same catalogue.
 *
 * Produces plain records (venues, shows, performance columns) that the engine's snapshot reuses
 * as is, and that an importer benchmark can turn into JSON-LD (`performanceRecords`).
 */
export interface SyntheticOptions {
  seed?: number;
  venues?: number;
  performances?: number;
  /** First day of the programme (ISO date); the programme runs `days` days. */
  start?: string;
  days?: number;
  /** Share of venues placed in the countryside around a town rather than in it. */
  ruralShare?: number;
}

export interface SyntheticVenue extends SnapshotVenue {
  capacity: number;
  type: VenueType;
  dept: string;
}

export interface SyntheticCatalogue {
  options: Required<SyntheticOptions>;
  venues: SyntheticVenue[];
  shows: SnapshotShow[];
  /** Snapshot columns plus the highest price (for import records). */
  performances: SnapshotPerformances & { priceMaxCents: Int32Array };
}

export const DEFAULT_SYNTHETIC: Required<SyntheticOptions> = {
  seed: 20261125,
  venues: 30_000,
  performances: 1_000_000,
  start: '2026-09-01',
  days: 365,
  ruralShare: 0.3,
};

const SIZE_SHARES: Array<[SizeClass, number]> = [
  ['petit', 0.5],
  ['moyen', 0.28],
  ['grand', 0.15],
  ['institution', 0.07],
];
/** How busy a venue is, by size (performances per venue, relative). */
const SIZE_ACTIVITY: Record<SizeClass, number> = { petit: 0.6, moyen: 1.2, grand: 2.2, institution: 4 };
const CAPACITY: Record<SizeClass, [number, number]> = {
  petit: [40, 199],
  moyen: [200, 599],
  grand: [600, 1499],
  institution: [1500, 4000],
};
const TYPE_BY_SIZE: Record<SizeClass, VenueType[]> = {
  petit: ['theatre', 'salle-polyvalente', 'autre', 'patrimoine', 'plein-air'],
  moyen: ['theatre', 'salle-polyvalente', 'salle-de-concert', 'chapiteau'],
  grand: ['theatre', 'salle-de-concert', 'salle-polyvalente'],
  institution: ['scene-nationale', 'theatre', 'salle-de-concert'],
};

/** Paris wall-clock time → UTC minutes since the epoch (EU daylight-saving rules). */
export function parisLocalToUtcMinutes(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): number {
  const lastSunday = (m: number) => {
    const d = new Date(Date.UTC(year, m + 1, 0));
    return d.getUTCDate() - d.getUTCDay();
  };
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const dstStart = Date.UTC(year, 2, lastSunday(2), 1); // 01:00 UTC
  const dstEnd = Date.UTC(year, 9, lastSunday(9), 1);
  const offsetH = asUtc - 1 * 3_600_000 >= dstStart && asUtc - 2 * 3_600_000 < dstEnd ? 2 : 1;
  return Math.round((asUtc - offsetH * 3_600_000) / 60_000);
}

/** Generates the catalogue. ~2 s for the national default on this machine. */
export function generateCatalogue(options: SyntheticOptions = {}): SyntheticCatalogue {
  const o = { ...DEFAULT_SYNTHETIC, ...options };
  const rnd = new Random(o.seed);

  // ---- Venues, population-weighted (population^0.9: big cities a bit less dominant than headcount).
  const townPrefix = prefixSums(TOWNS.map((t) => t.population ** 0.9));
  const sizePrefix = prefixSums(SIZE_SHARES.map(([, w]) => w));
  const venues: SyntheticVenue[] = [];
  for (let i = 0; i < o.venues; i++) {
    const town: Town = TOWNS[rnd.weighted(townPrefix)]!;
    const rural = rnd.next() < o.ruralShare;
    const sigmaKm = rural ? 22 : 1.5 + 5 * Math.sqrt(town.population / 1_000_000);
    const lat = town.lat + (rnd.normal() * sigmaKm) / 111.2;
    const lon = town.lon + (rnd.normal() * sigmaKm) / (111.2 * Math.cos((town.lat * Math.PI) / 180));
    let sizeClass = SIZE_SHARES[rnd.weighted(sizePrefix)]![0];
    if (rural && (sizeClass === 'institution' || sizeClass === 'grand') && rnd.next() < 0.8)
      sizeClass = 'petit';
    const [cMin, cMax] = CAPACITY[sizeClass];
    const access: Accessibility[] = [];
    const accessOdds = sizeClass === 'petit' ? 0.35 : 0.75;
    if (rnd.next() < accessOdds) access.push('moteur');
    if (rnd.next() < accessOdds / 2) access.push('auditif');
    if (rnd.next() < accessOdds / 3) access.push('visuel');
    if (rnd.next() < accessOdds / 4) access.push('mental');
    const place = rural
      ? `${rnd.pick(['Saint-', 'Sainte-', 'Le ', 'La ', 'Les '])}${rnd.pick(['Martin', 'Pierre', 'Bois', 'Val', 'Mont', 'Pré', 'Chêne'])}`
      : town.name;
    venues.push({
      id: `v${i + 1}`,
      name: `${rnd.pick(VENUE_NAMES[sizeClass])} de ${place}`,
      town: place,
      lat: Math.round(lat * 1e5) / 1e5,
      lon: Math.round(lon * 1e5) / 1e5,
      sizeClass,
      accessibility: access,
      capacity: cMin + rnd.int(cMax - cMin + 1),
      type: rnd.pick(TYPE_BY_SIZE[sizeClass]),
      dept: town.dept,
    });
  }
  const grid = new VenueGrid(venues);
  const venueActivity = prefixSums(venues.map((v) => SIZE_ACTIVITY[v.sizeClass] * (0.3 + rnd.next() * 1.4)));

  // ---- Shows and their performances, until the requested count.
  const n = o.performances;
  const perf = {
    count: n,
    rowId: new Uint32Array(n),
    show: new Uint32Array(n),
    venue: new Uint32Array(n),
    startMin: new Uint32Array(n),
    status: new Uint8Array(n),
    priceMinCents: new Int32Array(n),
    priceMaxCents: new Int32Array(n),
    free: new Uint8Array(n),
  };
  const shows: SnapshotShow[] = [];
  const disciplinePrefix = prefixSums(DISCIPLINE_IDS.map((d) => DISCIPLINE_SHARES[d]));
  const startDay = Date.parse(`${o.start}T00:00:00Z`) / 86_400_000;
  let p = 0;
  while (p < n) {
    const s = shows.length;
    const discipline: Discipline = DISCIPLINE_IDS[rnd.weighted(disciplinePrefix)]!;
    const young = rnd.next() < YOUNG_SHARE[discipline];
    const subs = SUBS[discipline];
    const theme = rnd.pick(THEMES);
    const vocab = DISCIPLINE_WORDS[discipline];
    const title =
      rnd.next() < 0.4
        ? `${inventName(rnd)} ${rnd.pick(TITLE_ADJECTIVES)}`
        : `${rnd.pick(TITLE_NOUNS)} ${rnd.pick(TITLE_ADJECTIVES)}`;
    const w1 = rnd.pick(vocab.words);
    const w2 = rnd.pick(vocab.words);
    const company = `${rnd.pick(COMPANY_WORDS)} ${rnd.pick(COMPANY_NAMES)}`;
    const tags = [
      ...new Set([rnd.pick(vocab.tags), rnd.pick(vocab.tags), ...(young ? ['jeune public'] : [])]),
    ];
    shows.push({
      id: `s${s + 1}`,
      title: s % 7 === 0 ? `${title} (${theme.replace(/^(la |le |les |l’)/, '')})` : title,
      description: `${w1.charAt(0).toUpperCase()}${w1.slice(1)} et ${w2} autour de ${theme}${young ? ', pour toute la famille' : ''}.`,
      creators: [company],
      discipline,
      subDiscipline: subs ? rnd.pick(subs) : null,
      audience: young ? 'jeune-public' : 'tout-public',
      minAge: young ? 3 + rnd.int(6) : null,
      tags,
    });

    // Tour: a home venue, then venues near it (20 % of shows tour nationally).
    const home = rnd.weighted(venueActivity);
    const national = rnd.next() < 0.2;
    const stops = 1 + Math.floor(-Math.log(1 - rnd.next()) * (national ? 4 : 1.8));
    const near = national ? null : grid.near(venues[home]!.lat, venues[home]!.lon);
    let day = rnd.int(Math.max(1, o.days - 20));
    const basePrice = discipline === 'arts-de-la-rue' && rnd.next() < 0.6 ? 0 : 500 + rnd.int(3000);
    const freeShow = basePrice === 0 || rnd.next() < 0.05;
    const unknownPrice = !freeShow && rnd.next() < 0.05;
    for (let stop = 0; stop < stops && p < n && day < o.days; stop++) {
      const v =
        stop === 0
          ? home
          : near && near.length > 1
            ? near[rnd.int(near.length)]!
            : rnd.weighted(venueActivity);
      const venue = venues[v]!;
      const runLength =
        1 +
        Math.floor(
          -Math.log(1 - rnd.next()) * (discipline === 'theatre' || discipline === 'humour' ? 3 : 1.4),
        );
      const sizeFactor =
        venue.sizeClass === 'institution'
          ? 1.6
          : venue.sizeClass === 'grand'
            ? 1.3
            : venue.sizeClass === 'petit'
              ? 0.7
              : 1;
      for (let r = 0; r < runLength && p < n && day < o.days; r++, day++) {
        const date = new Date((startDay + day) * 86_400_000);
        const weekday = date.getUTCDay();
        let hour = 20;
        let minute = 0;
        const x = rnd.next();
        if (young)
          [hour, minute] =
            weekday === 3 || weekday === 0 || weekday === 6 ? (x < 0.5 ? [15, 0] : [10, 30]) : [14, 30];
        else if (weekday === 0) [hour, minute] = x < 0.6 ? [16, 0] : [17, 0];
        else if (x < 0.2) [hour, minute] = [20, 30];
        else if (x < 0.3) [hour, minute] = [19, 0];
        else if (x < 0.35) [hour, minute] = [21, 0];
        perf.rowId[p] = p + 1;
        perf.show[p] = s;
        perf.venue[p] = v;
        perf.startMin[p] = parisLocalToUtcMinutes(
          date.getUTCFullYear(),
          date.getUTCMonth() + 1,
          date.getUTCDate(),
          hour,
          minute,
        );
        const y = rnd.next();
        perf.status[p] =
          y < 0.02 ? STATUS_CODE.cancelled : y < 0.05 ? STATUS_CODE['sold-out'] : STATUS_CODE.scheduled;
        perf.free[p] = freeShow ? 1 : 0;
        const min = freeShow ? 0 : unknownPrice ? -1 : Math.round((basePrice * sizeFactor) / 50) * 50;
        perf.priceMinCents[p] = min;
        perf.priceMaxCents[p] = min <= 0 ? min : Math.round(min * (1.2 + rnd.next()));
        p++;
      }
      day += rnd.int(national ? 12 : 25);
    }
  }
  return { options: o, venues, shows, performances: perf };
}

/** The engine snapshot of a synthetic catalogue (shares its arrays; no copy). */
export function toSnapshot(catalogue: SyntheticCatalogue): CatalogueSnapshot {
  const o = catalogue.options;
  return {
    id: `synthetic-${o.seed}-${o.venues}-${catalogue.performances.count}`,
    venues: catalogue.venues,
    shows: catalogue.shows,
    performances: catalogue.performances,
  };
}

/** A performance as a plain record (for writing import files). */
export interface SyntheticPerformanceRecord {
  id: string;
  showId: string;
  venueId: string;
  start: string;
  priceMin: number | null;
  priceMax: number | null;
  free: boolean;
  status: 'scheduled' | 'cancelled' | 'sold-out';
}

const STATUS_NAME = ['scheduled', 'cancelled', 'sold-out'] as const;

/** The performances one by one, without materialising a million objects at once. */
export function* performanceRecords(catalogue: SyntheticCatalogue): Generator<SyntheticPerformanceRecord> {
  const p = catalogue.performances;
  for (let i = 0; i < p.count; i++) {
    const min = p.priceMinCents[i]!;
    const max = p.priceMaxCents[i]!;
    yield {
      id: `p${p.rowId[i]}`,
      showId: catalogue.shows[p.show[i]!]!.id,
      venueId: catalogue.venues[p.venue[i]!]!.id,
      start: new Date(p.startMin[i]! * 60_000).toISOString(),
      priceMin: min < 0 ? null : min / 100,
      priceMax: max < 0 ? null : max / 100,
      free: p.free[i] === 1,
      status: STATUS_NAME[p.status[i]!]!,
    };
  }
}

/** Venues bucketed in 0.5° cells: "venues near this one" without a spatial library. */
class VenueGrid {
  private readonly cells = new Map<string, number[]>();

  constructor(venues: readonly SnapshotVenue[]) {
    venues.forEach((v, i) => {
      const key = `${Math.floor(v.lat * 2)}:${Math.floor(v.lon * 2)}`;
      let cell = this.cells.get(key);
      if (!cell) {
        cell = [];
        this.cells.set(key, cell);
      }
      cell.push(i);
    });
  }

  private readonly nearCache = new Map<string, number[]>();

  /** Venues in the 3×3 cells around a point (about ±50 km). */
  near(lat: number, lon: number): number[] {
    const a = Math.floor(lat * 2);
    const b = Math.floor(lon * 2);
    const key = `${a}:${b}`;
    let out = this.nearCache.get(key);
    if (!out) {
      out = [];
      for (let i = -1; i <= 1; i++)
        for (let j = -1; j <= 1; j++) for (const v of this.cells.get(`${a + i}:${b + j}`) ?? []) out.push(v);
      this.nearCache.set(key, out);
    }
    return out;
  }
}

const SYLLABLES = [
  'ma',
  'li',
  'ro',
  'sa',
  'be',
  'nu',
  'ta',
  'vo',
  'lé',
  'ka',
  'mi',
  'zé',
  'po',
  'ri',
  'an',
  'el',
  'ou',
  'ys',
];

/** An invented proper name ("Limaro"): real titles are full of words no other show uses. */
function inventName(rnd: Random): string {
  let w = '';
  const n = 2 + rnd.int(2);
  for (let i = 0; i < n; i++) w += rnd.pick(SYLLABLES);
  return w.charAt(0).toUpperCase() + w.slice(1);
}
