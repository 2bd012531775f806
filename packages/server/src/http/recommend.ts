import type { Locale, Period, Policy, RecommendationResponse } from '@detour/sdk/contract';
import { PROBLEM_DETAILS } from '@detour/sdk/contract';
import type { CatalogueView } from '../app-state.js';
import {
  EngineInputError,
  type EngineRequest,
  type EngineResult,
  recommend,
  similarShows,
  UnknownShowError,
} from '../engine/index.js';
import type { ExposureSnapshot } from '../store/store.js';
import { attributionLines } from './attribution.js';
import type { AppDeps } from './context.js';
import { hydratePicks } from './hydrate.js';
import { instantText, parseInstant } from './iso-time.js';
import { boolOf, splitList } from './params.js';
import { HttpProblem, invalidField } from './problem.js';
import type { Generation } from './response-cache.js';
import { resolveWindow } from './window.js';

/** Default number of picks. */
export const DEFAULT_K = 10;

/** The policy in force for a request's network; a 400 on `network` when none was published. */
export async function requirePolicy(deps: AppDeps, network: string | undefined): Promise<Policy> {
  const name = network ?? deps.config.network;
  const policy = await deps.state.policy(name);
  if (!policy) throw invalidField('network', `no policy is published for network "${name}"`);
  return policy;
}

