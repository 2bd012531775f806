import { FACETS, type Facet, type PolicySettings, type PreviewPool } from '@detour/sdk';
import { FACET_INFO, frPercent } from './fields.js';

export interface TargetNote {
  facet: Facet;
  text: string;
}

/**
 * Why a target cannot move the lists at this place, read from what the area actually offers (the
 * preview's pool): the engine renormalises targets over the values present and ignores a facet with a
 * single value present, so a target on an absent value — or on a facet where everything is alike — changes
 * nothing. One note per steered facet with targets, none when every target can be met.
 */
export function targetNotes(settings: PolicySettings, pool: PreviewPool, place: string): TargetNote[] {
  const notes: TargetNote[] = [];
  const where = `près de ${place} (jusqu’à ${pool.radiusKm.toLocaleString('fr-FR')} km, ${pool.days} prochains jours)`;
  if (pool.performances === 0) {
    return [
      {
        facet: 'discipline',
        text: `Aucune représentation ${where} : aucun réglage ne peut changer les listes ici.`,
      },
    ];
  }
  for (const facet of FACETS) {
    const { weight, targets } = settings.facets[facet];
    const targeted = Object.entries(targets).filter(([, share]) => share > 0);
    if (weight === 0 || targeted.length === 0) continue;
    const rows = pool.facets[facet];
    const present = rows.filter((r) => r.performances > 0);
    const info = FACET_INFO[facet];
    const label = (value: string) => info.values[value]?.fr ?? value;
    if (present.length === 1) {
      notes.push({
        facet,
        text: `${info.label} : ${everyOne(facet, present[0]!.label)} ${where}. Les parts cibles de cette rubrique ne peuvent rien changer aux listes.`,
      });
      continue;
    }
    const missing = targeted.filter(([value]) => !present.some((r) => r.value === value));
    if (missing.length === 0) continue;
    const list = missing
      .map(([value, share]) => `« ${label(value)} » (cible ${frPercent(share)})`)
      .join(', ');
    notes.push({
      facet,
      text: `${info.label} : ${noneOf(facet)} ${list} ${where}. ${missing.length > 1 ? 'Ces parts ne peuvent' : 'Cette part ne peut'} pas être atteinte${missing.length > 1 ? 's' : ''} ; les autres se partagent la place.`,
    });
  }
  return notes;
}

/** "every venue is declared « Lieu moyen »", worded for the facet. */
function everyOne(facet: Facet, value: string): string {
  if (facet === 'sizeClass') return `tous les lieux qui programment sont déclarés « ${value} »`;
  if (facet === 'discipline') return `toutes les représentations sont en « ${value} »`;
  if (facet === 'priceBand') return `toutes les représentations sont au prix « ${value} »`;
  return `toutes les représentations sont « ${value} »`;
}

/** "no venue declared", worded for the facet. */
function noneOf(facet: Facet): string {
  if (facet === 'sizeClass') return 'aucun lieu déclaré';
  if (facet === 'discipline') return 'aucune représentation en';
  if (facet === 'priceBand') return 'aucune représentation au prix';
  return 'aucune représentation';
}
