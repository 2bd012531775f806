import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Discipline } from '../../packages/sdk/src/index.js';
import { STATUS_CODE } from '../../packages/server/src/engine/snapshot.js';
import type { SyntheticCatalogue, SyntheticVenue } from './generate.js';

/**
 * Writes a synthetic catalogue as schema.org JSON-LD import files, one per synthetic source (a regional
 * aggregator: venues are grouped by department), so that capacity runs go through the real importer.
 *
 * One Event node per (show, venue, status), its dates as a `startDate` list (ISO with the Paris offset),
 * at most MAX_DATES dates per node (the importer's per-event cap). A touring show therefore appears as
 * several nodes, in several files, with the same title, company and discipline: the store's show identity
 * joins them back into one show. The offer carries the lowest and highest price of the node's dates.
 * Venues carry no postcode: generated venue names repeat within a town (27,000 of 30,000 share a name
 * with another venue of their town), and without a commune the store never joins two of them. The few
 * venues the generator's spread puts beyond metropolitan France's bounding box (north of Dunkirk, west of
 * Brittany) are moved onto its edge, or the importer would reject their events.
 */

/** The importer keeps at most 100 performances per event. */
export const MAX_DATES = 100;

export interface JsonLdFiles {
  dir: string;
  /** One entry per source, in source order. */
  files: Array<{ source: string; file: string; events: number; performances: number; bytes: number }>;
}

const LIVE_TYPE: Partial<Record<Discipline, string>> = {
  theatre: 'TheaterEvent',
  danse: 'DanceEvent',
  musique: 'MusicEvent',
  humour: 'ComedyEvent',
  'art-lyrique': 'OperaEvent',
  cirque: 'CircusEvent',
};

const STATUS_URL: Record<number, string> = {
  [STATUS_CODE.scheduled]: 'https://schema.org/EventScheduled',
  [STATUS_CODE['sold-out']]: 'https://schema.org/EventScheduled',
  [STATUS_CODE.cancelled]: 'https://schema.org/EventCancelled',
};

const BASE = 'https://synthetic.detour.test';

/** The source (regional aggregator) a venue publishes through: departments bucketed into `sources` groups. */
export function sourceOfVenue(venue: SyntheticVenue, sources: number): number {
  const dept = Number.parseInt(venue.dept, 10) || 20; // 2A/2B → Corsica's 20
  return Math.min(sources - 1, Math.floor(((dept - 1) / 95) * sources));
}

