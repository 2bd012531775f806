import {
  HttpUrlSchema,
  type ImportFormat,
  ImportReportSchema,
  PROBLEM_CONTENT_TYPE,
} from '@detour/sdk/contract';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportBatch } from '../../src/catalogue/batch.js';
import { parseImport } from '../../src/catalogue/import.js';
import { DEFAULT_SECURITY, withSecurityMiddleware } from '../../src/http/security/index.js';
import { type RunningServer, startServer } from '../../src/http/server.js';
import { ImportParseError } from '../../src/importers/errors.js';
import {
  DATATOURISME_FILE,
  LIST_FILE,
  PANORAMA_FILE,
  sharedDataText,
} from '../../src/importers/test-data.js';
import { sqliteFileIn } from '../../src/store/open.js';
import { CSV_HEADER, tempDirs } from './support.js';

// Real records, sampled once: 40 DATAtourisme events, 60 lines of each festival list.
const EVENTS = (JSON.parse(sharedDataText(DATATOURISME_FILE)) as unknown[]).filter((_, i) => i % 12 === 0);
function csvSample(file: string, every: number): { header: string; rows: string[] } {
  const lines = sharedDataText(file)
    .replace(/^\uFEFF+/, '')
    .split(/\r?\n/)
    .filter(Boolean);
  return {
    header: lines[0]!,
    rows: lines
      .slice(1)
      .filter((_, i) => i % every === 0)
      .slice(0, 60),
  };
}
const LIST = csvSample(LIST_FILE, 40);
const PANORAMA = csvSample(PANORAMA_FILE, 20);

/** Parses, accepting only a batch or an ImportParseError; checks what every batch promises. */
function parseChecked(text: string, format: ImportFormat): ImportBatch | ImportParseError {
  let b: ImportBatch;
  try {
    b = parseImport(text, format, 'fuzz');
  } catch (error) {
    if (error instanceof ImportParseError) return error;
    throw error;
  }
  for (const url of [
    ...b.venues.map((v) => v.url),
    ...b.shows.map((s) => s.image),
    ...b.performances.map((p) => p.url),
  ]) {
    if (url !== null) expect(HttpUrlSchema.safeParse(url).success, url).toBe(true);
  }
  for (const s of b.shows) {
    expect(s.title.length).toBeGreaterThan(0);
    expect(s.title.length).toBeLessThanOrEqual(300);
    expect((s.description ?? '').length).toBeLessThanOrEqual(5000);
  }
  for (const v of b.venues) {
    expect(Math.abs(v.location.lat)).toBeLessThanOrEqual(90);
    expect(Math.abs(v.location.lon)).toBeLessThanOrEqual(180);
  }
  expect(b.records).toBeGreaterThanOrEqual(b.rejected.length);
  return b;
}

/** A JSON value to put anywhere: scalars hostile to parsers, URLs of every scheme, deep or odd shapes. */
const anyValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    'javascript:alert(1)',
    'data:text/html,x',
    '<img src=x onerror=alert(1)>',
    '2026-02-30T25:61:00+01:00',
    '9999-12-31',
    '',
    ' ',
    'NaN',
    '-1e309',
    '\u0000',
    'é'.repeat(10_000),
  ),
  fc.double().map(String),
  fc.string(),
);

/** Replaces, deletes or wraps one value at a random path of a JSON document. */
function mutate(doc: unknown, choices: number[], value: unknown): unknown {
  const copy = structuredClone(doc);
  let node: unknown = copy;
  for (let i = 0; i < choices.length; i++) {
    if (node === null || typeof node !== 'object') break;
    const keys = Object.keys(node as object);
    if (keys.length === 0) break;
    const key = keys[choices[i]! % keys.length]!;
    const last = i === choices.length - 1 || typeof (node as Record<string, unknown>)[key] !== 'object';
    if (last) {
      const mode = choices[i]! % 4;
      const target = node as Record<string, unknown>;
      if (mode === 0) delete target[key];
      else if (mode === 1) target[key] = [target[key], value];
      else target[key] = value;
      break;
    }
    node = (node as Record<string, unknown>)[key];
  }
  return copy;
}

/** Mutates the cells of a CSV line: replaced, emptied, quoted badly, or with separators inside. */
const csvLine = (line: string) =>
  fc
    .array(
      fc.tuple(
        fc.nat(),
        fc.oneof(
          fc.string(),
          fc.constantFrom('"', ';', '\n', '""', 'javascript:x', '-1', '99999', '2019-02-30'),
        ),
      ),
      {
        maxLength: 4,
      },
    )
    .map((edits) => {
      const cells = line.split(';');
      for (const [at, value] of edits) cells[at % cells.length] = value;
      return cells.join(';');
    });

