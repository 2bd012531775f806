import {
  DEFAULT_POLICY_SETTINGS,
  EditorPolicySchema,
  EditorSessionSchema,
  PolicyPublishedSchema,
  type PolicySettings,
  PolicyValidationResultSchema,
  PolicyVersionListSchema,
  PreviewResponseSchema,
  PublicPolicySchema,
  RecommendationResponseSchema,
  TownListSchema,
} from '@detour/sdk/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, NOW, qs, startCatalogueServer, type TestServer, TOURS } from '../http/support.js';

let t: TestServer;
let editor: { id: string; secret: string };
let viewer: { id: string; secret: string };
let revoked: { id: string; secret: string };
/** Every response the tests received (status line, headers and body), searched for secrets at the end. */
const seen: string[] = [];

beforeAll(async () => {
  t = await startCatalogueServer();
  const store = t.server.store;
  editor = await store.createEditorToken('Camille Éditrice', 'editor', NOW);
  viewer = await store.createEditorToken('Victor Lecteur', 'viewer', NOW);
  revoked = await store.createEditorToken('Ancien jeton', 'editor', NOW);
  await store.revokeEditorToken(revoked.id, NOW);
});
afterAll(async () => {
  await t?.stop();
});

async function call(
  method: 'GET' | 'POST',
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(t.url + path, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.clone().text();
  seen.push(`${res.status} ${JSON.stringify([...res.headers])} ${text}`);
  return res;
}

async function ok<T>(res: Response, status: number, schema: { parse(x: unknown): T }): Promise<T> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return schema.parse(JSON.parse(text));
}

const clone = (s: PolicySettings): PolicySettings => JSON.parse(JSON.stringify(s));

const ROUTES: Array<{ method: 'GET' | 'POST'; path: string; body?: unknown }> = [
  { method: 'GET', path: '/v1/editor/session' },
  { method: 'GET', path: '/v1/editor/policy' },
  { method: 'GET', path: '/v1/editor/policy/versions' },
  { method: 'GET', path: '/v1/editor/towns?q=tours' },
  { method: 'POST', path: '/v1/editor/policy/validate', body: { settings: DEFAULT_POLICY_SETTINGS } },
  {
    method: 'POST',
    path: '/v1/editor/preview',
    body: { settings: DEFAULT_POLICY_SETTINGS, place: TOURS, period: 'week' },
  },
  {
    method: 'POST',
    path: '/v1/editor/policy/publish',
    body: { settings: DEFAULT_POLICY_SETTINGS, comment: 'essai' },
  },
  { method: 'POST', path: '/v1/editor/policy/restore', body: { version: 1 } },
];

describe('editor API: sign-in', () => {
  it('answers 401 with a Bearer challenge on every editor route when no token is sent', async () => {
    for (const route of ROUTES) {
      const res = await call(route.method, route.path, { body: route.body });
      expect(res.headers.get('www-authenticate'), route.path).toMatch(/^Bearer /);
      await expectProblem(res, 401, 'header.authorization');
    }
  });

  it('answers 401 to an unknown token and to a revoked one, with distinct problem types the console can word', async () => {
    const typo = await call('GET', '/v1/editor/session', { token: `${editor.secret.slice(0, -1)}x` });
    const unknown = await expectProblem(typo, 401, 'header.authorization');
    expect(unknown.type).toBe('urn:detour:problem:unknown-token');
    expect(unknown.detail).toMatch(/n’est pas reconnu/);
    const foreign = await expectProblem(
      await call('GET', '/v1/editor/session', { token: 'det_ed_nottherealone' }),
      401,
    );
    expect(foreign.type).toBe('urn:detour:problem:unknown-token');
    const gone = await expectProblem(await call('GET', '/v1/editor/session', { token: revoked.secret }), 401);
    expect(gone.type).toBe('urn:detour:problem:revoked-token');
    expect(gone.detail).toMatch(/révoqué/);
    expect(gone.errors?.[0]?.message).toBe(`editor token revoked at ${NOW}`);
    // A missing token is neither: it is asked for.
    const none = await expectProblem(await call('GET', '/v1/editor/session'), 401);
    expect(none.type).toBe('urn:detour:problem:unauthorized');
  });

  it('tells a valid token its name and role, never the token', async () => {
    const me = await ok(
      await call('GET', '/v1/editor/session', { token: viewer.secret }),
      200,
      EditorSessionSchema,
    );
    expect(me).toEqual({ name: 'Victor Lecteur', role: 'viewer', network: 'national' });
  });
});

