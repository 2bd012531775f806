import type { GeoPoint } from '@detour/sdk';
import { foldAccents } from '../text/french.js';
import { departmentOf } from './geo.js';

/**
 * Learns, from the festival list itself, where each department lies and which code each department
 * name stands for, to catch geocodes that sit in the wrong department. In the list the geocode follows
 * the INSEE code, and a few INSEE codes belong to a namesake commune elsewhere ("Positiv Festival",
 * Orange 84100, Vaucluse, geocoded in Montpellier): the department name and the postcode then both
 * disagree with the point.
 */

type Box = [south: number, west: number, north: number, east: number];

/** Slack around a department's observed extent, in degrees (~10 km). */
const MARGIN = 0.1;
/** Fewer festivals than this in a department: its extent is not trusted, nothing is checked. */
const MIN_SAMPLES = 5;

export interface DepartmentSample {
  insee: string | null;
  point: GeoPoint | null;
  departmentName: string;
}

export interface DepartmentKnowledge {
  /** Observed extent of the festivals whose INSEE code is in the department. */
  extent(dept: string): Box | null;
  /** The department code a name stands for, by majority of the rows naming it. */
  codeOfName(name: string): string | null;
}

/** Builds department extents and name → code votes from the rows of a file. */
export function learnDepartments(samples: readonly DepartmentSample[]): DepartmentKnowledge {
  const points = new Map<string, GeoPoint[]>();
  const votes = new Map<string, Map<string, number>>();
  for (const s of samples) {
    const dept = departmentOf(s.insee);
    if (!dept) continue;
    if (s.point) {
      const list = points.get(dept);
      if (list) list.push(s.point);
      else points.set(dept, [s.point]);
    }
    const name = foldAccents(s.departmentName).trim();
    if (name) {
      const v = votes.get(name) ?? new Map<string, number>();
      v.set(dept, (v.get(dept) ?? 0) + 1);
      votes.set(name, v);
    }
  }
  const extents = new Map<string, Box>();
  for (const [dept, list] of points) {
    if (list.length < MIN_SAMPLES) continue;
    const lats = list.map((p) => p.lat);
    const lons = list.map((p) => p.lon);
    extents.set(dept, [Math.min(...lats), Math.min(...lons), Math.max(...lats), Math.max(...lons)]);
  }
  const names = new Map<string, string>();
  for (const [name, v] of votes) {
    const best = [...v.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
    if (best) names.set(name, best[0]);
  }
  return {
    extent: (dept) => extents.get(dept) ?? null,
    codeOfName: (name) => names.get(foldAccents(name).trim()) ?? null,
  };
}

function near(p: GeoPoint, box: Box): boolean {
  const [s, w, n, e] = box;
  return p.lat >= s - MARGIN && p.lat <= n + MARGIN && p.lon >= w - MARGIN && p.lon <= e + MARGIN;
}

/** Departments a postcode may belong to ("20…" is either Corsican department). */
function postcodeDepartments(postcode: string | null): string[] {
  if (!postcode) return [];
  if (postcode.startsWith('20')) return ['2A', '2B'];
  const d = departmentOf(postcode);
  return d ? [d] : [];
}

/**
 * Whether a point agrees with the department the row names or its postcode's department. Only checked when
 * the INSEE code's department is neither of them (the known failure: a namesake commune elsewhere); true when
 * nothing can be checked, false only when every known claim places the point elsewhere.
 */
export function agreesWithClaims(
  point: GeoPoint,
  claims: { insee: string | null; departmentName: string; postcode: string | null },
  knowledge: DepartmentKnowledge,
): boolean {
  const named = knowledge.codeOfName(claims.departmentName);
  const candidates = [...(named ? [named] : []), ...postcodeDepartments(claims.postcode)];
  const inseeDept = departmentOf(claims.insee);
  if (!inseeDept || candidates.length === 0 || candidates.includes(inseeDept)) return true;
  const boxes = candidates.map((d) => knowledge.extent(d)).filter((b): b is Box => b !== null);
  if (boxes.length === 0) return true;
  return boxes.some((b) => near(point, b));
}
