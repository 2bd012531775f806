import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ImportFormat, ImportReport } from '@detour/sdk';
import { ImportFormatSchema } from '@detour/sdk/contract';
import { importFile } from '../catalogue/import.js';
import {
  type FileImport,
  FileRefusedError,
  ImportFilesError,
  importFiles,
} from '../catalogue/import-files.js';
import { ImportParseError } from '../importers/errors.js';
import { WrongFormatError } from '../importers/sniff.js';
import { EmptyFeedError, MassCancellationError } from '../store/errors.js';
import { openStore } from '../store/open.js';
import {
  IMPORT_SEMI_SPACE_MB,
  LARGE_IMPORT_BYTES,
  ParentGoneError,
  relaunchWithYoungGeneration,
  totalBytes,
  watchParent,
} from './young-generation.js';

const HELP = `Usage : detour import <fichier> [<fichier>…] --format FORMAT --source NOM [--source NOM…] [options]

  --format FORMAT    jsonld (schema.org Event, DATAtourisme), festivals (listes du Ministère), csv (colonnes
                     documentées), openagenda (API OpenAgenda v2), openagenda-ods (export Opendatasoft
                     d'OpenAgenda), ics (iCalendar)
  --source NOM       nom de la source (les enregistrements sont identifiés par source + identifiant) ;
                     plusieurs fichiers : un --source par fichier, dans le même ordre
  --rejects FICHIER  écrit les enregistrements refusés (JSON) dans ce fichier
  --data-dir DOSSIER dossier de la base SQLite (défaut : ./data)
  --partial          envoi partiel : ne pas annuler les représentations absentes du fichier
  --now DATE         horloge de l'import (ISO 8601), pour des imports reproductibles
  --dry-run          essai à blanc : le rapport complet, rien n'est écrit
  --confirm-cancel   accepte qu'un envoi complet annule plus de la moitié des représentations à venir

Plusieurs fichiers sont importés dans l'ordre, une transaction chacun ; le fichier suivant est lu pendant
que le précédent s'écrit. Un fichier illisible arrête l'import : ceux d'avant restent importés.

Un fichier qui n'est pas du format annoncé, un envoi complet sans aucun enregistrement lisible, ou un
envoi complet qui annulerait plus de la moitié des représentations à venir de la source (sans
--confirm-cancel) est refusé : rien n'est écrit.

Codes de sortie : 0 tout est importé, 1 des enregistrements ont été refusés, 2 usage ou fichier illisible,
3 fichier refusé (format, envoi vide, annulation massive).
Documentation des formats : docs/importing.md
`;

