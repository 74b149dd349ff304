/**
 * Fragments to visual lines, by geometry: pdf.js splits a line into many items (one per font
 * subset, per run of digits, around every space), and those must be glued back in x order.
 */
import { union, type Rect } from './geom.js';
import { isCjk, normalizeLine } from '../../text/fold.js';
import type { Fragment } from './text.js';

export interface Line {
  text: string;
  rect: Rect;
  size: number;
  frags: Fragment[];
}

/**
 * Groups fragments into lines. Horizontal fragments share a line when they overlap vertically by
 * at least half the smaller height; within such a band a gap wider than `maxGapEm` font sizes
 * starts a new line (two columns of text on one baseline are two lines). Vertical runs stay alone.
 */
export function buildLines(frags: Fragment[], maxGapEm = 1.5): Line[] {
  const lines: Line[] = [];
  const horizontal = frags.filter((f) => f.dir === 'h');
  for (const f of frags) if (f.dir === 'v') lines.push({ text: normalizeLine(f.text), rect: f.rect, size: f.size, frags: [f] });

  for (const band of bands(horizontal)) {
    band.sort((p, q) => p.rect.x0 - q.rect.x0);
    let cur: Fragment[] = [];
    let curX1 = -Infinity;
    const flush = () => {
      if (cur.length) lines.push(joinFragments(cur));
      cur = [];
      curX1 = -Infinity;
    };
    for (const f of band) {
      const size = Math.max(f.size, cur.length ? cur[cur.length - 1].size : 0);
      if (cur.length && f.rect.x0 - curX1 > maxGapEm * size) flush();
      cur.push(f);
      curX1 = Math.max(curX1, f.rect.x1);
    }
    flush();
  }
  return lines.filter((l) => l.text).sort(readingOrder);
}

/** Top to bottom, then left to right, comparing tops only when the boxes do not share a band. */
export function readingOrder(a: { rect: Rect }, b: { rect: Rect }): number {
  const overlap = Math.min(a.rect.y1, b.rect.y1) - Math.max(a.rect.y0, b.rect.y0);
  const minH = Math.min(a.rect.y1 - a.rect.y0, b.rect.y1 - b.rect.y0);
  if (overlap > 0.5 * minH) return a.rect.x0 - b.rect.x0;
  return a.rect.y0 - b.rect.y0 || a.rect.x0 - b.rect.x0;
}

/** Clusters horizontal fragments into bands of vertically overlapping boxes. */
function bands(frags: Fragment[]): Fragment[][] {
  const sorted = [...frags].sort((p, q) => (p.rect.y0 + p.rect.y1) / 2 - (q.rect.y0 + q.rect.y1) / 2);
  const out: { frags: Fragment[]; y0: number; y1: number }[] = [];
  for (const f of sorted) {
    const h = f.rect.y1 - f.rect.y0;
    let best: (typeof out)[number] | undefined;
    let bestOverlap = 0;
    // Only the last few bands can overlap a fragment further down the page.
    for (let i = out.length - 1; i >= 0 && i >= out.length - 4; i--) {
      const b = out[i];
      const overlap = Math.min(b.y1, f.rect.y1) - Math.max(b.y0, f.rect.y0);
      const minH = Math.min(h, b.y1 - b.y0);
      if (overlap > 0.5 * minH && overlap > bestOverlap) {
        best = b;
        bestOverlap = overlap;
      }
    }
    if (best) {
      best.frags.push(f);
      // The band keeps the extent of its tallest member's centre area, not the union: a union
      // would grow with every slightly offset fragment and swallow the next line.
      if (h > best.y1 - best.y0) {
        best.y0 = f.rect.y0;
        best.y1 = f.rect.y1;
      }
    } else {
      out.push({ frags: [f], y0: f.rect.y0, y1: f.rect.y1 });
    }
  }
  return out.map((b) => b.frags);
}

/** Joins fragments of one line in x order; a space only where the gap is visible and not between CJK. */
function joinFragments(frags: Fragment[]): Line {
  let text = '';
  let rect = frags[0].rect;
  let prev: Fragment | undefined;
  for (const f of frags) {
    if (prev) {
      const gap = f.rect.x0 - prev.rect.x1;
      const last = text.trimEnd().slice(-1);
      const next = f.text.trimStart()[0];
      if (gap > 0.25 * Math.min(f.size, prev.size) && !(isCjk(last) && isCjk(next))) text += ' ';
      rect = union(rect, f.rect);
    }
    text += f.text;
    prev = f;
  }
  return { text: normalizeLine(text), rect, size: Math.max(...frags.map((f) => f.size)), frags };
}

/**
 * The text of one table cell: its lines top to bottom joined by "\n". Characters stacked one per
 * line (a label set vertically in a narrow cell) are one word, so they are joined without breaks.
 */
export function cellText(frags: Fragment[]): string {
  if (frags.length === 0) return '';
  const lines = buildLines(frags, Infinity);
  if (lines.length === 0) return '';
  // Sideways text: columns of a vertical font read right to left; characters of text rotated
  // counter-clockwise, one item each, read from the bottom up.
  const downward = lines.every((l) => l.frags.every((f) => f.dir === 'v' && !f.upward));
  const upward = lines.every((l) => l.frags.every((f) => f.upward));
  const ordered = downward
    ? [...lines].sort((a, b) => b.rect.x1 - a.rect.x1)
    : upward
      ? [...lines].sort((a, b) => b.rect.y0 - a.rect.y0)
      : lines;
  const texts = ordered.map((l) => l.text);
  const stacked =
    texts.length >= 2 &&
    texts.every((t) => Array.from(t.replace(/\s/g, '')).length <= 2) &&
    texts.some((t) => /[\u4E00-\u9FFF]/u.test(t));
  return stacked ? normalizeLine(texts.join('')) : texts.join('\n');
}