/** Paris offset (minutes) at a UTC instant given in minutes since the epoch (EU daylight-saving rules). */
function parisOffsetMinutes(utcMin: number): number {
  const year = new Date(utcMin * 60_000).getUTCFullYear();
  const lastSunday = (month: number) => {
    const d = new Date(Date.UTC(year, month + 1, 0));
    return Date.UTC(year, month, d.getUTCDate() - d.getUTCDay(), 1) / 60_000;
  };
  return utcMin >= lastSunday(2) && utcMin < lastSunday(9) ? 120 : 60;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-09-01T20:30:00+02:00" for a UTC instant in minutes. */
export function parisIso(utcMin: number): string {
  const offset = parisOffsetMinutes(utcMin);
  const d = new Date((utcMin + offset) * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:00+${pad(offset / 60)}:00`;
}

/** Writes `<dir>/<prefix>-<k>.jsonld` for k in 1..sources; returns what was written. */
export function writeJsonLdFiles(
  catalogue: SyntheticCatalogue,
  dir: string,
  options: { sources?: number; prefix?: string } = {},
): JsonLdFiles {
  const sources = options.sources ?? 8;
  const prefix = options.prefix ?? 'synthetic';
  mkdirSync(dir, { recursive: true });
  const out = Array.from({ length: sources }, (_, k) => {
    const source = `${prefix}-${k + 1}`;
    const file = join(dir, `${source}.jsonld`);
    return {
      source,
      file,
      fd: openSync(file, 'w'),
      buffer: [] as string[],
      size: 0,
      events: 0,
      performances: 0,
      bytes: 0,
    };
  });
  const flush = (o: (typeof out)[number]) => {
    if (o.buffer.length === 0) return;
    const text = o.buffer.join('');
    o.bytes += writeSync(o.fd, text);
    o.buffer = [];
    o.size = 0;
  };
  const write = (o: (typeof out)[number], text: string) => {
    o.buffer.push(text);
    o.size += text.length;
    if (o.size > 1 << 20) flush(o);
  };
  for (const o of out) write(o, '{"@context":"https://schema.org","@graph":[\n');

  const venueSource = catalogue.venues.map((v) => sourceOfVenue(v, sources));
  const places = catalogue.venues.map((v) => ({
    '@type': 'Place',
    '@id': `${BASE}/lieux/${v.id}`,
    name: v.name,
    maximumAttendeeCapacity: v.capacity,
    address: { '@type': 'PostalAddress', addressLocality: v.town, addressCountry: 'FR' },
    geo: {
      '@type': 'GeoCoordinates',
      latitude: clamp(v.lat, 41.35, 51.1),
      longitude: clamp(v.lon, -5.25, 9.55),
    },
  }));

  const p = catalogue.performances;
  let i = 0;
  while (i < p.count) {
    // Performances of a show are contiguous in the generator's output.
    const s = p.show[i]!;
    let end = i;
    while (end < p.count && p.show[end] === s) end++;
    const groups = new Map<string, number[]>();
    for (let j = i; j < end; j++) {
      const key = `${p.venue[j]}:${p.status[j]}`;
      const list = groups.get(key);
      if (list) list.push(j);
      else groups.set(key, [j]);
    }
    const show = catalogue.shows[s]!;
    // Street shows: the importer reads a `StreetShow` type as arts de la rue, but only on a node it
    // recognises as an event (a type ending in Event), hence the pair.
    const typed =
      show.discipline === 'arts-de-la-rue'
        ? ['Event', 'StreetShow']
        : [LIVE_TYPE[show.discipline] ?? 'ShowEvent'];
    const types =
      show.audience === 'jeune-public' ? [...typed, 'ChildrensEvent'] : typed.length === 1 ? typed[0] : typed;
    for (const [key, rows] of groups) {
      const venue = p.venue[rows[0]!]!;
      const status = p.status[rows[0]!]!;
      const o = out[venueSource[venue]!]!;
      for (let c = 0; c < rows.length; c += MAX_DATES) {
        const chunk = rows.slice(c, c + MAX_DATES);
        let low = Number.POSITIVE_INFINITY;
        let high = Number.NEGATIVE_INFINITY;
        for (const r of chunk) {
          low = Math.min(low, p.priceMinCents[r]!);
          high = Math.max(high, p.priceMaxCents[r]!);
        }
        const free = p.free[chunk[0]!] === 1;
        const availability =
          status === STATUS_CODE['sold-out'] ? { availability: 'https://schema.org/SoldOut' } : {};
        const offers =
          low < 0
            ? undefined
            : free
              ? { '@type': 'Offer', price: 0, priceCurrency: 'EUR', ...availability }
              : {
                  '@type': 'AggregateOffer',
                  lowPrice: low / 100,
                  highPrice: high / 100,
                  priceCurrency: 'EUR',
                  ...availability,
                };
        const node = {
          '@type': types,
          '@id': `${BASE}/evenements/${show.id}/${key.replace(':', '/')}/${c / MAX_DATES}`,
          name: show.title,
          description: show.description,
          performer: show.creators.map((name) => ({ '@type': 'PerformingGroup', name })),
          keywords: show.tags.join(', '),
          ...(show.minAge !== null ? { typicalAgeRange: `${show.minAge}+` } : {}),
          ...(free ? { isAccessibleForFree: true } : {}),
          location: places[venue],
          startDate: chunk.map((r) => parisIso(p.startMin[r]!)),
          eventStatus: STATUS_URL[status],
          ...(offers ? { offers } : {}),
        };
        write(o, `${o.events > 0 ? ',\n' : ''}${JSON.stringify(node)}`);
        o.events++;
        o.performances += chunk.length;
      }
    }
    i = end;
  }

  for (const o of out) {
    write(o, '\n]}\n');
    flush(o);
    closeSync(o.fd);
  }
  return {
    dir,
    files: out.map(({ source, file, events, performances, bytes }) => ({
      source,
      file,
      events,
      performances,
      bytes,
    })),
  };
}
