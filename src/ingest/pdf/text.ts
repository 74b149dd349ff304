/**
 * Text fragments of a page in page coordinates: pdf.js text items for horizontal fonts, plus runs
 * rebuilt from the operator list for vertical (Identity-V) fonts.
 */
import type { TextContent, TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { apply, rectOfPoints, type Matrix, type Rect } from './geom.js';
import { normalizeRadicals } from '../../text/fold.js';
import type { VerticalGlyph } from './oplist.js';

export interface Fragment {
  text: string;
  rect: Rect;
  /** Font size in points (the glyph height). */
  size: number;
  /** 'h': reads left to right on the displayed page; 'v': sideways (vertical font or rotated text). */
  dir: 'h' | 'v';
  /** Sideways text that reads bottom to top (rotated counter-clockwise). */
  upward?: boolean;
}

/** Fonts pdf.js reports as vertical: their items in getTextContent are unreliable (see oplist.ts). */
export function verticalFontNames(content: TextContent): Set<string> {
  const names = new Set<string>();
  for (const [name, style] of Object.entries(content.styles ?? {})) {
    if ((style as { vertical?: boolean }).vertical) names.add(name);
  }
  return names;
}

/**
 * pdf.js text items to fragments. Whitespace-only items are dropped: pdf.js emits them with
 * meaningless widths (hundreds of points) and spacing is re-derived from geometry when lines are built.
 */
export function itemsToFragments(content: TextContent, toPage: Matrix, verticalFonts: Set<string>): Fragment[] {
  const out: Fragment[] = [];
  for (const raw of content.items) {
    const item = raw as TextItem;
    if (typeof item.str !== 'string' || !item.str.trim()) continue;
    if (verticalFonts.has(item.fontName)) continue;
    const [a, b, c, d, e, f] = item.transform as number[];
    const size = Math.hypot(c, d) || Math.hypot(a, b);
    if (!size) continue;
    const len = Math.hypot(a, b) || 1;
    const ux = a / len;
    const uy = b / len;
    const upLen = Math.hypot(c, d) || 1;
    const vx = c / upLen;
    const vy = d / upLen;
    const w = item.width || size * item.str.length * 0.5;
    // Baseline box from descent (about 0.2 em) to ascent (0.8 em): close to the inked glyphs of CJK fonts.
    const lo = -0.2 * size;
    const hi = 0.8 * size;
    const corners: [number, number][] = [
      [e + vx * lo, f + vy * lo],
      [e + ux * w + vx * lo, f + uy * w + vy * lo],
      [e + vx * hi, f + vy * hi],
      [e + ux * w + vx * hi, f + uy * w + vy * hi],
    ].map(([x, y]) => apply(toPage, x, y));
    // Reading direction on the displayed page decides whether this is sideways text.
    const dx = toPage[0] * ux + toPage[2] * uy;
    const dy = toPage[1] * ux + toPage[3] * uy;
    const sideways = Math.abs(dx) < Math.abs(dy);
    out.push({
      text: normalizeRadicals(item.str),
      rect: rectOfPoints(corners),
      size,
      dir: sideways ? 'v' : 'h',
      ...(sideways && dy < 0 ? { upward: true } : {}),
    });
  }
  return out;
}

/** Groups vertical-font glyphs into top-to-bottom runs (one per column of glyphs). */
export function verticalRuns(glyphs: VerticalGlyph[]): Fragment[] {
  const out: Fragment[] = [];
  let run: { chars: string[]; rect: Rect; size: number; font: string } | undefined;
  const flush = () => {
    if (run) out.push({ text: normalizeRadicals(run.chars.join('')), rect: run.rect, size: run.size, dir: 'v' });
    run = undefined;
  };
  for (const g of glyphs) {
    const size = g.rect.x1 - g.rect.x0;
    if (run) {
      const xc = (g.rect.x0 + g.rect.x1) / 2;
      const runXc = (run.rect.x0 + run.rect.x1) / 2;
      const follows =
        g.font === run.font &&
        Math.abs(xc - runXc) < 0.3 * run.size &&
        g.rect.y0 >= run.rect.y1 - 0.3 * run.size &&
        g.rect.y0 - run.rect.y1 < 1.5 * run.size;
      if (follows) {
        run.chars.push(g.char);
        run.rect = {
          x0: Math.min(run.rect.x0, g.rect.x0),
          y0: Math.min(run.rect.y0, g.rect.y0),
          x1: Math.max(run.rect.x1, g.rect.x1),
          y1: Math.max(run.rect.y1, g.rect.y1),
        };
        continue;
      }
      flush();
    }
    run = { chars: [g.char], rect: { ...g.rect }, size, font: g.font };
  }
  flush();
  return out;
}

/**
 * Splits a horizontal fragment at the given x positions (table column rules it crosses), so that a
 * text run pdf.js merged across two cells lands in both. Character positions are estimated: CJK
 * and full-width characters one em, everything else half an em, scaled to the fragment's width.
 */
export function splitAtX(frag: Fragment, xs: number[]): Fragment[] {
  if (frag.dir !== 'h') return [frag];
  const cuts = xs.filter((x) => x > frag.rect.x0 + 1 && x < frag.rect.x1 - 1).sort((p, q) => p - q);
  if (cuts.length === 0) return [frag];
  const chars = Array.from(frag.text);
  const weights = chars.map((ch) => (/[\u2E80-\uFFEF]/u.test(ch) ? 1 : 0.5));
  const total = weights.reduce((s, w) => s + w, 0) || 1;
  const scale = (frag.rect.x1 - frag.rect.x0) / total;
  const pieces: Fragment[] = [];
  let start = 0;
  let x = frag.rect.x0;
  let pieceX0 = x;
  let cutIdx = 0;
  for (let i = 0; i < chars.length; i++) {
    const w = weights[i] * scale;
    const mid = x + w / 2;
    while (cutIdx < cuts.length && mid > cuts[cutIdx]) {
      if (i > start) {
        pieces.push({ ...frag, text: chars.slice(start, i).join(''), rect: { ...frag.rect, x0: pieceX0, x1: x } });
      }
      start = i;
      pieceX0 = x;
      cutIdx++;
    }
    x += w;
  }
  if (start < chars.length) pieces.push({ ...frag, text: chars.slice(start).join(''), rect: { ...frag.rect, x0: pieceX0, x1: frag.rect.x1 } });
  return pieces.filter((p) => p.text.trim());
}
