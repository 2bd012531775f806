import {
  DEFAULT_POLICY_SETTINGS,
  EditorPolicySchema,
  EditorSessionSchema,
  NetworkQuerySchema,
  PERIODS,
  type Policy,
  PolicyPublishedSchema,
  PolicyPublishRequestSchema,
  PolicyRestoreRequestSchema,
  type PolicySettings,
  PolicyValidateRequestSchema,
  PolicyValidationResultSchema,
  type PolicyVersion,
  PolicyVersionListSchema,
  PROBLEM_CONTENT_TYPE,
  PreviewRequestSchema,
  PreviewResponseSchema,
  ProblemSchema,
  TownListSchema,
  TownQuerySchema,
} from '@detour/sdk/contract';
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { validatePolicySettings } from '../../engine/index.js';
import { attributionLines } from '../attribution.js';
import type { ApiApp, AppDeps, AppEnv } from '../context.js';
import { hydratePicks } from '../hydrate.js';
import { HttpProblem, invalidField } from '../problem.js';
import { editorAuth, requireEditor } from './auth.js';
import { diffSettings } from './diff.js';
import { lorenz } from './metrics.js';
import { asResponse, runPreview, SAMPLE_POINTS } from './preview.js';
import { searchTowns, townIndex } from './towns.js';

const PROBLEMS: Record<number, string> = {
  400: 'Invalid request: `errors` names each offending field.',
  401: 'Missing (`unauthorized`), unknown (`unknown-token`: never issued or mistyped) or revoked (`revoked-token`) editor token.',
  403: 'The token’s role (viewer) may not do this: publishing and restoring need the editor role.',
  404: 'No such policy version or town.',
  409: 'Another version was published since the draft was started (`baseVersion`).',
  422: 'The draft is not a valid policy: `errors` gives each setting’s path and a plain-French message.',
  503: 'The catalogue is still loading.',
};

function problems(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [
      s,
      { description: PROBLEMS[s]!, content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } },
    ]),
  );
}

const json = <T>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <T>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const security = [{ EditorToken: [] }];

/** Editor answers are about one person's session: never stored by a cache. */
const noStore = (c: Context<AppEnv>) => c.header('Cache-Control', 'no-store');

/** The draft as valid settings, or a 422 naming every problem in plain French. */
function validDraft(settings: unknown): PolicySettings {
  const result = validatePolicySettings(settings);
  if (result.ok) return result.settings;
  throw new HttpProblem(
    422,
    'invalid-policy',
    'Le brouillon n’est pas une politique valide ; rien n’a été enregistré.',
    {
      errors: result.errors.map((e) => ({ path: `body.settings.${e.path}`, message: e.message })),
    },
  );
}

async function currentPolicy(deps: AppDeps, network: string): Promise<Policy> {
  const policy = await deps.state.policy(network);
  if (!policy)
    throw new HttpProblem(404, 'unknown-network', `No policy has been published for network "${network}".`);
  return policy;
}

/** Every version with its changes against the one before, newest first. */
export function withChanges(versions: readonly Policy[]): PolicyVersion[] {
  const sorted = [...versions].sort((a, b) => a.version - b.version);
  return sorted
    .map((p, i) => ({ ...p, changes: diffSettings(sorted[i - 1]?.settings ?? null, p.settings) }))
    .reverse();
}

/** Publishes settings as the network's next version, makes it live, and answers it with its diff. */
async function publish(
  deps: AppDeps,
  c: Context<AppEnv>,
  network: string,
  settings: PolicySettings,
  meta: { by: string; comment: string; restoredFrom: number | null },
) {
  const previous = await deps.state.store.currentPolicy(network);
  const policy = await deps.state.store.publishPolicy(network, settings, {
    ...meta,
    at: c.get('now').toISOString(),
  });
  // The live policy switches now (and exposure is republished under it), not at the next poll.
  await deps.state.reloadPolicy(network);
  deps.log.info('policy published', {
    network,
    version: policy.version,
    by: meta.by,
    restoredFrom: meta.restoredFrom,
  });
  return { ...policy, changes: diffSettings(previous?.settings ?? null, policy.settings) };
}

