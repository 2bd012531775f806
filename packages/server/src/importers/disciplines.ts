import type { Discipline, SubDiscipline } from '@detour/sdk';
import { foldAccents } from '../text/french.js';

/** Where a record sits in our taxonomy of live-show types. */
export interface Classification {
  discipline: Discipline;
  subDiscipline: SubDiscipline | null;
}

export type Rule = [pattern: RegExp, discipline: Discipline, sub: SubDiscipline | null];

// Checked in order on folded text: the specific before the general ("danse hip-hop" before "hip-hop",
// "opéra" before "musique"). Patterns are matched against accent-free lower case.
export const RULES: readonly Rule[] = [
  [/\b(operettes?|comedies? musicales?)\b/, 'art-lyrique', 'operette'],
  [/\b(operas?|art lyrique|lyrique)\b/, 'art-lyrique', 'opera'],
  [/\b(marionnettes?|theatre d.objets?|theatre de papier)\b/, 'marionnettes', null],
  [/\b(danses? hip.?hop|danses? urbaines?|breakdance|break dance|krump)\b/, 'danse', 'danse-hip-hop'],
  [/\b(danses? contemporaines?)\b/, 'danse', 'danse-contemporaine'],
  [/\b(ballets?|danses? classiques?)\b/, 'danse', 'danse-classique'],
  [
    /\b(danses? traditionnelles?|danses? du monde|bal folk|danses? folkloriques?|folklore|fest.noz)\b/,
    'danse',
    'danse-traditionnelle',
  ],
  [/\b(cirque contemporain|nouveau cirque)\b/, 'cirque', 'cirque-contemporain'],
  [/\b(cirque traditionnel|chapiteau)\b/, 'cirque', 'cirque-traditionnel'],
  [
    /\b(cirque|arts? de la piste|arts? du cirque|acrobat\w*|trapez\w*|jongl\w*|funambul\w*|clowns?|magie|magicien\w*|illusionnis\w*)\b/,
    'cirque',
    null,
  ],
  [
    /\b(arts? de la rue|arts? de rue|theatre de rue|spectacles? de rue|deambulation\w*)\b/,
    'arts-de-la-rue',
    null,
  ],
  [/\b(stand.?up)\b/, 'humour', 'stand-up'],
  [/\b(one.(wo)?man.show|seule? en scene)\b/, 'humour', 'one-man-show'],
  [/\b(humour\w*|humoriste\w*|comique\w*|cafe.theatre|rire)\b/, 'humour', null],
  [/\b(contes?|conteu(r|se)s?|arts? du conte|arts? du recit)\b/, 'conte', null],
  [/\b(improvisation theatrale|impro|match d.improvisation)\b/, 'theatre', 'theatre-improvisation'],
  [/\b(lectures?|theatre lu)\b/, 'theatre', 'theatre-lecture'],
  [
    /\b(moliere|racine|corneille|marivaux|feydeau|tragedie|theatre classique)\b/,
    'theatre',
    'theatre-classique',
  ],
  [/\b(theatre contemporain)\b/, 'theatre', 'theatre-contemporain'],
  [/\b(theatres?|theatral\w*|comedies?|piece de|mise en scene|comediens?)\b/, 'theatre', null],
  [/\b(danses?|danseu(r|se)s?|choregraph\w*)\b/, 'danse', null],
  [/\b(jazz\w*|blues|swing|manouche)\b/, 'musique', 'jazz-blues'],
  [/\b(rock|metal|hard.?rock|punk|grunge)\b/, 'musique', 'rock-metal'],
  [/\b(electro\w*|techno|house music|musiques? electroniques?)\b/, 'musique', 'electro'],
  [/\b(rap|hip.?hop|slam|cultures? urbaines?)\b/, 'musique', 'hip-hop'],
  [/\b(chansons?|chanteu(r|se)s?|variete\w*)\b/, 'musique', 'chanson'],
  [/\b(baroque|musique ancienne|musiques anciennes|renaissance|medievale?)\b/, 'musique', 'musique-ancienne'],
  [/\b(musiques? contemporaines?|creation musicale)\b/, 'musique', 'musique-contemporaine'],
  [/\b(choeurs?|chorales?|chant choral|polyphoni\w*)\b/, 'musique', 'musique-chorale'],
  [
    /\b(musiques? classiques?|classique|savantes?|symphoni\w*|orchestres?|quatuors?|musique de chambre|recital\w*|pianos?|orgues?|violon\w*|philharmoni\w*)\b/,
    'musique',
    'musique-classique',
  ],
  [
    /\b(musiques? du monde|musiques? traditionnelles?|world music|folk|celti\w*|flamenco|gospel|reggae)\b/,
    'musique',
    'musiques-du-monde',
  ],
  [
    /\b(musiques? actuelles?|musiques? amplifiees?|pop(?![ -]?up)|groupes?)\b/,
    'musique',
    'musiques-actuelles',
  ],
  [/\b(concerts?|musiques?|musical\w*|fanfares?|musiciens?|big band)\b/, 'musique', null],
  [
    /\b(pluridisciplinaires?|transdisciplinaires?|spectacles? vivants?|spectacles?|sv hors mua)\b/,
    'pluridisciplinaire',
    null,
  ],
];

