import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ImportBatch } from '../catalogue/batch.js';
import { classifyEvent } from './classify.js';
import { ImportParseError } from './errors.js';
import { nodesReadOneByOne, parseAgeRange, parseJsonLd, venueKindOf, venueNameFromStreet } from './jsonld.js';
import { DATATOURISME_FILE, sharedDataText } from './test-data.js';

const DT = 'https://data.datatourisme.gouv.fr/15/';

let text: string;
let events: Array<Record<string, unknown>>;
let batch: ImportBatch;

beforeAll(() => {
  text = sharedDataText(DATATOURISME_FILE);
  events = JSON.parse(text);
  batch = parseJsonLd(text, { source: 'dt' });
});

const perfsOf = (b: ImportBatch, id: string) => b.performances.filter((p) => p.showSourceId === id);

/** A valid schema.org event as a venue page publishes it. */
function event(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'TheaterEvent',
    '@id': 'https://theatre.example/saison/phedre',
    name: 'Phèdre',
    startDate: '2026-12-03T20:30:00+01:00',
    endDate: '2026-12-03T22:15:00+01:00',
    location: {
      '@type': 'Place',
      name: 'Théâtre de la Ville',
      address: {
        '@type': 'PostalAddress',
        streetAddress: '2 place du Châtelet',
        postalCode: '75004',
        addressLocality: 'Paris',
      },
      geo: { '@type': 'GeoCoordinates', latitude: 48.8577, longitude: 2.347 },
    },
    offers: {
      '@type': 'Offer',
      price: '25',
      priceCurrency: 'EUR',
      url: 'https://theatre.example/billets/phedre',
    },
    performer: { '@type': 'PerformingGroup', name: 'Compagnie des Lumières' },
    ...overrides,
  };
}

