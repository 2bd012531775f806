import data from './towns.json';

export interface Town {
  name: string;
  lat: number;
  lon: number;
}

/** Towns of the picker (commune centroids from the Ministère de la Culture's open data). */
export const TOWNS: Town[] = data.towns;

/** The town of that name, accents and case ignored. */
export function findTown(name: string): Town | undefined {
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return TOWNS.find((t) => fold(t.name) === fold(name));
}
