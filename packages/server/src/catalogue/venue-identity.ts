import { distanceKm } from '../engine/geo.js';
import { departmentOf } from '../importers/geo.js';
import { foldAccents, normaliseName } from '../text/french.js';

/**
 * Venue identity: whether two source records describe one place. The same arena is published by several
 * producers, with the name spelt differently, the postcode of another part of town (31000 / 31300) or the
 * town's centre as coordinates; stored twice, it defeats the one-pick-per-venue cap. Two rules, either
 * enough:
 *
 * - close: within NEAR_VENUE_KM (75 m) and the same normalised name or the same normalised street address
 *   (with its number) — whatever the postcodes and towns say;
 * - same commune: the same normalised name, the same commune (INSEE code, else postcode and town) and within
 *   SAME_VENUE_KM (a venue geocoded at its door by one producer and at its town hall by another).
 *
 * Placeholders (« DIVERS LIEUX », a bare town name) never get here: catalogue/normalise-batch.ts refuses them.
 */

/** What venue matching compares, normalised. */
export interface VenueIdentity {
  nameKey: string;
  townKey: string;
  postcode: string | null;
  inseeCode: string | null;
  lat: number;
  lon: number;
  /** Street address key (addressKey); absent or null when the record has no usable address. */
  addressKey?: string | null;
}

/** Venues closer than this with the same name and commune are one venue. */
export const SAME_VENUE_KM = 1;

/** Venues closer than this with the same name or the same street address are one venue, whatever their postcodes. */
export const NEAR_VENUE_KM = 0.075;

// Street words as producers abbreviate them, folded.
const STREET_WORDS: Readonly<Record<string, string>> = {
  av: 'avenue',
  ave: 'avenue',
  bd: 'boulevard',
  bld: 'boulevard',
  boul: 'boulevard',
  bvd: 'boulevard',
  r: 'rue',
  pl: 'place',
  all: 'allee',
  allees: 'allee',
  ch: 'chemin',
  chem: 'chemin',
  rte: 'route',
  imp: 'impasse',
  fg: 'faubourg',
  fbg: 'faubourg',
  sq: 'square',
  crs: 'cours',
  qu: 'quai',
  pass: 'passage',
  prom: 'promenade',
  espl: 'esplanade',
  st: 'saint',
  ste: 'sainte',
};

const ADDRESS_STOP = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'a', 'au', 'aux', 'et']);

/**
 * A key for comparing street addresses: folded words, abbreviations spelt out, the postcode and what follows
 * it (the town) cut; null unless it holds a street number and a street name — « Place du Capitole » alone
 * could be any door of the square.
 */
export function addressKey(address: string | null | undefined): string | null {
  if (!address) return null;
  const folded = foldAccents(address)
    .replace(/\b\d{5}\b.*$/, '')
    .replace(/\b(bis|ter|quater)\b/g, ' $1 ');
  const words = folded
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '' && !ADDRESS_STOP.has(w))
    .map((w) => STREET_WORDS[w] ?? w);
  if (!words.some((w) => /^\d+$/.test(w)) || !words.some((w) => /^[a-z]{3,}$/.test(w))) return null;
  return words.join(' ');
}

/** What venue matching compares, from a venue's fields. */
export function venueIdentity(r: {
  name: string;
  address: string | null;
  town: string;
  postcode: string | null;
  inseeCode: string | null;
  lat: number;
  lon: number;
}): VenueIdentity {
  return {
    nameKey: normaliseName(r.name),
    townKey: normaliseName(r.town),
    postcode: r.postcode,
    inseeCode: r.inseeCode,
    lat: r.lat,
    lon: r.lon,
    addressKey: addressKey(r.address),
  };
}

