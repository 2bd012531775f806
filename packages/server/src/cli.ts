/**
 * The `detour` command line: a dispatcher. Each command lives in src/cli/<name>.ts and exports
 * `run(args): Promise<number>` (the exit code); adding a command is one line in COMMANDS.
 */

interface Command {
  summary: string;
  load: () => Promise<{ run: (args: string[]) => Promise<number> }>;
}

const COMMANDS: Record<string, Command> = {
  'editor-token': {
    summary: 'crée ou révoque un jeton de la console éditoriale',
    load: () => import('./cli/editor-token.js'),
  },
  import: {
    summary: 'importe un fichier (jsonld, festivals, csv) dans le catalogue',
    load: () => import('./cli/import.js'),
  },
  keys: { summary: 'clés d’API des partenaires : create, revoke, list', load: () => import('./cli/keys.js') },
  'migrate-to-postgres': {
    summary: 'copie la base embarquée dans PostgreSQL (voir docs/deployment.md)',
    load: () => import('./cli/migrate-to-postgres.js'),
  },
  serve: {
    summary: 'sert l’API et les pages (--demo : catalogue de démonstration)',
    load: () => import('./cli/serve.js'),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(20)} ${c.summary}`);
  return `Usage : detour <commande> [options]\n\nCommandes :\n${lines.join('\n')}\n\n« detour <commande> --help » détaille les options.\n`;
}

/** Runs the command named by argv[0] and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`detour : commande inconnue « ${name} »\n\n${usage()}`);
    return 2;
  }
  const module = await command.load();
  return module.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `detour : ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
