import { describe, expect, it } from 'vitest';
import { parseCsvImport } from './csv.js';
import { ImportParseError } from './errors.js';

const HEADER =
  'titre;compagnie;discipline;lieu;adresse;code_postal;ville;latitude;longitude;date;heure;prix_min;prix_max;gratuit;url;statut;id';

describe('plain CSV import', () => {
  it('maps the documented French columns: one performance per row, shows and venues shared between rows', () => {
    const text = [
      HEADER,
      'Le Misanthrope;Cie du Rocher;Théâtre;Théâtre des Halles;4 rue des Halles;4000;Digne-les-Bains;44,0925;6,2356;2026-12-03;20h30;12;18;non;https://halles.example/misanthrope;;m1',
      'Le Misanthrope;Cie du Rocher;Théâtre;Théâtre des Halles;4 rue des Halles;4000;Digne-les-Bains;44.0925;6.2356;04/12/2026;15:00;;;oui;;complet;m2',
    ].join('\r\n');
    const b = parseCsvImport(text, { source: 'halles' });
    expect(b.rejected).toEqual([]);
    expect(b.shows).toEqual([
      expect.objectContaining({
        title: 'Le Misanthrope',
        creators: ['Cie du Rocher'],
        discipline: 'theatre',
      }),
    ]);
    expect(b.venues).toEqual([
      expect.objectContaining({
        name: 'Théâtre des Halles',
        postcode: '04000',
        location: { lat: 44.0925, lon: 6.2356 },
      }),
    ]);
    expect(b.performances).toEqual([
      expect.objectContaining({
        sourceId: 'm1',
        start: '2026-12-03T20:30:00+01:00',
        price: { min: 12, max: 18, free: false, currency: 'EUR' },
        status: 'scheduled',
      }),
      expect.objectContaining({
        sourceId: 'm2',
        start: '2026-12-04T15:00:00+01:00',
        price: { min: 0, max: 0, free: true, currency: 'EUR' },
        status: 'sold-out',
      }),
    ]);
  });

  it('accepts English header aliases and a comma separator', () => {
    const text =
      'title,company,discipline,venue,town,lat,lon,date,time,status\n"Swan Lake, act II",Ballet du Nord,ballet,Le Colisée,Roubaix,50.69,3.18,2026-11-30,19:00,cancelled\n';
    const b = parseCsvImport(text, { source: 'colisee' });
    expect(b.shows[0]).toMatchObject({
      title: 'Swan Lake, act II',
      discipline: 'danse',
      subDiscipline: 'danse-classique',
    });
    expect(b.performances[0]).toMatchObject({ status: 'cancelled', start: '2026-11-30T19:00:00+01:00' });
  });

  it('rejects a bad row with its row number and column, keeping the valid rows', () => {
    const text = [
      HEADER,
      'Bérénice;;théâtre;Salle A;;75004;Paris;48.85;2.35;2026-12-03;20:30;;;;;;',
      'Cassé;;théâtre;Salle A;;75004;Paris;48.85;2.35;3 décembre;20:30;;;;;;',
      'Autre;;inconnue;Salle A;;75004;Paris;48.85;2.35;2026-12-05;20:30;;;;;;',
      'Prix;;théâtre;Salle A;;75004;Paris;48.85;2.35;2026-12-05;20:30;20;10;;;;',
      'Lien;;théâtre;Salle A;;75004;Paris;48.85;2.35;2026-12-06;20:30;;;;javascript:alert(1);;',
    ].join('\n');
    const b = parseCsvImport(text, { source: 's' });
    expect(b.performances).toHaveLength(1);
    expect(b.rejected.map((r) => [r.index, r.path])).toEqual([
      [1, 'row 3, column date'],
      [2, 'row 4, column discipline'],
      [3, 'row 5, column prix_max'],
      [4, 'row 6, column url'],
    ]);
  });

  it('throws ImportParseError when a required column is missing', () => {
    expect(() => parseCsvImport('titre;ville\nA;B\n', { source: 's' })).toThrow(ImportParseError);
  });

  it('skips rows whose discipline or title names something other than a show, with the reason, and still rejects an unknown discipline', () => {
    const row = (titre: string, discipline: string, id: string) =>
      `${titre};;${discipline};Salle des fêtes;;4000;Digne-les-Bains;44.0925;6.2356;2026-12-03;20h30;;;non;;;${id}`;
    const text = [
      HEADER,
      row('Regards croisés', 'Exposition', 'e1'),
      row('Visite guidée du vieux Digne', '', 'v1'),
      row('Le Misanthrope', 'Théâtre', 'm1'),
      row('Truc', 'Bidule', 'b1'),
    ].join('\n');
    const b = parseCsvImport(text, { source: 'salle' });
    expect(b.shows.map((s) => s.title)).toEqual(['Le Misanthrope']);
    expect(b.skipped).toBe(2);
    expect(b.skips).toEqual([
      { index: 0, sourceId: 'e1', title: 'Regards croisés', reason: expect.stringMatching(/exposition/) },
      {
        index: 1,
        sourceId: 'v1',
        title: 'Visite guidée du vieux Digne',
        reason: expect.stringMatching(/visite/),
      },
    ]);
    expect(b.rejected).toEqual([
      expect.objectContaining({ index: 3, reason: 'discipline inconnue : "Bidule"' }),
    ]);
  });
});