describe('DATAtourisme export (real file)', () => {
  it('reads all 472 records: live shows imported, exhibitions, markets and sport skipped, none rejected', () => {
    expect(batch.records).toBe(472);
    expect(batch.rejected).toEqual([]);
    // The gold set (bench/classification) labels 116 of these records live performances.
    expect(batch.shows.length).toBeGreaterThan(105);
    expect(batch.shows.length + batch.skipped).toBe(472);
    expect(batch.skips).toHaveLength(batch.skipped);
    for (const s of batch.skips) expect(s.reason).toMatch(/pas un spectacle|rien ne dit|sans un mot/);
    const titles = batch.shows.map((s) => s.title);
    expect(titles).toContain('Vincent Dedienne');
    expect(titles.some((t) => /brocante|vide-grenier/i.test(t))).toBe(false);
  });

  it('DATAtourisme dates as parallel arrays: each startDate/endDate pair becomes its own run of dates', () => {
    const id = `${DT}00ee31d1-6e7f-3766-a779-0cd98ee5293b`; // "Illusions magiques": 2020-09-01..20 and 2020-10-17..11-01
    const raw = events.find((e) => e['@id'] === id)!;
    expect(raw['schema:startDate']).toEqual(['2020-09-01', '2020-10-17']);
    const { takesPlaceAt: _periods, ...withoutPeriods } = raw;
    const fromArrays = parseJsonLd(JSON.stringify([withoutPeriods]), { source: 'dt' });
    const days = new Set(perfsOf(fromArrays, id).map((p) => p.start.slice(0, 10)));
    expect(days.size).toBe(20 + 16);
    expect(days).toContain('2020-09-20');
    expect(days).toContain('2020-10-17');
    expect(days).not.toContain('2020-10-01');
    // With its takesPlaceAt periods the same days get their times (14:00 and 10:00 in the autumn run).
    const timed = perfsOf(batch, id);
    expect(timed[0]!.start).toBe('2020-09-01T14:00:00+02:00');
    expect(timed[0]!.end).toBe('2020-09-01T18:30:00+02:00');
    expect(timed.some((p) => p.start === '2020-10-17T10:00:00+02:00')).toBe(true);
  });

  it('DATAtourisme coordinates as strings: "47.2772396" becomes a number', () => {
    const id = `${DT}4e4ec333-464d-3304-ac58-e5eb4b5920d0`;
    const venueId = perfsOf(batch, id)[0]!.venueSourceId;
    const venue = batch.venues.find((v) => v.sourceId === venueId)!;
    expect(typeof venue.location.lat).toBe('number');
    expect(venue.location.lat).toBeCloseTo(47.2772396, 7);
    for (const v of batch.venues) expect(Number.isFinite(v.location.lon)).toBe(true);
  });

  it('DATAtourisme venue name hidden in the street address: "Espace Jean Cocteau - 17 Rue Vasseliere" names the venue', () => {
    const id = `${DT}4e4ec333-464d-3304-ac58-e5eb4b5920d0`;
    const venue = batch.venues.find((v) => v.sourceId === perfsOf(batch, id)[0]!.venueSourceId)!;
    expect(venue).toMatchObject({ name: 'Espace Jean Cocteau', town: 'Monts', postcode: '37260' });
    expect(venueNameFromStreet(['9 Rue de la Croix Blanche'], 'Montlouis-sur-Loire')).toBeNull();
    expect(venueNameFromStreet(['Ferme théâtre de Bellevue'], 'Villentrois')).toBe(
      'Ferme théâtre de Bellevue',
    );
  });

  it('DATAtourisme price 0 next to "Gratuit": free when it is the only tariff, a concession beside paid tariffs', () => {
    const onlyFree = perfsOf(batch, `${DT}beecf3a2-1719-3c5c-97ed-5581fcb2bc9e`)[0]!;
    expect(onlyFree.price).toEqual({ min: 0, max: 0, free: true, currency: 'EUR' });
    const mixed = perfsOf(batch, `${DT}03578db7-b82a-3822-96ce-80affb6fb4bc`)[0]!; // 15.5, 0 "Gratuit", 12, 9
    expect(mixed.price).toEqual({ min: 9, max: 15.5, free: false, currency: 'EUR' });
  });

  it('maps DATAtourisme types (prefixed or not, in @type lists) to disciplines', () => {
    const concert = batch.shows.find((s) => s.sourceId === `${DT}4e4ec333-464d-3304-ac58-e5eb4b5920d0`)!;
    expect(concert.discipline).toBe('musique');
    expect(concert.description).toBeTypeOf('string');
    expect(concert.image).toMatch(/^https?:\/\//);
  });
});

describe('schema.org JSON-LD as venues publish it', () => {
  it('reads a single object: venue, show, performance with end, price and ticket URL', () => {
    const b = parseJsonLd(JSON.stringify(event()), { source: 'site' });
    expect(b.shows).toEqual([
      expect.objectContaining({
        title: 'Phèdre',
        discipline: 'theatre',
        creators: ['Compagnie des Lumières'],
      }),
    ]);
    expect(b.venues[0]).toMatchObject({ name: 'Théâtre de la Ville', town: 'Paris', postcode: '75004' });
    expect(b.performances[0]).toMatchObject({
      start: '2026-12-03T20:30:00+01:00',
      end: '2026-12-03T22:15:00+01:00',
      price: { min: 25, max: 25, free: false, currency: 'EUR' },
      url: 'https://theatre.example/billets/phedre',
      status: 'scheduled',
    });
  });

  it('reads a record typed only with a live-show type that does not end in "Event" (StreetShow, CircusEvent)', () => {
    const street = { ...event(), '@type': 'StreetShow', name: 'La Grande Parade' };
    const b = parseJsonLd(JSON.stringify([street]), { source: 'site' });
    expect(b.rejected).toEqual([]);
    expect(b.shows).toEqual([
      expect.objectContaining({ title: 'La Grande Parade', discipline: 'arts-de-la-rue' }),
    ]);
    expect(b.performances).toHaveLength(1);
  });

  it('reads an @graph, full schema.org IRIs, and a local time without offset in the venue time zone', () => {
    const doc = {
      '@graph': [
        { '@type': 'WebPage', name: 'Accueil' },
        {
          '@type': 'http://schema.org/DanceEvent',
          'http://schema.org/name': 'Bal',
          'http://schema.org/startDate': '2026-07-14T21:00',
          'http://schema.org/location': event().location,
        },
      ],
    };
    const b = parseJsonLd(JSON.stringify(doc), { source: 'site' });
    expect(b.records).toBe(1);
    expect(b.shows[0]).toMatchObject({ title: 'Bal', discipline: 'danse' });
    expect(b.performances[0]!.start).toBe('2026-07-14T21:00:00+02:00');
  });

  it('reads labels given as @language/@value arrays or language maps, French first', () => {
    const b = parseJsonLd(
      JSON.stringify([
        event({
          name: [
            { '@language': 'en', '@value': 'The Miser' },
            { '@language': 'fr', '@value': "L'Avare" },
          ],
        }),
        event({
          '@id': 'm',
          name: undefined,
          'rdfs:label': { en: ['The Misanthrope'], fr: ['Le Misanthrope'] },
        }),
      ]),
      { source: 'site' },
    );
    expect(b.shows.map((s) => s.title)).toEqual(["L'Avare", 'Le Misanthrope']);
  });

  it('one malformed record among valid ones: the valid ones are imported, the bad one reported with its field path', () => {
    const bad = event({ '@id': 'https://theatre.example/bad', name: 'Cassé' });
    (bad.location as { geo: Record<string, unknown> }).geo = { latitude: 'quarante-huit', longitude: 2.3 };
    const doc = [
      event(),
      bad,
      event({ '@id': 'https://theatre.example/x', name: 'Bérénice', startDate: '2026-12-04T20:30:00+01:00' }),
    ];
    const b = parseJsonLd(JSON.stringify(doc), { source: 'site' });
    expect(b.shows.map((s) => s.title)).toEqual(['Phèdre', 'Bérénice']);
    expect(b.rejected).toEqual([
      {
        index: 1,
        path: '[1].location.geo.latitude',
        reason: 'latitude illisible : "quarante-huit"',
        sourceId: 'https://theatre.example/bad',
      },
    ]);
  });

  it('reports a missing title, an impossible date and a negative price with their paths', () => {
    const doc = [
      event({ name: '' }),
      event({ '@id': 'a', startDate: '2026-02-30T20:00' }),
      event({ '@id': 'b', offers: [{ price: -5 }] }),
      event({ '@id': 'c', location: { name: 'Sans coordonnées' } }),
    ];
    const b = parseJsonLd(JSON.stringify(doc), { source: 'site' });
    expect(b.rejected.map((r) => [r.index, r.path])).toEqual([
      [0, '[0].name'],
      [1, '[1].startDate'],
      [2, '[2].offers[0].price'],
      [3, '[3].location.geo'],
    ]);
  });

  it('a truncated file throws ImportParseError', () => {
    const truncated = text.slice(0, Math.floor(text.length / 2));
    expect(() => parseJsonLd(truncated, { source: 'dt' })).toThrow(ImportParseError);
  });

  it('eventStatus: cancelled and moved online become cancelled, postponed stays postponed (not cancelled), rescheduled is scheduled at its new date, SoldOut offers become sold-out', () => {
    const doc = [
      event({ '@id': '1', eventStatus: 'https://schema.org/EventCancelled' }),
      event({ '@id': '2', eventStatus: 'EventPostponed' }),
      event({ '@id': '3', eventStatus: 'schema:EventRescheduled' }),
      event({ '@id': '4', offers: { price: 20, availability: 'https://schema.org/SoldOut' } }),
      event({ '@id': '5', eventStatus: { '@id': 'https://schema.org/EventMovedOnline' } }),
    ];
    const b = parseJsonLd(JSON.stringify(doc), { source: 'site' });
    expect(b.performances.map((p) => p.status)).toEqual([
      'cancelled',
      'postponed',
      'scheduled',
      'sold-out',
      'cancelled',
    ]);
  });

  it('a Festival with subEvents: each sub event is a performance in the festival place; a Festival alone is a show with its dates', () => {
    const festival = {
      '@type': 'Festival',
      name: 'Festival des Nuits',
      location: event().location,
      subEvent: [
        { '@type': 'MusicEvent', '@id': 's1', name: 'Quatuor Ébène', startDate: '2026-07-10T21:00:00+02:00' },
        {
          '@type': 'TheaterEvent',
          '@id': 's2',
          name: 'Le Misanthrope',
          startDate: '2026-07-11T21:00:00+02:00',
        },
      ],
    };
    const b = parseJsonLd(JSON.stringify(festival), { source: 'site' });
    expect(b.shows.map((s) => [s.title, s.discipline, s.tags])).toEqual([
      ['Quatuor Ébène', 'musique', ['Festival des Nuits']],
      ['Le Misanthrope', 'theatre', ['Festival des Nuits']],
    ]);
    expect(b.venues).toHaveLength(1);
    const alone = parseJsonLd(
      JSON.stringify({
        ...festival,
        subEvent: undefined,
        name: 'Festival de jazz',
        startDate: '2026-07-10',
        endDate: '2026-07-12',
      }),
      { source: 'site' },
    );
    expect(alone.shows[0]).toMatchObject({
      title: 'Festival de jazz',
      discipline: 'musique',
      subDiscipline: 'jazz-blues',
    });
    expect(alone.performances.map((p) => p.start.slice(0, 10))).toEqual([
      '2026-07-10',
      '2026-07-11',
      '2026-07-12',
    ]);
  });

  it('keeps only http(s) URLs and images, strips HTML from descriptions and caps them at 5000 characters', () => {
    const b = parseJsonLd(
      JSON.stringify(
        event({
          url: 'javascript:alert(1)',
          image: [
            'data:image/png;base64,AAAA',
            { '@type': 'ImageObject', url: 'https://cdn.example/phedre.jpg' },
          ],
          description: `<p>Une <b>tragédie</b> &amp; un mythe<script>alert(1)</script></p>${'x'.repeat(6000)}`,
          offers: { price: '0', url: 'ftp://x' },
        }),
      ),
      { source: 'site' },
    );
    const show = b.shows[0]!;
    expect(show.image).toBe('https://cdn.example/phedre.jpg');
    expect(show.description!.startsWith('Une tragédie & un mythe')).toBe(true);
    expect(show.description).not.toContain('<');
    expect(show.description).not.toContain('alert');
    expect(show.description!.length).toBeLessThanOrEqual(5000);
    expect(b.performances[0]!.url).toBeNull();
    expect(b.performances[0]!.price.free).toBe(true);
  });

  it('reads typicalAgeRange, inLanguage, lowPrice/highPrice and "Gratuit" prices', () => {
    const b = parseJsonLd(
      JSON.stringify([
        event({
          '@type': 'ChildrensEvent',
          name: 'Marionnettes au jardin',
          typicalAgeRange: '3-8',
          inLanguage: { '@type': 'Language', alternateName: 'fr' },
        }),
        event({ '@id': 'p', offers: { '@type': 'AggregateOffer', lowPrice: '8,50', highPrice: 22 } }),
        event({ '@id': 'g', offers: { price: 'Gratuit' } }),
      ]),
      { source: 'site' },
    );
    expect(b.shows[0]).toMatchObject({
      discipline: 'marionnettes',
      audience: { kind: 'jeune-public', minAge: 3, maxAge: 8 },
      language: 'fr',
    });
    expect(b.performances[1]!.price).toMatchObject({ min: 8.5, max: 22, free: false });
    expect(b.performances[2]!.price).toMatchObject({ min: 0, free: true });
    expect(parseAgeRange('12+')).toEqual({ min: 12, max: null });
  });

  it('skips events that are not live performance rather than rejecting them', () => {
    const b = parseJsonLd(
      JSON.stringify([
        event({ '@type': 'ExhibitionEvent', name: 'Exposition Monet' }),
        event({ '@type': 'ScreeningEvent', name: 'Ciné-club' }),
        event({ '@type': 'Event', name: 'Marché de Noël' }),
        event(),
      ]),
      { source: 'site' },
    );
    expect(b.skipped).toBe(3);
    expect(b.skips.map((s) => [s.index, s.title])).toEqual([
      [0, 'Exposition Monet'],
      [1, 'Ciné-club'],
      [2, 'Marché de Noël'],
    ]);
    expect(b.skips[0]!.reason).toMatch(/ExhibitionEvent/);
    expect(b.shows).toHaveLength(1);
    expect(
      classifyEvent({
        types: ['Event', 'ShowEvent'],
        keywords: [],
        genres: [],
        categories: [],
        title: 'Les Habits neufs',
        description: null,
      }),
    ).toMatchObject({ kind: 'performance', discipline: 'pluridisciplinaire', subDiscipline: null });
  });

  it('rejects coordinates outside France with the geo path', () => {
    const b = parseJsonLd(
      JSON.stringify(
        event({ location: { ...(event().location as object), geo: { latitude: 40.7, longitude: -74 } } }),
      ),
      {
        source: 'site',
      },
    );
    expect(b.rejected[0]).toMatchObject({
      path: 'location.geo',
      reason: expect.stringContaining('hors de France'),
    });
  });
});

describe('venue type and size class from the place (a heuristic on names, declared schema.org types)', () => {
  it('words of the name: a church, a village hall, a library, a café are small; a scène nationale, an opera, a Zénith are large; a theatre or a château has a type but no size', () => {
    const cases: Array<[string, string | null, string | null]> = [
      ['Église Saint-Martin', 'patrimoine', 'petit'],
      ['Chapelle des Ursulines', 'patrimoine', 'petit'],
      ['Salle des fêtes Henri Gallois', 'salle-polyvalente', 'petit'],
      ['Médiathèque François Mitterrand', 'autre', 'petit'],
      ['Café des Arts', 'autre', 'petit'],
      ['Le Bar Le Bazar', 'autre', 'petit'],
      ['Scène nationale d’Orléans', 'scene-nationale', 'grand'],
      ['Opéra de Tours', 'theatre', 'grand'],
      ['Zénith d’Orléans', 'salle-polyvalente', 'institution'],
      ['Parc des expositions de Tours', 'salle-polyvalente', 'institution'],
      ['Théâtre du Minotaure', 'theatre', null],
      ['Espace culturel Les Quinconces', 'salle-polyvalente', null],
      ['Château de Chambord', 'patrimoine', null],
      ['Parc du château de Vendôme', 'plein-air', null],
    ];
    for (const [name, type, size] of cases)
      expect([name, venueKindOf([], name)]).toEqual([name, { type, sizeClass: size }]);
  });

  it('no signal, no guess: an unknown name, a town named Bar-le-Duc or no own name give nothing', () => {
    expect(venueKindOf([], 'Espace Ligéria')).toBeNull();
    expect(venueKindOf([], 'Salle Bar-le-Duc')).toBeNull();
    expect(venueKindOf([], null)).toBeNull();
  });

  it('a declared schema.org place type wins over the name', () => {
    expect(venueKindOf(['Church'], 'Les Amis de Saint-Pierre')).toEqual({
      type: 'patrimoine',
      sizeClass: 'petit',
    });
    expect(venueKindOf(['StadiumOrArena'], 'Salle des fêtes')).toEqual({
      type: 'salle-polyvalente',
      sizeClass: 'institution',
    });
  });

  it('in a batch: the place name gives the class, a street address never does, a declared capacity wins over the name', () => {
    const place = (name: string | undefined, street: string, extra: Record<string, unknown> = {}) =>
      event({
        '@id': `https://ex.example/${street}`,
        location: {
          '@type': 'Place',
          ...(name ? { name } : {}),
          address: {
            '@type': 'PostalAddress',
            streetAddress: street,
            postalCode: '41000',
            addressLocality: 'Blois',
          },
          geo: { latitude: 47.586, longitude: 1.335 },
          ...extra,
        },
      });
    const b = parseJsonLd(
      JSON.stringify([
        place('Église Saint-Nicolas', '1 rue Saint-Lubin'),
        place(undefined, 'Place du Château'),
        place('Chapelle Saint-Calais', '2 place du Château', { maximumAttendeeCapacity: 900 }),
      ]),
      { source: 'site' },
    );
    expect(b.venues.map((v) => [v.type, v.sizeClass, v.capacity])).toEqual([
      ['patrimoine', 'petit', null],
      ['autre', null, null],
      ['patrimoine', null, 900],
    ]);
  });

  it('the real DATAtourisme file: its village hall is small, its châteaux are heritage sites without a size', () => {
    const hall = batch.venues.find((v) => v.name === 'Salle des fêtes Henri Gallois');
    expect(hall).toMatchObject({ type: 'salle-polyvalente', sizeClass: 'petit' });
    const chambord = batch.venues.filter((v) => v.name === 'Château de Chambord');
    expect(chambord.length).toBeGreaterThan(0);
    for (const v of chambord) expect(v).toMatchObject({ type: 'patrimoine', sizeClass: null });
  });
});

describe('reading a large document node by node', () => {
  const whole = (t: string) => parseJsonLd(t, { source: 's', wholeDocument: true });
  const streamed = (t: string) => parseJsonLd(t, { source: 's' });
  /** The batch, or the error message: what an import of the text gives. */
  const outcome = (read: (t: string) => ImportBatch, t: string): ImportBatch | string => {
    try {
      return read(t);
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  };

  it('gives the real DATAtourisme file the same batch as parsing it whole', () => {
    expect(streamed(text)).toEqual(whole(text));
  });

  it('gives the same batch on an @graph with tricky strings, wrapped graphs, other values and odd spacing', () => {
    const tricky = event({
      '@id': 'urn:a"quoted"\\id]}',
      name: 'Phèdre } ] { [ "entre guillemets" \\ fin\\\\',
      description: 'Ligne\r\n\tsuivante \u00e9 \\" } ]',
    });
    const doc = `\uFEFF \r\n{ "@context" : "https://schema.org" ,\t"@graph":[ 1 , "texte ] }" , null ,${JSON.stringify(
      tricky,
    )},\n { "@graph" : [ ${JSON.stringify(event({ '@id': 'urn:b', name: 'Bérénice' }))} ] } , [ ] , { }\r\n] , "after": {"x": [1, {"y": "]"}]} }  \n`;
    const batch = streamed(doc);
    expect(batch.shows.map((s) => s.sourceId)).toEqual(['urn:a"quoted"\\id]}', 'urn:b']);
    expect(batch).toEqual(whole(doc));
    expect(streamed(`[${JSON.stringify(tricky)}]`)).toEqual(whole(`[${JSON.stringify(tricky)}]`));
  });

  it('a second @graph, a single object or a document that is not JSON is parsed whole, with the same outcome', () => {
    const one = JSON.stringify(event({ '@id': 'urn:one' }));
    const two = JSON.stringify(event({ '@id': 'urn:two' }));
    for (const doc of [
      `{"@graph":[${one}],"@graph":[${two}]}`,
      one,
      `[${one}] x`,
      `{"@graph":{}}`,
      `[${one},]`,
    ]) {
      expect(nodesReadOneByOne(doc)).toBeNull();
      expect(outcome(streamed, doc)).toEqual(outcome(whole, doc));
    }
    expect(streamed(`{"@graph":[${one}],"@graph":[${two}]}`).shows.map((s) => s.sourceId)).toEqual([
      'urn:two',
    ]);
  });

  it('any document of event nodes, cut or altered anywhere, gives what parsing it whole gives (batch or error)', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', 'é', '"', '\\', '[', ']', '{', '}', ',', ':', ' ', '\n', '\u2019'),
    });
    const node = fc.record({ id: text, name: text, description: text, junk: fc.jsonValue({ maxDepth: 2 }) });
    const space = fc.constantFrom('', ' ', '\n', '\t', '\r\n  ');
    fc.assert(
      fc.property(
        fc.array(node, { maxLength: 6 }),
        fc.boolean(),
        space,
        fc.nat(),
        fc.constantFrom('', 'cut', ',', ']', '}', '"', '\\', '{"@graph":[]}', ' x'),
        (nodes, graph, sp, at, alteration) => {
          const values = nodes.map((n) =>
            JSON.stringify(
              event({ '@id': n.id, name: `${n.name} x`, description: n.description, junk: n.junk }),
            ),
          );
          const list = `[${sp}${values.join(`${sp},${sp}`)}${sp}]`;
          let doc = graph
            ? `{${sp}"@context":${sp}"https://schema.org",${sp}"@graph":${sp}${list}${sp}}`
            : list;
          // Unaltered, the document is read node by node, each node as JSON.parse reads it.
          const parsed = JSON.parse(doc) as unknown[] | { '@graph': unknown[] };
          const nodesOf = Array.isArray(parsed) ? parsed : parsed['@graph'];
          const prefix = graph ? '@graph' : '';
          expect(nodesReadOneByOne(doc)).toEqual(
            nodesOf.map((n, i) => ({ node: n, path: `${prefix}[${i}]` })),
          );
          if (alteration === 'cut') doc = doc.slice(0, at % (doc.length + 1));
          else if (alteration !== '') {
            const k = at % (doc.length + 1);
            doc = doc.slice(0, k) + alteration + doc.slice(k);
          }
          expect(outcome(streamed, doc)).toEqual(outcome(whole, doc));
        },
      ),
      { numRuns: 300 },
    );
  });
});
