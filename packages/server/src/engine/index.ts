/**
 * The recommendation engine: a pure module. Catalogue snapshot → index (off the request path); then
 * index + request (with its own `now`) + policy + exposure snapshot → ranked, diversified, explained picks.
 */
export { buildIndex, type CatalogueIndex } from './build.js';
export {
  computeExposureSnapshot,
  type EligibleVenue,
  type ExposureInput,
  eligibleVenues,
  positionWeight,
} from './exposure.js';
export { type PolicyValidation, validatePolicySettings } from './policy.js';
export {
  EngineInputError,
  type EnginePick,
  type EngineRequest,
  type EngineResult,
  type PickExplanation,
  type PoolCandidate,
  type RelevanceParts,
  recommend,
  relevancePool,
  requestSeed,
  type ScoreTerms,
  similarShows,
  UnknownShowError,
} from './recommend.js';
export { showSimilarity } from './similarity.js';
export * from './snapshot.js';
export { cosine } from './text.js';
