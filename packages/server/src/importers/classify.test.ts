import { describe, expect, it } from 'vitest';
import { classifyEvent, type EventClass, type EventSignals } from './classify.js';

/** Records written like the ones of issue 17 (a city's agenda and OpenAgenda events, as schema.org JSON-LD). */
function signals(over: Partial<EventSignals>): EventSignals {
  return {
    types: ['Event'],
    keywords: [],
    genres: [],
    categories: [],
    title: '',
    description: null,
    ...over,
  };
}

function performance(c: EventClass) {
  expect(c.kind).toBe('performance');
  return c as Extract<EventClass, { kind: 'performance' }>;
}

function skipped(c: EventClass): string {
  expect(c.kind).toBe('skipped');
  return (c as Extract<EventClass, { kind: 'skipped' }>).reason;
}

describe('classifyEvent: disciplines of real cases', () => {
  it('a ballet typed TheaterEvent with the keyword « Danse » is danse', () => {
    for (const title of ['Le Lac des cygnes', 'Casse-noisette']) {
      const c = performance(
        classifyEvent(
          signals({
            types: ['Event', 'TheaterEvent'],
            keywords: ['Danse', 'Classique'],
            title,
            description: 'Par le Ballet de l’Opéra national d’Ukraine, sur la musique de Tchaïkovski.',
          }),
        ),
      );
      expect(c.discipline).toBe('danse');
    }
  });

  it('a comedian typed TheaterEvent with the keyword « Comique » is humour', () => {
    const c = performance(
      classifyEvent(
        signals({
          types: ['Event', 'TheaterEvent'],
          keywords: ['Comique'],
          title: 'Jérémy Ferrari',
          description: 'Après le succès de son dernier spectacle, il revient sur scène.',
        }),
      ),
    );
    expect(c.discipline).toBe('humour');
  });

  it('a comedian described as one, typed only ShowEvent, is humour', () => {
    const c = performance(
      classifyEvent(
        signals({
          types: ['Event', 'ShowEvent'],
          title: 'Panayotis Pascot « Presque »',
          description: 'Panayotis Pascot présente son spectacle d’humour « Presque ».',
        }),
      ),
    );
    expect(c.discipline).toBe('humour');
  });

  it('an a cappella group that makes you dance is musique, not danse', () => {
    const c = performance(
      classifyEvent(
        signals({
          types: ['Event'],
          keywords: ['A cappella', 'Chanson'],
          title: 'Les Mâles Zéro',
          description:
            'Cinq voix, pas un instrument : un groupe vocal a cappella qui fait danser la salle entière sur des tubes revisités.',
        }),
      ),
    );
    expect(c.discipline).toBe('musique');
    expect(c.subDiscipline).toBe('musique-chorale');
  });

  it('a Pommerat play about a puppet is théâtre, not marionnettes', () => {
    const described = {
      title: 'Pinocchio',
      description:
        'Joël Pommerat met en scène le conte de Collodi : la marionnette de bois qui voulait devenir un vrai petit garçon. Une pièce de théâtre pour toute la famille, une mise en scène saisissante.',
    };
    expect(performance(classifyEvent(signals({ types: ['TheaterEvent'], ...described }))).discipline).toBe(
      'theatre',
    );
    expect(performance(classifyEvent(signals({ types: ['Event'], ...described }))).discipline).toBe(
      'theatre',
    );
  });

  it('a pop star is musiques actuelles, not chant choral', () => {
    const c = performance(
      classifyEvent(
        signals({
          types: ['Event', 'MusicEvent'],
          keywords: ['Pop', 'Concert'],
          title: 'Louane',
          description:
            'La chanteuse pop revient avec son nouvel album, entourée de ses musiciens et de ses choristes ; les chœurs de la salle reprennent ses tubes.',
        }),
      ),
    );
    expect(c.discipline).toBe('musique');
    expect(c.subDiscipline).toBe('musiques-actuelles');
  });
});

