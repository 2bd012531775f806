import { readFileSync } from 'node:fs';
import type { EventSignals } from '../../packages/server/src/importers/classify.js';
import {
  openAgendaOdsSignals,
  openAgendaSignals,
  queFaireSignals,
} from '../../packages/server/src/importers/classify-signals.js';
import { nodeSignals } from '../../packages/server/src/importers/jsonld.js';
import { SHARED_DATA_DIR } from '../../packages/server/src/importers/test-data.js';

/**
 * The real records the gold set refers to, read from ../shared/data (the payloads stay there: the fixtures'
 * licences are for tests only). Each record gets a stable reference `file#key` (key: the producer's id when it
 * has one) and the signals the classifier reads.
 */

export interface SourceRecord {
  /** `<file>#<id>`: what gold.jsonl refers to. */
  ref: string;
  file: string;
  index: number;
  signals: EventSignals;
}

type Rec = Record<string, unknown>;

export const GOLD_FILES = {
  datatourisme: 'datatourisme-centre-val-de-loire-events-2020.jsonld',
  datatourismeSingle: 'fixtures/datatourisme-single-event.json',
  openagenda: 'fixtures/openagenda-v2-events-119.json',
  ods: 'fixtures/openagenda-ods-evenements-publics-100.json',
  paris: 'fixtures/que-faire-a-paris-sample-2020.json',
} as const;

const read = (file: string): unknown => JSON.parse(readFileSync(`${SHARED_DATA_DIR}${file}`, 'utf8'));

function isEventNode(n: Rec): boolean {
  const types = ([] as unknown[]).concat(n['@type'] ?? []);
  return types.some((t) => typeof t === 'string' && /Event$|Festival|Concert/.test(t));
}

/** Every record of the gold files, in file order. */
export function loadSourceRecords(): SourceRecord[] {
  const out: SourceRecord[] = [];
  const dt = read(GOLD_FILES.datatourisme) as Rec[];
  dt.forEach((n, i) => {
    out.push({
      ref: `${GOLD_FILES.datatourisme}#${i}`,
      file: GOLD_FILES.datatourisme,
      index: i,
      signals: nodeSignals(n),
    });
  });
  const single = read(GOLD_FILES.datatourismeSingle) as Rec;
  const nodes = (Array.isArray(single['@graph']) ? single['@graph'] : [single]) as Rec[];
  nodes.forEach((n, i) => {
    if (isEventNode(n))
      out.push({
        ref: `${GOLD_FILES.datatourismeSingle}#${i}`,
        file: GOLD_FILES.datatourismeSingle,
        index: i,
        signals: nodeSignals(n),
      });
  });
  const oa = read(GOLD_FILES.openagenda) as Rec[];
  oa.forEach((e, i) => {
    out.push({
      ref: `${GOLD_FILES.openagenda}#${e.uid}`,
      file: GOLD_FILES.openagenda,
      index: i,
      signals: openAgendaSignals(e),
    });
  });
  const ods = (read(GOLD_FILES.ods) as { results: Rec[] }).results;
  ods.forEach((r, i) => {
    out.push({
      ref: `${GOLD_FILES.ods}#${r.uid}`,
      file: GOLD_FILES.ods,
      index: i,
      signals: openAgendaOdsSignals(r),
    });
  });
  const paris = (read(GOLD_FILES.paris) as { records: Array<{ fields: Rec }> }).records;
  paris.forEach((r, i) => {
    out.push({
      ref: `${GOLD_FILES.paris}#${r.fields.id}`,
      file: GOLD_FILES.paris,
      index: i,
      signals: queFaireSignals(r.fields),
    });
  });
  return out;
}
