import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ImportReportSchema } from '@detour/sdk/contract';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteFileIn } from '../../src/store/open.js';
import { expectProblem, qs, startCatalogueServer, type TestServer } from './support.js';

/** Feeds that cannot wipe a programme (issue 16): each refusal leaves the source's performances as they were. */

const OPENAGENDA_V2 = fileURLToPath(
  new URL('../../../../../shared/data/fixtures/openagenda-v2-events-119.json', import.meta.url),
);

let t: TestServer;
beforeAll(async () => {
  t = await startCatalogueServer();
});
afterAll(async () => {
  await t?.stop();
});

const HEADER = 'titre;discipline;lieu;ville;code_postal;latitude;longitude;date;heure';
const row = (title: string, date: string) =>
  `${title};théâtre;Salle Thélème;Tours;37000;47.3941;0.6848;${date};20:30`;
/** Four upcoming performances (the servers' clock is 2020-09-15). */
const PROGRAMME = [
  row('Le Cid', '2020-09-18'),
  row('Phèdre', '2020-09-19'),
  row('Tartuffe', '2020-09-20'),
  row('Bérénice', '2020-09-21'),
];
const csv = (rows: string[]) => `${HEADER}\n${rows.join('\n')}\n`;

const push = (params: Record<string, string>, body: string, type = 'text/csv') =>
  fetch(`${t.url}/v1/imports?${qs({ source: 'partner-a', ...params })}`, {
    method: 'POST',
    headers: { 'Content-Type': type, Authorization: `Bearer ${t.keys.a}` },
    body,
  });

/** partner-a's performances by status, read from the database itself. */
function statuses(): Record<string, number> {
  const db = new Database(sqliteFileIn(t.dir), { readonly: true });
  try {
    const rows = db
      .prepare("SELECT status, count(*) AS n FROM performances WHERE source = 'partner-a' GROUP BY status")
      .all() as Array<{ status: string; n: number }>;
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  } finally {
    db.close();
  }
}

describe('POST /v1/imports refuses feeds that would wipe a programme', () => {
  beforeAll(async () => {
    const res = await push({ format: 'csv' }, csv(PROGRAMME));
    expect(res.status, await res.text()).toBe(200);
    expect(statuses()).toEqual({ scheduled: 4 });
  });

  it('refuses an empty full feed ([]) with 422 empty-feed and cancels nothing', async () => {
    const problem = await expectProblem(
      await push({ format: 'jsonld' }, '[]', 'application/ld+json'),
      422,
      'body',
    );
    expect(problem.type).toBe('urn:detour:problem:empty-feed');
    // The CLI says the same words (src/cli/import-guards.test.ts).
    expect(problem.detail).toContain('this full feed holds no readable record');
    expect(statuses()).toEqual({ scheduled: 4 });
  });

  it('refuses a JSON-LD WebPage (no event in it) as an empty feed', async () => {
    const page = JSON.stringify({ '@context': 'https://schema.org', '@type': 'WebPage', name: 'Accueil' });
    const problem = await expectProblem(await push({ format: 'jsonld' }, page, 'application/ld+json'), 422);
    expect(problem.type).toBe('urn:detour:problem:empty-feed');
    expect(statuses()).toEqual({ scheduled: 4 });
  });

  it('refuses a raw OpenAgenda v2 export sent as jsonld, saying what it looks like', async () => {
    const body = readFileSync(OPENAGENDA_V2, 'utf8');
    const res = await push({ format: 'jsonld' }, body, 'application/json');
    const problem = await expectProblem(res, 422, 'format');
    expect(problem.type).toBe('urn:detour:problem:wrong-format');
    expect(problem.detail).toContain('this looks like OpenAgenda v2 JSON: send `format=openagenda`');
    expect(problem.detectedFormat).toBe('openagenda');
    expect(statuses()).toEqual({ scheduled: 4 });
  });

  it('refuses a full feed that would cancel more than half of the upcoming performances, naming how many', async () => {
    const problem = await expectProblem(await push({ format: 'csv' }, csv(PROGRAMME.slice(0, 1))), 422);
    expect(problem.type).toBe('urn:detour:problem:mass-cancellation');
    expect(problem.wouldCancel).toBe(3);
    expect(problem.upcoming).toBe(4);
    expect(problem.detail).toContain('confirmCancel=true');
    expect(statuses()).toEqual({ scheduled: 4 });
  });

  it('dryRun answers the full report and writes nothing', async () => {
    const res = await push(
      { format: 'csv', dryRun: 'true', confirmCancel: 'true' },
      csv(PROGRAMME.slice(0, 1)),
    );
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(ImportReportSchema.parse(JSON.parse(text)).cancelled).toBe(3);
    expect(statuses()).toEqual({ scheduled: 4 });
    const added = ImportReportSchema.parse(
      await (
        await push({ format: 'csv', dryRun: 'true' }, csv([...PROGRAMME, row('Andromaque', '2020-09-22')]))
      ).json(),
    );
    expect(added.created.performances).toBe(1);
    expect(statuses()).toEqual({ scheduled: 4 });
  });

  it('lets the same feed through with confirmCancel=true', async () => {
    const res = await push({ format: 'csv', confirmCancel: 'true' }, csv(PROGRAMME.slice(0, 1)));
    const text = await res.text();
    expect(res.status, text).toBe(200);
    expect(ImportReportSchema.parse(JSON.parse(text)).cancelled).toBe(3);
    // The three shows the feed no longer sends are withdrawn: their performances are deleted (issue 16),
    // counted in the report's `cancelled`.
    expect(statuses()).toEqual({ scheduled: 1 });
  });

  it('refuses with 413 a feed whose date ranges expand beyond the documented total, writing nothing', async () => {
    // 2,000 events running every day for a year (the importer keeps at most 62 dates of a range): 124,000.
    const events = Array.from({ length: 2000 }, (_, i) => ({
      '@context': 'https://schema.org',
      '@type': 'TheaterEvent',
      '@id': `https://theatre.example/saison/${i}`,
      name: `Pièce ${i}`,
      startDate: '2020-10-01',
      endDate: '2021-09-30',
      location: {
        '@type': 'Place',
        name: 'Salle Thélème',
        address: { '@type': 'PostalAddress', postalCode: '37000', addressLocality: 'Tours' },
        geo: { '@type': 'GeoCoordinates', latitude: 47.3941, longitude: 0.6848 },
      },
    }));
    const res = await push(
      { format: 'jsonld', partial: 'true' },
      JSON.stringify(events),
      'application/ld+json',
    );
    const problem = await expectProblem(res, 413, 'body');
    expect(problem.type).toBe('urn:detour:problem:import-too-large');
    expect(problem.detail).toContain('more than the 100000');
    expect(statuses()).toEqual({ scheduled: 1 });
  });
});