/** The first taxonomy entry a French (or English) label or text names, or null when none. */
export function classifyText(text: string | null | undefined): Classification | null {
  if (!text) return null;
  const folded = foldAccents(text).replace(/[’']/g, "'");
  for (const [pattern, discipline, sub] of RULES) {
    if (pattern.test(folded)) return { discipline, subDiscipline: sub };
  }
  return null;
}

/**
 * A list of kinds as organisers write it ("Danse, théâtre", "Cirque et arts de la rue", "Musique classique,
 * Opéra"): each item is classified on its own (so "Théâtre d'humour" stays humour; items naming nothing are
 * passed over). When the festival's own name names one of the listed kinds ("Festival lyrique des pays
 * catalans"), that one wins: many lists are a form's ticked boxes in alphabetical order, so their order says
 * little. Otherwise the kind named first wins, never the first in our rule order (which made every
 * generalist music festival ticking "Opéra" an opera festival). Null when no item names a kind.
 */
export function classifyFirstNamed(
  text: string | null | undefined,
  name?: string | null,
): Classification | null {
  if (!text) return null;
  const kinds: Classification[] = [];
  for (const item of text.split(LIST_SEPARATOR)) {
    const kind = classifyText(item);
    if (kind) kinds.push(kind);
  }
  if (kinds.length === 0) return null;
  const named = classifyText(name);
  if (named) {
    const same =
      kinds.find((k) => k.discipline === named.discipline && k.subDiscipline === named.subDiscipline) ??
      kinds.find((k) => k.discipline === named.discipline);
    if (same) return same;
  }
  return kinds[0]!;
}

const LIST_SEPARATOR = /[,;/]|\s+-\s+|\s+(?:et|&)\s+/i;

// Kinds of events that are not live performance: left out of the catalogue as "skipped".
const NOT_LIVE =
  /\b(expositions?|expo|vernissages?|salons? du livre|livres?|litterature|dedicaces?|cinemas?|films?|projections?|court.?metrages?|documentaires?|audiovisuel|marches?|brocantes?|vide.greniers?|braderies?|foires?|conferences?|visites?|randonnees?|sports?|courses?|tournois?|ateliers?|stages?|degustations?|arts? visuels?|arts? plastiques?|photographies?|street art|bande dessinee|bd|patrimoine)\b/;

/** Whether a text names a kind of event that is not live performance (exhibition, market, cinema, sport…). */
export function namesNonLiveEvent(text: string | null | undefined): boolean {
  if (!text) return false;
  return NOT_LIVE.test(foldAccents(text));
}

/** Whether a text says the event is for children ("jeune public", "enfants", "dès 3 ans"). */
export function namesYoungAudience(text: string | null | undefined): boolean {
  if (!text) return false;
  return /\b(jeune public|jeunesse|enfants?|familial|des \d+ ans|a partir de \d+ ans)\b/.test(
    foldAccents(text),
  );
}
