/**
 * Table grids from a page image's ruling lines. Long, dense runs of rule ink (thin dark ridges, see
 * ridgeBinary) are rules; runs in neighbouring pixel rows (columns) merge into one rule; short
 * pieces count only where they join other rules (text strokes do not). The rules are then handed,
 * in PDF points, to the PDF reader's own grid builder, so a scanned table gets exactly the rows,
 * columns and spans (merged cells = missing rule segments) the born-digital reader gives the same table.
 */
import { ruledTables, type PageTable } from '../pdf/grid.js';
import { findRules } from '../pdf/rules.js';
import type { Segment } from '../pdf/oplist.js';
import { levels, type Binary, type Gray } from './image.js';

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
/** Ink gaps this short along a rule are closed (broken rules in bilevel scans); the gap between two characters is wider. */
const GAP_PT = 0.6;
/** Thicker "rules" are filled areas (dark shaded cells) whose edges are rules, or lined-up text strokes. */
const MAX_THICK_PT = 3;
/** How far a short piece's end may be from the perpendicular rule it ends on. */
const TOUCH_PT = 2.5;

/**
 * Rules are hairlines: blurred by the scanner they are much lighter than text, often lighter than
 * the page's Otsu threshold, and they cross shaded header cells that are nearly as dark as they
 * are. So a pixel is rule ink when it is a ridge across the rule's direction: darker by a share of
 * the paper-to-ink contrast than the pixels `reach` away on both sides. Shading (flat) and the
 * edges of shaded areas (steps) are not ridges; the runs must then be dense (see groupRuns), which
 * text halos and noise are not.
 */
const RIDGE_CONTRAST = 1 / 8;
/** Half-width reach of the ridge test: rules up to about twice this thick are found. */
const REACH_PT = 1.2;
/** Share of a run's length that must be ink (bridged gaps are the rest). */
const MIN_DENSITY = 0.85;

/** Ink of rules running along `dir` ('h': horizontal rules, ridges in the vertical direction). */
function ridgeBinary(img: Gray, dir: 'h' | 'v', dpi: number): Binary {
  const { paper, ink } = levels(img);
  const delta = Math.max(12, Math.round(RIDGE_CONTRAST * (paper - ink)));
  const reach = Math.max(2, Math.ceil((REACH_PT * dpi) / 72));
  const { width, height, data } = img;
  const out = new Uint8Array(data.length);
  const step = dir === 'h' ? width : 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const v = data[i] + delta;
      // At the image border the missing side counts as paper.
      const before = (dir === 'h' ? y >= reach : x >= reach) ? data[i - reach * step] : paper;
      const after = (dir === 'h' ? y + reach < height : x + reach < width) ? data[i + reach * step] : paper;
      out[i] = before >= v && after >= v ? 1 : 0;
    }
  }
  return { width, height, data: out };
}

export function detectRules(img: Gray, dpi: number): PixelRules {
  const k = dpi / 72;
  const minLen = Math.max(4, Math.round(MIN_PIECE_PT * k));
  const gap = Math.max(1, Math.round(GAP_PT * k));
  const maxThick = Math.max(3, Math.round(MAX_THICK_PT * k));
  // Where two rules cross, neither is a ridge across its own direction (the other rule darkens
  // both sides): ink of either direction keeps each rule continuous through its crossings.
  const hr = ridgeBinary(img, 'h', dpi);
  const vr = ridgeBinary(img, 'v', dpi);
  for (let i = 0; i < hr.data.length; i++) hr.data[i] |= vr.data[i];
  const h = groupRuns(dilate(hr, 'v'), 'h', minLen, gap, maxThick);
  const v = groupRuns(dilate(hr, 'h'), 'v', minLen, gap, maxThick);
  return validate(h, v, SURE_PT * k, TOUCH_PT * k);
}

/**
 * Ink spread by one pixel across the rule direction. A thin rule turned by a fraction of a degree
 * is a staircase: after deskewing, each pixel row holds only pieces of it, with gaps where it steps
 * to the next row. Spreading joins the steps into one continuous run.
 */
function dilate(bin: Binary, across: 'h' | 'v'): Binary {
  const { width, height, data } = bin;
  const out = new Uint8Array(data.length);
  const d = across === 'v' ? width : 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const before = across === 'v' ? y > 0 : x > 0;
      const after = across === 'v' ? y < height - 1 : x < width - 1;
      out[i] = data[i] | (before ? data[i - d] : 0) | (after ? data[i + d] : 0);
    }
  }
  return { width, height, data: out };
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
    let count = 0;
    const close = () => {
      const len = lastInk - start + 1;
      if (len >= minLen && count >= MIN_DENSITY * len) runs.push([start, lastInk]);
    };
    for (let i = 0; i <= along; i++) {
      const ink = i < along && at(line, i) === 1;
      if (ink) {
        if (start < 0) start = i;
        else if (i - lastInk - 1 > gap) {
          close();
          start = i;
          count = 0;
        }
        lastInk = i;
        count++;
      }
    }
    if (start >= 0) close();
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
    else if (o.n >= 0.8 * (o.b - o.a + 1) * thick) {
      // A filled area: its two long edges bound cells (a shaded header row), its inside does not.
      out.push({ pos: o.p0, a: o.a, b: o.b, thick: 1 }, { pos: o.p1, a: o.a, b: o.b, thick: 1 });
    }
    // Anything else that thick is strokes of text lined up (a bold heading), not a rule.
  }
  return out;
}

/**
 * Long rules are kept; a short piece is kept only when both its ends meet kept perpendicular rules
 * (a rule under one narrow header cell does; the stroke of a character inside a cell does not), or
 * one end does and the other is level with the ends of other kept rules: a table continued from the
 * previous page often has no top rule (Chromium draws none), and its first row's column rules are
 * then open at the top, like the long ones beside them.
 */
function validate(h: PixelRule[], v: PixelRule[], sure: number, touch: number): PixelRules {
  const keptH = new Set(h.filter((r) => r.b - r.a >= sure));
  const keptV = new Set(v.filter((r) => r.b - r.a >= sure));
  const meets = (end: number, pos: number, perp: Set<PixelRule>) =>
    [...perp].some((p) => Math.abs(p.pos - end) <= touch + p.thick / 2 && pos >= p.a - touch && pos <= p.b + touch);
  const level = (end: number, r: PixelRule, same: Set<PixelRule>) =>
    [...same].filter((p) => p !== r && (Math.abs(p.a - end) <= touch || Math.abs(p.b - end) <= touch)).length >= 2;
  const keep = (r: PixelRule, same: Set<PixelRule>, perp: Set<PixelRule>) => {
    const a = meets(r.a, r.pos, perp);
    const b = meets(r.b, r.pos, perp);
    return (a && b) || (a && level(r.b, r, same)) || (b && level(r.a, r, same));
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of h) {
      if (!keptH.has(r) && keep(r, keptH, keptV)) keptH.add(r), (changed = true);
    }
    for (const r of v) {
      if (!keptV.has(r) && keep(r, keptV, keptH)) keptV.add(r), (changed = true);
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