describe('importers on random and mutated real records (fast-check)', () => {
  it('JSON-LD: a mutated DATAtourisme event parses to a sound batch or an ImportParseError, never another throw', () => {
    fc.assert(
      fc.property(
        fc.nat(EVENTS.length - 1),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        anyValue,
        (i, path, value) => {
          parseChecked(JSON.stringify([mutate(EVENTS[i], path, value)]), 'jsonld');
        },
      ),
      { numRuns: 400 },
    );
  });

  it('JSON-LD: any JSON text, or a truncated real file, is a batch or an ImportParseError', () => {
    const real = JSON.stringify(EVENTS.slice(0, 5));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.json({ maxDepth: 4 }),
          fc.string(),
          fc.nat(real.length).map((n) => real.slice(0, n)),
        ),
        (text) => {
          parseChecked(text, 'jsonld');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('festival lists: mutated real lines of both files are a batch or an ImportParseError', () => {
    for (const sample of [LIST, PANORAMA]) {
      fc.assert(
        fc.property(
          fc.nat(sample.rows.length - 1).chain((i) => csvLine(sample.rows[i]!)),
          (line) => {
            parseChecked(`${sample.header}\n${line}\n${sample.rows[0]}\n`, 'festivals');
          },
        ),
        { numRuns: 200 },
      );
    }
  });

  it('plain CSV: random cells under the documented header are a batch or an ImportParseError', () => {
    const valid = 'Les Oiseaux;danse;Salle Thélème;Tours;37000;47.3941;0.6848;2026-12-18;20:30';
    fc.assert(
      fc.property(fc.oneof(csvLine(valid), fc.string()), fc.boolean(), (line, withHeader) => {
        parseChecked(`${withHeader ? CSV_HEADER : line}\n${line}\n${valid}\n`, 'csv');
      }),
      { numRuns: 300 },
    );
  });
});

describe('POST /v1/imports on mutated real records', () => {
  const dirs = tempDirs('detour-fuzz-import-');
  let server: RunningServer;
  let key: string;
  let dataDir: string;
  /** The fuzz source's performances already cancelled, read from the database itself. */
  const alreadyCancelled = () => {
    const db = new Database(sqliteFileIn(dataDir), { readonly: true });
    try {
      return Number(
        db
          .prepare("SELECT count(*) FROM performances WHERE source = 'fuzz' AND status = 'cancelled'")
          .pluck()
          .get(),
      );
    } finally {
      db.close();
    }
  };
  beforeAll(async () => {
    dataDir = dirs.make();
    server = await startServer(
      { port: 0, host: '127.0.0.1', dataDir, databaseUrl: null, logLevel: 'silent' },
      {
        exposureEveryMs: 0,
        revisionPollMs: 0,
        middleware: (stack) =>
          withSecurityMiddleware(stack, {
            ...DEFAULT_SECURITY,
            perAddressPerMinute: null,
            perKeyPerMinute: null,
          }),
      },
    );
    key = (await server.store.createApiKey('Fuzz', ['fuzz'], new Date().toISOString())).secret;
  });
  afterAll(async () => {
    await server?.close();
    dirs.cleanup();
  });

  it('never answers 500, and the store changes by exactly what the report says (nothing on a 400)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(fc.nat(EVENTS.length - 1), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), anyValue),
          {
            minLength: 1,
            maxLength: 4,
          },
        ),
        fc.boolean(),
        async (mutations, partial) => {
          const docs = mutations.map(([i, path, value]) => mutate(EVENTS[i], path, value));
          const before = await server.store.counts();
          const cancelledBefore = alreadyCancelled();
          const res = await fetch(
            `${server.url}/v1/imports?source=fuzz&format=jsonld${partial ? '&partial=true' : ''}`,
            {
              method: 'POST',
              headers: { 'Content-Type': 'application/ld+json', Authorization: `Bearer ${key}` },
              body: JSON.stringify(docs),
            },
          );
          const text = await res.text();
          expect(res.status, text).toBeLessThan(500);
          const after = await server.store.counts();
          if (res.status !== 200) {
            expect(res.headers.get('content-type')).toBe(PROBLEM_CONTENT_TYPE);
            expect(after).toEqual(before);
            return;
          }
          const report = ImportReportSchema.parse(JSON.parse(text));
          if (partial) {
            // A partial push withdraws nothing: the store grows by exactly what was created.
            expect(after.venues).toBe(before.venues + report.created.venues);
            expect(after.shows).toBe(before.shows + report.created.shows);
            expect(after.performances).toBe(before.performances + report.created.performances);
            return;
          }
          // A full feed withdraws the records it no longer sends and deletes their performances (issue 16).
          // `cancelled` counts each performance leaving the programme once, deleted or kept as cancelled; one
          // that was already cancelled leaves no programme, so its deletion is not counted again. A
          // performance may thus leave the table only within those two counts, and nothing grows beyond
          // `created`.
          expect(after.venues).toBeLessThanOrEqual(before.venues + report.created.venues);
          expect(after.shows).toBeLessThanOrEqual(before.shows + report.created.shows);
          expect(after.performances).toBeLessThanOrEqual(before.performances + report.created.performances);
          expect(after.performances).toBeGreaterThanOrEqual(
            before.performances + report.created.performances - report.cancelled - cancelledBefore,
          );
        },
      ),
      { numRuns: 40 },
    );
  });
});