/** Why two venue records are one venue ('name', 'address', 'commune', 'near'), or null when they are two. */
export function venueMatch(a: VenueIdentity, b: VenueIdentity): string[] | null {
  const sameName = a.nameKey !== '' && a.nameKey === b.nameKey;
  const sameAddress = !!a.addressKey && a.addressKey === b.addressKey;
  if (!sameName && !sameAddress) return null;
  const km = distanceKm(a.lat, a.lon, b.lat, b.lon);
  if (km <= NEAR_VENUE_KM)
    return [...(sameName ? ['name'] : []), ...(sameAddress ? ['address'] : []), 'near'];
  const sameCommune =
    a.inseeCode !== null && b.inseeCode !== null
      ? a.inseeCode === b.inseeCode
      : a.postcode !== null && a.postcode === b.postcode && a.townKey === b.townKey;
  return sameName && sameCommune && km <= SAME_VENUE_KM ? ['name', 'commune'] : null;
}

/** Whether two venue records are one venue (see venueMatch). */
export function sameVenue(a: VenueIdentity, b: VenueIdentity): boolean {
  return venueMatch(a, b) !== null;
}

// Grid cells of 0.002° (≥ 140 m east-west up to 51° N): a venue within NEAR_VENUE_KM is in its cell or a neighbour.
const CELL = 0.002;
const cellOf = (lat: number, lon: number): string => `${Math.floor(lat / CELL)},${Math.floor(lon / CELL)}`;

/**
 * The venues an import has seen, for matching new records: by name (the same-commune rule) and by grid cell
 * (the close rule). `find` answers the first venue added that matches, as a scan of every venue in order would.
 */
export class VenueIdentityIndex<Id> {
  readonly #byName = new Map<string, Array<{ seq: number; id: Id; identity: VenueIdentity }>>();
  readonly #byCell = new Map<string, Array<{ seq: number; id: Id; identity: VenueIdentity }>>();
  #seq = 0;

  /** Records that venue `id` has a record with this identity. */
  add(id: Id, identity: VenueIdentity): void {
    const entry = { seq: this.#seq++, id, identity };
    push(this.#byName, identity.nameKey, entry);
    push(this.#byCell, cellOf(identity.lat, identity.lon), entry);
  }

  /** The venue a new record with this identity belongs to (the first added that matches), or null. */
  find(identity: VenueIdentity): Id | null {
    let best: { seq: number; id: Id } | null = null;
    const consider = (list: ReadonlyArray<{ seq: number; id: Id; identity: VenueIdentity }> | undefined) => {
      for (const e of list ?? []) {
        if (best !== null && e.seq >= best.seq) break;
        if (sameVenue(identity, e.identity)) best = e;
      }
    };
    consider(this.#byName.get(identity.nameKey));
    const y = Math.floor(identity.lat / CELL);
    const x = Math.floor(identity.lon / CELL);
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) consider(this.#byCell.get(`${y + dy},${x + dx}`));
    return best === null ? null : (best as { id: Id }).id;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The grid cells around a point that may hold a venue within NEAR_VENUE_KM, as [latCell, lonCell] (for a database query). */
export function nearCells(lat: number, lon: number): Array<[number, number]> {
  const y = Math.floor(lat / CELL);
  const x = Math.floor(lon / CELL);
  const out: Array<[number, number]> = [];
  for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) out.push([y + dy, x + dx]);
  return out;
}

/** The size of a grid cell in degrees (nearCells). */
export const VENUE_CELL_DEGREES = CELL;

/**
 * Keys of a venue's commune, for show identity: its INSEE code, its postcode and town, and its department and
 * town — two producers name one town by INSEE code and by postcode, or by two postcodes of one city (31000,
 * 31300). Two venues are in the same commune when they share a key.
 */
export function communeKeys(v: {
  inseeCode: string | null;
  postcode: string | null;
  town: string;
}): string[] {
  const town = normaliseName(v.town);
  const keys: string[] = [];
  if (v.inseeCode) keys.push(v.inseeCode);
  if (v.postcode) keys.push(`${v.postcode}|${town}`);
  const dept = departmentOf(v.inseeCode ?? v.postcode);
  if (dept && town !== '') keys.push(`${dept}|${town}`);
  return keys;
}
