/**
 * Small geometry kit shared by the PDF modules. Everything downstream of `oplist.ts` and `text.ts`
 * works in page coordinates: PDF points, origin at the top-left of the page as displayed
 * (after /Rotate), y growing downwards — the convention of the document model's BBox.
 */

/** PDF affine matrix [a, b, c, d, e, f]. */
export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 × m2 in PDF's row-vector convention: applying the result applies m2 first, then m1. */
export function multiply(m1: ArrayLike<number>, m2: ArrayLike<number>): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

export function apply(m: ArrayLike<number>, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** Axis-aligned box in page coordinates. */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function rectOfPoints(points: [number, number][]): Rect {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of points) {
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  return { x0, y0, x1, y1 };
}

export function union(a: Rect, b: Rect): Rect {
  return { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };
}

export function centre(r: Rect): [number, number] {
  return [(r.x0 + r.x1) / 2, (r.y0 + r.y1) / 2];
}

export function contains(r: Rect, x: number, y: number, tol = 0): boolean {
  return x >= r.x0 - tol && x <= r.x1 + tol && y >= r.y0 - tol && y <= r.y1 + tol;
}

/** Rounded to 0.01 pt: enough for provenance, and keeps the JSON small. */
export function toBBox(r: Rect): [number, number, number, number] {
  const q = (v: number) => Math.round(v * 100) / 100;
  return [q(r.x0), q(r.y0), q(r.x1), q(r.y1)];
}

/** Clusters sorted-or-not scalar positions: values closer than `tol` to the running cluster join it. */
export function clusterValues(values: number[], tol: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let sum = 0;
  let n = 0;
  let last = -Infinity;
  for (const v of sorted) {
    if (n > 0 && v - last > tol) {
      out.push(sum / n);
      sum = 0;
      n = 0;
    }
    sum += v;
    n++;
    last = v;
  }
  if (n > 0) out.push(sum / n);
  return out;
}

/** Index of the value in `sorted` nearest to v, or -1 when none is within tol. */
export function nearestIndex(sorted: number[], v: number, tol: number): number {
  let best = -1;
  let bestD = tol;
  for (let i = 0; i < sorted.length; i++) {
    const d = Math.abs(sorted[i] - v);
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  }
  return best;
}
