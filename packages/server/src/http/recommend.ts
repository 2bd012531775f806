import type { Locale, Policy, RecommendationResponse } from '@detour/sdk/contract';
import {
  EngineInputError,
  type EngineRequest,
  type EngineResult,
  recommend,
  similarShows,
  UnknownShowError,
} from '../engine/index.js';
import { attributionLines } from './attribution.js';
import type { AppDeps } from './context.js';
import { hydratePicks } from './hydrate.js';
import { boolOf, splitList } from './params.js';
import { HttpProblem, invalidField } from './problem.js';
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

/**
 * Runs the engine for a parsed query at a place: window and radius default to the policy's, history and
 * filters are unpacked, then the picks are hydrated into the public response.
 */
export async function answer(
  deps: AppDeps,
  now: Date,
  q: {
    radius?: number | undefined;
    from?: string | undefined;
    to?: string | undefined;
    k?: number | undefined;
    history?: string | undefined;
    locale?: Locale | undefined;
    maxPrice?: number | undefined;
    free?: string | undefined;
    audience?: EngineRequest['audience'];
    accessibility?: string | undefined;
    network?: string | undefined;
    show?: string | undefined;
  },
  place: { lat: number; lon: number },
  similarTo: string | null,
): Promise<RecommendationResponse> {
  const policy = await requirePolicy(deps, q.network);
  const window = resolveWindow(q, policy.settings.defaults.period, now);
  const request: EngineRequest = {
    lat: place.lat,
    lon: place.lon,
    radiusKm: q.radius ?? policy.settings.defaults.radiusKm,
    from: window.from,
    to: window.to,
    k: q.k ?? DEFAULT_K,
    now: now.toISOString(),
  };
  if (q.show !== undefined) request.show = q.show;
  const history = splitList(q.history);
  if (history) request.history = history;
  if (q.locale) request.locale = q.locale;
  if (q.maxPrice !== undefined) request.maxPrice = q.maxPrice;
  const free = boolOf(q.free);
  if (free !== undefined) request.free = free;
  if (q.audience) request.audience = q.audience;
  const accessibility = splitList(q.accessibility) as EngineRequest['accessibility'];
  if (accessibility) request.accessibility = accessibility;
  if (q.network) request.network = q.network;

  const view = deps.state.view();
  const network = q.network ?? deps.config.network;
  const exposure = deps.state.exposure(network);
  let result: EngineResult;
  try {
    result =
      similarTo === null
        ? recommend(view.index, request, policy, exposure)
        : similarShows(view.index, similarTo, request, policy, exposure);
  } catch (error) {
    if (error instanceof UnknownShowError) {
      throw new HttpProblem(404, 'unknown-show', `No show has the id "${error.showId}".`);
    }
    if (error instanceof EngineInputError) throw invalidField(error.field, error.message);
    throw error;
  }
  const [items, attribution] = await Promise.all([
    hydratePicks(deps.state.store, result.picks, view),
    attributionLines(deps),
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
