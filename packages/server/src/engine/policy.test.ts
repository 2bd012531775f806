import { DEFAULT_POLICY_SETTINGS } from '@detour/sdk';
import { describe, expect, it } from 'vitest';
import { validatePolicySettings } from './index.js';

const withFacet = (targets: Record<string, number>) => ({
  ...DEFAULT_POLICY_SETTINGS,
  facets: { ...DEFAULT_POLICY_SETTINGS.facets, discipline: { weight: 1, targets } },
});

describe('validatePolicySettings', () => {
  it('accepts the default policy', () => {
    const r = validatePolicySettings(DEFAULT_POLICY_SETTINGS);
    expect(r.ok).toBe(true);
  });

  it('names the facet and the actual total when target shares do not sum to 100 %', () => {
    const r = validatePolicySettings(withFacet({ theatre: 0.5, danse: 0.35 }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      {
        path: 'facets.discipline.targets',
        message:
          'parts cibles de la rubrique discipline : les parts doivent totaliser 100 % (elles totalisent 85 %)',
      },
    ]);
  });

  it('gives the allowed bound and the value received for out-of-range settings, all at once', () => {
    const r = validatePolicySettings({ ...DEFAULT_POLICY_SETTINGS, lambda: 0.9, venueCap: 0 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContainEqual({
      path: 'lambda',
      message: 'force de la diversité : doit être au plus 0,75 (reçu 0,9)',
    });
    expect(r.errors).toContainEqual({
      path: 'venueCap',
      message: 'plafond de propositions par lieu : doit être au moins 1 (reçu 0)',
    });
  });

  it('rejects a target on a value the facet does not have, listing the values it has', () => {
    const r = validatePolicySettings(withFacet({ theatre: 0.5, opera: 0.5 }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]!.path).toBe('facets.discipline.targets.opera');
    expect(r.errors[0]!.message).toMatch(
      /« opera » n’est pas une valeur de la rubrique discipline .*art-lyrique/,
    );
  });

  it('reports a missing setting and a wrong type in words', () => {
    const { redundancy: _r, ...rest } = DEFAULT_POLICY_SETTINGS;
    const r = validatePolicySettings({ ...rest, discoverySlots: 'deux' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContainEqual({
      path: 'redundancy',
      message: 'éviter les spectacles trop semblables : valeur manquante',
    });
    expect(r.errors).toContainEqual({
      path: 'discoverySlots',
      message: 'places « découverte » : doit être un nombre',
    });
  });
});
