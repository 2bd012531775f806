import type { EditorRoleName } from '@detour/sdk';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppDeps, AppEnv } from '../context.js';
import { HttpProblem } from '../problem.js';

export interface Editor {
  id: string;
  name: string;
  role: EditorRoleName;
}

const RANK: Record<EditorRoleName, number> = { viewer: 1, editor: 2 };
const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="detour-editor"' };

/**
 * The editor behind `Authorization: Bearer <token>`: 401 when the token is missing (`unauthorized`),
 * never issued or mistyped (`unknown-token`) or revoked (`revoked-token`, so the console can say it
 * stopped working rather than blame the typing); 403 when its role is below `needed`. The token is only hashed and compared by the store: it is never
 * logged, echoed or kept.
 */
export async function requireEditor(
  c: Context<AppEnv>,
  deps: AppDeps,
  needed: EditorRoleName,
): Promise<Editor> {
  const editor = (c.get('editor') as Editor | undefined) ?? (await authenticate(c, deps));
  c.set('editor', editor);
  if (RANK[editor.role] < RANK[needed]) {
    throw new HttpProblem(
      403,
      'forbidden',
      'Ce jeton permet de consulter, pas de publier : il faut le rôle « editor ».',
      {
        errors: [
          { path: 'header.authorization', message: `role ${editor.role} may not do this (needs ${needed})` },
        ],
      },
    );
  }
  return editor;
}

/**
 * Middleware of the editor API: the same check as requireEditor, made before the route reads or
 * validates the body, so that an anonymous request learns nothing about what a valid body is (401, not 400).
 */
export function editorAuth(deps: AppDeps, needed: EditorRoleName): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await requireEditor(c, deps, needed);
    await next();
  };
}

async function authenticate(c: Context<AppEnv>, deps: AppDeps): Promise<Editor> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  if (!match) {
    throw new HttpProblem(
      401,
      'unauthorized',
      'Connectez-vous avec un jeton d’éditeur (Authorization: Bearer).',
      {
        errors: [{ path: 'header.authorization', message: 'missing bearer editor token' }],
        headers: CHALLENGE,
      },
    );
  }
  const secret = match[1]!;
  const editor = await deps.state.store.verifyEditorToken(secret);
  if (!editor) {
    // Only whoever holds the secret learns that it was revoked: a guess or a typo matches no row.
    const revokedAt = await deps.state.store.editorTokenRevokedAt(secret);
    if (revokedAt) {
      throw new HttpProblem(
        401,
        'revoked-token',
        'Ce jeton d’éditeur a été révoqué : il ne permet plus de se connecter. Demandez-en un nouveau.',
        {
          errors: [{ path: 'header.authorization', message: `editor token revoked at ${revokedAt}` }],
          headers: CHALLENGE,
        },
      );
    }
    throw new HttpProblem(
      401,
      'unknown-token',
      'Ce jeton d’éditeur n’est pas reconnu : vérifiez qu’il a été copié en entier, sans espace.',
      {
        errors: [{ path: 'header.authorization', message: 'unknown editor token' }],
        headers: CHALLENGE,
      },
    );
  }
  return editor;
}
