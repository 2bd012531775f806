import {
  HealthSchema,
  ImportReportSchema,
  RecommendationResponseSchema,
  SearchResponseSchema,
  ShowDetailSchema,
} from '@detour/sdk/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, qs, startCatalogueServer, type TestServer } from './support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startCatalogueServer();
});
afterAll(async () => {
  await t?.stop();
});

const THELEME = { lat: 47.3941, lon: 0.6848 };
const HEADER = 'titre;discipline;lieu;ville;code_postal;latitude;longitude;date;heure';
const CSV = [
  HEADER,
  'Le Grand Soir - REPORTÉ;cirque;Salle Thélème;Tours;37000;47.3941;0.6848;2020-09-16;20:30',
  'Le Grand Soir;cirque;Salle Thélème;Tours;37000;47.3941;0.6848;2020-09-18;20:30',
  'Les Oiseaux migrateurs ANNULÉ;danse;Salle Thélème;Tours;37000;47.3941;0.6848;2020-09-17;20:30',
  'Les Oiseaux migrateurs;danse;Salle Thélème;Tours;37000;47.3941;0.6848;2020-09-19;20:30',
  'La Nuit des contes;conte;DIVERS LIEUX;Tours;37000;47.39;0.69;2020-09-17;20:30',
  'Quatuor de Genève;musique;Victoria Hall;Genève;1203;46.2017;6.1408;2020-09-17;20:30',
].join('\n');

describe('statuses and places through POST /v1/imports', () => {
  it('« REPORTÉ » is postponed in the API (not cancelled), « ANNULÉ » cancelled; neither is recommended; a placeholder place and a Swiss venue are rejected', async () => {
    const before = await getJson(t.url, '/healthz', HealthSchema);
    const res = await fetch(`${t.url}/v1/imports?${qs({ source: 'partner-a', format: 'csv' })}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${t.keys.a}` },
      body: CSV,
    });
    const report = ImportReportSchema.parse(await res.json());
    expect(report.rejected.map((r) => [r.path, r.reason.slice(0, 24)])).toEqual([
      ['location', 'lieu imprécis « DIVERS L'],
      ['location', 'lieu hors de France (coo'],
    ]);
    expect(report.cancelled).toBe(1);

    let snapshotId = before.body.snapshotId;
    for (let i = 0; i < 100 && snapshotId === before.body.snapshotId; i++) {
      await new Promise((r) => setTimeout(r, 20));
      snapshotId = (await getJson(t.url, '/healthz', HealthSchema)).body.snapshotId;
    }
    const statusOf = async (q: string) => {
      const found = await getJson(t.url, `/v1/search?${qs({ q })}`, SearchResponseSchema);
      const id = found.body.items[0]!.show.id;
      const { body } = await getJson(t.url, `/v1/shows/${id}`, ShowDetailSchema);
      return [body.show.title, body.performances.map((p) => p.status)];
    };
    // Each title with its status word and without is one show (the word is cut): its performances keep their statuses.
    expect(await statusOf('grand soir')).toEqual(['Le Grand Soir', ['postponed', 'scheduled']]);
    expect(await statusOf('oiseaux migrateurs')).toEqual([
      'Les Oiseaux migrateurs',
      ['cancelled', 'scheduled'],
    ]);

    const rec = await getJson(
      t.url,
      `/v1/recommendations?${qs({ ...THELEME, radius: 5, k: 50 })}`,
      RecommendationResponseSchema,
    );
    expect(rec.body.items.length).toBeGreaterThan(0);
    for (const item of rec.body.items) expect(item.performance.status).toBe('scheduled');
    const soir = rec.body.items.find((i) => i.show.title === 'Le Grand Soir');
    if (soir) expect(soir.performance.start).toMatch(/^2020-09-18/);
  });
});
