import { DEFAULT_POLICY_SETTINGS, type PolicySettings, type PreviewPool } from '@detour/sdk';
import { describe, expect, it } from 'vitest';
import { targetNotes } from '../../src/editor/notes.js';
import { matchTown, placeProblem, townQuery } from '../../src/editor/place.js';

const settings = (change: (s: PolicySettings) => void): PolicySettings => {
  const s = structuredClone(DEFAULT_POLICY_SETTINGS);
  change(s);
  return s;
};

/** A pool with the given performances per size class, and a spread of everything else. */
function pool(sizes: Record<string, number>): PreviewPool {
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  const rows = (values: string[], counts: Record<string, number>) =>
    values.map((value) => ({ value, label: value, performances: counts[value] ?? 0 }));
  return {
    radiusKm: 45,
    days: 30,
    performances: total,
    facets: {
      discipline: rows(['theatre', 'danse', 'cirque'], { theatre: total - 1, danse: 1 }),
      sizeClass: [
        { value: 'petit', label: 'Petit lieu', performances: sizes.petit ?? 0 },
        { value: 'moyen', label: 'Lieu moyen', performances: sizes.moyen ?? 0 },
        { value: 'grand', label: 'Grand lieu', performances: sizes.grand ?? 0 },
        { value: 'institution', label: 'Institution', performances: sizes.institution ?? 0 },
      ],
      priceBand: rows(['gratuit', 'inconnu'], { gratuit: 1, inconnu: total - 1 }),
      audience: rows(['tout-public', 'jeune-public'], { 'tout-public': total - 1, 'jeune-public': 1 }),
    },
  };
}

const smallFirst = settings((s) => {
  s.facets.sizeClass.weight = 1;
  s.facets.sizeClass.targets = { petit: 0.75, moyen: 0.25 };
});

describe('notes on targets the catalogue cannot meet', () => {
  it('says that size targets change nothing where every venue is declared « Lieu moyen »', () => {
    const notes = targetNotes(smallFirst, pool({ moyen: 96 }), 'Paris');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.facet).toBe('sizeClass');
    expect(notes[0]!.text).toMatch(
      /tous les lieux qui programment sont déclarés « Lieu moyen » près de Paris/,
    );
    expect(notes[0]!.text).toMatch(/ne peuvent rien changer/);
  });

  it('names a targeted value absent from the area, with its target, and stays silent when it is present', () => {
    const notes = targetNotes(smallFirst, pool({ moyen: 50, grand: 10 }), 'Tours');
    expect(notes.map((n) => n.text)).toEqual([
      expect.stringMatching(
        /aucun lieu déclaré « Petit lieu » \(cible 75 %\) près de Tours \(jusqu’à 45 km, 30 prochains jours\)/,
      ),
    ]);
    expect(targetNotes(smallFirst, pool({ petit: 3, moyen: 50 }), 'Tours')).toEqual([]);
  });

  it('says nothing of a facet without targets or with no weight', () => {
    const untargeted = settings((s) => {
      s.facets.sizeClass.targets = {};
    });
    expect(targetNotes(untargeted, pool({ moyen: 96 }), 'Paris')).toEqual([]);
    const ignored = settings((s) => {
      s.facets.sizeClass.weight = 0;
      s.facets.sizeClass.targets = { petit: 1 };
    });
    expect(targetNotes(ignored, pool({ moyen: 96 }), 'Paris')).toEqual([]);
  });

  it('says when the area has nothing on at all', () => {
    const notes = targetNotes(smallFirst, pool({}), 'Ouessant');
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text).toMatch(/^Aucune représentation près de Ouessant/);
  });
});

describe('the preview’s place field', () => {
  const tours = { id: 'tours~94~1', name: 'Tours', lat: 47.39, lon: 0.69, venues: 33 };
  const joue = { id: 'joue~94~1', name: 'Joué-lès-Tours', lat: 47.35, lon: 0.66, venues: 1 };

  it('selects the town of a chosen suggestion, venue count and all, and searches its name only', () => {
    expect(matchTown('Tours (33 lieux)', [tours, joue])).toBe(tours);
    expect(matchTown('Joué-lès-Tours (1 lieu)', [tours, joue])).toBe(joue);
    expect(townQuery('Tours (33 lieux)')).toBe('Tours');
    expect(townQuery('Joué-lès-Tours (1 lieu)')).toBe('Joué-lès-Tours');
  });

  it('selects a town typed by its exact name, case and accents ignored, and nothing on a prefix', () => {
    expect(matchTown('joue-les-tours', [tours, joue])).toBe(joue);
    expect(matchTown('TOURS', [tours, joue])).toBe(tours);
    expect(matchTown('Tou', [tours, joue])).toBeNull();
  });

  it('says why the preview is paused until a town is chosen', () => {
    const base = { lat: '', lon: '', suggestions: null as number | null };
    expect(placeProblem('town', { ...base, text: 'Tours (33 lieux)', town: tours })).toBeNull();
    expect(placeProblem('town', { ...base, text: '', town: null })).toMatch(/aucune ville n’est choisie/);
    expect(placeProblem('town', { ...base, text: 'Tou', town: null, suggestions: 4 })).toMatch(
      /« Tou » n’est pas encore une ville choisie/,
    );
    expect(placeProblem('town', { ...base, text: 'Xyzzy', town: null, suggestions: 0 })).toMatch(
      /aucune ville du catalogue ne correspond à « Xyzzy »/,
    );
    expect(placeProblem('point', { ...base, text: '', town: null, lat: '47.4', lon: 'abc' })).toMatch(
      /longitude/,
    );
  });
});
