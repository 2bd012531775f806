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
}

/** Where the token lives: this tab's sessionStorage only (gone when the tab closes; never a cookie). */
export const TOKEN_KEY = 'detour.editorToken';

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

/** Calls the editor API with `Authorization: Bearer <token>`; problem documents become ApiError. */
export function createApi(token: string, onUnauthorized: () => void): Api {
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
      if (res.status === 401) onUnauthorized();
      throw new ApiError(res.status, (data as Problem | null) ?? null);
    }
    return data as T;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
  };
}
