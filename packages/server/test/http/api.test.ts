import {
  buildTaxonomy,
  DEFAULT_POLICY_SETTINGS,
  HealthSchema,
  ImpressionAckSchema,
  PublicPolicySchema,
  RecommendationResponseSchema,
  SearchResponseSchema,
  ShowDetailSchema,
  TaxonomySchema,
  VenueListSchema,
  VenueSchema,
} from '@detour/sdk/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { positionWeight } from '../../src/engine/index.js';
import { periodWindow } from '../../src/http/period.js';
import { expectProblem, getJson, NOW, qs, startCatalogueServer, type TestServer, TOURS } from './support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startCatalogueServer();
});
afterAll(async () => {
  await t?.stop();
});

const minutes = (iso: string) => Date.parse(iso);

describe('GET /healthz', () => {
  it('reports the loaded catalogue, the policy version and the exposure snapshot', async () => {
    const { body } = await getJson(t.url, '/healthz', HealthSchema);
    expect(body.status).toBe('ok');
    expect(body.policyVersion).toBe(1);
    // The demo file's 472 records: 359 are not live performance (skipped), 14 are refused, and two records
    // of one show are merged: 98 shows (`detour import` on the same file reports as much).
    expect(body.counts!.shows).toBe(98);
    expect(body.exposureSnapshotId).toMatch(/^exp-/);
  });
});

