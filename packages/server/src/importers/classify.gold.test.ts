import { describe, expect, it } from 'vitest';
import { classifyGold, readGold, score, TARGETS } from '../../../../bench/classification/metrics.js';

describe('the classifier on the hand-labelled gold set (bench/classification/gold.jsonl)', () => {
  const gold = readGold();
  const scores = score(classifyGold(gold));

  it('holds at least 400 real records, performances and not', () => {
    expect(gold.length).toBeGreaterThanOrEqual(400);
    expect(gold.filter((g) => g.performance).length).toBeGreaterThan(100);
    expect(gold.filter((g) => !g.performance).length).toBeGreaterThan(100);
  });

  it(`keeps « is a performance » precision ≥ ${TARGETS.precision} and recall ≥ ${TARGETS.recall}`, () => {
    expect(scores.precision).toBeGreaterThanOrEqual(TARGETS.precision);
    expect(scores.recall).toBeGreaterThanOrEqual(TARGETS.recall);
  });

  it(`files performances in the right discipline at least ${TARGETS.disciplineAccuracy} of the time`, () => {
    expect(scores.disciplineAccuracy).toBeGreaterThanOrEqual(TARGETS.disciplineAccuracy);
  });
});
