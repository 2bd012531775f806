import type { Discipline, SubDiscipline } from '../../packages/sdk/src/index.js';

/**
 * Words the generator writes titles, descriptions and tags with. Shared themes cut across
 * disciplines (a dance piece and a play can both be about exile), which is what gives the engine's
 * "similar but different" something real to find.
 */
export const THEMES = [
  'la mémoire',
  'l’exil',
  'la forêt',
  'l’enfance',
  'la mer',
  'le travail',
  'l’amour',
  'la ville',
  'le voyage',
  'la famille',
  'la guerre',
  'le rêve',
  'la nuit',
  'les animaux',
  'le temps qui passe',
  'la liberté',
  'la montagne',
  'le deuil',
  'la fête',
  'les femmes',
  'la jeunesse',
  'le pouvoir',
  'la solitude',
  'la transmission',
  'le climat',
  'les frontières',
  'la folie',
  'le corps',
  'les machines',
  'le silence',
];

export const TITLE_NOUNS = [
  'Ailes',
  'Racines',
  'Marées',
  'Échos',
  'Lumières',
  'Ombres',
  'Saisons',
  'Rivages',
  'Fragments',
  'Vertiges',
  'Murmures',
  'Éclats',
  'Chemins',
  'Orages',
  'Cendres',
  'Frontières',
  'Songes',
  'Paysages',
  'Naufrages',
  'Étoiles',
  'Jardins',
  'Lignes',
  'Silences',
  'Traversées',
  'Miroirs',
  'Horizons',
  'Secrets',
  'Tempêtes',
  'Passages',
  'Voix',
];

export const TITLE_ADJECTIVES = [
  'perdus',
  'intimes',
  'sauvages',
  'légers',
  'nocturnes',
  'imaginaires',
  'fragiles',
  'ardents',
  'suspendus',
  'lointains',
  'ordinaires',
  'invisibles',
  'brûlants',
  'tendres',
  'insoumis',
  'oubliés',
];

/** Words and tags by discipline. */
export const DISCIPLINE_WORDS: Record<Discipline, { words: string[]; tags: string[] }> = {
  theatre: {
    words: [
      'pièce',
      'comédiens',
      'mise en scène',
      'texte',
      'dialogue',
      'drame',
      'comédie',
      'troupe',
      'répliques',
    ],
    tags: ['texte', 'création', 'classique', 'comédie', 'drame', 'seul en scène'],
  },
  danse: {
    words: ['chorégraphie', 'danseurs', 'mouvement', 'duo', 'gestes', 'rythme', 'corps', 'ballet'],
    tags: ['chorégraphie', 'contemporain', 'hip-hop', 'duo', 'création'],
  },
  cirque: {
    words: ['acrobates', 'jonglage', 'trapèze', 'voltige', 'équilibre', 'piste', 'clown', 'portés'],
    tags: ['acrobatie', 'clown', 'jonglage', 'chapiteau', 'famille'],
  },
  'arts-de-la-rue': {
    words: ['déambulation', 'espace public', 'parade', 'plein air', 'installation', 'place', 'fanfare'],
    tags: ['plein air', 'gratuit', 'déambulation', 'famille'],
  },
  musique: {
    words: ['concert', 'musiciens', 'chansons', 'orchestre', 'album', 'quartet', 'voix', 'guitare', 'piano'],
    tags: ['concert', 'jazz', 'rock', 'classique', 'chanson', 'électro', 'musiques du monde'],
  },
  'art-lyrique': {
    words: ['opéra', 'chanteurs', 'orchestre', 'livret', 'airs', 'soprano', 'choeur'],
    tags: ['opéra', 'classique', 'voix', 'orchestre'],
  },
  marionnettes: {
    words: ['marionnettes', 'objets', 'manipulation', 'théâtre d’ombres', 'castelet', 'figurines'],
    tags: ['marionnettes', 'objets', 'famille', 'jeune public'],
  },
  humour: {
    words: ['humoriste', 'sketches', 'rires', 'stand-up', 'one-man-show', 'improvisation'],
    tags: ['humour', 'stand-up', 'rire'],
  },
  conte: {
    words: ['conteur', 'récit', 'légendes', 'histoires', 'veillée', 'contes'],
    tags: ['conte', 'récit', 'famille', 'jeune public'],
  },
  pluridisciplinaire: {
    words: ['performance', 'vidéo', 'installation', 'cabaret', 'musique live', 'danse', 'théâtre'],
    tags: ['performance', 'cabaret', 'création', 'numérique'],
  },
};

