import type KDBush from 'kdbush';

// Depth-first stack: 3 ints per frame; a k-d tree over 2^32 points is at most ~32 levels deep.
const STACK = new Int32Array(128);

/**
 * The k-d tree positions (not ids: `tree.ids[p]` is the id) of the points in a box, written into `out`;
 * returns how many. Same traversal as `KDBush.range`, so positions come out in exactly its order — the
 * engine's candidate order, and thus its tie-breaks, stay what they were. Why positions: data laid out
 * by tree position is read almost sequentially (each subtree is a contiguous run of positions), and
 * nothing is allocated.
 */
export function rangePositions(
  tree: KDBush,
  minX: number,
  minY: number,
  maxX: number,
  maxY: number,
  out: Int32Array,
): number {
  const coords = tree.coords as Float64Array;
  const nodeSize = tree.nodeSize;
  STACK[0] = 0;
  STACK[1] = tree.ids.length - 1;
  STACK[2] = 0;
  let sp = 3;
  let n = 0;
  while (sp > 0) {
    const axis = STACK[--sp]!;
    const right = STACK[--sp]!;
    const left = STACK[--sp]!;
    if (right - left <= nodeSize) {
      for (let i = left; i <= right; i++) {
        const x = coords[2 * i]!;
        const y = coords[2 * i + 1]!;
        if (x >= minX && x <= maxX && y >= minY && y <= maxY) out[n++] = i;
      }
      continue;
    }
    const m = (left + right) >> 1;
    const x = coords[2 * m]!;
    const y = coords[2 * m + 1]!;
    if (x >= minX && x <= maxX && y >= minY && y <= maxY) out[n++] = m;
    if (axis === 0 ? minX <= x : minY <= y) {
      STACK[sp++] = left;
      STACK[sp++] = m - 1;
      STACK[sp++] = 1 - axis;
    }
    if (axis === 0 ? maxX >= x : maxY >= y) {
      STACK[sp++] = m + 1;
      STACK[sp++] = right;
      STACK[sp++] = 1 - axis;
    }
  }
  return n;
}
