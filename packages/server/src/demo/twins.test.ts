import { describe, expect, it } from 'vitest';
import { type FestivalsParse, festivalKey, parseFestivalsDetailed } from '../importers/festivals.js';
import { LIST_FILE, PANORAMA_FILE, sharedDataText } from '../importers/test-data.js';
import { pairFestivals } from './twins.js';

/** A parse holding only what pairFestivals reads: join keys and venue towns. */
function parse(festivals: Array<[id: string, name: string, insee: string, town: string]>): FestivalsParse {
  return {
    layout: 'liste',
    seasons: new Map(),
    geocodeFixes: new Map(),
    keys: new Map(festivals.map(([id, name, insee]) => [id, festivalKey(name, insee)])),
    batch: {
      source: 's',
      format: 'festivals',
      records: festivals.length,
      venues: festivals.map(([id, name, insee, town]) => ({
        sourceId: id,
        name,
        address: null,
        town,
        postcode: null,
        inseeCode: insee,
        location: { lat: 45, lon: 5 },
        capacity: null,
        sizeClass: null,
        type: 'festival',
        accessibility: [],
        url: null,
      })),
      shows: [],
      performances: [],
      rejected: [],
      skipped: 0,
      skips: [],
      complete: true,
    },
  };
}

describe('pairFestivals', () => {
  it('pairs the same festival named differently in the two files, in the same commune', () => {
    const panorama = parse([
      ['P1', 'FESTIVAL AVIGNON OFF', '84007', 'AVIGNON'],
      ['P2', 'DOOINIT FESTIVAL', '35238', 'RENNES'],
      ['P3', 'Furies, festival de cirque et de théâtre de rue de Châlons-en-Champagne', '51108', 'CHALONS'],
      ['P4', 'Les Nuits de Fourvière', '69123', 'LYON'],
    ]);
    const list = parse([
      ['L1', 'Festival off avignon', '84007', 'Avignon'],
      ['L2', 'Dooinit', '35238', 'Rennes'],
      ['L3', 'Furies', '51108', 'Châlons-en-Champagne'],
      ['L4', 'Les Nuits de Fourvière', '69123', 'Lyon'],
    ]);
    expect(pairFestivals(panorama, list)).toEqual(
      new Map([
        ['P4', 'L4'],
        ['P1', 'L1'],
        ['P2', 'L2'],
        ['P3', 'L3'],
      ]),
    );
  });

  it('keeps apart festivals of other communes, those sharing only the town or a common word, and ambiguous ones', () => {
    const panorama = parse([
      ['P1', 'Dooinit', '35238', 'RENNES'], // same name, another commune
      ['P2', "FESTIVAL D'ISSOIRE", '63178', 'ISSOIRE'], // only the town's name
      ['P3', 'Festival Flamenco de Toulouse', '31555', 'TOULOUSE'], // two list festivals fit
      ['P4', 'LES NUITS CARREES', '06004', 'ANTIBES'], // "nuits" alone: a common word
    ]);
    const list = parse([
      ['L1', 'Dooinit', '35000', 'Ailleurs'],
      ['L2', "Les musicales d'Issoire", '63178', 'Issoire'],
      ['L3', 'Festival flamenco de Toulouse (automne)', '31555', 'Toulouse'],
      ['L4', 'Festival flamenco de Toulouse (printemps)', '31555', 'Toulouse'],
      ['L5', "Les nuits d'Antibes", '06004', 'Antibes'],
      ['L6', 'Nuits du jazz', '75056', 'Paris'],
      ['L7', 'Nuits blanches', '75056', 'Paris'],
      ['L8', 'Nuits sonores', '69123', 'Lyon'],
      ['L9', 'Les nuits du sud', '06157', 'Vence'],
    ]);
    expect(pairFestivals(panorama, list)).toEqual(new Map());
  });

  it('on the real files: pairs more than the exact names, and never one list festival with two panorama ones', () => {
    const list = parseFestivalsDetailed(sharedDataText(LIST_FILE), { source: 'l' });
    const panorama = parseFestivalsDetailed(sharedDataText(PANORAMA_FILE), { source: 'p' });
    const twins = pairFestivals(panorama, list);
    const listKeys = new Set(list.keys.values());
    const exact = [...panorama.keys].filter(([, key]) => listKeys.has(key)).length;
    expect(twins.size).toBeGreaterThan(exact + 250);
    const fuzzy = [...twins].filter(([p, l]) => panorama.keys.get(p) !== list.keys.get(l)).map(([, l]) => l);
    expect(new Set(fuzzy).size).toBe(fuzzy.length);
    const title = new Map(list.batch.shows.map((s) => [s.sourceId, s.title]));
    const avignon = [...panorama.keys].find(
      ([, key]) => key === festivalKey('FESTIVAL AVIGNON OFF', '84007'),
    );
    expect(title.get(twins.get(avignon![0])!)).toBe('Festival off avignon');
  });
});