/** A one-line progress bar on stderr (only when it is a terminal: logs stay clean). */
function progressBar(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = -1;
  return (done, total) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const percent = Math.floor(ratio * 100);
    if (percent === last) return;
    last = percent;
    const width = 30;
    const filled = Math.round(ratio * width);
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(percent).padStart(3)} % (${done}/${total})`,
    );
    if (done >= total) process.stderr.write('\n');
  };
}

/** The end-of-import summary printed on stdout. */
export function formatSummary(report: ImportReport): string {
  const c = (k: 'created' | 'updated' | 'unchanged') =>
    `${report[k].performances} représentations, ${report[k].shows} spectacles, ${report[k].venues} lieux`;
  return [
    `Import « ${report.source} » (${report.format}) : ${report.records} enregistrements lus`,
    `  créés      : ${c('created')}`,
    `  modifiés   : ${c('updated')}`,
    `  inchangés  : ${c('unchanged')}`,
    `  annulés    : ${report.cancelled} représentations`,
    `  ignorés    : ${report.skipped} (hors spectacle vivant)`,
    `  refusés    : ${report.rejected.length}`,
    ...(report.warnings.length > 0
      ? [`  avertis    : ${report.warnings.length} (importés, à corriger à la source)`]
      : []),
    ...(report.merges.length > 0
      ? [`  fusionnés  : ${report.merges.length} spectacles rapprochés d’autres sources`]
      : []),
    '',
  ].join('\n');
}

/** `detour import`: resolves to the exit code. */
export async function run(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    process.stderr.write(`detour import : ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const files = parsed.positionals;
  const sources = (parsed.values.source ?? []).map((v) => v.trim());
  const format = ImportFormatSchema.safeParse(parsed.values.format);
  const problems = [
    ...(files.length > 0 ? [] : ['fichier manquant']),
    ...(format.success
      ? []
      : [
          `--format doit valoir ${ImportFormatSchema.options.join(', ')} (reçu : ${parsed.values.format ?? 'rien'})`,
        ]),
    ...(sources.length === 0 || sources.some((v) => v === '') ? ['--source NOM manquant'] : []),
    ...(files.length > 0 && sources.length > 0 && sources.length !== files.length
      ? [`un --source par fichier (${files.length} fichiers, ${sources.length} sources)`]
      : []),
    ...(parsed.values.now && Number.isNaN(Date.parse(parsed.values.now))
      ? [`--now illisible : ${parsed.values.now}`]
      : []),
  ];
  if (problems.length > 0 || !format.success) {
    process.stderr.write(`detour import : ${problems.join(' ; ')}\n\n${HELP}`);
    return 2;
  }
  if (totalBytes(files) >= LARGE_IMPORT_BYTES) {
    const code = await relaunchWithYoungGeneration(IMPORT_SEMI_SPACE_MB);
    if (code !== null) return code;
  }
  // A relaunched child: aborts, nothing committed, once the command the user sees is gone (even by SIGKILL).
  const parentCheck = watchParent();
  const now = parsed.values.now ? new Date(parsed.values.now).toISOString() : new Date().toISOString();
  const store = await openStore({ dataDir: parsed.values['data-dir'] ?? './data' });
  const complete = !parsed.values.partial;
  const guards = {
    dryRun: parsed.values['dry-run'] ?? false,
    confirmCancel: parsed.values['confirm-cancel'] ?? false,
    ...(parentCheck ? { beforeCommit: parentCheck } : {}),
  };
  let reports: ImportReport[];
  try {
    const bar = progressBar();
    // Progress is reported from inside the transaction: the parent check there stops a long import early.
    const onProgress =
      parentCheck || bar
        ? (done: number, total: number) => {
            parentCheck?.();
            bar?.(done, total);
          }
        : undefined;
    if (files.length === 1) {
      reports = [
        await importFile(store, {
          file: files[0]!,
          format: format.data as ImportFormat,
          source: sources[0]!,
          now,
          complete,
          ...guards,
          ...(onProgress ? { onProgress } : {}),
        }),
      ];
    } else {
      const done = await importFiles(
        store,
        files.map((file, i) => ({
          file,
          format: format.data as ImportFormat,
          source: sources[i]!,
          complete,
        })),
        {
          now,
          ...guards,
          onFile: (r: FileImport) => process.stdout.write(formatSummary(r.report)),
          ...(onProgress ? { onProgress: (_file: number, d: number, t: number) => onProgress(d, t) } : {}),
        },
      );
      reports = done.map((r) => r.report);
    }
  } catch (error) {
    if (error instanceof ParentGoneError) return 143;
    const refusal = refusalMessage(error, files[0]!);
    if (refusal) {
      process.stderr.write(`detour import : ${refusal}\n`);
      return 3;
    }
    if (error instanceof ImportFilesError) {
      process.stderr.write(
        `detour import : ${error.file} n'a pas pu être lu (${error.cause instanceof Error ? error.cause.message : error.message}) ; ` +
          `ni lui ni les fichiers suivants n'ont été importés` +
          (error.imported.length > 0 ? ` (${error.imported.length} importés avant lui).\n` : '.\n'),
      );
      return 2;
    }
    if (error instanceof ImportParseError) {
      process.stderr.write(
        `detour import : ${files[0]} n'a pas pu être lu (${error.message}) ; rien n'a été importé.\n`,
      );
      return 2;
    }
    throw error;
  } finally {
    await store.close();
  }
  if (files.length === 1) process.stdout.write(formatSummary(reports[0]!));
  if (guards.dryRun) process.stdout.write("Essai à blanc (--dry-run) : rien n'a été écrit.\n");
  const rejected = reports.flatMap((r) => r.rejected);
  if (parsed.values.rejects) {
    // One file: its refusals; several: each file's, with its source.
    const body =
      files.length === 1
        ? reports[0]!.rejected
        : reports.map((r, i) => ({ file: files[i], source: r.source, rejected: r.rejected }));
    await writeFile(parsed.values.rejects, `${JSON.stringify(body, null, 2)}\n`);
    process.stdout.write(`Refus écrits dans ${parsed.values.rejects}\n`);
  } else if (rejected.length > 0) {
    for (const r of reports) {
      for (const x of r.rejected.slice(0, 5))
        process.stderr.write(
          `  refusé${files.length > 1 ? ` (${r.source})` : ''} #${x.index} ${x.path} : ${x.reason}\n`,
        );
      if (r.rejected.length > 5)
        process.stderr.write(`  … et ${r.rejected.length - 5} autres (--rejects FICHIER pour tout voir)\n`);
    }
  }
  // Warnings do not change the exit code: the records were imported (a time put in Paris time…).
  for (const r of reports) {
    for (const w of r.warnings.slice(0, 5))
      process.stderr.write(
        `  averti${files.length > 1 ? ` (${r.source})` : ''} #${w.index} : ${w.message}\n`,
      );
    if (r.warnings.length > 5)
      process.stderr.write(`  … et ${r.warnings.length - 5} autres avertissements\n`);
  }
  return rejected.length > 0 ? 1 : 0;
}

/**
 * The message of a refused feed (not its declared format, an empty full feed, a mass cancellation), in the
 * words the API uses, or null for another error.
 */
export function refusalMessage(error: unknown, file: string): string | null {
  let cause = error;
  let where = file;
  let before = 0;
  if (error instanceof FileRefusedError) {
    cause = error.cause;
    where = error.file;
    before = error.imported.length;
  }
  if (
    !(
      cause instanceof WrongFormatError ||
      cause instanceof EmptyFeedError ||
      cause instanceof MassCancellationError
    )
  )
    return null;
  const hint = cause instanceof MassCancellationError ? ' (--confirm-cancel)' : '';
  return (
    `${where} refusé : ${cause.message.replace(/`format=([a-z-]+)`/, '`--format $1`')}${hint} ; ` +
    (before > 0
      ? `ni lui ni les fichiers suivants n'ont été importés (${before} importés avant lui).`
      : "rien n'a été importé.")
  );
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      source: { type: 'string', multiple: true },
      rejects: { type: 'string' },
      'data-dir': { type: 'string' },
      partial: { type: 'boolean' },
      now: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'confirm-cancel': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