describe('editor API: draft validation', () => {
  it('accepts the default settings', async () => {
    const v = await ok(
      await call('POST', '/v1/editor/policy/validate', {
        token: viewer.secret,
        body: { settings: DEFAULT_POLICY_SETTINGS },
      }),
      200,
      PolicyValidationResultSchema,
    );
    expect(v).toEqual({ valid: true, errors: [], settings: DEFAULT_POLICY_SETTINGS });
  });

  it('explains every problem of an invalid draft with its path and a plain-French message', async () => {
    const draft = clone(DEFAULT_POLICY_SETTINGS);
    draft.lambda = 0.9;
    draft.facets.discipline.targets = { danse: 0.5, cirque: 0.3 };
    draft.venueCap = 0;
    const v = await ok(
      await call('POST', '/v1/editor/policy/validate', { token: viewer.secret, body: { settings: draft } }),
      200,
      PolicyValidationResultSchema,
    );
    expect(v.valid).toBe(false);
    expect(v.settings).toBeNull();
    const byPath = Object.fromEntries(v.errors.map((e) => [e.path, e.message]));
    expect(byPath.lambda).toMatch(/au plus 0,75/);
    expect(byPath['facets.discipline.targets']).toMatch(/100 %.*80 %/);
    expect(byPath.venueCap).toMatch(/au moins 1/);
  });
});

