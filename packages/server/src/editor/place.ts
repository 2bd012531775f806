import type { Town } from '@detour/sdk';

/** What the town field suggests and shows once a town is chosen: « Tours (33 lieux) ». */
export const townLabel = (t: Town) => `${t.name} (${t.venues} lieu${t.venues > 1 ? 'x' : ''})`;

const fold = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ');

/**
 * The name to search for in what the field holds: a chosen suggestion carries its venue count
 * (« Tours (33 lieux) »), which no town name contains, so it is dropped before searching.
 */
export function townQuery(text: string): string {
  return text.replace(/\s*\(\d+\s+lieux?\)\s*$/, '').trim();
}

/**
 * The town the field names: a suggestion's exact label, or a town's exact name (case and accents
 * ignored); null when the text names no town of the list.
 */
export function matchTown(text: string, towns: readonly Town[]): Town | null {
  const wanted = fold(text);
  if (!wanted) return null;
  return (
    towns.find((t) => fold(townLabel(t)) === wanted) ??
    towns.find((t) => fold(t.name) === fold(townQuery(text))) ??
    null
  );
}

/** Why the preview cannot run at the place in the field (null: it can). */
export function placeProblem(
  mode: 'town' | 'point',
  state: { text: string; town: Town | null; suggestions: number | null; lat: string; lon: string },
): string | null {
  if (mode === 'point') {
    const lat = Number.parseFloat(state.lat);
    const lon = Number.parseFloat(state.lon);
    if (!Number.isFinite(lat) || lat < -90 || lat > 90)
      return 'la latitude doit être un nombre entre -90 et 90.';
    if (!Number.isFinite(lon) || lon < -180 || lon > 180)
      return 'la longitude doit être un nombre entre -180 et 180.';
    return null;
  }
  if (state.town) return null;
  const name = townQuery(state.text);
  if (!name) return 'aucune ville n’est choisie : tapez le début d’un nom et choisissez une ville proposée.';
  if (state.suggestions === 0) return `aucune ville du catalogue ne correspond à « ${name} ».`;
  return `« ${name} » n’est pas encore une ville choisie : choisissez-la dans les suggestions.`;
}

/** Why the radius cannot be used (null: it can). */
export function radiusProblem(radius: string): string | null {
  const km = Number(radius);
  return radius.trim() !== '' && km >= 1 && km <= 200
    ? null
    : 'le rayon doit être compris entre 1 et 200 km.';
}
