import {
  AUDIENCES,
  DISCIPLINES,
  type Facet,
  type PERIODS,
  POLICY_RANGES,
  type PolicySettings,
  PRICE_BANDS,
  SIZE_CLASSES,
} from '@detour/sdk';

/**
 * Every policy setting in plain French: its name, what it does, its safe range. Shared by the console
 * (form labels and help) and the server (history diffs, the public page), so both say the same thing.
 * No zod here: this file is bundled into the console.
 */

export interface FacetInfo {
  label: string;
  help: string;
  values: Record<string, { fr: string; en: string }>;
}

export const FACET_INFO: Record<Facet, FacetInfo> = {
  discipline: {
    label: 'Disciplines',
    help: 'Théâtre, danse, cirque, musique… L’importance dit combien la variété des disciplines compte ; les parts cibles disent quelle place donner à chacune dans les listes.',
    values: DISCIPLINES,
  },
  sizeClass: {
    label: 'Taille des lieux',
    help: 'Petits lieux, lieux moyens, grands lieux, institutions. C’est ici qu’on donne leur place aux petits lieux.',
    values: SIZE_CLASSES,
  },
  priceBand: {
    label: 'Prix',
    help: 'Gratuit, moins de 10 €, de 10 à 25 €, plus de 25 €, prix non communiqué.',
    values: PRICE_BANDS,
  },
  audience: {
    label: 'Publics',
    help: 'Tout public ou jeune public.',
    values: AUDIENCES,
  },
};

export type ScalarKey =
  | 'lambda'
  | 'redundancy'
  | 'venueCap'
  | 'discoverySlots'
  | 'fairness.strength'
  | 'fairness.halfLifeDays'
  | 'defaults.radiusKm';

export interface ScalarInfo {
  label: string;
  help: string;
  /** The technical name and formula, for whoever wants them: shown behind « Détails ». */
  details?: string;
  min: number;
  max: number;
  step: number;
  unit?: string;
}

const R = POLICY_RANGES;

export const SCALAR_INFO: Record<ScalarKey, ScalarInfo> = {
  lambda: {
    label: 'Force de la diversité',
    help: 'À 0, les listes ne suivent que la pertinence (proximité, date, parenté avec le spectacle consulté). Plus on monte, plus les listes se rapprochent des parts cibles choisies plus bas. Au-delà de 0,75, les propositions s’éloignent trop de ce que la personne regarde.',
    details:
      'Nom technique : λ (lambda). Chaque proposition est choisie à son tour sur un score : (1 − λ) × pertinence + λ × apport à la diversité − ρ × ressemblance + μ × équité.',
    min: R.lambda.min,
    max: R.lambda.max,
    step: 0.05,
  },
  redundancy: {
    label: 'Éviter les spectacles trop semblables',
    help: 'Écarte les spectacles trop proches de ceux déjà retenus dans la même liste (même genre, même public, mêmes mots dans la présentation). 0 : on laisse faire.',
    details:
      'Nom technique : ρ (rho), pénalité de redondance. La ressemblance de deux spectacles (0 à 1) combine discipline, public, étiquettes et mots du texte ; le score perd ρ × la plus forte ressemblance avec un spectacle déjà retenu.',
    min: R.redundancy.min,
    max: R.redundancy.max,
    step: 0.05,
  },
  venueCap: {
    label: 'Propositions par lieu au plus',
    help: 'Nombre maximal de spectacles d’un même lieu dans une liste. 1 : chaque proposition vient d’un lieu différent.',
    min: R.venueCap.min,
    max: R.venueCap.max,
    step: 1,
  },
  discoverySlots: {
    label: 'Places « découverte »',
    help: 'Sur une liste, combien de propositions viennent de disciplines que la personne n’a ni consultées ni vues récemment.',
    min: R.discoverySlots.min,
    max: R.discoverySlots.max,
    step: 1,
  },
  'fairness.strength': {
    label: 'Coup de pouce aux lieux peu montrés',
    help: 'Fait remonter les lieux peu montrés ces derniers jours par rapport à ce qu’ils méritent. Au-delà de 0,3 l’effet s’inverse : pour favoriser les petits lieux, utilisez plutôt les parts cibles de taille des lieux.',
    details:
      'Nom technique : μ (mu), force de l’équité d’exposition. Le score gagne μ × (exposition méritée − exposition reçue) du lieu, l’exposition reçue étant les affichages comptés par lieu et par position.',
    min: R.fairnessStrength.min,
    max: R.fairnessStrength.max,
    step: 0.01,
  },
  'fairness.halfLifeDays': {
    label: 'Mémoire des affichages',
    help: 'Combien de temps on se souvient qu’un lieu a été montré : un affichage vieux de cette durée compte moitié moins, deux fois cette durée un quart.',
    details: 'Nom technique : demi-vie d’une décroissance exponentielle des affichages comptés par lieu.',
    min: R.halfLifeDays.min,
    max: R.halfLifeDays.max,
    step: 1,
    unit: 'jours',
  },
  'defaults.radiusKm': {
    label: 'Rayon par défaut',
    help: 'Distance autour du lieu demandé quand le site ou l’application n’en précise pas.',
    min: R.radiusKm.min,
    max: R.radiusKm.max,
    step: 1,
    unit: 'km',
  },
};

export const MERIT_LABELS: Record<PolicySettings['fairness']['merit'], { label: string; help: string }> = {
  relevance: {
    label: 'selon la pertinence',
    help: 'un lieu mérite d’autant plus d’être montré que ses spectacles sont pertinents',
  },
  equal: { label: 'à parts égales', help: 'chaque lieu qui a un spectacle à venir mérite autant' },
  'size-class': {
    label: 'selon les parts cibles de taille',
    help: 'l’attention méritée suit les parts cibles de la taille des lieux',
  },
};

export const PERIOD_LABELS: Record<(typeof PERIODS)[number], string> = {
  tonight: 'ce soir',
  weekend: 'ce week-end',
  week: '7 jours',
  month: '30 jours',
};

/** A number as French text ("0,35"). */
export const frNumber = (n: number, digits = 2): string =>
  new Intl.NumberFormat('fr-FR', { maximumFractionDigits: digits }).format(n);

/** A share in [0, 1] as French percent text ("15 %"). */
export const frPercent = (share: number, digits = 0): string =>
  `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: digits }).format(share * 100)} %`;

/** The plain-French name of a settings path ("facets.discipline.targets.danse" → "Part cible « Danse » (Disciplines)"). */
export function settingLabel(path: string): string {
  const parts = path.split('.');
  if (parts[0] === 'facets' && parts[1] && parts[1] in FACET_INFO) {
    const facet = FACET_INFO[parts[1] as Facet];
    if (parts[2] === 'weight') return `Importance : ${facet.label}`;
    if (parts[2] === 'targets' && parts[3]) {
      const value = facet.values[parts[3]]?.fr ?? parts[3];
      return `Part cible « ${value} » (${facet.label})`;
    }
    return facet.label;
  }
  if (path in SCALAR_INFO) return SCALAR_INFO[path as ScalarKey].label;
  if (path === 'fairness.merit') return 'Ce que chaque lieu mérite d’être montré';
  if (path === 'defaults.period') return 'Période par défaut';
  return path;
}