describe('editor API: roles and publishing', () => {
  it('forbids a viewer to publish or restore (403), and nothing is saved', async () => {
    const draft = clone(DEFAULT_POLICY_SETTINGS);
    draft.lambda = 0.7;
    await expectProblem(
      await call('POST', '/v1/editor/policy/publish', {
        token: viewer.secret,
        body: { settings: draft, comment: 'Plus de diversité' },
      }),
      403,
    );
    await expectProblem(
      await call('POST', '/v1/editor/policy/restore', { token: viewer.secret, body: { version: 1 } }),
      403,
    );
    const list = await ok(
      await call('GET', '/v1/editor/policy/versions', { token: viewer.secret }),
      200,
      PolicyVersionListSchema,
    );
    expect(list.versions.map((v) => v.version)).toEqual([1]);
  });

  it('refuses an invalid draft with 422 naming each setting, and saves nothing', async () => {
    const draft = clone(DEFAULT_POLICY_SETTINGS);
    draft.fairness.strength = 0.5;
    const problem = await expectProblem(
      await call('POST', '/v1/editor/policy/publish', {
        token: editor.secret,
        body: { settings: draft, comment: 'trop fort' },
      }),
      422,
      'body.settings.fairness.strength',
    );
    expect(problem.errors![0]!.message).toMatch(/au plus 0,3/);
    expect((await t.server.store.policyVersions('national')).length).toBe(1);
  });

  it('publishes a version with who, when, comment and diff, and the live policy switches at once', async () => {
    const draft = clone(DEFAULT_POLICY_SETTINGS);
    draft.lambda = 0.7;
    draft.facets.discipline.targets = { danse: 0.3, theatre: 0.3, musique: 0.2, cirque: 0.2 };
    const { version } = await ok(
      await call('POST', '/v1/editor/policy/publish', {
        token: editor.secret,
        body: { settings: draft, comment: 'Plus de danse', baseVersion: 1 },
      }),
      201,
      PolicyPublishedSchema,
    );
    expect(version.version).toBe(2);
    expect(version.publishedBy).toBe('Camille Éditrice');
    expect(version.publishedAt).toBe(NOW);
    expect(version.comment).toBe('Plus de danse');
    expect(version.restoredFrom).toBeNull();
    expect(version.settings).toEqual(draft);
    const changes = Object.fromEntries(version.changes.map((c) => [c.path, c]));
    expect(changes.lambda).toMatchObject({ before: 0.5, after: 0.7, label: 'Force de la diversité' });
    expect(changes['facets.discipline.targets.danse']).toMatchObject({ before: null, after: 0.3 });
    expect(version.changes).toHaveLength(5);

    const pub = PublicPolicySchema.parse(await (await fetch(`${t.url}/v1/policy`)).json());
    expect(pub.policy.version).toBe(2);
    expect(pub.history.map((h) => h.version)).toEqual([2, 1]);
    const recs = RecommendationResponseSchema.parse(
      await (await fetch(`${t.url}/v1/recommendations?${qs(TOURS)}`)).json(),
    );
    expect(recs.policyVersion).toBe(2);
  });

  it('refuses with 409 a draft started from a version that is no longer current', async () => {
    await expectProblem(
      await call('POST', '/v1/editor/policy/publish', {
        token: editor.secret,
        body: { settings: DEFAULT_POLICY_SETTINGS, comment: 'ancien brouillon', baseVersion: 1 },
      }),
      409,
      'body.baseVersion',
    );
  });

  it('restores a past version as a new version and keeps every version unchanged', async () => {
    const before = await t.server.store.policyVersions('national');
    const { version } = await ok(
      await call('POST', '/v1/editor/policy/restore', { token: editor.secret, body: { version: 1 } }),
      201,
      PolicyPublishedSchema,
    );
    expect(version.version).toBe(3);
    expect(version.restoredFrom).toBe(1);
    expect(version.comment).toBe('Restauration de la version 1');
    expect(version.settings).toEqual(before[0]!.settings);
    expect(version.changes.find((c) => c.path === 'lambda')).toMatchObject({ before: 0.7, after: 0.5 });

    const list = await ok(
      await call('GET', '/v1/editor/policy/versions', { token: viewer.secret }),
      200,
      PolicyVersionListSchema,
    );
    expect(list.current).toBe(3);
    expect(list.versions.map((v) => v.version)).toEqual([3, 2, 1]);
    // The versions published before are untouched.
    for (const old of before) {
      const { changes: _changes, ...stored } = list.versions.find((v) => v.version === old.version)!;
      expect(stored).toEqual(old);
    }
    expect(list.versions.find((v) => v.version === 1)!.changes).toEqual([]);
    const current = await ok(
      await call('GET', '/v1/editor/policy', { token: viewer.secret }),
      200,
      EditorPolicySchema,
    );
    expect(current.policy.version).toBe(3);
    await expectProblem(
      await call('POST', '/v1/editor/policy/restore', { token: editor.secret, body: { version: 99 } }),
      404,
    );
  });

  it('shows the version in force and every change on the public /policy page', async () => {
    const res = await fetch(`${t.url}/policy`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    const page = await res.text();
    expect(page).toContain('Version 3');
    expect(page).toContain('restauration de la version 1');
    expect(page).toContain('Plus de danse');
    expect(page).toContain('Camille Éditrice');
    expect(page).toMatch(/Part cible « Danse » \(Disciplines\)<\/td><td>pas de cible<\/td><td>30 %/);
    expect(page).not.toMatch(/<script/i);
  });

  it('words /policy for a non-specialist: symbols and statistics only behind « Détails »', async () => {
    const page = await (await fetch(`${t.url}/policy`)).text();
    const details = /<details id="policy-details">[\s\S]*?<\/details>/.exec(page)?.[0] ?? '';
    expect(details).toContain('λ (lambda)');
    const plain = page.replace(details, '');
    expect(plain).not.toMatch(/[λρμβπ]|Gini|Lorenz|Jensen|facette|poids/);
    expect(plain).toContain('Coup de pouce aux lieux peu montrés');
    expect(plain).toMatch(/Disciplines<\/td><td>importance 1 sur 1/);
  });
});

describe('editor API: preview and towns', () => {
  it('finds catalogue towns by the start of their name, accents ignored', async () => {
    const { items } = await ok(
      await call('GET', '/v1/editor/towns?q=TOURS', { token: viewer.secret }),
      200,
      TownListSchema,
    );
    expect(items[0]!.name).toBe('Tours');
    expect(items[0]!.venues).toBeGreaterThan(1);
    const accents = await ok(
      await call('GET', '/v1/editor/towns?q=bleré&limit=5', { token: viewer.secret }),
      200,
      TownListSchema,
    );
    for (const town of accents.items) expect(town.name.toLowerCase()).toMatch(/bl[eé]r[eé]/);
  });

  it('previews the current policy and a draft side by side, with metrics that follow the draft', async () => {
    const { items } = await ok(
      await call('GET', '/v1/editor/towns?q=tours', { token: viewer.secret }),
      200,
      TownListSchema,
    );
    const relevanceOnly = clone(DEFAULT_POLICY_SETTINGS);
    relevanceOnly.lambda = 0;
    relevanceOnly.fairness.strength = 0;
    relevanceOnly.discoverySlots = 0;
    relevanceOnly.redundancy = 0;
    const preview = await ok(
      await call('POST', '/v1/editor/preview', {
        token: viewer.secret,
        body: { settings: relevanceOnly, place: { town: items[0]!.id }, period: 'month', radiusKm: 30 },
      }),
      200,
      PreviewResponseSchema,
    );
    expect(preview.place.label).toBe('Tours');
    expect(preview.sample.contexts).toBe(48);
    expect(preview.current.list.items.length).toBeGreaterThan(0);
    expect(preview.draft.list.items.length).toBeGreaterThan(0);
    for (const item of [...preview.current.list.items, ...preview.draft.list.items])
      expect(item.reasons.length).toBeGreaterThan(0);
    // The policy in force (λ 0.5, coverage on) spreads disciplines more than relevance alone.
    expect(preview.current.metrics.distinctDisciplines).toBeGreaterThan(
      preview.draft.metrics.distinctDisciplines,
    );
    expect(preview.current.metrics.lists).toBeGreaterThan(0);
    const shareSum = preview.draft.metrics.disciplineShares.reduce((a, s) => a + s.share, 0);
    expect(shareSum).toBeCloseTo(1, 2);
    expect(preview.draft.metrics.exposure.points.at(-1)).toEqual({ x: 1, y: 1 });
    expect(preview.recentExposure.halfLifeDays).toBe(14);
  });

  it('counts what the area offers per facet value, so a target the catalogue cannot meet shows as zero', async () => {
    const at = async (place: unknown, radiusKm: number) =>
      (
        await ok(
          await call('POST', '/v1/editor/preview', {
            token: viewer.secret,
            body: { settings: DEFAULT_POLICY_SETTINGS, place, period: 'week', radiusKm },
          }),
          200,
          PreviewResponseSchema,
        )
      ).pool;
    const tours = await at(TOURS, 30);
    expect(tours.days).toBe(30);
    expect(tours.radiusKm).toBe(45);
    expect(tours.performances).toBeGreaterThan(0);
    for (const facet of ['discipline', 'sizeClass', 'priceBand', 'audience'] as const) {
      expect(
        tours.facets[facet].reduce((a, v) => a + v.performances, 0),
        facet,
      ).toBe(tours.performances);
    }
    const sizes = Object.fromEntries(tours.facets.sizeClass.map((v) => [v.value, v.performances]));
    // The demo catalogue declares every venue « Lieu moyen »: no size target can move its lists.
    expect(sizes.moyen).toBe(tours.performances);
    expect(sizes.petit).toBe(0);
    // A wider area holds at least as much of every value; the open sea holds nothing.
    const wider = await at(TOURS, 100);
    for (const v of wider.facets.sizeClass) expect(v.performances).toBeGreaterThanOrEqual(sizes[v.value]!);
    const sea = await at({ lat: 46.5, lon: -4.5 }, 20);
    expect(sea.performances).toBe(0);
    expect(sea.facets.sizeClass.every((v) => v.performances === 0)).toBe(true);
  });

  it('raises the share of a discipline in the sampled lists when its target is raised', async () => {
    // Theatre: 11 performances in the month around Tours, a sixth of the current lists, so room to grow. (Dance
    // has only 3 since the classifier skips non-shows, and the current lists already hold them wherever they can.)
    const place = { lat: TOURS.lat, lon: TOURS.lon };
    const theatreHeavy = clone(DEFAULT_POLICY_SETTINGS);
    theatreHeavy.lambda = 0.75;
    theatreHeavy.facets.discipline.targets = {
      theatre: 0.6,
      danse: 0.1,
      musique: 0.1,
      cirque: 0.1,
      humour: 0.1,
    };
    const preview = await ok(
      await call('POST', '/v1/editor/preview', {
        token: viewer.secret,
        body: { settings: theatreHeavy, place, period: 'month', radiusKm: 40 },
      }),
      200,
      PreviewResponseSchema,
    );
    const theatre = (side: 'current' | 'draft') =>
      preview[side].metrics.disciplineShares.find((s) => s.value === 'theatre')!;
    expect(theatre('current').share).toBeGreaterThan(0);
    expect(theatre('draft').share).toBeGreaterThan(theatre('current').share);
    expect(theatre('draft').target).toBe(0.6);
    expect(preview.place.label).toBe('47.3900, 0.6900');
  });

  it('counts recent impressions in the exposure Lorenz curve, venues never shown included', async () => {
    const recs = RecommendationResponseSchema.parse(
      await (
        await fetch(`${t.url}/v1/recommendations?${qs({ ...TOURS, radius: 30, period: 'month' })}`)
      ).json(),
    );
    const first = recs.items[0]!;
    const res = await fetch(`${t.url}/v1/impressions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        policyVersion: recs.policyVersion,
        items: [{ showId: first.show.id, venueId: first.venue.id, position: 1 }],
      }),
    });
    expect(res.status).toBe(202);
    const preview = await ok(
      await call('POST', '/v1/editor/preview', {
        token: viewer.secret,
        body: { settings: DEFAULT_POLICY_SETTINGS, place: TOURS, period: 'month', radiusKm: 30 },
      }),
      200,
      PreviewResponseSchema,
    );
    // One venue got everything: the curve stays at 0 until the last venue, Gini near its maximum.
    expect(preview.recentExposure.venues).toBeGreaterThan(5);
    expect(preview.recentExposure.gini).toBeGreaterThan(0.8);
    expect(preview.recentExposure.points.at(-2)!.y).toBe(0);
  });

  it('refuses an invalid draft in a preview with 422, and an unknown town with 400', async () => {
    const draft = clone(DEFAULT_POLICY_SETTINGS);
    draft.defaults.radiusKm = 500;
    await expectProblem(
      await call('POST', '/v1/editor/preview', {
        token: viewer.secret,
        body: { settings: draft, place: TOURS },
      }),
      422,
      'body.settings.defaults.radiusKm',
    );
    await expectProblem(
      await call('POST', '/v1/editor/preview', {
        token: viewer.secret,
        body: { settings: DEFAULT_POLICY_SETTINGS, place: { town: 'nowhere~0~0' } },
      }),
      400,
      'body.place.town',
    );
  });
});

describe('editor API: policies per network', () => {
  it('previews a network with nothing published against the defaults, then publishes its first version apart', async () => {
    const draft = clone(DEFAULT_POLICY_SETTINGS);
    draft.discoverySlots = 4;
    const preview = await ok(
      await call('POST', '/v1/editor/preview', {
        token: viewer.secret,
        body: { network: 'reseau-ouest', settings: draft, place: TOURS, period: 'month' },
      }),
      200,
      PreviewResponseSchema,
    );
    expect(preview.current.list.policyVersion).toBe(0);
    await expectProblem(
      await call('GET', '/v1/editor/policy?network=reseau-ouest', { token: viewer.secret }),
      404,
    );

    const national = (await t.server.store.currentPolicy('national'))!;
    const { version } = await ok(
      await call('POST', '/v1/editor/policy/publish', {
        token: editor.secret,
        body: { network: 'reseau-ouest', settings: draft, comment: 'Première politique du réseau' },
      }),
      201,
      PolicyPublishedSchema,
    );
    expect(version).toMatchObject({ network: 'reseau-ouest', version: 1, changes: [] });
    expect(await t.server.store.currentPolicy('national')).toEqual(national);
    const pub = PublicPolicySchema.parse(
      await (await fetch(`${t.url}/v1/policy?network=reseau-ouest`)).json(),
    );
    expect(pub.policy.settings.discoverySlots).toBe(4);
    const page = await (await fetch(`${t.url}/policy?network=reseau-ouest`)).text();
    expect(page).toContain('Première politique du réseau');
  });
});

describe('editor API: secrets', () => {
  it('never puts a token in a response or a log line', () => {
    expect(seen.length).toBeGreaterThan(20);
    const everything = [...seen, ...t.logs].join('\n');
    for (const token of [editor, viewer, revoked]) {
      expect(everything).not.toContain(token.secret);
      expect(everything).not.toContain(token.secret.slice(-16));
    }
    expect(t.logs.join('\n')).not.toMatch(/Bearer/i);
    // The publish was logged, by name.
    expect(t.logs.some((l) => l.includes('policy published') && l.includes('Camille'))).toBe(true);
  });
});
