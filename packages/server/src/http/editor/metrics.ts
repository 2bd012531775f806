import type { Lorenz } from '@detour/sdk';

/**
 * The list and exposure measures of the editor preview, as in the recommender design: Jensen-Shannon
 * divergence to targets, Gini and Lorenz curve of venue exposure. Pure functions over plain numbers.
 */

/** Jensen-Shannon divergence (base 2, in [0, 1]) between two distributions over the same values; both are normalised first. */
export function jensenShannon(p: readonly number[], q: readonly number[]): number {
  const sp = p.reduce((a, b) => a + b, 0);
  const sq = q.reduce((a, b) => a + b, 0);
  if (sp <= 0 || sq <= 0) return sp === sq ? 0 : 1;
  let js = 0;
  for (let i = 0; i < p.length; i++) {
    const a = (p[i] ?? 0) / sp;
    const b = (q[i] ?? 0) / sq;
    const m = (a + b) / 2;
    if (a > 0) js += 0.5 * a * Math.log2(a / m);
    if (b > 0) js += 0.5 * b * Math.log2(b / m);
  }
  return Math.min(1, Math.max(0, js));
}

/**
 * Gini coefficient of non-negative amounts (0 = everyone equal, → 1 = one holds everything). Zeros count:
 * a venue never shown is part of the inequality. No amounts, or all zero: 0.
 */
export function gini(amounts: readonly number[]): number {
  const n = amounts.length;
  const sorted = [...amounts].sort((a, b) => a - b);
  const total = sorted.reduce((a, b) => a + b, 0);
  if (n === 0 || total <= 0) return 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) weighted += (i + 1) * sorted[i]!;
  return Math.min(1, Math.max(0, (2 * weighted) / (n * total) - (n + 1) / n));
}

/**
 * The Lorenz curve of amounts (least exposed first), at most `maxPoints` points from (0,0) to (1,1), and
 * its Gini. No exposure at all gives no points (nothing to draw) and Gini 0.
 */
export function lorenz(amounts: readonly number[], maxPoints = 41): Lorenz {
  const n = amounts.length;
  const sorted = [...amounts].sort((a, b) => a - b);
  const total = sorted.reduce((a, b) => a + b, 0);
  if (n === 0 || total <= 0) return { points: [], gini: 0, venues: n };
  const cumulative = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cumulative[i + 1] = cumulative[i]! + sorted[i]!;
  const steps = Math.min(n, maxPoints - 1);
  const points: Lorenz['points'] = [];
  for (let s = 0; s <= steps; s++) {
    const i = Math.round((s / steps) * n);
    points.push({ x: round(i / n), y: round(cumulative[i]! / total) });
  }
  return { points, gini: round(gini(sorted)), venues: n };
}

/** Mean of the values, 0 for none. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Rounded to 4 decimals: enough for charts, and stable in JSON. */
export const round = (x: number): number => Math.round(x * 10_000) / 10_000;
