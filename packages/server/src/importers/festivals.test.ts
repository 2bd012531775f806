import { beforeAll, describe, expect, it } from 'vitest';
import { ImportParseError } from './errors.js';
import {
  communeCentroids,
  editionDays,
  type FestivalsParse,
  MAX_FESTIVAL_DAYS,
  parseFestivals,
  parseFestivalsDetailed,
  parseSeason,
  sizeClassFromReach,
} from './festivals.js';
import { consistentWithDepartment, departmentOf } from './geo.js';
import { LIST_FILE, PANORAMA_FILE, sharedDataText } from './test-data.js';

let listText: string;
let panoramaText: string;
let list: FestivalsParse;
let panorama: FestivalsParse;

beforeAll(() => {
  listText = sharedDataText(LIST_FILE);
  panoramaText = sharedDataText(PANORAMA_FILE);
  list = parseFestivalsDetailed(listText, { source: 'liste', centroids: communeCentroids(panoramaText) });
  panorama = parseFestivalsDetailed(panoramaText, { source: 'panorama' });
});

describe('Liste des festivals en France (real file)', () => {
  it('double BOM: the file starts with two byte-order marks and the first column is still read as the name', () => {
    expect(listText.charCodeAt(0)).toBe(0xfeff);
    expect(listText.charCodeAt(1)).toBe(0xfeff);
    expect(list.layout).toBe('liste');
    expect(list.batch.shows.find((s) => s.sourceId === 'FEST_39073_1020')?.title).toBe(
      'Les Nuits (Re)Belles',
    );
  });

  it('INSEE and postal codes that lost their leading zero are padded back ("6004" → "06004")', () => {
    expect(listText).toContain("Festival du jeune art russe;;Provence-Alpes-Côte d'Azur");
    const venue = list.batch.venues.find((v) => v.name === 'Festival du jeune art russe');
    expect(venue?.inseeCode).toBe('06004');
    expect(venue?.postcode).toBe('06414');
    for (const v of list.batch.venues) {
      if (v.inseeCode) expect(v.inseeCode).toMatch(/^(\d{5}|2[AB]\d{3})$/);
      if (v.postcode) expect(v.postcode).toMatch(/^\d{5}$/);
    }
  });

  it('season labels in varying case: "saison (…)" and "Saison (…)" give the same period', () => {
    expect(list.seasons.get('FEST_09122_2245')).toMatchObject({ from: '06-21', to: '09-05' }); // "saison (21 juin…"
    expect(list.seasons.get('FEST_39073_1020')).toMatchObject({ from: '06-21', to: '09-05' }); // "Saison (21 juin…"
    expect(parseSeason('avant-saison (1er janvier - 20 juin)')).toMatchObject({ from: '01-01', to: '06-20' });
    expect(parseSeason('Après-saison (6 septembre - 31 décembre)')).toMatchObject({
      from: '09-06',
      to: '12-31',
    });
    expect(parseSeason('Ocotbre')).toMatchObject({ from: '10-01', to: '10-31' });
    expect(parseSeason('Janvier, Octobre, Novembre')).toMatchObject({ from: '01-01', to: '11-30' });
    expect(parseSeason('Variable selon les années')).toBeNull();
    // Every live festival with a readable label got a season.
    expect(list.seasons.size).toBeGreaterThan(5000);
  });

  it('13 duplicated festival identifiers: every festival sharing an identifier keeps a distinct id, none overwrites another', () => {
    const rows = listText.split('\n').filter((l) => /;FEST__7265;|;FEST_98735_7265;/.test(l));
    expect(rows.length - 2).toBe(13); // 15 rows share 2 identifiers: 13 duplicates
    const ids = list.batch.shows.map((s) => s.sourceId);
    expect(new Set(ids).size).toBe(ids.length);
    const sharing = list.batch.shows.filter((s) => /^FEST__7265|^FEST_98735_7265/.test(s.sourceId));
    expect(sharing.map((s) => s.title)).toEqual(
      expect.arrayContaining([
        'Blues up orchestra',
        'Jazz à Nouméa',
        'Les Transboréales',
        "Ta'upiti anae - Heiva des écoles de danse",
      ]),
    );
    // Each of the 15 rows is accounted for: a show of its own, skipped (cinema, books) or rejected (no coordinates).
    const rejectedRows = list.batch.rejected.filter(
      (r) => r.sourceId === 'FEST__7265' || r.sourceId === 'FEST_98735_7265',
    );
    expect(rejectedRows.every((r) => r.reason === 'coordonnées manquantes')).toBe(true);
    expect(sharing.length + rejectedRows.length).toBeLessThanOrEqual(15);
    expect(sharing.length).toBeGreaterThanOrEqual(5);
  });

  it('a row repeating a festival already read under the same identifier is rejected as a duplicate', () => {
    const head = listText.slice(0, listText.indexOf('\n') + 1);
    const row = listText.split('\n').find((l) => l.includes(';FEST_39073_1020;'))!;
    const batch = parseFestivals(`${head}${row}\n${row}\n`, { source: 't' });
    expect(batch.shows).toHaveLength(1);
    expect(batch.rejected).toEqual([
      {
        index: 1,
        path: 'row 3, column "Identifiant"',
        reason: expect.stringContaining('doublon de la ligne 2'),
        sourceId: 'FEST_39073_1020',
      },
    ]);
  });

  it('a few wrong geocodes: every imported festival lies in the territory of its department', () => {
    for (const v of list.batch.venues) {
      expect(consistentWithDepartment(v.location, departmentOf(v.inseeCode ?? v.postcode))).toBe(true);
    }
    for (const v of panorama.batch.venues) {
      expect(consistentWithDepartment(v.location, departmentOf(v.inseeCode ?? v.postcode))).toBe(true);
    }
  });

  it('a few wrong geocodes: a geocode following the INSEE code of a namesake commune in another department is rejected', () => {
    // "Positiv Festival", Orange 84100 (Vaucluse), carries INSEE 34172 and is geocoded in Montpellier.
    const positiv = list.batch.rejected.find((r) => r.sourceId === 'FEST_34172_4122');
    expect(positiv).toMatchObject({
      path: expect.stringMatching(/column "Géocodage xy"$/),
      reason: expect.stringContaining('Vaucluse'),
    });
    // The three "Changé (Sarthe)" festivals geocoded in Changé (Mayenne).
    const change = list.batch.rejected.filter((r) => r.sourceId?.startsWith('FEST_53054_'));
    expect(change).toHaveLength(3);
    // Rows whose INSEE code agrees with their department are never second-guessed: few rejects in all.
    const incoherent = list.batch.rejected.filter((r) => r.reason.startsWith('géocodage incohérent'));
    expect(incoherent.length).toBeGreaterThanOrEqual(5);
    expect(incoherent.length).toBeLessThan(20);
    expect(list.batch.shows.some((s) => s.sourceId === 'FEST_39073_1020')).toBe(true);
  });

  it('a few wrong geocodes: swapped latitude/longitude is repaired, a point outside France falls back to the commune centroid, else the row is rejected', () => {
    const head = listText.slice(0, listText.indexOf('\n') + 1);
    const row = listText.split('\n').find((l) => l.includes(';FEST_39073_1020;'))!;
    const swapped = row.replace('46.8746666632, 5.6278782462', '5.6278782462, 46.8746666632');
    const outside = row
      .replace('46.8746666632, 5.6278782462', '-33.86, 151.2')
      .replace('FEST_39073_1020', 'FEST_39073_9999');
    const nowhere = row
      .replace('46.8746666632, 5.6278782462', '-33.86, 151.2')
      .replace('FEST_39073_1020', 'FEST_39073_9998')
      .replace('Les Nuits (Re)Belles', 'Autre');
    const centroids = new Map([['39073', { lat: 46.86, lon: 5.61 }]]);
    const a = parseFestivalsDetailed(`${head}${swapped}\n${outside}\n`, { source: 't', centroids });
    expect(a.batch.venues.map((v) => v.location)).toEqual([
      { lat: 46.8746666632, lon: 5.6278782462 },
      { lat: 46.86, lon: 5.61 },
    ]);
    expect([...a.geocodeFixes.values()]).toEqual(['swapped', 'centroid']);
    const b = parseFestivals(`${head}${nowhere}\n`, { source: 't' });
    expect(b.venues).toHaveLength(0);
    expect(b.rejected[0]).toMatchObject({
      path: 'row 2, column "Géocodage xy"',
      reason: expect.stringContaining('hors de France'),
    });
  });

  it('festivals of cinema, books and visual arts are skipped, not rejected', () => {
    const b = list.batch;
    expect(b.skipped).toBe(892 + 684 + 382 + 4); // livre, cinéma, arts visuels, and "Street art" live sub-categories
    expect(b.skips).toHaveLength(b.skipped);
    expect(b.skips.filter((s) => /^discipline dominante « Cinéma/.test(s.reason))).toHaveLength(684);
    expect(b.skips.some((s) => /^sous-catégorie spectacle vivant « .*street art/i.test(s.reason))).toBe(true);
    expect(b.skips.every((s) => s.title && s.reason.endsWith('pas un festival de spectacle vivant'))).toBe(
      true,
    );
    expect(b.records).toBe(7283);
    expect(b.shows.length + b.skipped + b.rejected.length).toBe(b.records);
    expect(b.rejected.every((r) => /^(coordonnées manquantes|géocodage incohérent)/.test(r.reason))).toBe(
      true,
    );
  });

  it('maps the dominant discipline and sub-categories to the taxonomy', () => {
    const byId = new Map(list.batch.shows.map((s) => [s.sourceId, s]));
    expect(byId.get('FEST_62200_1194')).toMatchObject({ discipline: 'musique', subDiscipline: 'rock-metal' }); // "Rock, Métal"
    const disciplines = new Set(list.batch.shows.map((s) => s.discipline));
    for (const d of [
      'theatre',
      'danse',
      'cirque',
      'arts-de-la-rue',
      'musique',
      'marionnettes',
      'humour',
      'conte',
    ]) {
      expect(disciplines).toContain(d);
    }
  });

  it('a live-show sub-category naming several kinds takes the one named first, each item read on its own', () => {
    const byId = new Map(list.batch.shows.map((s) => [s.sourceId, s.discipline]));
    expect(byId.get('FEST_84144_7059')).toBe('danse'); // "Danse, théâtre" (rule order said théâtre)
    expect(byId.get('FEST_51649_7176')).toBe('theatre'); // "Théâtre, Humour" (rule order said humour)
    expect(byId.get('FEST_08361_5420')).toBe('theatre'); // "Théâtre, arts du conte" (rule order said conte)
    expect(byId.get('FEST_22278_5686')).toBe('arts-de-la-rue'); // "Arts de la rue, arts du cirque"
    expect(byId.get('FEST_05098_3266')).toBe('humour'); // "Théâtre d'humour/café-théâtre": one item, humour
    // Music sub-categories: the name picks among the ticked kinds, else the first one.
    const full = new Map(list.batch.shows.map((s) => [s.sourceId, s]));
    expect(full.get('FEST_66175_5605')).toMatchObject({ discipline: 'art-lyrique' }); // Festival lyrique…, "Musique classique, Opéra"
    expect(full.get('FEST_11206_1317')).toMatchObject({ subDiscipline: 'musique-classique' }); // Virtuosi…, same list
    expect(full.get('FEST_13055_3748')).toMatchObject({ discipline: 'musique', subDiscipline: 'chanson' }); // ten kinds, "opéra" among them
  });

  it('yields venues and shows but no performances: the list has only a season', () => {
    expect(list.batch.performances).toHaveLength(0);
    expect(list.batch.venues.every((v) => v.type === 'festival')).toBe(true);
  });
});

