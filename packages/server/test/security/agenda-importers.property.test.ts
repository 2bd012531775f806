import { HttpUrlSchema, type ImportFormat } from '@detour/sdk/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseImport } from '../../src/catalogue/import.js';
import { ImportParseError } from '../../src/importers/errors.js';
import { GOOGLE_SEASON, THUNDERBIRD_FESTIVAL } from '../../src/importers/ics-calendars.js';
import { OPENAGENDA_FILE, OPENAGENDA_ODS_FILE, sharedDataText } from '../../src/importers/test-data.js';

// Real records, sampled once: OpenAgenda events and Opendatasoft rows, and the test calendars' lines.
const OA = (JSON.parse(sharedDataText(OPENAGENDA_FILE)) as unknown[]).filter((_, i) => i % 6 === 0);
const ODS = (JSON.parse(sharedDataText(OPENAGENDA_ODS_FILE)) as { results: unknown[] }).results.filter(
  (_, i) => i % 5 === 0,
);

/** Parses, accepting only a batch or an ImportParseError; checks what every batch promises. */
function parseChecked(text: string, format: ImportFormat): void {
  let b: ReturnType<typeof parseImport>;
  try {
    b = parseImport(text, format, 'fuzz', true, '2026-09-10T10:00:00Z');
  } catch (error) {
    if (error instanceof ImportParseError) return;
    throw error;
  }
  for (const url of [
    ...b.venues.map((v) => v.url),
    ...b.shows.map((s) => s.image),
    ...b.performances.map((p) => p.url),
  ])
    if (url !== null) expect(HttpUrlSchema.safeParse(url).success, url).toBe(true);
  for (const p of b.performances) expect(Number.isNaN(Date.parse(p.start)), p.start).toBe(false);
  for (const s of b.shows) expect(s.title.length).toBeGreaterThan(0);
  expect(b.performances.length).toBeLessThanOrEqual(b.records * 366);
}

const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    'javascript:alert(1)',
    '2026-02-30T25:61:00+01:00',
    '[{"begin": 3}]',
    '{"id": "x"}',
    '',
    'NaN',
  ),
  fc.string(),
);

function mutate(doc: unknown, choices: number[], value: unknown): unknown {
  const copy = structuredClone(doc);
  let node: unknown = copy;
  for (let i = 0; i < choices.length; i++) {
    if (node === null || typeof node !== 'object') break;
    const keys = Object.keys(node as object);
    if (keys.length === 0) break;
    const key = keys[choices[i]! % keys.length]!;
    const target = node as Record<string, unknown>;
    if (i === choices.length - 1 || typeof target[key] !== 'object') {
      if (choices[i]! % 3 === 0) delete target[key];
      else target[key] = value;
      break;
    }
    node = target[key];
  }
  return copy;
}

describe('agenda importers on mutated real records (fast-check)', () => {
  it('OpenAgenda: a mutated event parses to a sound batch or an ImportParseError, never another throw', () => {
    fc.assert(
      fc.property(
        fc.nat(OA.length - 1),
        fc.array(fc.nat(), { minLength: 1, maxLength: 5 }),
        anyValue,
        (i, path, v) => {
          parseChecked(JSON.stringify({ events: [mutate(OA[i], path, v)] }), 'openagenda');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('Opendatasoft: a mutated row parses to a sound batch or an ImportParseError', () => {
    fc.assert(
      fc.property(
        fc.nat(ODS.length - 1),
        fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
        anyValue,
        (i, path, v) => {
          parseChecked(JSON.stringify([mutate(ODS[i], path, v)]), 'openagenda-ods');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('iCalendar: calendars with a line replaced, dropped or cut are a batch or an ImportParseError', () => {
    const lines = [...GOOGLE_SEASON.split('\r\n'), ...THUNDERBIRD_FESTIVAL.split('\r\n')];
    const line = fc.oneof(
      fc.string(),
      fc.constantFrom(
        'RRULE:FREQ=SECONDLY',
        'RRULE:FREQ=DAILY;INTERVAL=0',
        'DTSTART;TZID=Nowhere/Land:20261006T200000',
        'DTSTART:2026',
        'GEO:abc;def',
        'EXDATE:garbage',
        'LOCATION:\\,\\,\\,',
        'END:VCALENDAR',
        'BEGIN:VEVENT',
      ),
    );
    fc.assert(
      fc.property(fc.nat(lines.length - 1), line, fc.nat(3), (at, replacement, mode) => {
        const copy = [...lines];
        if (mode === 0) copy.splice(at, 1);
        else if (mode === 1) copy[at] = replacement;
        else copy.splice(at, 0, replacement);
        const text = mode === 3 ? copy.join('\r\n').slice(0, at * 20) : copy.join('\r\n');
        parseChecked(text, 'ics');
      }),
      { numRuns: 100 },
    );
  });
});
