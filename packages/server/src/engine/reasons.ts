import {
  AUDIENCES,
  DISCIPLINES,
  type Discipline,
  type Facet,
  PRICE_BANDS,
  type Reason,
  type ReasonCode,
  type ReasonTerm,
  SIZE_CLASSES,
} from '@detour/sdk';
import { formatKm, formatStart, isoString } from './format.js';

type Text = { fr: string; en: string };
type Params = Reason['params'];

/** "du cirque", "de la danse": French needs the partitive article before a discipline. */
const DISCIPLINE_PARTITIVE: Record<Discipline, string> = {
  theatre: 'du théâtre',
  danse: 'de la danse',
  cirque: 'du cirque',
  'arts-de-la-rue': 'des arts de la rue',
  musique: 'de la musique',
  'art-lyrique': 'de l’art lyrique',
  marionnettes: 'des marionnettes',
  humour: 'de l’humour',
  conte: 'du conte',
  pluridisciplinaire: 'du pluridisciplinaire',
};

const lowerEn = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function reason(code: ReasonCode, term: ReasonTerm, params: Params, text: Text): Reason {
  return { code, term, decisive: false, params, text };
}

/** "à 3,2 km". */
export function distanceReason(term: ReasonTerm, km: number): Reason {
  const t = formatKm(km);
  return reason('distance', term, { km: Math.round(km * 10) / 10 }, { fr: `à ${t.fr}`, en: `${t.en} away` });
}

/** "jeudi 20 h". */
export function timeReason(term: ReasonTerm, startMs: number, nowMs: number): Reason {
  const t = formatStart(startMs, nowMs);
  return reason(
    'time',
    term,
    { start: isoString(startMs), hoursUntil: Math.round((startMs - nowMs) / 360_000) / 10 },
    t,
  );
}

/** "proche de « X », dans une autre discipline" (the bump term) or "proche de « X »" (similar shows). */
export function similarReason(
  code: 'similar' | 'similar-but-different',
  title: string,
  showId: string,
  sameDiscipline: boolean,
  similarity: number,
): Reason {
  const params = { showId, title, similarity: Math.round(similarity * 100) / 100, sameDiscipline };
  if (code === 'similar')
    return reason(code, 'relevance', params, { fr: `proche de « ${title} »`, en: `close to “${title}”` });
  return reason(
    code,
    'relevance',
    params,
    sameDiscipline
      ? {
          fr: `dans l’esprit de « ${title} », sans être le même`,
          en: `in the spirit of “${title}”, yet different`,
        }
      : {
          fr: `proche de « ${title} », dans une autre discipline`,
          en: `close to “${title}”, in another discipline`,
        },
  );
}

/** Novelty against the history. */
export function novelReason(novelty: number): Reason {
  return reason(
    'novel',
    'relevance',
    { novelty: Math.round(novelty * 100) / 100 },
    { fr: 'change de ce que vous avez déjà regardé', en: 'a change from what you have viewed so far' },
  );
}

/** The facet value that coverage favoured, in words. */
export function coverageReason(facet: Facet, value: string, seatsBefore: number): Reason {
  const params = { facet, value, alreadyPicked: seatsBefore };
  if (facet === 'discipline') {
    const d = value as Discipline;
    const label = DISCIPLINES[d];
    if (seatsBefore === 0) {
      return reason('discipline-absent', 'coverage', params, {
        fr: `${DISCIPLINE_PARTITIVE[d]} : discipline encore absente de la sélection`,
        en: `${lowerEn(label.en)}: a discipline not yet in this selection`,
      });
    }
    return reason('facet-target', 'coverage', params, {
      fr: `${DISCIPLINE_PARTITIVE[d]} : pour approcher la part voulue par la rédaction`,
      en: `${lowerEn(label.en)}: towards the editors’ target share`,
    });
  }
  if (facet === 'sizeClass') {
    if (value === 'petit') {
      return reason('small-venue', 'coverage', params, {
        fr: 'petit lieu : pour faire place aux petites salles',
        en: 'small venue: making room for small stages',
      });
    }
    const label = SIZE_CLASSES[value as keyof typeof SIZE_CLASSES];
    return reason('facet-target', 'coverage', params, {
      fr: `${label.fr.toLowerCase()} : pour varier les tailles de lieux`,
      en: `${lowerEn(label.en)}: varying the size of venues`,
    });
  }
  if (facet === 'priceBand') {
    // An unknown price varies nothing a visitor can see: say what the pick does for the selection instead.
    if (value === 'inconnu') {
      return reason('facet-target', 'coverage', params, {
        fr: 'pour varier la sélection',
        en: 'varying the selection',
      });
    }
    const label = PRICE_BANDS[value as keyof typeof PRICE_BANDS];
    const code: ReasonCode =
      value === 'gratuit' ? 'free' : value === 'moins-de-10' ? 'low-price' : 'facet-target';
    return reason(code, 'coverage', params, {
      fr: `${label.fr.toLowerCase()} : pour varier les prix`,
      en: `${lowerEn(label.en)}: varying prices`,
    });
  }
  const label = AUDIENCES[value as keyof typeof AUDIENCES];
  if (value === 'jeune-public') {
    return reason('young-audience', 'coverage', params, {
      fr: 'jeune public : pour que les familles aussi y trouvent leur compte',
      en: 'young audiences: so that families find something too',
    });
  }
  return reason('facet-target', 'coverage', params, {
    fr: `${label.fr.toLowerCase()} : pour varier les publics`,
    en: `${lowerEn(label.en)}: varying audiences`,
  });
}

/** Won on low redundancy: unlike the picks made before it. */
export function unlikeOthersReason(maxSimilarity: number): Reason {
  return reason(
    'unlike-others',
    'coverage',
    { maxSimilarity: Math.round(maxSimilarity * 100) / 100 },
    { fr: 'différent des autres propositions', en: 'unlike the other suggestions' },
  );
}

function period(halfLifeDays: number): Text {
  if (halfLifeDays === 14) return { fr: 'ces deux dernières semaines', en: 'over the last two weeks' };
  if (halfLifeDays === 7) return { fr: 'cette dernière semaine', en: 'over the last week' };
  const d = Math.round(halfLifeDays);
  return { fr: `ces ${d} derniers jours`, en: `over the last ${d} days` };
}

/** "petit lieu peu mis en avant ces deux dernières semaines". */
export function underexposedReason(
  small: boolean,
  halfLifeDays: number,
  exposure: { received: number; deserved: number },
): Reason {
  const p = period(halfLifeDays);
  return reason(
    'venue-underexposed',
    'fairness',
    {
      smallVenue: small,
      received: Math.round(exposure.received * 100) / 100,
      deserved: Math.round(exposure.deserved * 100) / 100,
      halfLifeDays,
    },
    small
      ? { fr: `petit lieu peu mis en avant ${p.fr}`, en: `small venue seldom shown ${p.en}` }
      : { fr: `lieu peu mis en avant ${p.fr}`, en: `venue seldom shown ${p.en}` },
  );
}

/** A discovery slot: a discipline outside the viewed show and the history. */
export function discoveryReason(discipline: Discipline): Reason {
  return reason(
    'discovery-slot',
    'discovery',
    { discipline },
    {
      fr: `${DISCIPLINE_PARTITIVE[discipline]} : une discipline que vous n’avez pas encore regardée`,
      en: `${lowerEn(DISCIPLINES[discipline].en)}: a discipline you have not viewed yet`,
    },
  );
}

/** A free performance, stated as a fact. */
export function freeFact(): Reason {
  return reason('free', 'fact', {}, { fr: 'gratuit', en: 'free' });
}
