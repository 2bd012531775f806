import { ImportReportSchema } from '@detour/sdk/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOGLE_SEASON } from '../../src/importers/ics-calendars.js';
import { OPENAGENDA_FILE, OPENAGENDA_ODS_FILE, sharedDataText } from '../../src/importers/test-data.js';
import { expectProblem, qs, startCatalogueServer, type TestServer } from './support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startCatalogueServer();
});
afterAll(async () => {
  await t?.stop();
});

const push = (format: string, type: string, body: string) =>
  fetch(`${t.url}/v1/imports?${qs({ source: 'partner-a', format, partial: 'true' })}`, {
    method: 'POST',
    headers: { 'Content-Type': type, Authorization: `Bearer ${t.keys.a}` },
    body,
  });

async function report(res: Response) {
  const text = await res.text();
  expect(res.status, text).toBe(200);
  return ImportReportSchema.parse(JSON.parse(text));
}

// The server's clock is in 2020: the calendar is the same season four Octobers earlier (same weekdays).
const SEASON_2020 = GOOGLE_SEASON.replaceAll('2026', '2020');

describe('POST /v1/imports with the formats producers publish', () => {
  it('imports OpenAgenda v2 JSON (format=openagenda) with a per-record report', async () => {
    const r = await report(await push('openagenda', 'application/json', sharedDataText(OPENAGENDA_FILE)));
    expect(r).toMatchObject({ format: 'openagenda', records: 119, warnings: [] });
    expect(r.created.performances).toBeGreaterThan(0);
    expect(r.skipped + r.rejected.length).toBeLessThan(119);
  });

  it('imports the Opendatasoft export (format=openagenda-ods)', async () => {
    const r = await report(
      await push('openagenda-ods', 'application/json', sharedDataText(OPENAGENDA_ODS_FILE)),
    );
    expect(r).toMatchObject({ format: 'openagenda-ods', records: 100 });
    expect(r.created.performances).toBeGreaterThan(0);
  });

  it('imports iCalendar (format=ics, text/calendar): the series expanded, refusals with their property', async () => {
    const r = await report(await push('ics', 'text/calendar', SEASON_2020));
    expect(r).toMatchObject({ format: 'ics', records: 6, skipped: 1 });
    expect(r.created).toEqual({ venues: 1, shows: 3, performances: 7 });
    expect(r.rejected.map((x) => x.path)).toEqual(['VEVENT[6].LOCATION', 'VEVENT[7].GEO']);
    expect(r.skips).toEqual([expect.objectContaining({ index: 3, title: 'Exposition photo « Coulisses »' })]);
  });

  it('answers 415 for a calendar sent as JSON, and 422 wrong-format for text that is not iCalendar', async () => {
    await expectProblem(await push('ics', 'application/json', SEASON_2020), 415);
    // The content type is right but the body is not the declared format: refused by the sniffer (issue 16).
    const problem = await expectProblem(
      await push('ics', 'text/calendar', 'BEGIN:VCARD\r\nEND:VCARD\r\n'),
      422,
      'format',
    );
    expect(problem.type).toBe('urn:detour:problem:wrong-format');
  });
});
