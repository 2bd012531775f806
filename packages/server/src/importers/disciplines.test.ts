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
});
