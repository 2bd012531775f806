import { zonedIso, zoneFormatter } from './geo.js';

/**
 * Times as the catalogue keeps them: the wall-clock time of the venue's zone (Europe/Paris, or an overseas
 * zone) with that zone's offset on that date. Producers give instants in UTC (Opendatasoft, iCalendar `Z`),
 * with an offset, or with a wrong offset: a summer date written `+01:00` because a template hard-codes winter
 * time. What each case becomes is decided here, once for every importer.
 */

/** The wall-clock date ("YYYY-MM-DD") and time ("HH:MM") of an instant in a zone. */
export function wallClockAt(utcMs: number, tz: string): { date: string; time: string } {
  const p: Record<string, string> = {};
  for (const part of zoneFormatter(tz).formatToParts(utcMs)) p[part.type] = part.value;
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** An instant as ISO 8601 in a zone, with the zone's offset then: 2026-07-14T18:30Z → "2026-07-14T20:30:00+02:00". */
export function isoInZone(utcMs: number, tz: string): string {
  const { date, time } = wallClockAt(utcMs, tz);
  return zonedIso(date, time, tz);
}

/** Whether a name is a time zone this runtime knows (IANA names such as "Europe/Paris"). */
export function isKnownZone(tz: string): boolean {
  try {
    zoneFormatter(tz);
    return true;
  } catch {
    return false;
  }
}

/** "+01:00" → 60, "Z" → 0, "-0430" → -270. */
function offsetOf(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

const offsetText = (iso: string): string => iso.slice(19);

/** A zone's offsets in a year (winter and summer time; one value where there is no summer time). */
function seasonalOffsets(year: string, tz: string): Set<string> {
  return new Set([
    offsetText(zonedIso(`${year}-01-15`, '12:00', tz)),
    offsetText(zonedIso(`${year}-07-15`, '12:00', tz)),
  ]);
}

export interface ZonedTime {
  /** ISO 8601 in the zone, with its offset on that date. */
  iso: string;
  /** Set when the given offset contradicted the zone's time that day (for the import report). */
  warning: string | null;
}

const ZONE_NAMES: Record<string, string> = { 'Europe/Paris': 'de Paris' };

/**
 * A date and time written with an offset, in the catalogue's terms. The offset of the zone that day: kept.
 * `Z`: an instant (a UTC export), shown in the zone. The zone's offset of the other season (`+01:00` on a
 * summer date): the producer wrote its poster's time with a wrong offset; the wall-clock time is kept, in the
 * zone, with a warning. Any other offset: an instant from elsewhere, converted, with a warning.
 */
export function zonedTime(date: string, time: string, zone: string, tz = 'Europe/Paris'): ZonedTime {
  const local = zonedIso(date, time, tz);
  const given =
    zone === 'Z' || zone === 'z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  if (given === offsetText(local)) return { iso: local, warning: null };
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const instant = Date.UTC(y, mo - 1, d, hh, mm) - offsetOf(given) * 60_000;
  if (given === 'Z') return { iso: isoInZone(instant, tz), warning: null };
  const where = ZONE_NAMES[tz] ?? `du fuseau ${tz}`;
  if (seasonalOffsets(date.slice(0, 4), tz).has(given)) {
    return {
      iso: local,
      warning: `${date} ${time}${given} : le décalage ${given} ne correspond pas à l'heure ${where} ce jour-là (${offsetText(local)}) ; ${time} heure ${where} retenue`,
    };
  }
  const iso = isoInZone(instant, tz);
  return {
    iso,
    warning: `${date} ${time}${given} : décalage d'un autre fuseau, converti en heure ${where} (${iso.slice(11, 16)})`,
  };
}

// The EU summer-time rule (since 1996): from the last Sunday of March to the last Sunday of October, at
// 01:00 UTC. Computed, not asked of Intl, because the JSON-LD importer checks every distinct date it reads.
const summerBounds = new Map<number, [number, number]>();
function lastSundayAt1Utc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/** Paris's offset ("+01:00" or "+02:00") for a wall-clock date and time there, as zonedIso would give it. */
export function parisOffset(date: string, time: string): string {
  const y = Number(date.slice(0, 4));
  if (y < 1996 || y > 2099) return offsetText(zonedIso(date, time, 'Europe/Paris'));
  let bounds = summerBounds.get(y);
  if (!bounds) {
    bounds = [lastSundayAt1Utc(y, 2), lastSundayAt1Utc(y, 9)];
    summerBounds.set(y, bounds);
  }
  const local = Date.UTC(
    y,
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
    Number(time.slice(0, 2)),
    Number(time.slice(3, 5)),
  );
  const at = (t: number) => (t >= bounds[0] && t < bounds[1] ? 120 : 60);
  const off = at(local - at(local) * 60_000);
  return off === 120 ? '+02:00' : '+01:00';
}