describe('GET /v1/recommendations', () => {
  it('answers nearby upcoming shows around Tours, each hydrated with its performance, venue and reasons', async () => {
    const { body } = await getJson(t.url, `/v1/recommendations?${qs(TOURS)}`, RecommendationResponseSchema);
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.length).toBeLessThanOrEqual(10);
    expect(body.policyVersion).toBe(1);
    expect(body.context.radiusKm).toBe(20); // the default policy's radius
    body.items.forEach((item, i) => {
      expect(item.rank).toBe(i + 1);
      expect(item.performance.showId).toBe(item.show.id);
      expect(item.performance.venueId).toBe(item.venue.id);
      expect(item.distanceKm).toBeLessThanOrEqual(20);
      expect(minutes(item.performance.start)).toBeGreaterThanOrEqual(minutes(body.context.from));
      expect(minutes(item.performance.start)).toBeLessThan(minutes(body.context.to));
      expect(item.reasons.length).toBeGreaterThan(0);
    });
    expect(new Set(body.items.map((i) => i.show.id)).size).toBe(body.items.length);
    expect(body.attribution.some((line) => line.includes('DATAtourisme'))).toBe(true);
  });

  it('defaults the window to the policy period (a week) seen from the request time', async () => {
    const { body } = await getJson(t.url, `/v1/recommendations?${qs(TOURS)}`, RecommendationResponseSchema);
    const expected = periodWindow('week', Date.parse(NOW));
    expect(body.context.from).toBe(expected.from);
    expect(body.context.to).toBe(expected.to);
  });

  it('gives the same answer to the same request (deterministic seed and order)', async () => {
    const path = `/v1/recommendations?${qs({ ...TOURS, radius: 40, k: 8 })}`;
    const first = await getJson(t.url, path, RecommendationResponseSchema);
    const second = await getJson(t.url, path, RecommendationResponseSchema);
    expect(second.body).toEqual(first.body);
    expect(first.body.seed).toMatch(/\S/);
  });

  it('honours k, radius, an explicit window and the free filter', async () => {
    const from = '2020-09-16T00:00:00+02:00';
    const to = '2020-10-16T00:00:00+02:00';
    const { body } = await getJson(
      t.url,
      `/v1/recommendations?${qs({ ...TOURS, radius: 60, k: 3, from, to, free: 'true' })}`,
      RecommendationResponseSchema,
    );
    expect(body.context.k).toBe(3);
    expect(body.items.length).toBeLessThanOrEqual(3);
    for (const item of body.items) {
      expect(item.performance.price.free || item.performance.price.min === 0).toBe(true);
      expect(item.distanceKm).toBeLessThanOrEqual(60);
      expect(minutes(item.performance.start)).toBeGreaterThanOrEqual(minutes(from));
    }
  });

  it('explains an empty answer far from any venue', async () => {
    const { body } = await getJson(
      t.url,
      `/v1/recommendations?${qs({ lat: 43.3, lon: 5.37, radius: 5 })}`,
      RecommendationResponseSchema,
    );
    expect(body.items).toEqual([]);
    expect(body.empty?.text.fr).toMatch(/\S/);
  });

  it('returns 304 when the ETag is sent back, and a new body for another request', async () => {
    const path = `/v1/recommendations?${qs(TOURS)}`;
    const first = await fetch(t.url + path);
    await first.text();
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    // Reusable until the engine clock's five-minute step ends, never longer.
    const maxAge = Number(/^public, max-age=(\d+)$/.exec(first.headers.get('cache-control') ?? '')?.[1]);
    expect(maxAge).toBeGreaterThanOrEqual(1);
    expect(maxAge).toBeLessThanOrEqual(300);
    const again = await fetch(t.url + path, { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const other = await fetch(`${t.url}/v1/recommendations?${qs({ ...TOURS, k: 2 })}`, {
      headers: { 'If-None-Match': etag! },
    });
    expect(other.status).toBe(200);
    await other.text();
  });

  it('lets only the visitor’s browser keep an answer that used their history', async () => {
    const { body } = await getJson(
      t.url,
      `/v1/recommendations?${qs({ ...TOURS, k: 3 })}`,
      RecommendationResponseSchema,
    );
    const history = body.items.map((i) => i.show.id).join(',');
    expect(history).not.toBe('');
    for (const path of [
      `/v1/recommendations?${qs({ ...TOURS, history })}`,
      `/v1/shows/${body.items[0]!.show.id}/similar?${qs({ history })}`,
    ]) {
      const res = await fetch(t.url + path, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(res.status, path).toBe(200);
      await res.arrayBuffer();
      expect(res.headers.get('cache-control'), path).toMatch(/^private, max-age=\d+$/);
    }
  });

  it('compresses large answers for clients that accept gzip', async () => {
    const res = await fetch(`${t.url}/v1/recommendations?${qs({ ...TOURS, k: 20 })}`, {
      headers: { 'Accept-Encoding': 'gzip' },
    });
    RecommendationResponseSchema.parse(await res.json());
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
    // Small answers are not worth compressing; they carry their exact length.
    const small = await fetch(`${t.url}/v1/venues?limit=1`, { headers: { 'Accept-Encoding': 'gzip' } });
    const text = await small.text();
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(Number(small.headers.get('content-length'))).toBe(Buffer.byteLength(text));
  });

  it('matches If-None-Match lists and weak tags, and answers 304 without a body', async () => {
    const first = await fetch(`${t.url}/v1/taxonomy`);
    await first.text();
    const etag = first.headers.get('etag')!;
    for (const header of [`"nope", ${etag}`, etag.replace(/^W\//, ''), '*']) {
      const res = await fetch(`${t.url}/v1/taxonomy`, { headers: { 'If-None-Match': header } });
      expect(res.status).toBe(304);
      expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
      expect(await res.text()).toBe('');
    }
  });

  it('allows any origin by default (CORS), including the preflight of a beacon', async () => {
    const res = await fetch(`${t.url}/v1/taxonomy`, { headers: { Origin: 'https://theatre.example' } });
    await res.text();
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await fetch(`${t.url}/v1/impressions`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://theatre.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
  });
});

describe('GET /v1/shows/{id} and /similar', () => {
  it('gives a show with its upcoming performances and their venues', async () => {
    const rec = await getJson(
      t.url,
      `/v1/recommendations?${qs({ ...TOURS, k: 1 })}`,
      RecommendationResponseSchema,
    );
    const id = rec.body.items[0]!.show.id;
    const { body } = await getJson(t.url, `/v1/shows/${id}`, ShowDetailSchema);
    expect(body.show.id).toBe(id);
    // Each public field names the record that gave it: the show's owner, the source of its first record.
    const owner = body.show.sources[0]!.source;
    for (const field of ['title', 'creators', 'discipline', 'description', 'image']) {
      expect(body.show.provenance?.[field]?.source, field).toBe(owner);
    }
    expect(body.performances.length).toBeGreaterThan(0);
    const venueIds = new Set(body.venues.map((v) => v.id));
    for (const p of body.performances) {
      expect(p.showId).toBe(id);
      expect(minutes(p.start)).toBeGreaterThanOrEqual(minutes(NOW));
      expect(venueIds.has(p.venueId)).toBe(true);
    }
  });

  it('answers 404 problem+json for an unknown show, on both paths', async () => {
    await expectProblem(await fetch(`${t.url}/v1/shows/s-nope`), 404);
    await expectProblem(await fetch(`${t.url}/v1/shows/s-nope/similar`), 404);
  });

  it('finds similar shows around the show’s next venue, never the show itself', async () => {
    const rec = await getJson(
      t.url,
      `/v1/recommendations?${qs({ ...TOURS, k: 1 })}`,
      RecommendationResponseSchema,
    );
    const { show, venue } = rec.body.items[0]!;
    const { body } = await getJson(
      t.url,
      `/v1/shows/${show.id}/similar?radius=50`,
      RecommendationResponseSchema,
    );
    expect(body.items.length).toBeGreaterThan(0);
    expect(body.items.map((i) => i.show.id)).not.toContain(show.id);
    // No place given: the search is centred on the venue of the show's next performance.
    const detail = await getJson(t.url, `/v1/shows/${show.id}`, ShowDetailSchema);
    const next = detail.body.venues.find(
      (v) => v.id === detail.body.performances.find((p) => p.status !== 'cancelled')!.venueId,
    )!;
    expect(body.context.lat).toBeCloseTo(next.location.lat, 6);
    expect(body.context.lon).toBeCloseTo(next.location.lon, 6);
    expect(venue.id).toMatch(/\S/);
  });
});

describe('GET /v1/search', () => {
  it('folds accents and case: "theatre" finds titles written "Théâtre"', async () => {
    const accented = await getJson(t.url, '/v1/search?q=th%C3%A9%C3%A2tre&limit=50', SearchResponseSchema);
    const plain = await getJson(t.url, '/v1/search?q=THEATRE&limit=50', SearchResponseSchema);
    expect(accented.body.page.total).toBeGreaterThan(0);
    expect(plain.body.items.map((i) => i.show.id)).toEqual(accented.body.items.map((i) => i.show.id));
  });

  it('matches word prefixes and a typo in a longer word', async () => {
    const all = async (q: string) => {
      const ids: string[] = [];
      for (let offset = 0; ; offset += 50) {
        const { body } = await getJson(
          t.url,
          `/v1/search?${qs({ q, limit: 50, offset })}`,
          SearchResponseSchema,
        );
        ids.push(...body.items.map((i) => i.show.id));
        if (offset + 50 >= body.page.total) return ids;
      }
    };
    const full = await all('concert');
    const prefix = new Set(await all('conce'));
    expect(full.length).toBeGreaterThan(0);
    for (const id of full) expect(prefix.has(id)).toBe(true);
    expect(await all('xqzvwk')).toEqual([]);
    const typo = await all('concertt');
    expect(typo.length).toBeGreaterThan(0);
    expect(full.filter((id) => typo.includes(id)).length).toBeGreaterThan(0);
  });

  it('filters by discipline, place and radius, and gives each hit its next performance there', async () => {
    const { body } = await getJson(
      t.url,
      `/v1/search?${qs({ discipline: 'musique', ...TOURS, radius: 15, limit: 50 })}`,
      SearchResponseSchema,
    );
    expect(body.items.length).toBeGreaterThan(0);
    for (const hit of body.items) {
      expect(hit.show.discipline).toBe('musique');
      expect(hit.distanceKm).not.toBeNull();
      expect(hit.distanceKm!).toBeLessThanOrEqual(15);
      expect(hit.next!.venueId).toBe(hit.venue!.id);
      expect(minutes(hit.next!.start)).toBeGreaterThanOrEqual(minutes(NOW) - 15 * 60_000);
    }
  });

  it('paginates: pages are disjoint slices of one ordering with one total', async () => {
    const one = await getJson(t.url, '/v1/search?limit=5&offset=0', SearchResponseSchema);
    const two = await getJson(t.url, '/v1/search?limit=5&offset=5', SearchResponseSchema);
    const all = await getJson(t.url, '/v1/search?limit=10&offset=0', SearchResponseSchema);
    expect(one.body.page).toEqual({ total: all.body.page.total, offset: 0, limit: 5 });
    expect([...one.body.items, ...two.body.items].map((i) => i.show.id)).toEqual(
      all.body.items.map((i) => i.show.id),
    );
  });
});

describe('GET /v1/venues', () => {
  it('lists venues near a point, nearest first, within the radius, paginated', async () => {
    const { body } = await getJson(
      t.url,
      `/v1/venues?${qs({ ...TOURS, radius: 10, limit: 50 })}`,
      VenueListSchema,
    );
    expect(body.items.length).toBeGreaterThan(0);
    const d = body.items.map((v) => v.distanceKm!);
    expect(d).toEqual([...d].sort((a, b) => a - b));
    expect(Math.max(...d)).toBeLessThanOrEqual(10);
    expect(body.page.total).toBeGreaterThanOrEqual(body.items.length);
    const page2 = await getJson(
      t.url,
      `/v1/venues?${qs({ ...TOURS, radius: 10, limit: 2, offset: 2 })}`,
      VenueListSchema,
    );
    expect(page2.body.items.map((v) => v.id)).toEqual(body.items.slice(2, 4).map((v) => v.id));
  });

  it('gives a venue by id, and 404 for an unknown one', async () => {
    const list = await getJson(t.url, `/v1/venues?${qs({ ...TOURS, limit: 1 })}`, VenueListSchema);
    const id = list.body.items[0]!.id;
    const { body } = await getJson(t.url, `/v1/venues/${id}`, VenueSchema);
    expect(body.id).toBe(id);
    // Each public field names the record that gave it: the venue's owner, the source of its first record.
    const owner = body.sources[0]!.source;
    for (const field of ['name', 'location', 'url', 'capacity', 'sizeClass', 'accessibility']) {
      expect(body.provenance?.[field]?.source, field).toBe(owner);
    }
    await expectProblem(await fetch(`${t.url}/v1/venues/v-nope`), 404);
  });
});

describe('GET /v1/taxonomy and /v1/policy', () => {
  it('serves the taxonomy with long caching', async () => {
    const { body, res } = await getJson(t.url, '/v1/taxonomy', TaxonomySchema);
    expect(body).toEqual(buildTaxonomy());
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
  });

  it('describes the policy in force in French and English, with what data it does not use and its history', async () => {
    const { body } = await getJson(t.url, '/v1/policy', PublicPolicySchema);
    expect(body.policy.version).toBe(1);
    expect(body.policy.publishedBy).toBe('détour');
    expect(body.policy.comment).toBe('Politique initiale');
    expect(body.lastChanged).toBe(body.policy.publishedAt);
    expect(body.history.map((h) => h.version)).toEqual([1]);
    expect(body.description.objective.fr).toMatch(/diversité/);
    const small = Math.round((DEFAULT_POLICY_SETTINGS.facets.sizeClass.targets.petit ?? 0) * 100);
    expect(body.description.targets.some((l) => l.fr.includes(`petit lieu ${small} %`))).toBe(true);
    expect(body.description.dataNotUsed.map((l) => l.fr).join(' ')).toMatch(/cookie.*IP/s);
  });

  it('answers 404 for a network that has no policy', async () => {
    await expectProblem(await fetch(`${t.url}/v1/policy?network=nulle-part`), 404);
  });
});

describe('POST /v1/impressions', () => {
  it('adds position-weighted impressions per venue and ignores unknown venues', async () => {
    const rec = await getJson(
      t.url,
      `/v1/recommendations?${qs({ ...TOURS, k: 2 })}`,
      RecommendationResponseSchema,
    );
    const [a, b] = rec.body.items;
    const items = [
      { showId: a!.show.id, venueId: a!.venue.id, position: 1 },
      { showId: b!.show.id, venueId: b!.venue.id, position: 2 },
      { showId: 'sunknown', venueId: 'v-unknown', position: 3 },
    ];
    const store = t.server.store;
    const before = await store.exposureTotals('national', NOW, 14);
    const res = await fetch(`${t.url}/v1/impressions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ policyVersion: rec.body.policyVersion, items }),
    });
    expect(res.status).toBe(202);
    expect(ImpressionAckSchema.parse(await res.json())).toEqual({ accepted: 2 });
    const after = await store.exposureTotals('national', NOW, 14);
    const gained = (id: string) => (after[id] ?? 0) - (before[id] ?? 0);
    const expectedA = positionWeight(1) + (a!.venue.id === b!.venue.id ? positionWeight(2) : 0);
    expect(gained(a!.venue.id)).toBeCloseTo(expectedA, 6);
    expect(after['v-unknown']).toBeUndefined();
  });
});
