import type { GeoPoint } from '@detour/sdk';
import { iso1A2Code } from '@rapideditor/country-coder';
import { consistentWithDepartment, departmentOf } from '../importers/geo.js';
import { foldAccents } from '../text/french.js';
import { AREA_WORDS, DEPARTMENTS, NO_PLACE, REGIONS } from './place-names.js';

/**
 * Whether an imported place is a real venue in France. Two refusals, each with a reason a producer can act on:
 * a place that is no one place (« DIVERS LIEUX », « en ligne », « lieu à définir », a bare town or region
 * name) — such a record would be shown « à 0,0 km » of anyone in that town —, and a place outside France
 * (its country, or its coordinates: the overseas departments and collectivities are France). And one repair:
 * a postcode whose department the coordinates contradict is dropped, never kept (Geneva's « 1203 », padded
 * to « 01203 », is not in the Ain).
 */

/** What the checks read of a venue. */
export interface PlaceFields {
  name: string;
  town: string;
  postcode: string | null;
  inseeCode: string | null;
  location: GeoPoint;
  /** Country as the producer wrote it (ISO code or name), when it gave one. */
  country?: string | null;
}

const fold = (s: string): string =>
  foldAccents(s)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

const AREAS = new Set([...REGIONS, ...DEPARTMENTS]);

/** Why a place is no one place (null when it names a place). */
export function placeholderReason(place: Pick<PlaceFields, 'name' | 'town'>): string | null {
  const name = fold(place.name)
    // « TOULOUSE (31) », « Toulouse 31000 »: a code after a town name is still the town.
    .replace(/(\s\d{2,5})+$/, '');
  const quoted = `« ${place.name.trim()} »`;
  if (name === '') return `lieu sans nom (${quoted}) : indiquez le lieu de chaque représentation`;
  if (NO_PLACE.some((re) => re.test(name)))
    return `lieu imprécis ${quoted} : ce n'est pas un lieu de spectacle, indiquez le lieu de chaque représentation`;
  const area = name.replace(AREA_WORDS, '');
  const town = fold(place.town).replace(/(\s\d{2,5})+$/, '');
  if (area !== '' && (area === town || AREAS.has(area)))
    return `lieu imprécis ${quoted} : un nom de ville ou de territoire n'est pas un lieu de spectacle, indiquez le lieu de chaque représentation`;
  return null;
}

// Country names and ISO codes that are France: metropolitan France, the overseas departments and the
// collectivities (and the codes ISO 3166-1 gives them of their own).
const FRANCE = new Set([
  'fr',
  'fra',
  'fx',
  'france',
  'republique francaise',
  'france metropolitaine',
  'french republic',
  'gp',
  'glp',
  'guadeloupe',
  'mq',
  'mtq',
  'martinique',
  'gf',
  'guf',
  'guyane',
  'guyane francaise',
  'french guiana',
  're',
  'reu',
  'reunion',
  'la reunion',
  'yt',
  'myt',
  'mayotte',
  'pm',
  'spm',
  'saint pierre et miquelon',
  'bl',
  'blm',
  'saint barthelemy',
  'mf',
  'maf',
  'saint martin',
  'wf',
  'wlf',
  'wallis et futuna',
  'pf',
  'pyf',
  'polynesie francaise',
  'french polynesia',
  'nc',
  'ncl',
  'nouvelle caledonie',
  'new caledonia',
  'tf',
  'atf',
  'terres australes et antarctiques francaises',
]);

/** Why a place is outside France (null when it is in France or cannot be placed). */
export function outsideFranceReason(place: Pick<PlaceFields, 'location' | 'country'>): string | null {
  const country = place.country?.trim();
  if (country) {
    const key = fold(country.replace(/^https?:\/\/\S*[/#]/, ''));
    if (key !== '' && !FRANCE.has(key)) return `lieu hors de France (pays : ${country})`;
  }
  // Borders are those of country-coder (Natural Earth, simplified): a point in the sea answers null, and
  // then the importers' own checks (France's bounding boxes) have already decided.
  const { lat, lon } = place.location;
  const code = iso1A2Code([lon, lat]);
  if (code !== null && code !== 'FR')
    return `lieu hors de France (coordonnées ${lat}, ${lon} : ${code}) : Détour ne recense que des lieux en France`;
  return null;
}

type Box = readonly [south: number, west: number, north: number, east: number];

// The departments a four-digit postcode padded with a zero lands in (01–09), with ~10 km of slack: a point
// outside its box is not in that department, so the padded code was another country's postcode or a typo.
const PADDED_DEPARTMENTS: Readonly<Record<string, Box>> = {
  '01': [45.5, 4.6, 46.62, 6.27],
  '02': [48.73, 2.85, 50.17, 4.36],
  '03': [45.83, 2.17, 46.91, 4.11],
  '04': [43.56, 5.39, 44.76, 7.07],
  '05': [44.08, 5.31, 45.23, 7.18],
  '06': [43.38, 6.53, 44.47, 7.82],
  '07': [44.16, 3.76, 45.47, 4.99],
  '08': [49.12, 3.92, 50.27, 5.5],
  '09': [42.47, 0.72, 43.42, 2.28],
};

const inBox = (p: GeoPoint, [s, w, n, e]: Box): boolean =>
  p.lat >= s && p.lat <= n && p.lon >= w && p.lon <= e;

/** Whether the coordinates contradict a postcode's or INSEE code's department (false when nothing can be checked). */
export function departmentContradicted(code: string | null, location: GeoPoint): boolean {
  if (!code) return false;
  const dept = departmentOf(code);
  if (!dept) return false;
  if (!consistentWithDepartment(location, dept)) return true;
  const box = PADDED_DEPARTMENTS[dept];
  return box !== undefined && !inBox(location, box);
}
