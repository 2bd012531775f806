// The core entry: the client and its helpers, with zero zod at run time. Contract types are exported
// as types only; the schemas themselves live under `@detour/sdk/contract`.

export { type SendImpressionsOptions, sendImpressions } from './beacons.js';
export {
  type CallOptions,
  type ClientOptions,
  createClient,
  type DetourClient,
  type Endpoint,
  type Health,
  type ResponseValidator,
} from './client.js';
export * from './contract/constants.js';
export type * from './contract/index.js';
// The problem catalogue, to recognise errors; the builders of problem documents live under /contract.
export {
  PROBLEM_TYPE_PREFIX,
  PROBLEMS,
  type ProblemSlug,
  problemType,
} from './contract/problems.js';
export * from './contract/taxonomy-tables.js';
export { DetourError, type DetourErrorInit, type DetourErrorKind, isDetourError } from './errors.js';
export {
  type AsyncStorage,
  createVisitorHistory,
  type SyncStorage,
  type VisitorHistory,
  type VisitorHistoryOptions,
} from './history.js';
export type {
  DateTimeInput,
  RecommendationParams,
  SearchParams,
  SimilarParams,
  VenueListParams,
} from './params.js';
export { parisTime, periodLength, periodWindow, quarterHour } from './period.js';
export { DEFAULT_RETRY, parseRetryAfter, type RetryOptions } from './retry.js';
export { type FetchLike, type ResponseMeta, responseMeta } from './transport.js';
