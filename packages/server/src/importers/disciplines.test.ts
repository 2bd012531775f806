import { describe, expect, it } from 'vitest';
import { classifyFirstNamed, classifyText } from './disciplines.js';

describe('classifyFirstNamed', () => {
  it('takes the kind an organiser named first in a list, whatever the rule order says', () => {
    expect(classifyText('Danse, théâtre')?.discipline).toBe('theatre');
    expect(classifyFirstNamed('Danse, théâtre')?.discipline).toBe('danse');
    expect(classifyFirstNamed('Théâtre ; danse')?.discipline).toBe('theatre');
    expect(classifyFirstNamed('Cirque et Arts de la rue')?.discipline).toBe('cirque');
    expect(classifyFirstNamed('Théâtre - humour')?.discipline).toBe('theatre');
    expect(classifyFirstNamed('Arts de la rue, théâtre, magie nouvelle')?.discipline).toBe('arts-de-la-rue');
  });

  it('reads each item whole ("Théâtre d’humour" is humour) and passes over items naming no kind', () => {
    expect(classifyFirstNamed("Théâtre d'humour/café-théâtre")?.discipline).toBe('humour');
    expect(classifyFirstNamed('Jeune public ; marionnettes-théâtre d’objets')?.discipline).toBe(
      'marionnettes',
    );
    expect(classifyFirstNamed('Rock, Métal')).toEqual({ discipline: 'musique', subDiscipline: 'rock-metal' });
    expect(classifyFirstNamed('culture asiatique')).toBeNull();
    expect(classifyFirstNamed('')).toBeNull();
  });

  it('lets the festival name pick among the listed kinds (form lists are alphabetical), and a name naming none changes nothing', () => {
    expect(classifyFirstNamed('Musique classique, Opéra', 'Festival lyrique des pays catalans')).toEqual({
      discipline: 'art-lyrique',
      subDiscipline: 'opera',
    });
    expect(classifyFirstNamed('Musique classique, Opéra', 'Escales brivadoises')?.subDiscipline).toBe(
      'musique-classique',
    );
    // A generalist festival ticking "opéra" among ten kinds is not an opera festival (rule order said so).
    const generalist =
      'Chanson ou variété française, jazz, blues, musique classique, musiques du monde, opéra, pop, rock';
    expect(classifyText(generalist)?.discipline).toBe('art-lyrique');
    expect(classifyFirstNamed(generalist, 'Les rendez-vous du lac')?.subDiscipline).toBe('chanson');
    expect(classifyFirstNamed('Jazz, blues, Musique classique', 'Jazz à Megève')?.subDiscipline).toBe(
      'jazz-blues',
    );
    expect(classifyFirstNamed('Danse, théâtre', 'Festival de théâtre amateur')?.discipline).toBe('theatre');
  });
});
