/**
 * Ruling lines: the horizontal and vertical segments among a page's painted paths, with collinear
 * pieces merged (WPS and Word draw a border per cell; Chrome draws each as a thin filled bar, often
 * with hairline gaps or overlaps at the joints).
 */
import type { Segment } from './oplist.js';

export interface HRule {
  y: number;
  x0: number;
  x1: number;
}

export interface VRule {
  x: number;
  y0: number;
  y1: number;
}

export interface Rules {
  h: HRule[];
  v: VRule[];
}

/** Segments within this angle-ish tolerance (pt of drift over the segment) count as axis-aligned. */
const SKEW_TOL = 1;
/** Collinear pieces closer than this (pt) across are the same line. */
const ALIGN_TOL = 1.5;
/** Gaps up to this (pt) along a line are closed. */
const GAP_TOL = 3;
/** Shorter pieces are text decoration, ticks or glyph-like drawings, not rules. */
const MIN_LENGTH = 3;

export function findRules(segments: Segment[]): Rules {
  const h: HRule[] = [];
  const v: VRule[] = [];
  for (const s of segments) {
    const dx = Math.abs(s.x1 - s.x0);
    const dy = Math.abs(s.y1 - s.y0);
    if (dy <= SKEW_TOL && dx >= MIN_LENGTH) h.push({ y: (s.y0 + s.y1) / 2, x0: Math.min(s.x0, s.x1), x1: Math.max(s.x0, s.x1) });
    else if (dx <= SKEW_TOL && dy >= MIN_LENGTH) v.push({ x: (s.x0 + s.x1) / 2, y0: Math.min(s.y0, s.y1), y1: Math.max(s.y0, s.y1) });
  }
  return {
    h: mergeCollinear(h.map((r) => ({ pos: r.y, a: r.x0, b: r.x1 }))).map((m) => ({ y: m.pos, x0: m.a, x1: m.b })),
    v: mergeCollinear(v.map((r) => ({ pos: r.x, a: r.y0, b: r.y1 }))).map((m) => ({ x: m.pos, y0: m.a, y1: m.b })),
  };
}

interface Span {
  pos: number;
  a: number;
  b: number;
}

function mergeCollinear(spans: Span[]): Span[] {
  const sorted = [...spans].sort((p, q) => p.pos - q.pos);
  // Group by position first (lines drawn twice, or as both edges of a hairline bar, coincide).
  const groups: Span[][] = [];
  for (const s of sorted) {
    const g = groups[groups.length - 1];
    if (g && s.pos - g[g.length - 1].pos <= ALIGN_TOL) g.push(s);
    else groups.push([s]);
  }
  const out: Span[] = [];
  for (const g of groups) {
    const pos = g.reduce((sum, s) => sum + s.pos * (s.b - s.a), 0) / g.reduce((sum, s) => sum + (s.b - s.a), 0);
    const along = [...g].sort((p, q) => p.a - q.a);
    let cur: Span | undefined;
    for (const s of along) {
      if (cur && s.a <= cur.b + GAP_TOL) {
        cur.b = Math.max(cur.b, s.b);
      } else {
        if (cur) out.push(cur);
        cur = { pos, a: s.a, b: s.b };
      }
    }
    if (cur) out.push(cur);
  }
  return out;
}

/** Length of [a, b] covered by the rules at `pos` (within tolerance) of the given family. */
export function coverage(spans: { pos: number; a: number; b: number }[], pos: number, a: number, b: number, tol = 2): number {
  let covered = 0;
  for (const s of spans) {
    if (Math.abs(s.pos - pos) > tol) continue;
    const lo = Math.max(a, s.a);
    const hi = Math.min(b, s.b);
    if (hi > lo) covered += hi - lo;
  }
  return covered;
}
