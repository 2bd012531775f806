import type { FieldError, Problem } from '@detour/sdk';

/** A failed API call: its status and, when the server sent one, the problem document. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `Erreur ${status}`);
    this.name = 'ApiError';
  }

  get errors(): FieldError[] {
    return this.problem?.errors ?? [];
  }

  /** The problem's slug (`urn:detour:problem:unknown-token` → `unknown-token`), or null. */
  get slug(): string | null {
    return this.problem?.type.replace(/^urn:detour:problem:/, '') ?? null;
  }
}

/**
 * What the console says when the server refuses the token: a typo is not an ended access, and the
 * person needs to know which it is to act (copy again, or ask for a new token).
 */
export function tokenRefusal(error: ApiError, signedIn: boolean): string {
  if (error.slug === 'revoked-token')
    return 'Ce jeton a été révoqué : il ne permet plus de se connecter. Demandez-en un nouveau à la personne qui administre Détour.';
  if (error.slug === 'unknown-token')
    return signedIn
      ? 'Ce serveur ne reconnaît plus votre jeton (il a pu être recréé) : reconnectez-vous avec celui qui vous a été remis.'
      : 'Ce jeton n’est pas reconnu : vérifiez qu’il a été copié en entier, sans espace (il commence par « dtr_e_ »).';
  return 'Connectez-vous avec votre jeton d’éditeur.';
}

/** Where the token lives: this tab's sessionStorage only (gone when the tab closes; never a cookie). */
export const TOKEN_KEY = 'detour.editorToken';

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

/** Calls the editor API with `Authorization: Bearer <token>`; problem documents become ApiError. */
export function createApi(token: string, onUnauthorized: (error: ApiError) => void): Api {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(path, {
      method,
      headers,
      cache: 'no-store',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!res.ok) {
      const error = new ApiError(res.status, (data as Problem | null) ?? null);
      if (res.status === 401) onUnauthorized(error);
      throw error;
    }
    return data as T;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
  };
}
