import {
  AUDIENCES,
  DISCIPLINES,
  type Facet,
  type Policy,
  PRICE_BANDS,
  type PublicPolicy,
  SIZE_CLASSES,
} from '@detour/sdk/contract';

type Localised = { fr: string; en: string };

const FACET_NAMES: Record<Facet, Localised> = {
  discipline: { fr: 'Disciplines', en: 'Disciplines' },
  sizeClass: { fr: 'Taille des lieux', en: 'Venue size' },
  priceBand: { fr: 'Prix', en: 'Price' },
  audience: { fr: 'Publics', en: 'Audiences' },
};

const FACET_LABELS: Record<Facet, Record<string, Localised>> = {
  discipline: DISCIPLINES,
  sizeClass: SIZE_CLASSES,
  priceBand: PRICE_BANDS,
  audience: AUDIENCES,
};

const frNumber = (n: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }).format(n);
const enNumber = (n: number) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }).format(n);
const percent = (share: number) => Math.round(share * 100);

/** One line per steered facet: its weight and target shares, in words. */
function facetTargets(policy: Policy): Localised[] {
  const lines: Localised[] = [];
  for (const facet of Object.keys(FACET_NAMES) as Facet[]) {
    const { weight, targets } = policy.settings.facets[facet];
    if (weight === 0) continue;
    const name = FACET_NAMES[facet];
    const entries = Object.entries(targets).sort((a, b) => b[1] - a[1]);
    if (entries.length === 0) {
      lines.push({
        fr: `${name.fr} (importance ${frNumber(weight)} sur 1) : pas de cible ; chaque valeur présente près de vous compte autant.`,
        en: `${name.en} (importance ${enNumber(weight)} of 1): no target; every value present near you counts the same.`,
      });
      continue;
    }
    const label = (v: string) => FACET_LABELS[facet][v] ?? { fr: v, en: v };
    lines.push({
      fr: `${name.fr} (importance ${frNumber(weight)} sur 1) : ${entries.map(([v, s]) => `${label(v).fr.toLowerCase()} ${percent(s)} %`).join(', ')}.`,
      en: `${name.en} (importance ${enNumber(weight)} of 1): ${entries.map(([v, s]) => `${label(v).en.toLowerCase()} ${percent(s)}%`).join(', ')}.`,
    });
  }
  return lines;
}

/**
 * The plain-language description of a policy, for `GET /v1/policy` and the public policy page: what
 * the selection optimises, its targets, the data it uses and the data it never uses.
 */
export function describePolicy(policy: Policy): PublicPolicy['description'] {
  const s = policy.settings;
  const objective: Localised = {
    fr:
      'Détour propose, près du lieu demandé et dans la période choisie, des spectacles que vous ne cherchiez pas forcément. ' +
      'Chaque sélection combine la pertinence (distance, date, parenté avec le spectacle consulté sans être le même) ' +
      `et la diversité (disciplines, tailles de lieux, prix, publics), avec une force de diversité de ${frNumber(s.lambda)} ` +
      '(0 : pertinence seule, 0,75 au plus). Le but est la découverte et l’équité entre les lieux, pas les clics ni le temps passé. ' +
      'À demande, catalogue et politique identiques, la réponse est identique, et chaque proposition dit pourquoi elle est là.',
    en:
      'Détour suggests, near the requested place and within the chosen period, shows you were not necessarily looking for. ' +
      'Each selection combines relevance (distance, date, kinship with the show being viewed without being the same one) ' +
      `and diversity (disciplines, venue sizes, prices, audiences), with a diversity strength of ${enNumber(s.lambda)} ` +
      '(0: relevance only, 0.75 at most). The aim is discovery and fairness between venues, not clicks or time spent. ' +
      'The same request, catalogue and policy always give the same answer, and every suggestion says why it is there.',
  };
  const targets: Localised[] = [
    ...facetTargets(policy),
    {
      fr: `Au plus ${s.venueCap} proposition${s.venueCap > 1 ? 's' : ''} par lieu dans une même liste.`,
      en: `At most ${s.venueCap} suggestion${s.venueCap > 1 ? 's' : ''} per venue in one list.`,
    },
    {
      fr: `${s.discoverySlots} place${s.discoverySlots > 1 ? 's' : ''} « découverte » : des disciplines que la personne n’a ni consultées ni vues récemment.`,
      en: `${s.discoverySlots} discovery slot${s.discoverySlots > 1 ? 's' : ''}: disciplines absent from the viewed show and the history.`,
    },
    {
      fr: `Coup de pouce aux lieux peu montrés (force ${frNumber(s.fairness.strength)}) : un lieu peu montré ces derniers temps remonte ; un affichage vieux de ${frNumber(s.fairness.halfLifeDays)} jours compte moitié moins.`,
      en: `A boost for venues seldom shown (strength ${enNumber(s.fairness.strength)}): a venue seldom shown lately moves up; a display ${enNumber(s.fairness.halfLifeDays)} days old counts half.`,
    },
    {
      fr: `Par défaut : rayon de ${frNumber(s.defaults.radiusKm)} km, période « ${PERIOD_LABELS[s.defaults.period].fr} ».`,
      en: `Defaults: ${enNumber(s.defaults.radiusKm)} km radius, period "${PERIOD_LABELS[s.defaults.period].en}".`,
    },
  ];
  return { objective, targets, dataUsed: DATA_USED, dataNotUsed: DATA_NOT_USED };
}

const PERIOD_LABELS: Record<Policy['settings']['defaults']['period'], Localised> = {
  tonight: { fr: 'ce soir', en: 'tonight' },
  weekend: { fr: 'ce week-end', en: 'this weekend' },
  week: { fr: '7 jours', en: '7 days' },
  month: { fr: '30 jours', en: '30 days' },
};

const DATA_USED: Localised[] = [
  {
    fr: 'Le lieu demandé (coordonnées) et le rayon, la période, les filtres choisis (prix, public, accessibilité).',
    en: 'The requested place (coordinates) and radius, the period, the chosen filters (price, audience, accessibility).',
  },
  {
    fr: 'Le spectacle consulté et jusqu’à 20 spectacles vus auparavant, gardés dans votre navigateur et envoyés avec la demande : ils ne servent qu’à cette réponse.',
    en: 'The show being viewed and up to 20 shows seen before, kept in your browser and sent with the request: they serve this answer only.',
  },
  {
    fr: 'Le catalogue public des lieux, spectacles et représentations (données ouvertes et lieux partenaires).',
    en: 'The public catalogue of venues, shows and performances (open data and partner venues).',
  },
  {
    fr: 'Le nombre d’affichages de chaque lieu, agrégé par lieu et par position, pour l’équité d’exposition.',
    en: 'How often each venue was displayed, aggregated per venue and position, for exposure fairness.',
  },
];

const DATA_NOT_USED: Localised[] = [
  { fr: 'Aucun cookie.', en: 'No cookies.' },
  {
    fr: 'Aucun identifiant de visiteur, de navigateur ou d’appareil.',
    en: 'No visitor, browser or device identifier.',
  },
  {
    fr: 'Aucune adresse IP : elles ne sont ni conservées ni journalisées.',
    en: 'No IP address: none is stored or logged.',
  },
  {
    fr: 'Aucun historique côté serveur : l’historique n’existe que dans la demande.',
    en: 'No server-side history: the history exists only inside the request.',
  },
  {
    fr: 'Ni clics, ni achats, ni popularité, ni données publicitaires.',
    en: 'No clicks, purchases, popularity or advertising data.',
  },
];
