/**
 * The classifier against the hand-labelled gold set (bench/classification/gold.jsonl, see its README).
 * Run: npm run bench:classification   (writes bench/results/classification.md)
 */
import { writeFileSync } from 'node:fs';
import { machineDescription } from '../machine.js';
import { classifyGold, type Scored, score, TARGETS } from './metrics.js';

const scored = classifyGold();
const scores = score(scored);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const mark = (value: number, target: number) => (value >= target ? '✓' : '✗ below target');

const sources = new Map<string, number>();
for (const s of scored) {
  const file = s.gold.ref.slice(0, s.gold.ref.indexOf('#'));
  sources.set(file, (sources.get(file) ?? 0) + 1);
}

const labels = [
  ...new Set([...scores.confusion.keys(), ...[...scores.confusion.values()].flatMap((r) => [...r.keys()])]),
].sort((a, b) => (a === 'non' ? 1 : b === 'non' ? -1 : a.localeCompare(b)));
const cell = (text: string) => text.replace(/\|/g, '\\|');

function line(x: Scored): string {
  const p = x.predicted;
  const said = p.kind === 'performance' ? `${p.discipline} (${p.basis})` : `ignoré (${p.reason})`;
  const labelled = x.gold.performance ? x.gold.discipline : 'pas un spectacle';
  return `| \`${cell(x.gold.ref)}\` | ${cell(x.gold.title)} | ${labelled}${x.gold.note ? ` — ${cell(x.gold.note)}` : ''} | ${cell(said)} |`;
}

const missTable = (title: string, list: readonly Scored[]) => [
  `### ${title} (${list.length})`,
  '',
  ...(list.length === 0
    ? ['None.']
    : ['| record | title | labelled | classifier said |', '|---|---|---|---|', ...list.map(line)]),
  '',
];

const md = [
  '# Classification: is it a live performance, and which discipline',
  '',
  'Command: `npm run bench:classification` (`tsx --conditions=@detour/source bench/classification/run.ts`).',
  '',
  `Machine: ${machineDescription()}`,
  '',
  `The classifier (packages/server/src/importers/classify.ts) on the hand-labelled gold set bench/classification/gold.jsonl: ${scores.total} real records, labelled by reading them (see bench/classification/README.md). Records: ${[...sources].map(([f, n]) => `${f} ${n}`).join(', ')}.`,
  '',
  '| measure | value | target | |',
  '|---|---|---|---|',
  `| « is a performance » precision | ${pct(scores.precision)} (${scores.truePositives} / ${scores.truePositives + scores.falsePositives}) | ≥ ${pct(TARGETS.precision)} | ${mark(scores.precision, TARGETS.precision)} |`,
  `| « is a performance » recall | ${pct(scores.recall)} (${scores.truePositives} / ${scores.truePositives + scores.falseNegatives}) | ≥ ${pct(TARGETS.recall)} | ${mark(scores.recall, TARGETS.recall)} |`,
  `| discipline accuracy (labelled and predicted performances) | ${pct(scores.disciplineAccuracy)} (${scores.disciplineCorrect} / ${scores.bothPerformances}) | ≥ ${pct(TARGETS.disciplineAccuracy)} | ${mark(scores.disciplineAccuracy, TARGETS.disciplineAccuracy)} |`,
  '',
  `Labelled performances: ${scores.truePositives + scores.falseNegatives}; labelled non-performances: ${scores.trueNegatives + scores.falsePositives}.`,
  '',
  '## Confusion matrix',
  '',
  'Rows: the label read; columns: what the classifier said (« non »: not a live performance, skipped).',
  '',
  `| label \\ said | ${labels.join(' | ')} |`,
  `|---|${labels.map(() => '---:').join('|')}|`,
  ...labels
    .filter((l) => scores.confusion.has(l))
    .map(
      (row) =>
        `| **${row}** | ${labels.map((col) => scores.confusion.get(row)?.get(col) ?? '·').join(' | ')} |`,
    ),
  '',
  '## Every miss',
  '',
  ...missTable('Kept as a performance, labelled not one (false positives)', scores.falsePositiveList),
  ...missTable('Skipped, labelled a performance (false negatives)', scores.falseNegativeList),
  ...missTable('Wrong discipline', scores.wrongDisciplineList),
];

writeFileSync(new URL('../results/classification.md', import.meta.url), `${md.join('\n')}\n`);
console.log(
  `precision ${pct(scores.precision)}, recall ${pct(scores.recall)}, discipline accuracy ${pct(scores.disciplineAccuracy)} → bench/results/classification.md`,
);
