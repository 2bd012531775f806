import { DEFAULT_POLICY_SETTINGS, type PolicySettings } from '@detour/sdk';
import { describe, expect, it } from 'vitest';
import { distanceKm } from '../../src/engine/geo.js';
import { diffSettings } from '../../src/http/editor/diff.js';
import { gini, jensenShannon, lorenz } from '../../src/http/editor/metrics.js';
import { samplePoints } from '../../src/http/editor/preview.js';

describe('preview metrics', () => {
  it('Jensen-Shannon divergence is 0 on target, 1 for disjoint distributions, symmetric in between', () => {
    expect(jensenShannon([2, 2], [0.5, 0.5])).toBeCloseTo(0, 10);
    expect(jensenShannon([1, 0], [0, 1])).toBeCloseTo(1, 10);
    const a = jensenShannon([3, 1, 0], [0.2, 0.5, 0.3]);
    expect(a).toBeGreaterThan(0);
    expect(a).toBeLessThan(1);
    expect(jensenShannon([0.2, 0.5, 0.3], [3, 1, 0])).toBeCloseTo(a, 12);
  });

  it('Gini is 0 for equal exposure, counts venues never shown, and nears 1 when one venue gets all', () => {
    expect(gini([5, 5, 5, 5])).toBe(0);
    expect(gini([0, 0, 0, 10])).toBeCloseTo(0.75, 10);
    expect(gini([0, 0, 0, 10])).toBeGreaterThan(gini([0, 10]));
    expect(gini(new Array(99).fill(0).concat([1]))).toBeCloseTo(0.99, 10);
    expect(gini([])).toBe(0);
  });

  it('the Lorenz curve runs from (0,0) to (1,1) under the diagonal, and is empty without exposure', () => {
    const curve = lorenz([1, 2, 3, 10, 0, 0]);
    expect(curve.points[0]).toEqual({ x: 0, y: 0 });
    expect(curve.points.at(-1)).toEqual({ x: 1, y: 1 });
    for (const p of curve.points) expect(p.y).toBeLessThanOrEqual(p.x + 1e-9);
    expect(curve.venues).toBe(6);
    expect(curve.gini).toBeCloseTo(gini([1, 2, 3, 10, 0, 0]), 4);
    expect(lorenz([0, 0, 0])).toEqual({ points: [], gini: 0, venues: 3 });
  });

  it('samples 12 seeded points around a place, the place first, all within half the radius', () => {
    const points = samplePoints(47.39, 0.69, 30);
    expect(points).toHaveLength(12);
    expect(points[0]).toEqual({ lat: 47.39, lon: 0.69 });
    for (const p of points) expect(distanceKm(47.39, 0.69, p.lat, p.lon)).toBeLessThanOrEqual(15.01);
    expect(samplePoints(47.39, 0.69, 30)).toEqual(points);
    expect(samplePoints(45.76, 4.83, 30)[5]).not.toEqual(points[5]);
  });
});

describe('policy diffs', () => {
  const base: PolicySettings = JSON.parse(JSON.stringify(DEFAULT_POLICY_SETTINGS));

  it('lists each changed setting with its French name, and targets added or removed as null on one side', () => {
    const next: PolicySettings = JSON.parse(JSON.stringify(base));
    next.lambda = 0.6;
    next.fairness.merit = 'equal';
    next.facets.discipline.targets = { danse: 1 };
    next.facets.sizeClass.targets = {};
    const changes = diffSettings(base, next);
    const byPath = Object.fromEntries(changes.map((c) => [c.path, c]));
    expect(byPath.lambda).toEqual({
      path: 'lambda',
      label: 'Force de la diversité',
      before: 0.5,
      after: 0.6,
    });
    expect(byPath['fairness.merit']).toMatchObject({ before: 'relevance', after: 'equal' });
    expect(byPath['facets.discipline.targets.danse']).toMatchObject({
      before: null,
      after: 1,
      label: 'Part cible « Danse » (Disciplines)',
    });
    expect(byPath['facets.sizeClass.targets.petit']).toMatchObject({
      before: base.facets.sizeClass.targets.petit,
      after: null,
    });
    expect(changes.find((c) => c.path === 'redundancy')).toBeUndefined();
  });

  it('finds no change between equal settings, and none for a first version', () => {
    expect(diffSettings(base, JSON.parse(JSON.stringify(base)))).toEqual([]);
    expect(diffSettings(null, base)).toEqual([]);
  });
});
