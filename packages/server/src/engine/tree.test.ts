import fc from 'fast-check';
import KDBush from 'kdbush';
import { describe, expect, it } from 'vitest';
import { rangePositions } from './tree.js';

describe('rangePositions', () => {
  it('finds the points of KDBush.range, in the same order, as tree positions', () => {
    const point = fc.tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }));
    fc.assert(
      fc.property(
        fc.array(point, { minLength: 1, maxLength: 300 }),
        fc.array(fc.tuple(point, point), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 2, max: 16 }),
        (points, boxes, nodeSize) => {
          const tree = new KDBush(points.length, nodeSize);
          for (const [x, y] of points) tree.add(x / 3, y / 7);
          tree.finish();
          const out = new Int32Array(points.length);
          for (const [[x1, y1], [x2, y2]] of boxes) {
            const box = [
              Math.min(x1, x2) / 3,
              Math.min(y1, y2) / 7,
              Math.max(x1, x2) / 3,
              Math.max(y1, y2) / 7,
            ] as const;
            const n = rangePositions(tree, ...box, out);
            expect(Array.from(out.subarray(0, n), (p) => tree.ids[p])).toEqual(tree.range(...box));
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
