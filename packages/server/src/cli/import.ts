import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { ImportFormat, ImportReport } from '@detour/sdk';
import { ImportFormatSchema } from '@detour/sdk/contract';
import { importFile } from '../catalogue/import.js';
import { ImportParseError } from '../importers/errors.js';
import { openStore } from '../store/open.js';

const HELP = `Usage : detour import <fichier> --format jsonld|festivals|csv --source NOM [options]

  --format FORMAT    jsonld (schema.org Event, DATAtourisme), festivals (listes du Ministère), csv (colonnes documentées)
  --source NOM       nom de la source (les enregistrements sont identifiés par source + identifiant)
  --rejects FICHIER  écrit les enregistrements refusés (JSON) dans ce fichier
  --data-dir DOSSIER dossier de la base SQLite (défaut : ./data)
  --partial          envoi partiel : ne pas annuler les représentations absentes du fichier
  --now DATE         horloge de l'import (ISO 8601), pour des imports reproductibles

Codes de sortie : 0 tout est importé, 1 des enregistrements ont été refusés, 2 usage ou fichier illisible.
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
  const file = parsed.positionals[0];
  const format = ImportFormatSchema.safeParse(parsed.values.format);
  const problems = [
    ...(file ? [] : ['fichier manquant']),
    ...(parsed.positionals.length > 1
      ? [`un seul fichier à la fois (reçu : ${parsed.positionals.join(', ')})`]
      : []),
    ...(format.success
      ? []
      : [`--format doit valoir jsonld, festivals ou csv (reçu : ${parsed.values.format ?? 'rien'})`]),
    ...(parsed.values.source?.trim() ? [] : ['--source NOM manquant']),
    ...(parsed.values.now && Number.isNaN(Date.parse(parsed.values.now))
      ? [`--now illisible : ${parsed.values.now}`]
      : []),
  ];
  if (problems.length > 0 || !file || !format.success) {
    process.stderr.write(`detour import : ${problems.join(' ; ')}\n\n${HELP}`);
    return 2;
  }
  const now = parsed.values.now ? new Date(parsed.values.now).toISOString() : new Date().toISOString();
  const store = await openStore({ dataDir: parsed.values['data-dir'] ?? './data' });
  let report: ImportReport;
  try {
    const onProgress = progressBar();
    report = await importFile(store, {
      file,
      format: format.data as ImportFormat,
      source: parsed.values.source!.trim(),
      now,
      complete: !parsed.values.partial,
      ...(onProgress ? { onProgress } : {}),
    });
  } catch (error) {
    if (error instanceof ImportParseError) {
      process.stderr.write(
        `detour import : ${file} n'a pas pu être lu (${error.message}) ; rien n'a été importé.\n`,
      );
      return 2;
    }
    throw error;
  } finally {
    await store.close();
  }
  process.stdout.write(formatSummary(report));
  if (parsed.values.rejects) {
    await writeFile(parsed.values.rejects, `${JSON.stringify(report.rejected, null, 2)}\n`);
    process.stdout.write(`Refus écrits dans ${parsed.values.rejects}\n`);
  } else if (report.rejected.length > 0) {
    for (const r of report.rejected.slice(0, 5))
      process.stderr.write(`  refusé #${r.index} ${r.path} : ${r.reason}\n`);
    if (report.rejected.length > 5)
      process.stderr.write(
        `  … et ${report.rejected.length - 5} autres (--rejects FICHIER pour tout voir)\n`,
      );
  }
  return report.rejected.length > 0 ? 1 : 0;
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      source: { type: 'string' },
      rejects: { type: 'string' },
      'data-dir': { type: 'string' },
      partial: { type: 'boolean' },
      now: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
