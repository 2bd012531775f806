import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { openStore } from '../store/open.js';
import type { EditorRole } from '../store/store.js';

const HELP = `Usage : detour editor-token create --name NOM --role viewer|editor [--data-dir DOSSIER]
        detour editor-token revoke ID [--data-dir DOSSIER]

  create   crée un jeton pour la console éditoriale (/editor) et l'affiche UNE seule fois :
           seul son condensé est gardé, il ne pourra plus être relu.
           --role viewer : consulter et prévisualiser ; editor : aussi publier et restaurer.
  revoke   révoque le jeton ID (affiché à la création) : il ne permet plus de se connecter.

  --data-dir DOSSIER dossier de la base embarquée (défaut : DETOUR_DATA_DIR ou ./data)

Codes de sortie : 0 fait, 1 jeton inconnu ou déjà révoqué, 2 usage.
`;

const ROLES: readonly EditorRole[] = ['viewer', 'editor'];

/** `detour editor-token create|revoke`: resolves to the exit code. */
export async function run(args: string[]): Promise<number> {
  let parsed: {
    values: { name?: string; role?: string; 'data-dir'?: string; help?: boolean };
    positionals: string[];
  };
  try {
    parsed = parseArgs({
      args,
      options: {
        name: { type: 'string' },
        role: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const [action, ...rest] = positionals;
  let dataDir: string;
  let databaseUrl: string | null;
  try {
    const config = loadConfig({
      ...process.env,
      ...(values['data-dir'] !== undefined ? { DETOUR_DATA_DIR: values['data-dir'] } : {}),
    });
    dataDir = config.dataDir;
    databaseUrl = config.databaseUrl;
  } catch (error) {
    if (error instanceof ConfigError) return usage(error.message);
    throw error;
  }
  const now = new Date().toISOString();

  if (action === 'create') {
    const name = values.name?.trim();
    const role = values.role as EditorRole | undefined;
    const problems = [
      ...(name ? [] : ['--name manquant (le nom affiché dans l’historique des versions)']),
      ...(name && name.length > 100 ? ['--name : 100 caractères au plus'] : []),
      ...(role && ROLES.includes(role) ? [] : ['--role doit valoir viewer ou editor']),
      ...(rest.length > 0 ? [`argument inattendu : ${rest.join(' ')}`] : []),
    ];
    if (problems.length > 0) return usage(problems.join('\n'));
    const store = await openStore({ dataDir, databaseUrl });
    try {
      const token = await store.createEditorToken(name!, role!, now);
      process.stdout.write(
        `Jeton créé pour « ${name} » (rôle ${role}), identifiant ${token.id}.\n` +
          'Le voici ; il ne sera plus jamais affiché, transmettez-le par un canal sûr :\n\n' +
          `${token.secret}\n\n` +
          `Pour le révoquer : detour editor-token revoke ${token.id}\n`,
      );
      return 0;
    } finally {
      await store.close();
    }
  }

  if (action === 'revoke') {
    const id = rest[0];
    if (!id || rest.length > 1) return usage('revoke attend un seul identifiant de jeton');
    const store = await openStore({ dataDir, databaseUrl });
    try {
      if (await store.revokeEditorToken(id, now)) {
        process.stdout.write(`Jeton ${id} révoqué.\n`);
        return 0;
      }
      process.stderr.write(`detour editor-token : aucun jeton actif n’a l’identifiant ${id}\n`);
      return 1;
    } finally {
      await store.close();
    }
  }

  return usage(action ? `action inconnue « ${action} »` : 'action manquante (create ou revoke)');
}

function usage(message: string): number {
  process.stderr.write(`detour editor-token : ${message}\n\n${HELP}`);
  return 2;
}
