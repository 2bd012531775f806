import { HealthSchema, ImportReportSchema, SearchResponseSchema } from '@detour/sdk/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, getJson, qs, startCatalogueServer, type TestServer } from './support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startCatalogueServer();
});
afterAll(async () => {
  await t?.stop();
});

const HEADER = 'titre;discipline;lieu;ville;code_postal;latitude;longitude;date;heure';
const CSV = `${HEADER}\nLes Oiseaux migrateurs;danse;Salle Thélème;Tours;37000;47.3941;0.6848;2020-09-18;20:30\n`;

const push = (params: Record<string, string>, init: { key?: string; type?: string; body?: string } = {}) =>
  fetch(`${t.url}/v1/imports?${qs(params)}`, {
    method: 'POST',
    headers: {
      'Content-Type': init.type ?? 'text/csv',
      ...(init.key !== undefined ? { Authorization: `Bearer ${init.key}` } : {}),
    },
    body: init.body ?? CSV,
  });

describe('POST /v1/imports', () => {
  it('answers 401 without an API key, with a Bearer challenge', async () => {
    const res = await push({ source: 'partner-a', format: 'csv' });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await expectProblem(res, 401, 'header.authorization');
  });

  it('answers 401 for an unknown key', async () => {
    await expectProblem(
      await push({ source: 'partner-a', format: 'csv' }, { key: 'dk_not-a-real-key' }),
      401,
    );
  });

  it('answers 403 for a valid key of another source', async () => {
    await expectProblem(await push({ source: 'partner-a', format: 'csv' }, { key: t.keys.b }), 403, 'source');
  });

  it('rejects a missing format or a content type that does not match it', async () => {
    await expectProblem(await push({ source: 'partner-a' }, { key: t.keys.a }), 400, 'format');
    await expectProblem(
      await push({ source: 'partner-a', format: 'csv' }, { key: t.keys.a, type: 'application/ld+json' }),
      415,
    );
  });

  it('answers 400 naming the body when the file cannot be read at all', async () => {
    await expectProblem(
      await push(
        { source: 'partner-a', format: 'jsonld' },
        { key: t.keys.a, type: 'application/ld+json', body: '{"@graph": [' },
      ),
      400,
      'body',
    );
  });

  it('imports its own source, reports it, and serves the new show once the index is rebuilt', async () => {
    const before = await getJson(t.url, '/healthz', HealthSchema);
    const res = await push({ source: 'partner-a', format: 'csv' }, { key: t.keys.a });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const report = ImportReportSchema.parse(JSON.parse(text));
    expect(report.source).toBe('partner-a');
    expect(report.created.shows).toBe(1);
    expect(report.created.performances).toBe(1);

    // The rebuild happens off the request path: wait until the served snapshot changes.
    let snapshotId = before.body.snapshotId;
    for (let i = 0; i < 100 && snapshotId === before.body.snapshotId; i++) {
      await new Promise((r) => setTimeout(r, 20));
      snapshotId = (await getJson(t.url, '/healthz', HealthSchema)).body.snapshotId;
    }
    expect(snapshotId).not.toBe(before.body.snapshotId);
    const found = await getJson(t.url, `/v1/search?${qs({ q: 'oiseaux migrateurs' })}`, SearchResponseSchema);
    expect(found.body.items[0]?.show.title).toBe('Les Oiseaux migrateurs');

    const again = ImportReportSchema.parse(
      await (await push({ source: 'partner-a', format: 'csv' }, { key: t.keys.a })).json(),
    );
    expect(again.created).toEqual({ venues: 0, shows: 0, performances: 0 });
    expect(again.updated).toEqual({ venues: 0, shows: 0, performances: 0 });
  });

  it('cancels absent performances on a full push, never on a partial one', async () => {
    const second = `${HEADER}\nLe Grand Soir;cirque;Salle Thélème;Tours;37000;47.3941;0.6848;2020-09-19;20:30\n`;
    const partial = ImportReportSchema.parse(
      await (
        await push({ source: 'partner-a', format: 'csv', partial: 'true' }, { key: t.keys.a, body: second })
      ).json(),
    );
    expect(partial.created.performances).toBe(1);
    expect(partial.cancelled).toBe(0);
    const full = ImportReportSchema.parse(
      await (await push({ source: 'partner-a', format: 'csv' }, { key: t.keys.a, body: second })).json(),
    );
    expect(full.cancelled).toBe(1); // "Les Oiseaux migrateurs" is no longer in the feed
  });

  it('never writes an API key to the logs', async () => {
    expect(t.logs.length).toBeGreaterThan(0);
    for (const line of t.logs) {
      expect(line).not.toContain(t.keys.a);
      expect(line).not.toContain(t.keys.b);
    }
  });
});
