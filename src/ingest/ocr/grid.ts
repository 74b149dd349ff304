/**
 * Table grids from a page image's ruling lines. Long dark runs in the binarised image are rules;
 * runs in neighbouring pixel rows (columns) merge into one rule. The rules are then handed, in PDF
 * points, to the PDF reader's own grid builder, so a scanned table gets exactly the rows, columns
 * and spans (merged cells = missing rule segments) the born-digital reader gives the same table.
 */
import { ruledTables, type PageTable } from '../pdf/grid.js';
import { findRules } from '../pdf/rules.js';
import type { Segment } from '../pdf/oplist.js';
import type { Binary } from './image.js';

/** A rule in image pixels: `pos` across, [a, b] along, `thick` pixels wide. */
export interface PixelRule {
  pos: number;
  a: number;
  b: number;
  thick: number;
}

export interface PixelRules {
  h: PixelRule[];
  v: PixelRule[];
}

/** Lengths in points (converted to pixels at the page's dpi). */
const MIN_PIECE_PT = 5;
/** Rules this long are table rules whatever touches them; text strokes are shorter (一 at 18pt is ~17pt). */
const SURE_PT = 28;
/** Ink gaps this short along a rule are closed (broken rules in bilevel scans, JPEG speckle). */
const GAP_PT = 1.2;
/** Thicker "rules" are filled areas (shaded cells, seals, photos): only their edges are rules. */
const MAX_THICK_PT = 3;
/** How far a short piece's end may be from the perpendicular rule it ends on. */
const TOUCH_PT = 2.5;

export function detectRules(bin: Binary, dpi: number): PixelRules {
  const k = dpi / 72;
  const minLen = Math.max(4, Math.round(MIN_PIECE_PT * k));
  const gap = Math.max(1, Math.round(GAP_PT * k));
  const maxThick = Math.max(3, Math.round(MAX_THICK_PT * k));
  const h = groupRuns(bin, 'h', minLen, gap, maxThick);
  const v = groupRuns(bin, 'v', minLen, gap, maxThick);
  return validate(h, v, SURE_PT * k, TOUCH_PT * k);
}

/**
 * Runs of ink along one direction, at least `minLen` long (gaps up to `gap` bridged), grouped with
 * overlapping runs in the adjacent lines into rules.
 */
function groupRuns(bin: Binary, dir: 'h' | 'v', minLen: number, gap: number, maxThick: number): PixelRule[] {
  const { width, height, data } = bin;
  const lines = dir === 'h' ? height : width;
  const along = dir === 'h' ? width : height;
  const at = dir === 'h' ? (line: number, i: number) => data[line * width + i] : (line: number, i: number) => data[i * width + line];
  type Open = { p0: number; p1: number; a: number; b: number; sum: number; n: number; last: number };
  const open: Open[] = [];
  const done: Open[] = [];
  for (let line = 0; line < lines; line++) {
    const runs: [number, number][] = [];
    let start = -1;
    let lastInk = -1;
    for (let i = 0; i <= along; i++) {
      const ink = i < along && at(line, i) === 1;
      if (ink) {
        if (start < 0) start = i;
        else if (i - lastInk - 1 > gap) {
          if (lastInk - start + 1 >= minLen) runs.push([start, lastInk]);
          start = i;
        }
        lastInk = i;
      }
    }
    if (start >= 0 && lastInk - start + 1 >= minLen) runs.push([start, lastInk]);
    for (const [a, b] of runs) {
      // Continue an open rule from the previous line when the runs overlap over most of the shorter.
      const hit = open.find((o) => o.last >= line - 1 && Math.min(o.b, b) - Math.max(o.a, a) >= 0.5 * Math.min(o.b - o.a, b - a));
      if (hit) {
        hit.a = Math.min(hit.a, a);
        hit.b = Math.max(hit.b, b);
        hit.p1 = line;
        hit.sum += line * (b - a + 1);
        hit.n += b - a + 1;
        hit.last = line;
      } else {
        open.push({ p0: line, p1: line, a, b, sum: line * (b - a + 1), n: b - a + 1, last: line });
      }
    }
    for (let i = open.length - 1; i >= 0; i--) {
      if (open[i].last < line - 1) done.push(...open.splice(i, 1));
    }
  }
  done.push(...open);
  const out: PixelRule[] = [];
  for (const o of done) {
    const thick = o.p1 - o.p0 + 1;
    if (thick <= maxThick) out.push({ pos: o.sum / o.n, a: o.a, b: o.b, thick });
    else {
      // A filled area: its two long edges bound cells (a shaded header row), its inside does not.
      out.push({ pos: o.p0, a: o.a, b: o.b, thick: 1 }, { pos: o.p1, a: o.a, b: o.b, thick: 1 });
    }
  }
  return out;
}

/**
 * Long rules are kept; a short piece is kept only when both its ends meet kept perpendicular rules
 * (a rule under one narrow header cell does; the stroke of a character inside a cell does not).
 */
function validate(h: PixelRule[], v: PixelRule[], sure: number, touch: number): PixelRules {
  const keptH = new Set(h.filter((r) => r.b - r.a >= sure));
  const keptV = new Set(v.filter((r) => r.b - r.a >= sure));
  const meets = (end: number, pos: number, perp: Set<PixelRule>) =>
    [...perp].some((p) => Math.abs(p.pos - end) <= touch + p.thick / 2 && pos >= p.a - touch && pos <= p.b + touch);
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of h) {
      if (!keptH.has(r) && meets(r.a, r.pos, keptV) && meets(r.b, r.pos, keptV)) keptH.add(r), (changed = true);
    }
    for (const r of v) {
      if (!keptV.has(r) && meets(r.a, r.pos, keptH) && meets(r.b, r.pos, keptH)) keptV.add(r), (changed = true);
    }
  }
  return { h: [...keptH], v: [...keptV] };
}

/** Ruled tables of the page, in PDF points (top-left origin), with empty cell texts. */
export function findTables(rules: PixelRules, dpi: number, page: number): PageTable[] {
  const s = 72 / dpi;
  const segments: Segment[] = [
    ...rules.h.map((r) => ({ x0: r.a * s, y0: r.pos * s, x1: r.b * s, y1: r.pos * s })),
    ...rules.v.map((r) => ({ x0: r.pos * s, y0: r.a * s, x1: r.pos * s, y1: r.b * s })),
  ];
  return ruledTables(findRules(segments), [], page).tables;
}
