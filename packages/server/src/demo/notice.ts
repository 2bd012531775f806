/** What must be shown wherever demo data is shown: the attribution lines and how dates were moved. */

/** Attribution lines required by the Licence Ouverte (producer, dataset, date of the last update), from SOURCES.md. */
export const ATTRIBUTION: readonly string[] = [
  '« Liste des festivals en France » — Ministère de la Culture (DEPS), data.culture.gouv.fr, Licence Ouverte v2.0, export 2024.',
  '« Panorama des festivals » — Ministère de la Culture, data.culture.gouv.fr, Licence Ouverte v2.0, éditions 2018-2019.',
  'Données DATAtourisme — SIT Centre-Val de Loire, datatourisme.fr, Licence Ouverte v2.0, export septembre 2020.',
];

/** Source names of the three demo datasets in the catalogue. */
export const DEMO_SOURCES = {
  datatourisme: 'datatourisme-cvl',
  panorama: 'festivals-panorama',
  liste: 'festivals-liste',
} as const;

/** The demo page's notice about dates, in French and English. */
export const DEMO_NOTICE: Readonly<{ fr: string; en: string }> = {
  fr:
    'Catalogue de démonstration construit à partir de données publiques réelles (noms, lieux, disciplines). ' +
    'Les dates publiées sont passées (2019-2020) : chaque édition a été avancée d’un nombre entier d’années, ' +
    'puis de quelques jours pour garder le même jour de la semaine, de façon à tomber dans les douze prochains mois. ' +
    'La « Liste des festivals en France » ne donne qu’une saison (« avant-saison », « saison », « après-saison » ou un mois) : ' +
    'pour ces festivals, quelques soirées consécutives ont été placées dans cette saison, de façon déterministe ' +
    '(choisies à partir de l’identifiant du festival) ; ces dates sont fictives. Les horaires des festivals (20 h 30) et ' +
    'des événements sans horaire sont indicatifs. Vérifiez toujours auprès de l’organisateur.',
  en:
    'Demo catalogue built from real open data (names, places, disciplines). The published dates are past (2019-2020): ' +
    'each edition was moved forward by a whole number of years, then by a few days to keep the same weekday, so as to ' +
    'fall within the coming twelve months. The « Liste des festivals en France » only gives a season (before, during or ' +
    'after the summer season, or a month): for those festivals, a few consecutive evenings were placed inside that season, ' +
    'deterministically (chosen from the festival identifier); these dates are fictitious. Start times of festivals ' +
    '(8.30 pm) and of events without a time are indicative. Always check with the organiser.',
};
