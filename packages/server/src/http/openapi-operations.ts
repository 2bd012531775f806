/**
 * What the OpenAPI document says about operations beyond their routes: which operations form the API,
 * their operationIds, the answers every operation may get (429, 405), and the meaning of each parameter.
 * Tables here, so that a route added by a module gets its entries in one place (fallbacks keep the
 * document valid meanwhile; test/http/openapi.test.ts asserts that every parameter is described).
 */

/**
 * The API: `/v1/*`, `/healthz` and `/readyz`. Pages for people (`/docs`, `/demo`, `/policy`, `/editor`, the example
 * sites), the widget's script, static files and source maps are served but are not API operations.
 */
export function isApiPath(path: string): boolean {
  return path.startsWith('/v1/') || path === '/healthz' || path === '/readyz';
}

/** operationId of each operation, as generated clients name their methods. */
export const OPERATION_IDS: Record<string, string> = {
  'GET /v1/recommendations': 'getRecommendations',
  'GET /v1/recommendations.html': 'getRecommendationsFragment',
  'GET /v1/shows/{id}': 'getShow',
  'GET /v1/shows/{id}/similar': 'getSimilarShows',
  'GET /v1/search': 'searchShows',
  'GET /v1/venues': 'listVenues',
  'GET /v1/venues/{id}': 'getVenue',
  'GET /v1/taxonomy': 'getTaxonomy',
  'GET /v1/policy': 'getPolicy',
  'POST /v1/impressions': 'recordImpressions',
  'POST /v1/imports': 'importCatalogue',
  'GET /healthz': 'getHealth',
  'GET /readyz': 'getReadiness',
  'GET /v1/editor/session': 'getEditorSession',
  'GET /v1/editor/policy': 'getEditorPolicy',
  'POST /v1/editor/policy/validate': 'validatePolicyDraft',
  'POST /v1/editor/preview': 'previewPolicyDraft',
  'POST /v1/editor/policy/publish': 'publishPolicy',
  'GET /v1/editor/policy/versions': 'listPolicyVersions',
  'POST /v1/editor/policy/restore': 'restorePolicyVersion',
  'GET /v1/editor/towns': 'listEditorTowns',
};

/** An operationId for an operation missing from the table: method and path words in camel case. */
export function operationIdOf(method: string, path: string): string {
  const known = OPERATION_IDS[`${method.toUpperCase()} ${path}`];
  if (known) return known;
  const words = path
    .replace(/^\/v1\//, '/')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1));
  return method.toLowerCase() + words.join('');
}

/** Descriptions of query and path parameters, by name (the same name means the same thing on every route). */
export const PARAMETER_DESCRIPTIONS: Record<string, string> = {
  lat: 'Latitude of the place, in decimal degrees (WGS 84), -90 to 90. Decimal notation: `lat=` or `lat=0x10` is a 400.',
  lon: 'Longitude of the place, in decimal degrees (WGS 84), -180 to 180.',
  radius: 'Search radius around `lat`/`lon`, in kilometres (at most 200). Default: the policy’s radius.',
  from: 'Start of the time window: an ISO 8601 date-time with offset, or a date (`2026-12-08`: from that day’s midnight, Europe/Paris). Default: now.',
  to: 'End of the time window: an ISO 8601 date-time with offset, or a date (`2026-12-08`: to the end of that day, Europe/Paris). At most 366 days after `from`.',
  period:
    'Named window when `from`/`to` are left out, on the Europe/Paris clock: `tonight` (until midnight), `weekend` (Friday 18:00 to Monday 00:00), `week` (7 days), `month` (30 days). Default: the policy’s period.',
  k: 'Number of picks, 1 to 50 (default 10).',
  show: 'The show being viewed: picks are similar but different, and never this show.',
  history:
    'Up to 20 comma-separated ids of shows the visitor saw before: used for this answer only, never stored.',
  locale: 'Language of the reasons and labels: `fr` (default) or `en`.',
  maxPrice: 'Highest price, in euros.',
  free: 'Only free performances (`true` or `1`), or no filter (`false`, `0`, left out).',
  audience: 'Only performances for this audience (`jeune-public`, `tout-public`).',
  accessibility:
    'Comma-separated accessibility needs the venue must meet: `moteur`, `auditif`, `visuel`, `mental`.',
  network: 'The network whose policy applies (a slug); the server’s default network when left out.',
  showUrl:
    'Link template for the venue’s own show pages: `{show}`, `{performance}` and `{venue}` are replaced.',
  q: 'Words to search for: accents and case are ignored, words match by prefix.',
  discipline: 'Only shows of this discipline (an id of `GET /v1/taxonomy`).',
  offset: 'Number of items to skip (pagination), 0 to 10,000.',
  limit: 'Number of items in the page.',
  id: 'The id of the resource, as the API gives it.',
  source: 'The partner’s source name (lower case, digits, `.`, `_`, `-`); the API key must be bound to it.',
  format: 'Format of the file sent (see the request body).',
  partial:
    '`true`: a push of some records only, nothing is cancelled for being absent. `false` or left out: the full catalogue of the source.',
  version: 'A version number of the policy.',
  dryRun:
    '`true`: compute the full report (created, updated, cancelled, skipped, rejected) and write nothing. The guards apply to a dry run too.',
  confirmCancel:
    '`true`: let a full feed cancel more than half of the source’s upcoming performances (otherwise refused with a 422 `mass-cancellation` problem that names how many).',
  excludeVenue:
    'Venues whose shows are never proposed, comma-separated (a venue’s own page leaving its programme out).',
};

/** The answers any operation may get, whatever its route: documented on every one. */
export const COMMON_RESPONSES = {
  405: {
    description: 'This path exists, but not with this method: `Allow` lists the methods it takes.',
    headers: { Allow: { description: 'The methods this path takes.', schema: { type: 'string' } } },
  },
  429: {
    description: 'Too many requests from this address: wait for `Retry-After` seconds.',
    headers: {
      'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer' } },
    },
  },
} as const;

/** The base URL of the demo, where the examples were taken (`npm start`). */
export const DEMO_SERVER = 'http://127.0.0.1:8787';