/** Sub-disciplines the generator assigns, by discipline (null where the taxonomy has none). */
export const SUBS: Partial<Record<Discipline, SubDiscipline[]>> = {
  theatre: ['theatre-classique', 'theatre-contemporain', 'theatre-improvisation', 'theatre-lecture'],
  danse: ['danse-contemporaine', 'danse-classique', 'danse-hip-hop', 'danse-traditionnelle'],
  cirque: ['cirque-contemporain', 'cirque-traditionnel'],
  musique: [
    'musiques-actuelles',
    'rock-metal',
    'electro',
    'hip-hop',
    'chanson',
    'jazz-blues',
    'musique-classique',
    'musique-ancienne',
    'musique-contemporaine',
    'musiques-du-monde',
    'musique-chorale',
  ],
  'art-lyrique': ['opera', 'operette'],
  humour: ['stand-up', 'one-man-show'],
};

/** Discipline shares of the programme (roughly those of French live-show listings). */
export const DISCIPLINE_SHARES: Record<Discipline, number> = {
  theatre: 0.3,
  musique: 0.3,
  humour: 0.08,
  danse: 0.08,
  cirque: 0.05,
  pluridisciplinaire: 0.05,
  marionnettes: 0.04,
  'arts-de-la-rue': 0.04,
  'art-lyrique': 0.03,
  conte: 0.03,
};

/** Share of each discipline's shows made for young audiences. */
export const YOUNG_SHARE: Record<Discipline, number> = {
  theatre: 0.15,
  musique: 0.06,
  humour: 0.03,
  danse: 0.12,
  cirque: 0.3,
  pluridisciplinaire: 0.12,
  marionnettes: 0.6,
  'arts-de-la-rue': 0.25,
  'art-lyrique': 0.05,
  conte: 0.65,
};

export const COMPANY_WORDS = [
  'Compagnie',
  'Collectif',
  'Théâtre',
  'Ensemble',
  'Troupe',
  'Atelier',
  'Cie',
  'Orchestre',
  'Groupe',
];
export const COMPANY_NAMES = [
  'du Fil',
  'des Songes',
  'la Lune Rousse',
  'Hors Champ',
  'du Grand Chemin',
  'l’Éventail',
  'des Ondes',
  'Trois Fois Rien',
  'du Moulin',
  'les Arpenteurs',
  'Vent d’Ouest',
  'la Caravane',
  'du Sillon',
  'les Passeurs',
  'Pièces Détachées',
  'du Phare',
  'la Boîte Noire',
  'des Étourneaux',
  'l’Escabeau',
  'du Bout du Monde',
];

export const VENUE_NAMES: Record<'petit' | 'moyen' | 'grand' | 'institution', string[]> = {
  petit: [
    'La Petite Scène',
    'Le Grenier',
    'L’Atelier',
    'La Grange',
    'Café-théâtre',
    'Salle des fêtes',
    'Le Local',
  ],
  moyen: ['Espace culturel', 'Théâtre', 'La Maison des arts', 'Le Quai', 'La Fabrique', 'Centre culturel'],
  grand: ['Théâtre municipal', 'Le Dôme', 'Palais des congrès', 'La Grande Halle', 'Salle de concert'],
  institution: ['Scène nationale', 'Opéra', 'Centre dramatique national', 'Auditorium', 'Zénith'],
};
