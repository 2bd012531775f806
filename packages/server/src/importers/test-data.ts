import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared open data folder: `<repo>/../shared/data` (CI clones the repo beside `shared/`). */
export const SHARED_DATA_DIR = fileURLToPath(new URL('../../../../../shared/data/', import.meta.url));

/** Reads one of the shared data files as text (tests only). */
export function sharedDataText(name: string): string {
  return readFileSync(`${SHARED_DATA_DIR}${name}`, 'utf8');
}

export const LIST_FILE = 'festivals-en-france.csv';
export const PANORAMA_FILE = 'panorama-des-festivals.csv';
export const DATATOURISME_FILE = 'datatourisme-centre-val-de-loire-events-2020.jsonld';
export const OPENAGENDA_FILE = 'fixtures/openagenda-v2-events-119.json';
export const OPENAGENDA_ODS_FILE = 'fixtures/openagenda-ods-evenements-publics-100.json';
