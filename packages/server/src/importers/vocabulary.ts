import type { Discipline } from '@detour/sdk';
import { type Classification, RULES } from './disciplines.js';

export type { Classification };

/**
 * The words of event kinds, live or not, read in one pass over a folded text. The live words are the
 * taxonomy rules of disciplines.ts; the others name what organisers list next to shows and must not be
 * recommended as one: visits, exhibitions, screenings, markets, sport, workshops, talks.
 */

/** Kinds of events that are not live performance: the pattern (on folded text) and what the report calls it. */
export const NON_LIVE_KINDS: ReadonlyArray<[pattern: RegExp, label: string]> = [
  [
    /\b(visites?|visitez|visiter|visite.conference|visites?.guidees?|circuits? decouverte|balades?|promenades? commentees?|randonnees?|rando|marches? nordiques?|excursions?)\b/,
    'visite ou balade',
  ],
  [
    /\b(expositions?|expos?|exhibitions?|vernissages?|installations? plastiques?|arts? visuels?|arts? plastiques?|photographies?|peintures?|sculptures?|street art|galerie)\b/,
    'exposition',
  ],
  [
    /\b(cinemas?|cine.?club|films?|projections?|court.?metrages?|longs?.?metrages?|documentaires?|audiovisuel|avant.premiere|screening)\b/,
    'cinéma',
  ],
  [
    /\b(marches?|market|brocantes?|vide.greniers?|braderies?|foires?|salons?|puces|bourses?|troc|vente|ventes|pop.?up|pop.?up store|artisans?|createurs? locaux|artisanat)\b/,
    'marché ou vente',
  ],
  [
    /\b(food.?trucks?|degustations?|repas|diner|dejeuner|brunch|gastronomi\w*|banquet|barbecue|pique.nique|apero|aperitif|vins?|oenolog\w*)\b/,
    'repas ou dégustation',
  ],
  [
    /\b(sports?|sporti\w*|courses?|trail|marathon|semi.marathon|cross|triathlon|cyclo\w*|velo|rallye|tournois?|matchs?|basket\w*|football|foot|rugby|handball|volley\w*|tennis|petanque|golf|regates?|yoga|pilates|fitness|zumba|gym)\b/,
    'sport',
  ],
  [/\b(ateliers?|stages?|initiations?|cours|formations?|masterclass|workshop)\b/, 'atelier ou cours'],
  [
    /\b(conferences?|colloques?|debats?|tables? rondes?|seminaires?|causeries?|forums?|cafe.philo)\b/,
    'conférence ou débat',
  ],
  [
    /\b(jardins?|portes? ouvertes?|journees? portes|rendez.vous aux jardins|patrimoine|monuments?|chateaux?|musees?)\b/,
    'patrimoine ou jardin',
  ],
  [
    /\b(salons? du livre|livres?|litterature|dedicaces?|bande dessinee|bd|bibliotheques?|mediatheques?)\b/,
    'livre',
  ],
  [/\b(jeux?|ludique|loto|quiz|escape game|chasse au tresor|jeu de piste|concours)\b/, 'jeu'],
];

export interface KindMatch {
  /** The discipline the text names most (pluridisciplinaire only when it names no other), or null. */
  live: Classification | null;
  /** The words read as that discipline, as written (folded). */
  liveWord: string | null;
  /** Every live rule matched, in rule order: where a sub-discipline is looked for. */
  all: readonly Classification[];
  /** The first non-live kind named, or null. */
  notLive: string | null;
  notLiveWord: string | null;
  /** Whether the text names a live kind before any non-live one. */
  liveFirst: boolean;
}

interface Alternative {
  /** Index of the alternative's group in the combined pattern. */
  group: number;
  rule: number;
  live: Classification | null;
  notLive: string | null;
}

// One pattern with every rule as an alternative, live rules first (in taxonomy order, specific before
// general) so that at one position « danse contemporaine » wins over « danse » and « ciné-concert » reads as
// a concert; one scan per text instead of sixty.
const ALTERNATIVES: Alternative[] = [];
const SCANNER = (() => {
  const sources: string[] = [];
  let group = 1;
  const add = (pattern: RegExp, live: Classification | null, notLive: string | null) => {
    ALTERNATIVES.push({ group, rule: ALTERNATIVES.length, live, notLive });
    sources.push(`(${pattern.source})`);
    group += 1 + (new RegExp(`${pattern.source}|`).exec('')!.length - 1);
  };
  for (const [pattern, discipline, subDiscipline] of RULES) add(pattern, { discipline, subDiscipline }, null);
  for (const [pattern, label] of NON_LIVE_KINDS) add(pattern, null, label);
  return new RegExp(sources.join('|'), 'g');
})();

const NOTHING: KindMatch = {
  live: null,
  liveWord: null,
  all: [],
  notLive: null,
  notLiveWord: null,
  liveFirst: false,
};

/** The kinds a folded text names (see KindMatch). */
export function readKinds(folded: string): KindMatch {
  const scores = new Map<Discipline, { count: number; rule: number; word: string }>();
  const all: Classification[] = [];
  const seen = new Set<number>();
  let notLive: string | null = null;
  let notLiveWord: string | null = null;
  let firstLive = -1;
  let firstNotLive = -1;
  SCANNER.lastIndex = 0;
  for (let m = SCANNER.exec(folded); m !== null; m = SCANNER.exec(folded)) {
    const alt = ALTERNATIVES.find((a) => m![a.group] !== undefined)!;
    if (alt.live) {
      if (firstLive < 0) firstLive = m.index;
      if (!seen.has(alt.rule)) {
        seen.add(alt.rule);
        all.push(alt.live);
      }
      const s = scores.get(alt.live.discipline);
      if (s) s.count++;
      else scores.set(alt.live.discipline, { count: 1, rule: alt.rule, word: m[0] });
    } else if (notLive === null) {
      notLive = alt.notLive;
      notLiveWord = m[0];
      firstNotLive = m.index;
    }
  }
  if (scores.size === 0 && notLive === null) return NOTHING;
  let best: [Discipline, { count: number; rule: number; word: string }] | null = null;
  for (const entry of scores) {
    if (best === null || better(entry, best)) best = entry;
  }
  all.sort((a, b) => ruleIndex(a) - ruleIndex(b));
  const live = best
    ? (all.find((c) => c.discipline === best[0] && c.subDiscipline) ?? {
        discipline: best[0],
        subDiscipline: null,
      })
    : null;
  return {
    live: live && best ? { discipline: best[0], subDiscipline: live.subDiscipline } : null,
    liveWord: best?.[1].word ?? null,
    all,
    notLive,
    notLiveWord,
    liveFirst: firstLive >= 0 && (firstNotLive < 0 || firstLive < firstNotLive),
  };
}

type Scored = [Discipline, { count: number; rule: number }];

/** Any discipline beats pluridisciplinaire (« spectacle » says only « a show »); then more words; then rule order. */
function better(a: Scored, b: Scored): boolean {
  const ap = a[0] === 'pluridisciplinaire';
  const bp = b[0] === 'pluridisciplinaire';
  if (ap !== bp) return bp;
  if (a[1].count !== b[1].count) return a[1].count > b[1].count;
  return a[1].rule < b[1].rule;
}

const RULE_INDEX = new Map<Classification, number>();
function ruleIndex(c: Classification): number {
  let i = RULE_INDEX.get(c);
  if (i === undefined) {
    i = ALTERNATIVES.findIndex((a) => a.live === c);
    RULE_INDEX.set(c, i);
  }
  return i;
}
