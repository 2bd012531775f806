import type { PolicyChange, PolicySettings } from '@detour/sdk';
import { settingLabel } from '../../editor/fields.js';

type Scalar = string | number | null;

/** The settings as dotted paths to scalars, in a stable order (facets, then the other knobs). */
export function flattenSettings(settings: PolicySettings): Map<string, Scalar> {
  const out = new Map<string, Scalar>();
  const walk = (value: unknown, path: string) => {
    if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value).sort())
        walk((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      return;
    }
    out.set(path, typeof value === 'number' || typeof value === 'string' ? value : null);
  };
  walk(settings.facets, 'facets');
  const { facets: _facets, ...rest } = settings;
  walk(rest, '');
  return out;
}

/**
 * What changed from one version's settings to the next: one entry per setting whose value differs,
 * with its French name. A target share added or removed shows as null on the side where it is absent.
 * `before` null (the first version) gives no changes.
 */
export function diffSettings(before: PolicySettings | null, after: PolicySettings): PolicyChange[] {
  if (!before) return [];
  const a = flattenSettings(before);
  const b = flattenSettings(after);
  const paths = [...b.keys(), ...[...a.keys()].filter((p) => !b.has(p))];
  const changes: PolicyChange[] = [];
  for (const path of paths) {
    const was = a.get(path) ?? null;
    const now = b.get(path) ?? null;
    if (was === now) continue;
    changes.push({ path, label: settingLabel(path), before: was, after: now });
  }
  return changes;
}
