import type { PolicySettings } from '@detour/sdk';

/** A copy of the draft with the value at a dotted path replaced (the draft is never mutated in place). */
export function setIn(draft: PolicySettings, path: string, value: unknown): PolicySettings {
  const next = structuredClone(draft) as unknown as Record<string, unknown>;
  const parts = path.split('.');
  let cur = next;
  for (const part of parts.slice(0, -1)) cur = cur[part] as Record<string, unknown>;
  cur[parts.at(-1)!] = value;
  return next as unknown as PolicySettings;
}

/** The value at a dotted path. */
export function getIn(draft: PolicySettings, path: string): unknown {
  let cur: unknown = draft;
  for (const part of path.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[part];
  return cur;
}

/** JSON with sorted keys: two drafts with the same settings give the same text. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}
