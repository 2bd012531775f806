import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { parseWorkers, runCluster } from '../cluster.js';
import { ConfigError, loadConfig, type ServerConfig } from '../config.js';
import { loadSecurityConfig } from '../http/security/index.js';
import { startServer } from '../http/server.js';

const HELP = `Usage : detour serve [--demo] [--port N] [--host H] [--data-dir DOSSIER] [--workers N|auto]

  --demo             construit le catalogue de démonstration au premier lancement (base vide)
  --port N           port HTTP (défaut : PORT ou 8787 ; 0 = un port libre)
  --host H           interface d'écoute (défaut : HOST ou 127.0.0.1)
  --data-dir DOSSIER dossier de la base embarquée (défaut : DETOUR_DATA_DIR ou ./data)
  --workers N|auto   processus serveurs partageant le port (défaut : 1 ; auto = un par cœur)

Variables d'environnement : PORT, HOST, DETOUR_DATA_DIR, DATABASE_URL, DETOUR_NETWORK,
DETOUR_CORS_ORIGINS, DETOUR_LOG. SIGTERM ou Ctrl-C : termine les requêtes en cours puis ferme la base.
`;

/** `detour serve`: runs the server until SIGTERM/SIGINT, then drains and resolves to 0. */
export async function run(args: string[]): Promise<number> {
  let values: {
    demo?: boolean;
    port?: string;
    host?: string;
    'data-dir'?: string;
    workers?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        demo: { type: 'boolean' },
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        workers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`detour serve : ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  let config: ServerConfig;
  try {
    config = loadConfig({
      ...process.env,
      ...(values.port !== undefined ? { PORT: values.port } : {}),
      ...(values.host !== undefined ? { HOST: values.host } : {}),
      ...(values['data-dir'] !== undefined ? { DETOUR_DATA_DIR: values['data-dir'] } : {}),
    });
    // The protection settings too, before any database is opened (the server reads them again itself).
    loadSecurityConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`detour serve : ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  let workers: number;
  try {
    workers = parseWorkers(values.workers);
  } catch (error) {
    process.stderr.write(`detour serve : ${(error as Error).message}\n`);
    return 2;
  }
  if (cluster.isWorker) return runCluster(config, { workers, demo: values.demo ?? false });
  if (values.demo)
    process.stderr.write(
      'Catalogue de démonstration : construit au premier lancement (quelques secondes)…\n',
    );
  const banner = (url: string, suffix = '') =>
    process.stdout.write(
      `\nDétour écoute sur ${url}${suffix}\n` +
        `  page de lieu    ${url}/          (démo du widget)\n` +
        `  accueil démo    ${url}/demo\n` +
        `  application     ${url}/app/\n` +
        `  console         ${url}/editor\n` +
        `  référence API   ${url}/docs\n` +
        `  exemple         ${url}/v1/recommendations?lat=47.39&lon=0.69\n` +
        'Ctrl-C pour arrêter.\n',
    );
  if (workers > 1) {
    return runCluster(config, {
      workers,
      demo: values.demo ?? false,
      onListening: (url) => banner(url, ` (${workers} workers)`),
    });
  }
  const server = await startServer(config, { demo: values.demo ?? false });
  banner(server.url);
  return new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.stderr.write(`\n${signal} reçu : fin des requêtes en cours…\n`);
      server.close().then(
        () => resolve(0),
        (error: unknown) => {
          process.stderr.write(`detour serve : ${(error as Error).message}\n`);
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
