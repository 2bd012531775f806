import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sqliteFileIn } from '../store/open.js';
import {
  COPIED_TABLES,
  copySqliteToPostgres,
  SourceDatabaseError,
  TargetNotEmptyError,
} from '../store/postgres/copy-from-sqlite.js';

const HELP = `Usage : detour migrate-to-postgres --database-url URL [--data-dir DOSSIER] [--force]

Copie la base embarquée (DOSSIER/detour.sqlite) dans PostgreSQL : toutes les tables, identifiants
conservés (les liens publics restent valides), séquences repositionnées, en une transaction.

  --database-url URL  base PostgreSQL cible, postgres://… (défaut : DATABASE_URL)
  --data-dir DOSSIER  dossier de la base embarquée (défaut : DETOUR_DATA_DIR ou ./data)
  --force             vide d'abord la base cible si elle contient déjà des données

Codes de sortie : 0 copie faite, 1 base cible non vide (sans --force) ou base source illisible, 2 usage.
Voir docs/deployment.md.
`;

/** `detour migrate-to-postgres`: resolves to the exit code. */
export async function run(args: string[]): Promise<number> {
  let values: { 'database-url'?: string; 'data-dir'?: string; force?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        'database-url': { type: 'string' },
        'data-dir': { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`detour migrate-to-postgres : ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const url = values['database-url'] ?? process.env.DATABASE_URL ?? '';
  if (!/^postgres(ql)?:\/\//.test(url)) {
    process.stderr.write(`detour migrate-to-postgres : --database-url postgres://… requis\n\n${HELP}`);
    return 2;
  }
  const dataDir = values['data-dir'] ?? process.env.DETOUR_DATA_DIR ?? './data';
  const file = sqliteFileIn(dataDir);
  if (!existsSync(file)) {
    process.stderr.write(`detour migrate-to-postgres : pas de base embarquée ${file}\n`);
    return 1;
  }
  const started = performance.now();
  try {
    const report = await copySqliteToPostgres(file, url, {
      force: values.force ?? false,
      onProgress: process.stderr.isTTY
        ? (table, rows) => process.stderr.write(`\r  ${table.padEnd(20)} ${rows} lignes   `)
        : undefined,
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    const lines = COPIED_TABLES.map((t) => `  ${t.padEnd(20)} ${report.rows[t] ?? 0}`);
    process.stdout.write(
      `Base embarquée ${file} copiée dans PostgreSQL en ${Math.round(performance.now() - started)} ms (révision ${report.revision}) :\n${lines.join('\n')}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof TargetNotEmptyError) {
      process.stderr.write(
        `detour migrate-to-postgres : la base cible contient déjà des données (${Object.entries(error.rows)
          .filter(([, n]) => n > 0)
          .map(([t, n]) => `${t} : ${n}`)
          .join(', ')}). Rien n'a été copié ; --force la vide d'abord.\n`,
      );
      return 1;
    }
    if (error instanceof SourceDatabaseError) {
      process.stderr.write(`detour migrate-to-postgres : ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
