/** Every user-facing string of the widget, in French (the default) and English; each one can be overridden. */
export const STRINGS = {
  fr: {
    title: 'À découvrir près d’ici',
    listLabel: 'Spectacles proposés',
    loaded: '{n} propositions',
    loading: 'Chargement des propositions…',
    error: 'Les propositions n’ont pas pu être chargées.',
    retry: 'Réessayer',
    empty: 'Aucun spectacle à proposer pour le moment.',
    emptyArea: 'Aucun spectacle à venir dans un rayon de {radius} km.',
    emptyWindow: 'Rien de programmé à ces dates dans un rayon de {radius} km.',
    emptyFiltered: 'Des spectacles sont programmés, mais aucun ne correspond à cette sélection.',
    wider: 'Chercher jusqu’à {radius} km',
    later: 'Voir les 30 prochains jours',
    nearby: 'tout près d’ici',
    memory:
      'Spectacles consultés gardés dans ce navigateur pour varier les propositions : {n} (identifiants seulement).',
    memoryEmpty: 'Aucun spectacle consulté n’est gardé.',
    memoryOff: 'Mémoire désactivée : rien n’est gardé.',
    clear: 'Effacer',
    stop: 'Ne plus mémoriser',
    resume: 'Mémoriser à nouveau',
    nearMe: 'Près de moi',
    locating: 'Recherche de votre position…',
    noPosition: 'Votre position n’est pas disponible. Choisissez un lieu.',
    needPlace: 'Indiquez un lieu ou utilisez « Près de moi » pour voir des spectacles proches.',
    why: 'Pourquoi ces propositions ?',
    whyIntro: 'Chaque proposition est choisie pour ces raisons, selon une politique publique de diversité :',
    policy: 'Lire la politique de recommandation',
    free: 'Gratuit',
    priceFrom: 'dès {price}',
    distance: 'à {distance}',
    soldOut: 'Complet',
    carousel: 'carrousel',
    slide: 'diapositive',
    slideLabel: '{n} sur {m}',
    previous: 'Précédent',
    next: 'Suivant',
    sources: 'Sources : {sources}',
  },
  en: {
    title: 'Discover nearby',
    listLabel: 'Suggested shows',
    loaded: '{n} suggestions',
    loading: 'Loading suggestions…',
    error: 'The suggestions could not be loaded.',
    retry: 'Try again',
    empty: 'No shows to suggest right now.',
    emptyArea: 'No upcoming shows within {radius} km.',
    emptyWindow: 'Nothing on at these dates within {radius} km.',
    emptyFiltered: 'Shows are on, but none matches this selection.',
    wider: 'Search up to {radius} km',
    later: 'See the next 30 days',
    nearby: 'close by',
    memory: 'Shows viewed kept in this browser to vary the suggestions: {n} (ids only).',
    memoryEmpty: 'No viewed show is kept.',
    memoryOff: 'Memory off: nothing is kept.',
    clear: 'Clear',
    stop: 'Stop remembering',
    resume: 'Remember again',
    nearMe: 'Near me',
    locating: 'Finding your location…',
    noPosition: 'Your location is not available. Pick a place instead.',
    needPlace: 'Give a place or use “Near me” to see shows nearby.',
    why: 'Why these suggestions?',
    whyIntro: 'Each suggestion is chosen for these reasons, under a public diversity policy:',
    policy: 'Read the recommendation policy',
    free: 'Free',
    priceFrom: 'from {price}',
    distance: '{distance} away',
    soldOut: 'Sold out',
    carousel: 'carousel',
    slide: 'slide',
    slideLabel: '{n} of {m}',
    previous: 'Previous',
    next: 'Next',
    sources: 'Sources: {sources}',
  },
} as const;

export type Lang = keyof typeof STRINGS;
export type StringKey = keyof (typeof STRINGS)['fr'];
export type Strings = Record<StringKey, string>;
/** Overrides: either flat (for the current language) or per language (`{ "en": { "title": "…" } }`). */
export type StringOverrides = Partial<Strings> | Partial<Record<Lang, Partial<Strings>>>;

/** Picks the widget language: explicit `lang`, else the page's `<html lang>`, else French. */
export function resolveLang(explicit: string | null | undefined, pageLang: string | null | undefined): Lang {
  for (const candidate of [explicit, pageLang]) {
    const base = candidate?.trim().toLowerCase().slice(0, 2);
    if (base === 'fr' || base === 'en') return base;
  }
  return 'fr';
}

/** The strings of one language with the caller's overrides applied (non-string overrides are ignored). */
export function stringsFor(lang: Lang, overrides?: StringOverrides | null): Strings {
  const out: Strings = { ...STRINGS[lang] };
  if (!overrides || typeof overrides !== 'object') return out;
  const nested = (overrides as Record<string, unknown>)[lang];
  for (const source of [overrides, nested]) {
    if (!source || typeof source !== 'object') continue;
    for (const [key, value] of Object.entries(source)) {
      if (key in out && typeof value === 'string') out[key as StringKey] = value;
    }
  }
  return out;
}

/** Replaces `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}