describe('Panorama des festivals (real file)', () => {
  it('uses the real edition dates: one evening performance per day of an edition of up to a month', () => {
    const perfs = panorama.batch.performances.filter((p) => p.showSourceId === 'LD085');
    // 2019-01-06 to 2019-02-02: an edition of 28 days gets 28 evenings, one per day.
    expect(perfs).toHaveLength(28);
    expect(new Set(perfs.map((p) => p.start.slice(0, 10))).size).toBe(28);
    expect(perfs[0]!.start).toBe('2019-01-06T20:30:00+01:00');
    expect(perfs.at(-1)!.start).toBe('2019-02-02T20:30:00+01:00');
    const short = panorama.batch.performances.filter((p) => p.showSourceId === 'HA026');
    expect(short.map((p) => p.start.slice(0, 10))).toEqual(['2019-01-10', '2019-01-11', '2019-01-12']);
  });

  it('« Domaines divers » festivals are skipped unless their complement names a kind of show (astronomy, gardens, architecture are not live shows)', () => {
    const titles = new Set(panorama.batch.shows.map((s) => s.title));
    for (const title of [
      "Festival d'astronomie de Fleurance", // Sciences et techniques
      'Festival international des Jardins de Chaumont-sur-Loire', // Jardins
      'Festival de journalisme de Couthures', // Journalisme
      'Biennale d’architecture d’Orléans', // Architecture
    ])
      expect(titles.has(title)).toBe(false);
    // Transdisciplinary and live-show domains still fall back to pluridisciplinaire, and a list takes its first kind.
    const byId = new Map(panorama.batch.shows.map((s) => [s.sourceId, s.discipline]));
    expect(byId.get('DB014')).toBe('musique'); // "Pluridisciplinaire Spectacle vivant", "Musique et danse"
  });

  it('placeholder identifiers ("LD999") shared by many festivals get distinct derived ids', () => {
    const ids = panorama.batch.shows.map((s) => s.sourceId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.some((id) => id.endsWith('999'))).toBe(false);
  });

  it('uses commune-centroid coordinates and pads codes; skips cinema and book festivals', () => {
    const v = panorama.batch.venues.find((x) => x.sourceId === 'LD085')!;
    expect(v).toMatchObject({
      town: 'Change',
      inseeCode: '53054',
      postcode: '53810',
      location: { lat: 48.1079801148, lon: -0.800104772023 },
    });
    expect(panorama.batch.skipped).toBeGreaterThanOrEqual(220 + 181 + 45);
    expect(panorama.batch.shows.length).toBeGreaterThan(2500);
  });

  it('editionDays lists every day of a short edition and spreads a long one', () => {
    expect(editionDays('2019-07-01', '2019-07-03')).toEqual(['2019-07-01', '2019-07-02', '2019-07-03']);
    const month = editionDays('2019-07-05', '2019-07-28'); // Avignon's off festival, 24 days
    expect(month).toHaveLength(24);
    expect(MAX_FESTIVAL_DAYS).toBeGreaterThanOrEqual(31);
    const long = editionDays('2019-07-01', '2019-09-30'); // 92 days: a season, not a daily festival
    expect(long).toHaveLength(MAX_FESTIVAL_DAYS);
    expect(long[0]).toBe('2019-07-01');
    expect(long.at(-1)).toBe('2019-09-30');
  });
});

