/**
 * Target shares that always sum to 100 %: moving one share rescales the others in proportion, so the
 * editor never has to balance them by hand. Pure functions, shared by the console's sliders and tests.
 */

export type Shares = Record<string, number>;

const PRECISION = 10_000;
const round = (x: number) => Math.round(x * PRECISION) / PRECISION;

/** Equal shares over the given values (the starting point when an editor first sets targets). */
export function uniformShares(values: readonly string[]): Shares {
  if (values.length === 0) return {};
  return fixSum(Object.fromEntries(values.map((v) => [v, round(1 / values.length)])), values[0]!);
}

/**
 * Sets `key` to `value` (clamped to [0, 1]) and rescales every other share by the same factor so the
 * total stays 1. When the others were all at 0, the remainder is split equally among them. A single
 * value always holds 100 %.
 */
export function setShare(shares: Shares, key: string, value: number): Shares {
  const keys = Object.keys(shares);
  if (!keys.includes(key)) keys.push(key);
  const others = keys.filter((k) => k !== key);
  if (others.length === 0) return { [key]: 1 };
  const v = Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
  const rest = others.reduce((sum, k) => sum + (shares[k] ?? 0), 0);
  const remaining = 1 - v;
  const next: Shares = {};
  for (const k of keys) {
    if (k === key) next[k] = round(v);
    else next[k] = round(rest > 1e-9 ? ((shares[k] ?? 0) * remaining) / rest : remaining / others.length);
  }
  // Rounding leaves a few ten-thousandths over or under: the largest other share absorbs them.
  const largest = others.reduce((a, b) => ((next[b] ?? 0) > (next[a] ?? 0) ? b : a), others[0]!);
  return fixSum(next, largest);
}

/** The sum of the shares. */
export const shareTotal = (shares: Shares): number => Object.values(shares).reduce((a, b) => a + b, 0);

function fixSum(shares: Shares, absorber: string): Shares {
  const drift = round(1 - shareTotal(shares));
  if (drift !== 0) shares[absorber] = round(Math.max(0, (shares[absorber] ?? 0) + drift));
  return shares;
}
