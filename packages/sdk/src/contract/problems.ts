import type { FieldError, Problem } from './problem.js';

/**
 * The catalogue of problems the API answers (RFC 9457): one `type` URI per kind of error, its status and
 * title. The server writes its errors with it, and the msw mocks too, so that an app tested against the
 * mocks sees the very bodies the server sends. Zod-free: the core client may use it at run time.
 */

/** Every problem type URI is this prefix and a slug. */
export const PROBLEM_TYPE_PREFIX = 'urn:detour:problem:';

/** The problems the API answers: slug → HTTP status. */
export const PROBLEMS = {
  'invalid-request': 400,
  'malformed-json': 400,
  unauthorized: 401,
  'unknown-token': 401,
  'revoked-token': 401,
  'forbidden-source': 403,
  forbidden: 403,
  'not-found': 404,
  'unknown-show': 404,
  'unknown-venue': 404,
  'unknown-network': 404,
  'method-not-allowed': 405,
  'not-acceptable': 406,
  conflict: 409,
  'payload-too-large': 413,
  'import-too-large': 413,
  'unsupported-media-type': 415,
  'invalid-policy': 422,
  'wrong-format': 422,
  'empty-feed': 422,
  'mass-cancellation': 422,
  'too-many-requests': 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, number>;

export type ProblemSlug = keyof typeof PROBLEMS;

/** Problem titles are the reason phrases of their status (RFC 9110), the same in every language. */
const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** The title of a problem of this status. */
export function problemTitle(status: number): string {
  return STATUS_TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/** The type URI of a problem. */
export function problemType(slug: ProblemSlug): string {
  return PROBLEM_TYPE_PREFIX + slug;
}

export interface ProblemInit {
  /** The status, when it is not the slug's own (a generic slug answering another status). */
  status?: number;
  detail?: string | undefined;
  /** The request path. */
  instance?: string | undefined;
  errors?: FieldError[] | undefined;
}

/** A problem document, its members in the order the server writes them. */
export function problemDocument(slug: ProblemSlug, init: ProblemInit = {}): Problem {
  const status = init.status ?? PROBLEMS[slug];
  return {
    type: problemType(slug),
    title: problemTitle(status),
    status,
    ...(init.detail ? { detail: init.detail } : {}),
    ...(init.instance ? { instance: init.instance } : {}),
    ...(init.errors ? { errors: init.errors } : {}),
  };
}

/** The `detail` of the problems the server and the mocks both write, word for word. */
export const PROBLEM_DETAILS = {
  invalidFields: 'The request has invalid fields.',
  malformedJson: 'The request body is not valid JSON.',
  unknownShow: (id: string) => `No show has the id "${id}".`,
  unknownVenue: (id: string) => `No venue has the id "${id}".`,
  notFound: 'No such resource.',
} as const;

/** What a validation issue has that a field error needs (zod's issues have it). */
export interface IssueLike {
  path: ReadonlyArray<PropertyKey>;
  message: string;
  code?: string;
  keys?: readonly string[];
}

/** The message of a query parameter or body field the request should not have. */
export const UNKNOWN_FIELD = 'unknown parameter';

/**
 * Validation issues as field errors: "lat", "items.3.position"; body fields are prefixed ("body.items.3.position").
 * A field the request should not have is named by its own path (zod reports it on the object holding it).
 */
export function fieldErrors(issues: ReadonlyArray<IssueLike>, prefix = ''): FieldError[] {
  const join = (path: ReadonlyArray<PropertyKey>) =>
    [prefix, path.map((p) => String(p)).join('.')].filter(Boolean).join('.') || prefix || '(root)';
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys' && issue.keys
      ? issue.keys.map((key) => ({ path: join([...issue.path, key]), message: UNKNOWN_FIELD }))
      : [{ path: join(issue.path), message: issue.message }],
  );
}
