import type { ImportBatch, ImportedPerformance, ImportedShow, ImportedVenue } from '../../catalogue/batch.js';

/** Small builders of import records for tests: every field filled with plausible values, overridable. */

export function venue(sourceId: string, over: Partial<ImportedVenue> = {}): ImportedVenue {
  return {
    sourceId,
    name: `Théâtre ${sourceId}`,
    // One address per venue: two venues at one street address close together are one venue.
    address: `1 rue du Théâtre ${sourceId}`,
    town: 'Tours',
    postcode: '37000',
    inseeCode: '37261',
    location: { lat: 47.394, lon: 0.689 },
    capacity: 350,
    sizeClass: null,
    type: 'theatre',
    accessibility: ['moteur'],
    url: 'https://example.org/lieu',
    ...over,
  };
}

export function show(sourceId: string, over: Partial<ImportedShow> = {}): ImportedShow {
  return {
    sourceId,
    title: `Spectacle ${sourceId}`,
    creators: [`Compagnie ${sourceId}`],
    discipline: 'theatre',
    subDiscipline: null,
    audience: { kind: 'tout-public', minAge: null, maxAge: null },
    tags: [],
    description: null,
    image: null,
    language: 'fr',
    ...over,
  };
}

export function performance(
  sourceId: string,
  showSourceId: string,
  venueSourceId: string,
  over: Partial<ImportedPerformance> = {},
): ImportedPerformance {
  return {
    sourceId,
    showSourceId,
    venueSourceId,
    start: '2026-12-03T20:30:00+01:00',
    end: null,
    price: { min: 12, max: 22, free: false, currency: 'EUR' },
    url: 'https://example.org/billets',
    status: 'scheduled',
    ...over,
  };
}

export function batch(source: string, over: Partial<ImportBatch> = {}): ImportBatch {
  const b: ImportBatch = {
    source,
    format: 'jsonld',
    records: 0,
    venues: [],
    shows: [],
    performances: [],
    rejected: [],
    skipped: 0,
    skips: [],
    complete: true,
    ...over,
  };
  if (over.records === undefined) b.records = b.performances.length;
  return b;
}

/**
 * A large deterministic batch: `venues` venues spread over France, `shows` shows, `performances`
 * performances one day apart per show. Used by crash and capacity tests.
 */
export function syntheticBatch(
  source: string,
  size: { venues: number; shows: number; performances: number },
): ImportBatch {
  const disciplines = ['theatre', 'danse', 'cirque', 'musique', 'marionnettes', 'humour'] as const;
  const venues: ImportedVenue[] = [];
  for (let i = 0; i < size.venues; i++) {
    venues.push(
      venue(`v${i}`, {
        name: `Salle ${i}`,
        town: `Commune ${i % 500}`,
        postcode: null,
        inseeCode: String(10000 + (i % 80000)).padStart(5, '0'),
        location: { lat: 43 + (i % 100) * 0.07, lon: -1 + (i % 97) * 0.08 },
        capacity: 50 + ((i * 37) % 2000),
      }),
    );
  }
  const shows: ImportedShow[] = [];
  for (let i = 0; i < size.shows; i++) {
    shows.push(
      show(`s${i}`, {
        title: `Création numéro ${i}`,
        creators: [`Compagnie ${i}`],
        discipline: disciplines[i % disciplines.length],
        tags: [`tag${i % 7}`],
      }),
    );
  }
  const performances: ImportedPerformance[] = [];
  const base = Date.parse('2026-12-01T19:00:00Z');
  for (let i = 0; i < size.performances; i++) {
    const start = new Date(base + (i % 365) * 86_400_000 + (i % 3) * 3_600_000).toISOString();
    performances.push(
      performance(`p${i}`, `s${i % size.shows}`, `v${(i * 7) % size.venues}`, {
        start,
        price: { min: i % 5 === 0 ? 0 : 5 + (i % 40), max: null, free: i % 5 === 0, currency: 'EUR' },
      }),
    );
  }
  return batch(source, { venues, shows, performances, records: performances.length });
}