/** The query parameters `answer` reads (the recommendation, similar-shows and widget routes share them). */
export interface AnswerQuery {
  radius?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** The named period of the window (default: the policy's). */
  period?: Period | undefined;
  k?: number | undefined;
  history?: string | undefined;
  excludeVenue?: string | undefined;
  locale?: Locale | undefined;
  maxPrice?: number | undefined;
  free?: string | undefined;
  audience?: EngineRequest['audience'];
  accessibility?: string | undefined;
  network?: string | undefined;
  show?: string | undefined;
}

/**
 * The engine's clock step: five minutes. A request's instant is rounded up to the next multiple of it, so
 * every request within those five minutes has the same inputs — which is what lets an answer be computed
 * once and served from the response cache (and from browsers' and proxies' caches) until the step ends.
 * Rounding up, never down, keeps past performances out: a performance starting within the next five minutes
 * is left out too, as nobody could reach it in time anyway.
 */
export const ENGINE_CLOCK_STEP_MS = 5 * 60_000;

/** The engine's `now` for a request's instant: rounded up to the clock step (see ENGINE_CLOCK_STEP_MS). */
export function engineNow(now: Date): Date {
  return new Date(Math.ceil(now.getTime() / ENGINE_CLOCK_STEP_MS) * ENGINE_CLOCK_STEP_MS);
}

/**
 * How long an answer computed for `now` stays right, for Cache-Control: until the engine clock's step ends
 * (whole seconds, at least 1 so a request on the step's edge is still cacheable for an instant).
 */
export function answerMaxAge(now: Date): number {
  return Math.max(1, Math.floor((engineNow(now).getTime() - now.getTime()) / 1000));
}

/**
 * Whether a query carries the visitor's history. Such an answer is the visitor's own: it is computed for
 * the request and kept nowhere on the server (not in the response cache, not passed to other workers),
 * and only the visitor's browser may keep it (`Cache-Control: private`), never a shared cache.
 */
export function carriesHistory(q: { history?: string | undefined }): boolean {
  return (splitList(q.history)?.length ?? 0) > 0;
}

/** The Cache-Control of an answer at `now`: reusable until the engine clock's step ends, by the browser alone for a personal one. */
export function answerCacheControl(now: Date, personal: boolean): string {
  return `${personal ? 'private' : 'public'}, max-age=${answerMaxAge(now)}`;
}

/** Everything an answer is computed from, resolved from a request: it determines the answer entirely. */
export interface PreparedAnswer {
  request: EngineRequest;
  policy: Policy;
  view: CatalogueView;
  exposure: ExposureSnapshot | null;
  /** The anchor show of `/v1/shows/{id}/similar`, null for recommendations. */
  similarTo: string | null;
}

/**
 * Resolves a parsed query at a place into the engine's inputs: window and radius default to the policy's,
 * history and filters are unpacked, and the catalogue view, policy and exposure snapshot in force are
 * fixed, so that the answer is a function of the result alone.
 */
export async function prepareAnswer(
  deps: AppDeps,
  now: Date,
  q: AnswerQuery,
  place: { lat: number; lon: number },
  similarTo: string | null,
): Promise<PreparedAnswer> {
  const policy = await requirePolicy(deps, q.network);
  const window = resolveWindow(q, q.period ?? policy.settings.defaults.period, now);
  const request: EngineRequest = {
    lat: place.lat,
    lon: place.lon,
    radiusKm: q.radius ?? policy.settings.defaults.radiusKm,
    from: window.from,
    to: window.to,
    k: q.k ?? DEFAULT_K,
    now: instantText(engineNow(now).getTime()),
  };
  if (q.show !== undefined) request.show = q.show;
  const history = splitList(q.history);
  if (history) request.history = history;
  const excludeVenue = splitList(q.excludeVenue);
  if (excludeVenue?.length) request.excludeVenue = [...new Set(excludeVenue)].sort();
  if (q.locale) request.locale = q.locale;
  if (q.maxPrice !== undefined) request.maxPrice = q.maxPrice;
  const free = boolOf(q.free);
  if (free !== undefined) request.free = free;
  if (q.audience) request.audience = q.audience;
  const accessibility = splitList(q.accessibility) as EngineRequest['accessibility'];
  if (accessibility) request.accessibility = accessibility;
  if (q.network) request.network = q.network;
  const view = deps.state.view();
  const exposure = deps.state.exposure(q.network ?? deps.config.network);
  return { request, policy, view, exposure, similarTo };
}

/**
 * The canonical identity of a prepared answer: the engine request (every field, the clock step of `now`
 * included), the mode, the policy (network and version: published versions are immutable), the
 * catalogue view (store revision and snapshot id) and the exposure snapshot. Two prepared answers with
 * the same key give the same response, byte for byte.
 */
export function answerKey(p: PreparedAnswer): string {
  return JSON.stringify([
    p.similarTo,
    p.request,
    p.policy.network,
    p.policy.version,
    p.view.revision,
    p.view.index.snapshotId,
    p.exposure?.id ?? null,
  ]);
}

/** The generation a prepared answer belongs to in the response cache: its engine clock step and catalogue view. */
export function answerGeneration(p: PreparedAnswer): Generation {
  return { clockMs: parseInstant(p.request.now), revision: p.view.revision };
}

/** Runs the engine on prepared inputs and hydrates its picks into the public response. */
export async function computeAnswer(deps: AppDeps, p: PreparedAnswer): Promise<RecommendationResponse> {
  const { request, policy, view, exposure, similarTo } = p;
  let result: EngineResult;
  try {
    result =
      similarTo === null
        ? recommend(view.index, request, policy, exposure)
        : similarShows(view.index, similarTo, request, policy, exposure);
  } catch (error) {
    if (error instanceof UnknownShowError) {
      throw new HttpProblem(404, 'unknown-show', PROBLEM_DETAILS.unknownShow(error.showId));
    }
    if (error instanceof EngineInputError) throw invalidField(error.field, error.message);
    throw error;
  }
  const [items, attribution] = await Promise.all([
    hydratePicks(deps.state.store, result.picks, view),
    attributionLines(deps, view),
  ]);
  return {
    items,
    context: {
      lat: request.lat,
      lon: request.lon,
      radiusKm: request.radiusKm,
      from: request.from,
      to: request.to,
      k: request.k,
      locale: request.locale ?? 'fr',
    },
    empty: result.empty,
    policyVersion: result.policyVersion,
    snapshotId: result.snapshotId,
    seed: result.seed,
    attribution,
  };
}

/**
 * Runs the engine for a parsed query at a place: window and radius default to the policy's, history and
 * filters are unpacked, then the picks are hydrated into the public response.
 */
export async function answer(
  deps: AppDeps,
  now: Date,
  q: AnswerQuery,
  place: { lat: number; lon: number },
  similarTo: string | null,
): Promise<RecommendationResponse> {
  return computeAnswer(deps, await prepareAnswer(deps, now, q, place, similarTo));
}