describe('classifyEvent: events that are not shows are skipped with their reason', () => {
  const cases: Array<[string, Partial<EventSignals>, RegExp]> = [
    [
      'guided tour by keyword',
      {
        keywords: ['Visites guidées'],
        title: 'Les secrets du Capitole',
        description: 'Musique et histoire au fil des salles.',
      },
      /mot-clé « Visites guidées » : visite/,
    ],
    ['« Visitez » in the title', { title: 'Visitez la cité de Carcassonne' }, /titre .* visite/],
    [
      'exhibition by keyword',
      { keywords: ['Exposition'], title: 'Regards croisés', description: 'Concert de couleurs.' },
      /mot-clé « Exposition » : exposition/,
    ],
    ['« EXPO » in the title', { title: 'EXPO Picasso et la danse' }, /titre .* exposition/],
    ['a market', { types: ['Event', 'ChildrensEvent'], title: 'Marché de Noël des enfants' }, /marché/],
    ['cinema: « FILM »', { title: 'FILM : Les Choristes' }, /cinéma/],
    [
      'a food-truck evening',
      { title: 'Soirée food trucks', description: 'Ambiance musicale et street food.' },
      /repas/,
    ],
    [
      'a craft pop-up, not pop music',
      { title: 'Pop-up des créateurs', description: 'Bijoux, céramique et textile.' },
      /marché/,
    ],
    [
      'a costumed race',
      { types: ['Event', 'Festival'], title: 'Course costumée des Foulées roses' },
      /sport/,
    ],
    [
      'a basketball show',
      { title: 'Basket show : les Harlem Globetrotters', description: 'Un spectacle de basket acrobatique.' },
      /sport/,
    ],
    [
      'garden open days',
      { keywords: ['Jardins'], title: 'Rendez-vous aux jardins', description: 'Portes ouvertes.' },
      /jardin|visite|portes/,
    ],
    ['a typed exhibition', { types: ['Event', 'ExhibitionEvent'], title: 'Monet' }, /type ExhibitionEvent/],
  ];
  for (const [what, over, reason] of cases) {
    it(`skips ${what}`, () => {
      expect(skipped(classifyEvent(signals(over)))).toMatch(reason);
    });
  }

  it('an Event, ChildrensEvent or Festival with nothing saying « show » is skipped', () => {
    for (const types of [['Event'], ['Event', 'ChildrensEvent'], ['Event', 'Festival']]) {
      expect(skipped(classifyEvent(signals({ types, title: 'Les Estivales' })))).toMatch(/rien ne dit/);
    }
  });

  it('a festival whose title names a kind of show is one', () => {
    const c = performance(
      classifyEvent(signals({ types: ['Event', 'Festival'], title: 'Festival Jazz en Touraine' })),
    );
    expect(c.discipline).toBe('musique');
  });
});

describe('classifyEvent: order of trust', () => {
  it('a specific type outweighs keywords; a TheaterEvent yields to them', () => {
    const base = { keywords: ['Cirque'], title: 'Nuit blanche' };
    expect(performance(classifyEvent(signals({ types: ['DanceEvent'], ...base }))).discipline).toBe('danse');
    expect(performance(classifyEvent(signals({ types: ['TheaterEvent'], ...base }))).discipline).toBe(
      'cirque',
    );
  });

  it('a show typed also as an exhibition lets the words decide', () => {
    const types = ['Event', 'TheaterEvent', 'ExhibitionEvent'];
    expect(skipped(classifyEvent(signals({ types, title: 'Journées du patrimoine au château' })))).toMatch(
      /typé à la fois spectacle et exposition/,
    );
    expect(performance(classifyEvent(signals({ types, title: 'Molière à la ferme' }))).discipline).toBe(
      'theatre',
    );
  });

  it('keywords outweigh the title, the title outweighs the description', () => {
    expect(
      performance(classifyEvent(signals({ keywords: ['Concert'], title: 'Visite musicale' }))).discipline,
    ).toBe('musique');
    expect(
      skipped(classifyEvent(signals({ title: 'Visite du château', description: 'Suivie d’un concert.' }))),
    ).toMatch(/titre/);
  });

  it('a word saying only « spectacle » yields to the kind named next to it', () => {
    expect(skipped(classifyEvent(signals({ title: 'Spectacle son et lumière' })))).toMatch(/titre/);
    expect(performance(classifyEvent(signals({ title: 'Spectacle au lavoir' }))).discipline).toBe(
      'pluridisciplinaire',
    );
  });

  it('is deterministic and tells its basis', () => {
    const s = signals({ types: ['MusicEvent'], title: 'Quatuor Ébène', description: 'Beethoven.' });
    expect(classifyEvent(s)).toEqual(classifyEvent(s));
    expect(performance(classifyEvent(s)).basis).toBe('type MusicEvent');
  });
});
