import { type FieldError, PROBLEM_CONTENT_TYPE, type Problem } from '@detour/sdk';

/** Short slugs of the problems we serve; the `type` URI is `urn:detour:problem:<slug>`. */
export type ProblemSlug =
  | 'invalid-request'
  | 'malformed-json'
  | 'not-found'
  | 'unknown-show'
  | 'unknown-venue'
  | 'unknown-network'
  | 'method-not-allowed'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'unauthorized'
  | 'forbidden-source'
  | 'forbidden'
  | 'conflict'
  | 'invalid-policy'
  | 'not-acceptable'
  | 'unavailable'
  | 'too-many-requests'
  | 'wrong-format'
  | 'empty-feed'
  | 'mass-cancellation'
  | 'import-too-large'
  | 'internal';

const TITLES: Record<number, string> = {
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

/** The reason phrase of a status, or a generic one. */
export function statusTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

/**
 * A typed error that the HTTP layer turns into one `application/problem+json` response. Thrown by
 * routes and middleware; never carries a stack trace to the client.
 */
export class HttpProblem extends Error {
  readonly status: number;
  readonly slug: ProblemSlug;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  /** Members of this problem type beyond the standard ones (RFC 9457 §3.2), e.g. `wouldCancel`. */
  readonly extensions: Record<string, string | number>;

  constructor(
    status: number,
    slug: ProblemSlug,
    detail?: string,
    options: {
      errors?: FieldError[];
      headers?: Record<string, string>;
      extensions?: Record<string, string | number>;
    } = {},
  ) {
    super(detail ?? statusTitle(status));
    this.name = 'HttpProblem';
    this.status = status;
    this.slug = slug;
    this.detail = detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }

  /** The problem document of this error. */
  toProblem(instance?: string): Problem {
    return {
      type: `urn:detour:problem:${this.slug}`,
      title: statusTitle(this.status),
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
      ...this.extensions,
    };
  }
}

/** A 400 naming the offending fields. */
export function invalidRequest(
  errors: FieldError[],
  detail = 'The request has invalid fields.',
): HttpProblem {
  return new HttpProblem(400, 'invalid-request', detail, { errors });
}

/** A 400 about one field. */
export function invalidField(path: string, message: string): HttpProblem {
  return invalidRequest([{ path, message }]);
}

/** The response of a problem, with the problem media type and no caching. */
export function problemResponse(problem: Problem, headers: Record<string, string> = {}): Response {
  const body = JSON.stringify(problem);
  return new Response(body, {
    status: problem.status,
    headers: {
      'Content-Type': PROBLEM_CONTENT_TYPE,
      'Content-Length': String(Buffer.byteLength(body)),
      'Cache-Control': 'no-store',
      ...headers,
    },
  });
}

/** Zod issues as field errors: "lat", "items.3.position"; body fields are prefixed ("body.items.3.position"). */
export function fieldErrors(
  issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>,
  prefix = '',
): FieldError[] {
  return issues.map((issue) => {
    const path = issue.path.map((p) => String(p)).join('.');
    return { path: [prefix, path].filter(Boolean).join('.') || prefix || '(root)', message: issue.message };
  });
}
