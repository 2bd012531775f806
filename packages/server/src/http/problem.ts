import {
  type FieldError,
  fieldErrors as issuesToFieldErrors,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_DETAILS,
  type Problem,
  type ProblemSlug,
  problemDocument,
  problemTitle,
} from '@detour/sdk/contract';

/** Short slugs of the problems we serve: the SDK's catalogue (type URIs, statuses, titles) is the one list. */
export type { ProblemSlug } from '@detour/sdk/contract';

/** The reason phrase of a status, or a generic one. */
export const statusTitle = problemTitle;

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
      ...problemDocument(this.slug, {
        status: this.status,
        detail: this.detail,
        instance,
        errors: this.errors,
      }),
      ...this.extensions,
    };
  }
}

/** A 400 naming the offending fields. */
export function invalidRequest(
  errors: FieldError[],
  detail: string = PROBLEM_DETAILS.invalidFields,
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

/** Zod issues as field errors (the SDK's rule, which the mocks share): "lat", "body.items.3.position". */
export const fieldErrors = issuesToFieldErrors;
