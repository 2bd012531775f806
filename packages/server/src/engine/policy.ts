import {
  AUDIENCE_IDS,
  DISCIPLINE_IDS,
  FACETS,
  type Facet,
  type PolicySettings,
  PRICE_BAND_IDS,
  SIZE_CLASS_IDS,
} from '@detour/sdk';
import { PolicySettingsSchema } from '@detour/sdk/contract';

/** The values of each facet, in the order of the engine's facet codes. */
export const FACET_VALUES: Record<Facet, readonly string[]> = {
  discipline: DISCIPLINE_IDS,
  sizeClass: SIZE_CLASS_IDS,
  priceBand: PRICE_BAND_IDS,
  audience: AUDIENCE_IDS,
};

const FACET_LABEL: Record<Facet, string> = {
  discipline: 'discipline',
  sizeClass: 'taille de lieu',
  priceBand: 'tranche de prix',
  audience: 'public',
};

const FIELD_LABEL: Record<string, string> = {
  lambda: 'force de la diversité',
  redundancy: 'éviter les spectacles trop semblables',
  venueCap: 'plafond de propositions par lieu',
  discoverySlots: 'places « découverte »',
  'fairness.strength': 'coup de pouce aux lieux peu montrés',
  'fairness.merit': 'mérite utilisé pour l’équité',
  'fairness.halfLifeDays': 'mémoire des affichages (jours)',
  'defaults.radiusKm': 'rayon par défaut (km)',
  'defaults.period': 'période par défaut',
};

function labelOf(path: readonly PropertyKey[]): string {
  const key = path.map(String).join('.');
  if (FIELD_LABEL[key]) return FIELD_LABEL[key];
  if (path[0] === 'facets' && typeof path[1] === 'string') {
    const facet = FACET_LABEL[path[1] as Facet] ?? path[1];
    if (path[2] === 'weight') return `importance de la rubrique ${facet}`;
    if (path[2] === 'targets' && path[3] !== undefined) return `part cible « ${String(path[3])} » (${facet})`;
    if (path[2] === 'targets') return `parts cibles de la rubrique ${facet}`;
    return `rubrique ${facet}`;
  }
  return key || 'réglages';
}

const fr = (n: number) => String(Math.round(n * 1000) / 1000).replace('.', ',');

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = input;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

export type PolicyValidation =
  | { ok: true; settings: PolicySettings }
  | { ok: false; errors: Array<{ path: string; message: string }> };

/**
 * Validates editor input as policy settings. Messages are in French, name the setting in words, give
 * the allowed range and the value received, and report every problem at once.
 */
export function validatePolicySettings(input: unknown): PolicyValidation {
  const parsed = PolicySettingsSchema.safeParse(input);
  const errors: Array<{ path: string; message: string }> = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const label = labelOf(issue.path);
      const got = valueAt(input, issue.path);
      let message: string;
      switch (issue.code) {
        case 'too_big':
          message = `${label} : doit être au plus ${fr(Number(issue.maximum))} (reçu ${fr(Number(got))})`;
          break;
        case 'too_small':
          message = `${label} : doit être au moins ${fr(Number(issue.minimum))} (reçu ${fr(Number(got))})`;
          break;
        case 'invalid_type':
          message =
            got === undefined
              ? `${label} : valeur manquante`
              : issue.expected === 'int'
                ? `${label} : doit être un nombre entier`
                : `${label} : doit être ${issue.expected === 'number' ? 'un nombre' : `de type ${issue.expected}`}`;
          break;
        case 'invalid_value':
          message = `${label} : doit valoir ${issue.values.map(String).join(', ')}`;
          break;
        case 'custom': {
          const sumMatch = /they sum to ([\d.]+) %/.exec(issue.message);
          message = sumMatch
            ? `${label} : les parts doivent totaliser 100 % (elles totalisent ${sumMatch[1]!.replace('.', ',')} %)`
            : `${label} : ${issue.message}`;
          break;
        }
        default:
          message = `${label} : ${issue.message}`;
      }
      errors.push({ path: issue.path.map(String).join('.'), message });
    }
    return { ok: false, errors };
  }
  const settings = parsed.data;
  for (const facet of FACETS) {
    const allowed = FACET_VALUES[facet];
    for (const value of Object.keys(settings.facets[facet].targets)) {
      if (!allowed.includes(value)) {
        errors.push({
          path: `facets.${facet}.targets.${value}`,
          message: `« ${value} » n’est pas une valeur de la rubrique ${FACET_LABEL[facet]} (valeurs possibles : ${allowed.join(', ')})`,
        });
      }
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, settings };
}

/** A facet's policy in the engine's array form. */
export interface CompiledFacet {
  weight: number;
  /** Target share per facet code; when the editors set none, every value present gets an equal share. */
  targets: Float64Array;
  explicit: boolean;
}

export type CompiledPolicy = Record<Facet, CompiledFacet>;

const compiled = new WeakMap<PolicySettings, CompiledPolicy>();

/** The facets of a policy as arrays indexed by facet code (memoised per settings object). */
export function compileFacets(settings: PolicySettings): CompiledPolicy {
  const hit = compiled.get(settings);
  if (hit) return hit;
  const out = {} as CompiledPolicy;
  for (const facet of FACETS) {
    const values = FACET_VALUES[facet];
    const { weight, targets } = settings.facets[facet];
    const arr = new Float64Array(values.length);
    const explicit = Object.keys(targets).length > 0;
    for (let i = 0; i < values.length; i++) arr[i] = explicit ? (targets[values[i]!] ?? 0) : 1;
    out[facet] = { weight, targets: arr, explicit };
  }
  compiled.set(settings, out);
  return out;
}