/** The editor API: session, current policy, validation, preview, publish, history, restore, towns. */
export function registerEditorApi(app: ApiApp, deps: AppDeps): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'EditorToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'An editor console token (`detour editor-token create`), role viewer or editor.',
  });
  const networkOf = (n: string | undefined) => n ?? deps.config.network;
  // Authentication before any validation of the request (a route's own validators run after these).
  app.use('/v1/editor/policy/publish', editorAuth(deps, 'editor'));
  app.use('/v1/editor/policy/restore', editorAuth(deps, 'editor'));
  app.use('/v1/editor/*', editorAuth(deps, 'viewer'));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/editor/session',
      tags: ['Editor'],
      summary: 'Who this editor token belongs to',
      description:
        'Checks a token at sign-in: its name and role (viewer or editor). The token itself is never returned.',
      security,
      responses: { 200: json(EditorSessionSchema, 'The session.'), ...problems(401) },
    }),
    async (c) => {
      const editor = await requireEditor(c, deps, 'viewer');
      noStore(c);
      return c.json({ name: editor.name, role: editor.role, network: deps.config.network }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/editor/policy',
      tags: ['Editor'],
      summary: 'The policy in force (to start a draft from)',
      security,
      request: { query: NetworkQuerySchema },
      responses: { 200: json(EditorPolicySchema, 'The current version.'), ...problems(400, 401, 404) },
    }),
    async (c) => {
      await requireEditor(c, deps, 'viewer');
      const policy = await currentPolicy(deps, networkOf(c.req.valid('query').network));
      noStore(c);
      return c.json({ policy }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/editor/policy/validate',
      tags: ['Editor'],
      summary: 'Check a draft policy without saving it',
      description:
        'Answers 200 whether or not the draft is valid: `valid`, and for an invalid draft every problem with its path in the settings and a message in plain French (range, sum of shares, unknown values). Nothing is saved.',
      security,
      request: { body: body(PolicyValidateRequestSchema) },
      responses: { 200: json(PolicyValidationResultSchema, 'The verdict.'), ...problems(400, 401) },
    }),
    async (c) => {
      await requireEditor(c, deps, 'viewer');
      const result = validatePolicySettings(c.req.valid('json').settings);
      noStore(c);
      return c.json(
        result.ok
          ? { valid: true, errors: [], settings: result.settings }
          : { valid: false, errors: result.errors, settings: null },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/editor/preview',
      tags: ['Editor'],
      summary: 'Preview a draft against the policy in force',
      description: [
        'Runs the engine at a place (a catalogue town or a point) for a period, under the current policy and under the draft: both lists with their reasons.',
        `Metrics are averaged over a sample of contexts around the place (${SAMPLE_POINTS} seeded points within half the radius × the four periods): distinct disciplines, small-venue share, Jensen-Shannon divergence of disciplines and venue sizes to the draft’s targets, intra-list diversity; pooled discipline and size-class shares against the targets; and the Lorenz curve and Gini of the exposure these lists would give the area’s venues. \`recentExposure\` is what the area’s venues actually received lately (decayed impressions, zeros included). \`pool\` counts the area’s performances over the next 30 days per facet value: a target on a value with none cannot move the lists.`,
      ].join('\n\n'),
      security,
      request: { body: body(PreviewRequestSchema) },
      responses: {
        200: json(PreviewResponseSchema, 'Both sides of the preview.'),
        ...problems(400, 401, 404, 422, 503),
      },
    }),
    async (c) => {
      await requireEditor(c, deps, 'viewer');
      const q = c.req.valid('json');
      const network = networkOf(q.network);
      const draft = validDraft(q.settings);
      const now = c.get('now');
      // A network with nothing published yet is compared with Détour's default settings.
      const current = (await deps.state.policy(network)) ?? {
        network,
        version: 0,
        settings: DEFAULT_POLICY_SETTINGS,
        publishedAt: now.toISOString(),
        publishedBy: 'détour',
        comment: '',
        restoredFrom: null,
      };
      const view = deps.state.view();
      let place: { lat: number; lon: number; label: string };
      if ('town' in q.place) {
        const town = townIndex(view.index).byId.get(q.place.town);
        if (!town) throw invalidField('body.place.town', 'unknown town (pick one from /v1/editor/towns)');
        place = { lat: town.lat, lon: town.lon, label: town.name };
      } else {
        place = {
          lat: q.place.lat,
          lon: q.place.lon,
          label: `${q.place.lat.toFixed(4)}, ${q.place.lon.toFixed(4)}`,
        };
      }
      const period = q.period ?? draft.defaults.period;
      const radiusKm = q.radiusKm ?? draft.defaults.radiusKm;
      const k = q.k ?? 10;
      const result = runPreview({
        view,
        current,
        draft,
        exposure: deps.state.exposure(network),
        place,
        radiusKm,
        period,
        k,
        now,
      });
      const halfLifeDays = current.settings.fairness.halfLifeDays;
      const [currentItems, draftItems, attribution, totals] = await Promise.all([
        hydratePicks(deps.state.store, result.current.picks),
        hydratePicks(deps.state.store, result.draft.picks),
        attributionLines(deps),
        deps.state.store.exposureTotals(network, now.toISOString(), halfLifeDays),
      ]);
      const request = { lat: place.lat, lon: place.lon, radiusKm, k, ...result.window };
      noStore(c);
      return c.json(
        {
          place,
          radiusKm,
          period,
          from: result.window.from,
          to: result.window.to,
          sample: { points: SAMPLE_POINTS, periods: [...PERIODS], contexts: result.contexts },
          current: {
            list: asResponse(result.current, request, currentItems, attribution),
            metrics: result.metrics.current,
          },
          draft: {
            list: asResponse(result.draft, request, draftItems, attribution),
            metrics: result.metrics.draft,
          },
          recentExposure: {
            ...lorenz(result.areaVenues.map((id) => totals[id] ?? 0)),
            halfLifeDays,
          },
          pool: result.pool,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/editor/policy/publish',
      tags: ['Editor'],
      summary: 'Publish a draft as a new policy version',
      description:
        'Editor role only. Creates an immutable version (who: the token’s name, when, comment, diff against the previous version) and makes it the policy in force at once. An invalid draft is explained (422) and never saved; a draft started from an older version than the current one is refused (409) when `baseVersion` is given.',
      security,
      request: { body: body(PolicyPublishRequestSchema) },
      responses: {
        201: json(PolicyPublishedSchema, 'The new version.'),
        ...problems(400, 401, 403, 409, 422),
      },
    }),
    async (c) => {
      const editor = await requireEditor(c, deps, 'editor');
      const q = c.req.valid('json');
      const network = networkOf(q.network);
      const settings = validDraft(q.settings);
      if (q.baseVersion !== undefined) {
        const latest = await deps.state.store.currentPolicy(network);
        if (latest && latest.version !== q.baseVersion) {
          throw new HttpProblem(
            409,
            'conflict',
            `La version ${latest.version} a été publiée depuis que ce brouillon a été commencé (version ${q.baseVersion}) : rechargez-la avant de publier.`,
            { errors: [{ path: 'body.baseVersion', message: `current version is ${latest.version}` }] },
          );
        }
      }
      const version = await publish(deps, c, network, settings, {
        by: editor.name,
        comment: q.comment,
        restoredFrom: null,
      });
      noStore(c);
      return c.json({ version }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/editor/policy/versions',
      tags: ['Editor'],
      summary: 'Every published version, with what changed',
      security,
      request: { query: NetworkQuerySchema },
      responses: {
        200: json(PolicyVersionListSchema, 'The history, newest first.'),
        ...problems(400, 401, 404),
      },
    }),
    async (c) => {
      await requireEditor(c, deps, 'viewer');
      const network = networkOf(c.req.valid('query').network);
      const versions = await deps.state.store.policyVersions(network);
      if (versions.length === 0)
        throw new HttpProblem(
          404,
          'unknown-network',
          `No policy has been published for network "${network}".`,
        );
      noStore(c);
      return c.json(
        { network, current: Math.max(...versions.map((v) => v.version)), versions: withChanges(versions) },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/v1/editor/policy/restore',
      tags: ['Editor'],
      summary: 'Restore a past version, as a new version',
      description:
        'Editor role only. The settings of `version` are published again as the next version (with `restoredFrom`); no version is ever changed or removed.',
      security,
      request: { body: body(PolicyRestoreRequestSchema) },
      responses: { 201: json(PolicyPublishedSchema, 'The new version.'), ...problems(400, 401, 403, 404) },
    }),
    async (c) => {
      const editor = await requireEditor(c, deps, 'editor');
      const q = c.req.valid('json');
      const network = networkOf(q.network);
      const versions = await deps.state.store.policyVersions(network);
      const source = versions.find((v) => v.version === q.version);
      if (!source) throw new HttpProblem(404, 'not-found', `La version ${q.version} n’existe pas.`);
      const version = await publish(deps, c, network, source.settings, {
        by: editor.name,
        comment: q.comment?.trim() || `Restauration de la version ${q.version}`,
        restoredFrom: q.version,
      });
      noStore(c);
      return c.json({ version }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/v1/editor/towns',
      tags: ['Editor'],
      summary: 'Towns of the catalogue, for the preview’s place picker',
      description:
        'Communes with venues, matched on the start of their name (accents and case ignored), most venues first.',
      security,
      request: { query: TownQuerySchema },
      responses: { 200: json(TownListSchema, 'Matching towns.'), ...problems(400, 401, 503) },
    }),
    async (c) => {
      await requireEditor(c, deps, 'viewer');
      const q = c.req.valid('query');
      noStore(c);
      return c.json(
        { items: searchTowns(townIndex(deps.state.view().index), q.q ?? '', q.limit ?? 12) },
        200,
      );
    },
  );
}
