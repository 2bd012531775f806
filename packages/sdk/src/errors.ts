import type { FieldError, Problem } from './contract/index.js';

/** What went wrong, from the caller's point of view. */
export type DetourErrorKind = 'http' | 'network' | 'timeout' | 'aborted' | 'invalid-response';

export interface DetourErrorInit {
  kind: DetourErrorKind;
  message: string;
  url: string;
  status?: number | null;
  problem?: Problem | null;
  errors?: FieldError[];
  retryAfterMs?: number | null;
  cause?: unknown;
}

/**
 * The one error type the client throws. For `kind: 'http'` it carries the server's problem details
 * (RFC 9457): status, title, detail and the offending field paths in `errors`.
 */
export class DetourError extends Error {
  override readonly name = 'DetourError';
  readonly kind: DetourErrorKind;
  /** HTTP status, or null when no response arrived. */
  readonly status: number | null;
  readonly title: string;
  readonly detail: string | undefined;
  /** Offending fields ("lat", "body.items.0.position") and what is wrong with each. */
  readonly errors: FieldError[];
  /** The problem document as served, when the server sent one. */
  readonly problem: Problem | null;
  readonly url: string;
  /** How long the server asked us to wait (429/503 Retry-After), in milliseconds. */
  readonly retryAfterMs: number | null;

  constructor(init: DetourErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status ?? null;
    this.problem = init.problem ?? null;
    this.title = this.problem?.title ?? init.message;
    this.detail = this.problem?.detail;
    this.errors = init.errors ?? this.problem?.errors ?? [];
    this.url = init.url;
    this.retryAfterMs = init.retryAfterMs ?? null;
  }
}

/** True for errors thrown by a Détour client (works across bundle copies, unlike `instanceof`). */
export function isDetourError(error: unknown): error is DetourError {
  return (
    error instanceof DetourError ||
    (error instanceof Error && error.name === 'DetourError' && 'kind' in error)
  );
}

/** Reads a problem document leniently, without zod: the fields we rely on, checked by hand. */
export function toProblem(body: unknown, status: number, statusText: string): Problem {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const errors = Array.isArray(b.errors)
    ? b.errors
        .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
        .map((e) => ({ path: String(e.path ?? ''), message: String(e.message ?? '') }))
    : undefined;
  return {
    type: typeof b.type === 'string' ? b.type : 'about:blank',
    title: typeof b.title === 'string' ? b.title : statusText || `HTTP ${status}`,
    status: typeof b.status === 'number' ? b.status : status,
    ...(typeof b.detail === 'string' ? { detail: b.detail } : {}),
    ...(typeof b.instance === 'string' ? { instance: b.instance } : {}),
    ...(errors ? { errors } : {}),
  };
}
