import type { Discipline, SubDiscipline } from '@detour/sdk';
import type { Classification } from './disciplines.js';

export type { Classification };

/**
 * The words of event kinds, live or not, read in one pass over a folded text (lower case, no accents). The
 * live words are those of the taxonomy rules in disciplines.ts made for prose: a label such as a festival's
 * sub-category « Lecture » names a kind, but in a description « lecture », « groupe », « rire » or « la magie
 * de Noël » do not. The others name what organisers list next to shows and must not be recommended as one:
 * visits, exhibitions, screenings, markets, meals, sport, workshops, talks, heritage and garden days.
 */

/** A rule, with its weight when it is weak evidence (« rire » counts half of « humoriste »). */
type LiveRule = [pattern: RegExp, discipline: Discipline, sub: SubDiscipline | null, weight?: number];

/** Live kinds, specific before general (« danse contemporaine » before « danse », « opéra » before « musique »). */
export const LIVE_RULES: readonly LiveRule[] = [
  [/\b(operettes?|comedies? musicales?)\b/, 'art-lyrique', 'operette'],
  [/\b(operas?|art lyrique|lyrique|cantates?|recitatifs?|airs? d.operas?|arias?)\b/, 'art-lyrique', 'opera'],
  [
    /\b(marionnett\w*|theatre d.objets?|theatre de papier|theatre de marionnettes|theatre d.ombres?|ombres? chinoises?|manipulat(?:rice|eur)s? d.objets?)\b/,
    'marionnettes',
    null,
  ],
  [/\b(danses? hip.?hop|danses? urbaines?|breakdance|break dance|krump)\b/, 'danse', 'danse-hip-hop'],
  [/\b(danses? contemporaines?)\b/, 'danse', 'danse-contemporaine'],
  [/\b(ballets?|danses? classiques?)\b/, 'danse', 'danse-classique'],
  [
    /\b(danses? traditionnelles?|danses? du monde|bal folk|danses? folkloriques?|folklore|fest.noz)\b/,
    'danse',
    'danse-traditionnelle',
  ],
  [/\b(cirque contemporain|nouveau cirque|magie nouvelle)\b/, 'cirque', 'cirque-contemporain'],
  [/\b(cirque traditionnel|chapiteau)\b/, 'cirque', 'cirque-traditionnel'],
  [
    /\b(cirque|circassien\w*|arts? de la piste|arts? du cirque|acrobat\w*|trapez\w*|jongl\w*|funambul\w*|clowns?|magie(?! de noel| des fetes| de l.hiver| du lieu)|magicien\w*|illusionnis\w*|spectacles? equestres?|spectacles? (?:de |d.)?chevaux|voltige equestre|cavalcade)\b/,
    'cirque',
    null,
  ],
  [
    /\b(arts? de la rue|arts? de rue|theatre de rue|spectacles? de rue|spectacles? deambulatoires?|spectacles?.promenades?|deambulations? (?:theatrales?|musicales?|poetiques?|spectacles?))\b/,
    'arts-de-la-rue',
    null,
  ],
  [/\b(stand.?up)\b/, 'humour', 'stand-up'],
  [/\b(one.(?:wo)?man.show)\b/, 'humour', 'one-man-show'],
  // « Seul en scène » is as often a theatre monologue as a comedian's show.
  [/\b(seule? en scene)\b/, 'humour', 'one-man-show', 0.4],
  [/\b(humour\w*|humoriste\w*|comique\w*|cafe.theatre|sketch\w*)\b/, 'humour', null],
  [/\b(rires?|hilarant\w*|desopilant\w*|droles?|loufoques?)\b/, 'humour', null, 0.4],
  [
    /\b(contes?|conteu(?:r|se)s?|arts? du conte|arts? du recit|heure du conte|veillees? contees?)\b/,
    'conte',
    null,
  ],
  [/\b(improvisation theatrale|impro|match d.improvisation)\b/, 'theatre', 'theatre-improvisation'],
  [
    /\b(lectures? (?:musicales?|theatralisees?|spectacles?|mises? en (?:voix|espace|scene))|lecture.spectacle|theatre lu|mises? en voix|mises? en espace)\b/,
    'theatre',
    'theatre-lecture',
  ],
  [
    /\b(moliere|racine|corneille|marivaux|feydeau|tragedie|theatre classique)\b/,
    'theatre',
    'theatre-classique',
  ],
  [/\b(theatre contemporain)\b/, 'theatre', 'theatre-contemporain'],
  [
    /\b(theatres?|theatral\w*|comedies?|pieces? de theatre|(?:la|cette|une|sa|leur|nouvelle|celebre) piece(?! (?:d.eau|de monnaie|unique|montee))|mise en scene|comedien\w*|dramaturg\w*)\b/,
    'theatre',
    null,
  ],
  [/\b(danses?|danseu(?:r|se)s?|choregraph\w*)\b/, 'danse', null],
  // A credit (« X à la guitare ») says who plays, not that the event is a concert.
  [
    /\b((?:a|au|aux) (?:la |l.)?(?:guitares?|pianos?|violons?|violoncelles?|percussions?|contrebasses?|accordeons?|saxophones?|batterie|claviers?|trompettes?|clarinettes?|flutes?))\b/,
    'musique',
    null,
    0.4,
  ],
  [/\b(jazz\w*|blues|swing|manouche|big band)\b/, 'musique', 'jazz-blues'],
  [/\b(rock|metal|hard.?rock|punk|grunge)\b/, 'musique', 'rock-metal'],
  [/\b(electro|electro.\w+|techno|house music|musiques? electroniques?|dj|ebm)\b/, 'musique', 'electro'],
  [/\b(rap|hip.?hop|slam|rappeu(?:r|se)s?)\b/, 'musique', 'hip-hop'],
  [/\b(chansons?|chanteu(?:r|se)s?|variete\w*)\b/, 'musique', 'chanson'],
  [
    /\b(baroque|musiques? anciennes?|musique (?:de la )?renaissance|musique medievale)\b/,
    'musique',
    'musique-ancienne',
  ],
  [/\b(musiques? contemporaines?|creation musicale)\b/, 'musique', 'musique-contemporaine'],
  [
    /\b(choeurs?|chorales?|chant choral|polyphoni\w*|a cappella|a capella|ensemble vocal|groupe vocal)\b/,
    'musique',
    'musique-chorale',
  ],
  [
    /\b(musiques? classiques?|symphoni\w*|orchestres?|quatuors?|musique de chambre|recital\w*|pianistes?|pianos?|orgues?|organistes?|violon\w*|violoncell\w*|philharmoni\w*|concertos?|sonates?)\b/,
    'musique',
    'musique-classique',
  ],
  [
    /\b(musiques? du monde|musiques? traditionnelles?|world music|folk|celti\w*|flamenco|gospel|reggae)\b/,
    'musique',
    'musiques-du-monde',
  ],
  [
    /\b(musiques? actuelles?|musiques? amplifiees?|pop(?![ -]?up)|indie|soul|funk)\b/,
    'musique',
    'musiques-actuelles',
  ],
  [
    /\b(concerts?|musiques?|musical\w*|fanfares?|musicien\w*|melodies?|percussions?|guitares?|quintet|quartet|trio|duo (?:de )?(?:guitares?|violoncelles?|pianos?))\b/,
    'musique',
    null,
  ],
];

