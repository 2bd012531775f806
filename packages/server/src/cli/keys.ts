import { parseArgs } from 'node:util';
import { ImportQuerySchema } from '@detour/sdk/contract';
import { openStore } from '../store/open.js';

const HELP = `Usage : detour keys <create|revoke|list> [options]

  detour keys create --source NOM [--source NOM2…] --label LIBELLÉ
      crée une clé d'API de partenaire liée à ces sources ; le secret est affiché une seule fois
      (seule son empreinte est enregistrée)
  detour keys revoke ID
      révoque la clé (elle est refusée dès la requête suivante)
  detour keys list
      liste les clés : identifiant, libellé, sources, création, révocation (jamais le secret)

  --data-dir DOSSIER   dossier de la base embarquée (défaut : DETOUR_DATA_DIR ou ./data)
  --now DATE           horloge (ISO 8601), pour des essais reproductibles

Une clé ne peut créer, modifier ou annuler que les enregistrements de ses propres sources
(POST /v1/imports?source=NOM ; une autre source : 403).
`;

/** A source name exactly as `POST /v1/imports?source=` accepts it (a key for another name could never be used). */
const isSourceName = (s: string) => ImportQuerySchema.shape.source.safeParse(s).success;

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      source: { type: 'string', multiple: true },
      label: { type: 'string' },
      'data-dir': { type: 'string' },
      now: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** `detour keys`: creates, revokes or lists partner API keys; resolves to the exit code. */
export async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    process.stderr.write(`detour keys : ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const [action, ...rest] = positionals;
  const fail = (message: string) => {
    process.stderr.write(`detour keys : ${message}\n\n${HELP}`);
    return 2;
  };
  if (values.now && Number.isNaN(Date.parse(values.now))) return fail(`--now illisible : ${values.now}`);
  const now = values.now ? new Date(values.now).toISOString() : new Date().toISOString();
  const dataDir = values['data-dir'] ?? process.env.DETOUR_DATA_DIR?.trim() ?? './data';

  if (action === 'create') {
    const sources = [...new Set((values.source ?? []).map((s) => s.trim()))];
    const label = values.label?.trim() ?? '';
    if (sources.length === 0) return fail('--source NOM manquant (au moins une source)');
    const bad = sources.filter((s) => !isSourceName(s));
    if (bad.length > 0)
      return fail(
        `nom de source invalide : ${bad.join(', ')} (minuscules, chiffres, . _ -, au plus 100 caractères, comme POST /v1/imports?source=)`,
      );
    if (!label) return fail('--label LIBELLÉ manquant (à qui est cette clé ?)');
    if (rest.length > 0) return fail(`argument inattendu : ${rest.join(' ')}`);
    const store = await openStore({ dataDir });
    try {
      const key = await store.createApiKey(label, sources, now);
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ id: key.id, secret: key.secret, label, sources })}\n`);
      } else {
        process.stdout.write(
          `Clé créée : ${key.id} (« ${label} », sources : ${sources.join(', ')})\n` +
            `Secret (affiché une seule fois, à transmettre au partenaire) :\n${key.secret}\n` +
            'Usage : Authorization: Bearer <secret> sur POST /v1/imports\n',
        );
      }
      return 0;
    } finally {
      await store.close();
    }
  }

  if (action === 'revoke') {
    const id = rest[0];
    if (!id || rest.length > 1) return fail('detour keys revoke ID (un identifiant)');
    const store = await openStore({ dataDir });
    try {
      const revoked = await store.revokeApiKey(id, now);
      if (!revoked) {
        process.stderr.write(`detour keys : aucune clé active « ${id} »\n`);
        return 1;
      }
      process.stdout.write(`Clé ${id} révoquée.\n`);
      return 0;
    } finally {
      await store.close();
    }
  }

  if (action === 'list') {
    if (rest.length > 0) return fail(`argument inattendu : ${rest.join(' ')}`);
    const store = await openStore({ dataDir });
    try {
      const keys = await store.listApiKeys();
      if (values.json) {
        process.stdout.write(`${JSON.stringify(keys)}\n`);
        return 0;
      }
      if (keys.length === 0) {
        process.stdout.write('Aucune clé.\n');
        return 0;
      }
      for (const k of keys) {
        const state = k.revokedAt ? `révoquée le ${k.revokedAt}` : 'active';
        process.stdout.write(
          `${k.id}  ${k.label}  sources : ${k.sources.join(', ')}  créée le ${k.createdAt}  ${state}\n`,
        );
      }
      return 0;
    } finally {
      await store.close();
    }
  }

  return fail(action ? `action inconnue « ${action} »` : 'action manquante');
}
