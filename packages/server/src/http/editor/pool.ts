import {
  AUDIENCE_IDS,
  AUDIENCES,
  DISCIPLINE_IDS,
  DISCIPLINES,
  type Facet,
  PRICE_BAND_IDS,
  PRICE_BANDS,
  type PreviewPool,
  SIZE_CLASS_IDS,
  SIZE_CLASSES,
} from '@detour/sdk';
import { lowerBound } from '../../engine/exposure.js';
import { distanceKm } from '../../engine/geo.js';
import type { CatalogueIndex } from '../../engine/index.js';

const FACETS: Record<Facet, { ids: readonly string[]; labels: Record<string, { fr: string }> }> = {
  discipline: { ids: DISCIPLINE_IDS, labels: DISCIPLINES },
  sizeClass: { ids: SIZE_CLASS_IDS, labels: SIZE_CLASSES },
  priceBand: { ids: PRICE_BAND_IDS, labels: PRICE_BANDS },
  audience: { ids: AUDIENCE_IDS, labels: AUDIENCES },
};

/**
 * Counts, per value of every facet, the performances within `radiusKm` of the place in the window: what
 * the catalogue gives the engine to meet a target with. The console reads it to say when a target cannot
 * move the lists (every venue near Paris declared « Lieu moyen », so no size target changes anything).
 */
export function previewPool(
  index: CatalogueIndex,
  place: { lat: number; lon: number },
  radiusKm: number,
  window: { from: string; to: string },
): PreviewPool {
  const counts: Record<Facet, number[]> = {
    discipline: new Array<number>(DISCIPLINE_IDS.length).fill(0),
    sizeClass: new Array<number>(SIZE_CLASS_IDS.length).fill(0),
    priceBand: new Array<number>(PRICE_BAND_IDS.length).fill(0),
    audience: new Array<number>(AUDIENCE_IDS.length).fill(0),
  };
  const from = Math.ceil(Date.parse(window.from) / 60_000);
  const to = Math.ceil(Date.parse(window.to) / 60_000);
  let performances = 0;
  for (let v = 0; v < index.snapshot.venues.length; v++) {
    if (distanceKm(place.lat, place.lon, index.venueLat[v]!, index.venueLon[v]!) > radiusKm) continue;
    const end = index.venueOffset[v + 1]!;
    for (let j = lowerBound(index.perfStart, index.venueOffset[v]!, end, from); j < end; j++) {
      if (index.perfStart[j]! >= to) break;
      const s = index.perfShow[j]!;
      counts.discipline[index.showDiscipline[s]!]!++;
      counts.sizeClass[index.venueSize[v]!]!++;
      counts.priceBand[index.perfPriceBand[j]!]!++;
      counts.audience[index.showAudience[s]!]!++;
      performances++;
    }
  }
  const rows = (facet: Facet) =>
    FACETS[facet].ids.map((id, i) => ({
      value: id,
      label: FACETS[facet].labels[id]?.fr ?? id,
      performances: counts[facet][i]!,
    }));
  const days = Math.round((Date.parse(window.to) - Date.parse(window.from)) / 86_400_000);
  return {
    radiusKm,
    days,
    performances,
    facets: {
      discipline: rows('discipline'),
      sizeClass: rows('sizeClass'),
      priceBand: rows('priceBand'),
      audience: rows('audience'),
    },
  };
}
