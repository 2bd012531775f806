import type { GeoPoint } from '@detour/sdk';

/**
 * French geography the importers need: where France is (metropolitan and overseas bounding boxes),
 * which time zone a department lives in, and local dates turned into ISO 8601 with their offset.
 */

interface Territory {
  /** Department code prefixes ('2A' for Corsica is under '20' in INSEE codes of postcodes, both listed). */
  departments: string[];
  tz: string;
  box: [south: number, west: number, north: number, east: number];
}

const TERRITORIES: Territory[] = [
  { departments: [], tz: 'Europe/Paris', box: [41.3, -5.3, 51.15, 9.6] },
  { departments: ['971', '977', '978'], tz: 'America/Guadeloupe', box: [15.8, -63.2, 18.15, -60.95] },
  { departments: ['972'], tz: 'America/Martinique', box: [14.35, -61.25, 14.9, -60.8] },
  { departments: ['973'], tz: 'America/Cayenne', box: [2.1, -54.65, 5.85, -51.5] },
  { departments: ['974'], tz: 'Indian/Reunion', box: [-21.4, 55.2, -20.85, 55.85] },
  { departments: ['975'], tz: 'America/Miquelon', box: [46.7, -56.45, 47.15, -56.1] },
  { departments: ['976'], tz: 'Indian/Mayotte', box: [-13.05, 44.95, -12.6, 45.35] },
  { departments: ['986'], tz: 'Pacific/Wallis', box: [-14.4, -178.25, -13.15, -176.1] },
  { departments: ['987'], tz: 'Pacific/Tahiti', box: [-28.0, -155.0, -7.8, -134.0] },
  { departments: ['988'], tz: 'Pacific/Noumea', box: [-22.9, 163.5, -19.5, 168.2] },
];

/** The department of an INSEE code or postcode ("37132" → "37", "97411" → "974", "2A004" → "2A"). */
export function departmentOf(code: string | null): string | null {
  if (!code) return null;
  if (/^9[78]/.test(code)) return code.slice(0, 3);
  return code.slice(0, 2);
}

function territoryOfDepartment(dept: string | null): Territory | null {
  if (!dept) return null;
  if (/^9[78]/.test(dept)) return TERRITORIES.find((t) => t.departments.includes(dept)) ?? null;
  return TERRITORIES[0]!;
}

function inBox(p: GeoPoint, t: Territory): boolean {
  const [s, w, n, e] = t.box;
  return p.lat >= s && p.lat <= n && p.lon >= w && p.lon <= e;
}

/** Whether a point lies in metropolitan France or one of the overseas territories. */
export function inFrance(p: GeoPoint): boolean {
  return TERRITORIES.some((t) => inBox(p, t));
}

/**
 * Whether a point lies in the territory of its department (a Paris festival geocoded in Réunion, or a
 * Guyane festival geocoded in the Alps, is wrong). With no department known, being in France is enough.
 */
export function consistentWithDepartment(p: GeoPoint, dept: string | null): boolean {
  const t = territoryOfDepartment(dept);
  return t ? inBox(p, t) : inFrance(p);
}

/**
 * Checks a geocode and repairs the one mistake that can be repaired with certainty: latitude and longitude
 * swapped. Returns the point to use and what was done, or null when the point cannot be trusted.
 */
export function checkGeocode(
  p: GeoPoint,
  dept: string | null,
): { point: GeoPoint; fix: 'none' | 'swapped' } | null {
  if (consistentWithDepartment(p, dept)) return { point: p, fix: 'none' };
  const swapped = { lat: p.lon, lon: p.lat };
  if (Math.abs(swapped.lat) <= 90 && consistentWithDepartment(swapped, dept))
    return { point: swapped, fix: 'swapped' };
  return null;
}

/** The IANA time zone of a department (overseas departments have their own). */
export function timeZoneOf(dept: string | null): string {
  return territoryOfDepartment(dept)?.tz ?? 'Europe/Paris';
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** A cached formatter of a zone's wall clock (date, hours, minutes, seconds); throws RangeError for an unknown zone. */
export function zoneFormatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** Offset of a time zone at an instant, in minutes east of UTC. */
function offsetMinutes(tz: string, utcMs: number): number {
  const parts: Record<string, number> = {};
  for (const p of zoneFormatter(tz).formatToParts(utcMs))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return Math.round((asUtc - utcMs) / 60_000);
}

/**
 * A local wall-clock time in a zone as ISO 8601 with its offset: ("2026-07-14", "21:30", Europe/Paris) →
 * "2026-07-14T21:30:00+02:00".
 */
export function zonedIso(date: string, time: string, tz = 'Europe/Paris'): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const local = Date.UTC(y, m - 1, d, hh, mm);
  let off = offsetMinutes(tz, local);
  off = offsetMinutes(tz, local - off * 60_000);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const pad = (v: number) => String(v).padStart(2, '0');
  return `${date}T${pad(hh)}:${pad(mm)}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Whether a string is a real calendar date "YYYY-MM-DD". */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** Adds days to a "YYYY-MM-DD" date. */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Whole days from a to b ("YYYY-MM-DD"). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