describe("size class from the list's « Envergure territoriale »", () => {
  it('maps the reach in any spelling: communal → petit, intercommunal/departmental → moyen, regional/cross-border → grand, national/international → institution', () => {
    const cases: Array<[string, string | null]> = [
      ['Communale', 'petit'],
      ['municipale', 'petit'],
      ["Au sein d'une même commune", 'petit'],
      ['Plusieurs sites dans la même ville', 'petit'],
      ['Intercommunale', 'moyen'],
      ['INTERCOMMUNALE', 'moyen'],
      ['Départemental', 'moyen'],
      ['Interdépartementale (45-41)', 'moyen'],
      ['CU LE HAVRE METROPOLE', 'moyen'],
      ['Régionale', 'grand'],
      ['Interrégionale', 'grand'],
      ['Transfrontaliere', 'grand'],
      ['Nationale', 'institution'],
      ['International', 'institution'],
      ['Autre : mondiale', 'institution'],
    ];
    for (const [label, size] of cases) expect([label, sizeClassFromReach(label)]).toEqual([label, size]);
  });

  it("reads the organisers' typos (a letter doubled, missing or added)", () => {
    expect(sizeClassFromReach('Iintercommunale')).toBe('moyen');
    expect(sizeClassFromReach('inrtercommunale')).toBe('moyen');
    expect(sizeClassFromReach('Interrrégionale')).toBe('grand');
    expect(sizeClassFromReach('Inernationale')).toBe('institution');
  });

  it('free text naming several reaches takes the widest: a festival claiming a wider reach is never promoted as small', () => {
    expect(
      sizeClassFromReach('Municipale mais sur plusieurs sites et à vocation de développement régional'),
    ).toBe('grand');
    expect(sizeClassFromReach('Intercommunal / départemental / régional')).toBe('grand');
    expect(sizeClassFromReach("à l'échelle du Pays Vallée du Loir (57 communes / 3 comcom)")).toBe('moyen');
  });

  it('gives no size class when the text names no reach', () => {
    for (const label of [
      '',
      '/',
      '28 % public origine Ile de France',
      'Autre : territoire de Saint Barthélémy',
    ])
      expect(sizeClassFromReach(label)).toBeNull();
  });

  it('the real list: a festival declared communal is a small venue, one without a reach has no declared class; the panorama declares none', () => {
    expect(listText).toContain('Un Doua de jazz;Communale;');
    expect(list.batch.venues.find((v) => v.name === 'Un Doua de jazz')?.sizeClass).toBe('petit');
    const sizes = new Map<string, number>();
    for (const v of list.batch.venues)
      sizes.set(String(v.sizeClass), (sizes.get(String(v.sizeClass)) ?? 0) + 1);
    expect(sizes.get('petit')).toBeGreaterThan(50);
    expect(sizes.get('moyen')).toBeGreaterThan(500);
    expect(sizes.get('grand')).toBeGreaterThan(200);
    expect(sizes.get('institution')).toBeGreaterThan(50);
    expect(sizes.get('null')).toBeGreaterThan(list.batch.venues.length / 2);
    expect(panorama.batch.venues.every((v) => v.sizeClass === null)).toBe(true);
  });
});

describe('parseFestivals errors', () => {
  it('throws ImportParseError on a CSV whose header is neither festival file', () => {
    expect(() => parseFestivals('a;b\n1;2\n', { source: 't' })).toThrow(ImportParseError);
  });

  it('throws ImportParseError on an unterminated quote (a truncated file)', () => {
    const truncated = `${listText.slice(0, listText.indexOf('\n') + 1)}"Festival coupé;`;
    expect(() => parseFestivals(truncated, { source: 't' })).toThrow(ImportParseError);
  });
});