/**
 * Words saying « a show » without a discipline: evidence of a performance (a company, a show), pluridisciplinaire
 * when nothing more precise is said. « en compagnie de » and « la compagnie des guides » are not companies.
 */
export const GENERIC_LIVE =
  /\b(pluridisciplinaires?|transdisciplinaires?|spectacles? vivants?|spectacles?|representations?|cie|(?<!en )compagnie(?! (?:de|d'|des|du|aerienne)\b))\b/;

/** Kinds of events that are not live performance: the pattern and what the report calls it. */
export const NON_LIVE_KINDS: ReadonlyArray<[pattern: RegExp, label: string]> = [
  [
    /\b(visites?|visitez|visiter|visite.conference|circuits? decouverte|balades?|promenades?(?! (?:musicales?|contees?|theatrales?))|randonnees?|rando|marches? nordiques?|excursions?|sorties? (?:nature|nocturnes?|mycologiques?|champignons|decouverte)|mycolog\w*|ecoute du brame|brame)\b/,
    'visite ou balade',
  ],
  [
    /\b(expositions?|expos?|exhibitions?|vernissages?|installations? (?:artistiques?|plastiques?)|arts? visuels?|arts? plastiques?|photographi\w+|peintures?|sculptures?|aquarelles?|street art|galeries?|ceramiques?|ceramistes?)\b/,
    'exposition',
  ],
  [
    /\b(cinemas?|cine(?![ -]?concerts?)|cine.?club|films?|projections?|court.?metrages?|longs?.?metrages?|documentaires?|audiovisuel|avant.premiere|screening|realite virtuelle|stop motion)\b/,
    'cinéma',
  ],
  [
    /\b(marches?|markets?|brocantes?|vide.greniers?|braderies?|foires?|salons?|puces|bourses?|troc|ventes?|pop.?up|boutiques? ephemeres?|artisans?|artisanat|exposants?|stands?)\b/,
    'marché, salon ou vente',
  ],
  [
    /\b(food.?trucks?|degustations?|repas(?!.spectacle)|diners?(?!.spectacle)|brunch|gastronomi\w*|pique.nique|aperos?|aperitifs?|oenolog\w*|vins?|vignerons?|cuisine\w*|culinaires?|recettes?|alimentation|cantines?|soupes?|bieres?)\b/,
    'repas ou dégustation',
  ],
  [
    /\b(sports?|sporti\w*|courses?|trail|marathon|semi.marathon|triathlon|duathlon|cyclo\w*|velo|vtt|bmx|rallye|tournois?|matchs?|basket\w*|football|rugby|handball|volley\w*|tennis|petanque|golf|regates?|yoga|pilates|fitness|zumba|aquagym|escalade|baignade|parapente|slackline|parkour|jogging|running|patinoire|luge|hippique|concours hippique|athletisme|natation|boxe)\b/,
    'sport',
  ],
  [
    /\b(ateliers?|stages?|initiations?|cours de|masterclass|workshop|eveil musical|bricolage|fresque (?:du climat|de l.alimentation|des))\b/,
    'atelier ou cours',
  ],
  [
    /\b(conferences?|colloques?|debats?|tables? rondes?|seminaires?|causeries?|forums?|cafe.philo|rencontres? (?:avec|d.auteur)|podcasts?|talks?|webinaires?|permanences?|emploi|recrutement|job.?dating|decouverte des metiers)\b/,
    'conférence, rencontre ou forum',
  ],
  [
    /\b(portes? ouvertes?|ouvertures? exceptionnelles?|rendez.vous aux jardins|parcours lumiere|son (?:et|&) lumieres?|illuminations?|video.?mapping|feux? d.artifice|lachers? de lanternes|fetes? de (?:noel|fin d.annee)|guinguettes?|zoo\w*|parc animalier|fauconnerie|demonstrations?)\b/,
    'visite, fête ou attraction',
  ],
  [
    /\b((?:quinzaine|fete|foire|festival|salon|mois|nuit)s? (?:du|des|aux) livres?|livres? jeunesse|litterature\w*|dedicaces?|bande dessinee|bd|manga|club de lecture)\b/,
    'livre',
  ],
  [
    /\b(jeux? (?:de societe|video|de piste|de plateau|geants?|d.ecriture)|jeu de piste|ludique|ludotheque|loto|quiz|escape.?game|chasse (?:au|aux) tresors?|enigmes?|gaming|structures? gonflables?|nettoyage|ramassage de dechets)\b/,
    'jeu ou animation',
  ],
];

/**
 * Places where shows also happen (a château, a church, a garden, a library): a title naming only one of them is a
 * visit or an opening, but a place never outweighs a word naming a show, however vague.
 */
export const PLACES: RegExp =
  /\b(patrimoine|jardins?|monuments?|chateaux?|musees?|ecomusee|eglises?|chapelles?|abbayes?|collegiales?|cathedrales?|prieures?|plages?|bibliotheques?|mediatheques?|mediathecaires?|bibliothecaires?)\b/;

/**
 * Phrases read as nothing: « Journées européennes du patrimoine » is the occasion, not the kind (a show can be
 * part of it); « adaptation du conte de Perrault » names the source of a play, not storytelling.
 */
const NEUTRAL =
  /\b(journees? (?:europeennes |nationales )?(?:du patrimoine|de l.architecture)|(?:adaptation|adapte|d.apres|inspire) (?:libre |theatrale )?(?:du|d.un|de la|des|le|les) (?:celebre )?contes?|(?:leur|nous|vous|lui|te|me|se) contes?|(?:avec|plein|pleine|beaucoup|pointe|touche|non sans) (?:d.|de l.|beaucoup d.)?humour|contes? (?:de noel|d.hiver|de fees)|d.autres contes|comedie romantique)\b/;

export interface KindMatch {
  /** The discipline the text names most (pluridisciplinaire when it names none, or three equally), or null. */
  live: Classification | null;
  /** The words read as that discipline (folded). */
  liveWord: string | null;
  /** Every live rule matched, in rule order: where a sub-discipline is looked for. */
  all: readonly Classification[];
  /** Offset of the first word naming a discipline, of the first saying only « a show », -1 when none. */
  firstSpecific: number;
  firstGeneric: number;
  /** The first non-live kind named (visite, exposition…), its words and offset. */
  notLive: string | null;
  notLiveWord: string | null;
  firstNotLive: number;
  /** The first place named (château, jardin…). */
  place: string | null;
  /** Whether it names a company (then théâtre when no discipline is named). */
  company: boolean;
  /** How many words named each discipline (weak words count less). */
  counts: ReadonlyMap<Discipline, number>;
}

type Alternative =
  | { group: number; kind: 'live'; rule: number; live: Classification; weight: number }
  | { group: number; kind: 'generic' | 'neutral' | 'place' }
  | { group: number; kind: 'not'; label: string };

type WithoutGroup<T> = T extends unknown ? Omit<T, 'group'> : never;

// One pattern with every rule as an alternative, in priority order: at one position the first alternative that
// matches wins, so « danse contemporaine » beats « danse », « ciné-concert » reads as a concert, « repas-spectacle »
// as a show. One scan per text instead of seventy.
const ALTERNATIVES: Alternative[] = [];
const SCANNER = (() => {
  const sources: string[] = [];
  let group = 1;
  const add = (pattern: RegExp, alt: WithoutGroup<Alternative>) => {
    ALTERNATIVES.push({ group, ...alt } as Alternative);
    sources.push(`(${pattern.source})`);
    group += 1 + (new RegExp(`${pattern.source}|`).exec('')!.length - 1);
  };
  add(NEUTRAL, { kind: 'neutral' });
  LIVE_RULES.forEach(([pattern, discipline, subDiscipline, weight = 1], rule) => {
    add(pattern, { kind: 'live', rule, live: { discipline, subDiscipline }, weight });
  });
  add(GENERIC_LIVE, { kind: 'generic' });
  for (const [pattern, label] of NON_LIVE_KINDS) add(pattern, { kind: 'not', label });
  add(PLACES, { kind: 'place' });
  return new RegExp(sources.join('|'), 'g');
})();

/** The kinds a folded text names (see KindMatch). */
export function readKinds(folded: string): KindMatch {
  const scores = new Map<Discipline, { count: number; rule: number; first: number; word: string }>();
  const seen = new Set<number>();
  const all: Array<{ rule: number; c: Classification }> = [];
  const k: KindMatch = {
    live: null,
    liveWord: null,
    all: [],
    firstSpecific: -1,
    firstGeneric: -1,
    notLive: null,
    notLiveWord: null,
    firstNotLive: -1,
    place: null,
    company: false,
    counts: new Map(),
  };
  SCANNER.lastIndex = 0;
  for (let m = SCANNER.exec(folded); m !== null; m = SCANNER.exec(folded)) {
    const alt = ALTERNATIVES.find((a) => m![a.group] !== undefined)!;
    if (alt.kind === 'live') {
      // A weak word (« drôle », « rires ») helps choose a discipline but never shows that there is a show.
      if (k.firstSpecific < 0 && alt.weight >= 1) k.firstSpecific = m.index;
      if (!seen.has(alt.rule)) {
        seen.add(alt.rule);
        all.push({ rule: alt.rule, c: alt.live });
      }
      const s = scores.get(alt.live.discipline);
      if (s) s.count += alt.weight;
      else scores.set(alt.live.discipline, { count: alt.weight, rule: alt.rule, first: m.index, word: m[0] });
    } else if (alt.kind === 'generic') {
      if (m[0] === 'cie' || m[0] === 'compagnie') k.company = true;
      if (k.firstGeneric < 0) {
        k.firstGeneric = m.index;
        k.liveWord ??= m[0];
      }
    } else if (alt.kind === 'not') {
      if (k.notLive === null) {
        k.notLive = alt.label;
        k.notLiveWord = m[0];
        k.firstNotLive = m.index;
      }
    } else if (alt.kind === 'place') {
      k.place ??= m[0];
    }
  }
  all.sort((a, b) => a.rule - b.rule);
  k.all = all.map((a) => a.c);
  k.counts = new Map([...scores].map(([d, s]) => [d, s.count]));
  const best = bestDiscipline(scores);
  if (best) {
    k.live = {
      discipline: best.discipline,
      subDiscipline:
        k.all.find((c) => c.discipline === best.discipline && c.subDiscipline)?.subDiscipline ?? null,
    };
    k.liveWord = best.word;
  } else if (k.company) {
    // A company (« compagnie », « Cie ») with nothing more said is most often a theatre company.
    k.live = { discipline: 'theatre', subDiscipline: null };
  } else if (k.firstGeneric >= 0) {
    k.live = { discipline: 'pluridisciplinaire', subDiscipline: null };
  }
  // Weak words alone say nothing.
  if (k.firstSpecific < 0 && k.firstGeneric < 0) k.live = null;
  return k;
}

/** The discipline named most; of two named as often, the first named; three or more equally named make it pluridisciplinaire. */
function bestDiscipline(
  scores: ReadonlyMap<Discipline, { count: number; rule: number; first: number; word: string }>,
): { discipline: Discipline; word: string } | null {
  let max = 0;
  for (const s of scores.values()) max = Math.max(max, s.count);
  // Equally named: the one named first is what the text is about.
  const top = [...scores].filter(([, s]) => s.count === max).sort((a, b) => a[1].first - b[1].first);
  if (top.length === 0) return null;
  if (top.length >= 3) return { discipline: 'pluridisciplinaire', word: top[0]![1].word };
  return { discipline: top[0]![0], word: top[0]![1].word };
}
