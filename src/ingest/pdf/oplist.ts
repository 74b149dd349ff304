/**
 * One pass over a page's operator list, tracking the graphics and text state pdf.js leaves to the
 * renderer, to recover what getTextContent does not give us:
 *  - painted straight segments and thin filled rectangles (table rules),
 *  - glyphs of vertical (Identity-V) fonts, whose positions pdf.js's text layer gets wrong when the
 *    text matrix is mirrored (as WPS writes it): it drops everything after the first few glyphs,
 *  - how much of the page images cover (to tell a scan from a page that is merely blank).
 * Everything is returned in page coordinates (top-left origin, after /Rotate).
 */
import { pdfjs } from './load.js';
import { IDENTITY, apply, multiply, rectOfPoints, type Matrix, type Rect } from './geom.js';

const OPS = pdfjs.OPS;
/** pdf.js's DrawOPS (path buffer opcodes since pdf.js 5). */
const DRAW = { moveTo: 0, lineTo: 1, curveTo: 2, quadraticCurveTo: 3, closePath: 4 } as const;

export interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface VerticalGlyph {
  char: string;
  font: string;
  rect: Rect;
}

export interface PageGraphics {
  /** Straight stroked segments and centre lines of thin filled bars, any orientation. */
  segments: Segment[];
  verticalGlyphs: VerticalGlyph[];
  /** Sum of image areas (pt²), clipped to nothing: a rough "is this a scan" signal. */
  imageArea: number;
}

interface GState {
  ctm: Matrix;
  font: string;
  fontSize: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
  strokeVisible: boolean;
  fillVisible: boolean;
}

/** Thin filled rectangles up to this thickness (pt) are rules (Chrome/wkhtmltopdf draw borders so). */
const MAX_BAR_THICKNESS = 2.5;

interface OperatorList {
  fnArray: number[];
  argsArray: unknown[];
}

/**
 * @param toPage maps PDF user space (after CTM) to page coordinates (pdf.js viewport transform)
 * @param verticalFonts loadedNames of fonts whose writing mode is vertical
 */
export function walkOperatorList(ops: OperatorList, toPage: Matrix, verticalFonts: Set<string>): PageGraphics {
  const out: PageGraphics = { segments: [], verticalGlyphs: [], imageArea: 0 };
  let gs: GState = {
    ctm: [...IDENTITY] as Matrix,
    font: '',
    fontSize: 0,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    leading: 0,
    rise: 0,
    strokeVisible: true,
    fillVisible: true,
  };
  const stack: GState[] = [];
  let tm: Matrix = [...IDENTITY] as Matrix;
  let tlm: Matrix = [...IDENTITY] as Matrix;

  const moveText = (tx: number, ty: number) => {
    tlm = multiply(tlm, [1, 0, 0, 1, tx, ty]);
    tm = tlm;
  };

  const { fnArray, argsArray } = ops;
  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i];
    const args = argsArray[i] as any[];
    switch (fn) {
      case OPS.save:
        stack.push({ ...gs });
        break;
      case OPS.restore:
        gs = stack.pop() ?? gs;
        break;
      case OPS.transform:
        gs.ctm = multiply(gs.ctm, args as number[]);
        break;
      case OPS.paintFormXObjectBegin:
        stack.push({ ...gs });
        if (Array.isArray(args?.[0]) || ArrayBuffer.isView(args?.[0])) gs.ctm = multiply(gs.ctm, args[0] as number[]);
        break;
      case OPS.paintFormXObjectEnd:
        gs = stack.pop() ?? gs;
        break;
      case OPS.setStrokeRGBColor:
        gs.strokeVisible = !isWhite(args?.[0]);
        break;
      case OPS.setFillRGBColor:
        gs.fillVisible = !isWhite(args?.[0]);
        break;
      case OPS.setGState:
        for (const [key, value] of (args?.[0] ?? []) as [string, unknown][]) {
          if (key === 'CA' && value === 0) gs.strokeVisible = false;
          if (key === 'ca' && value === 0) gs.fillVisible = false;
        }
        break;
      case OPS.constructPath:
        collectPath(args, gs, toPage, out.segments);
        break;
      case OPS.paintImageXObject:
      case OPS.paintInlineImageXObject:
      case OPS.paintImageMaskXObject:
      case OPS.paintImageXObjectRepeat: {
        // Images are drawn into the unit square of the current user space.
        const m = multiply(toPage, gs.ctm);
        const r = rectOfPoints([apply(m, 0, 0), apply(m, 1, 0), apply(m, 0, 1), apply(m, 1, 1)]);
        out.imageArea += (r.x1 - r.x0) * (r.y1 - r.y0);
        break;
      }
      case OPS.beginText:
        tm = [...IDENTITY] as Matrix;
        tlm = [...IDENTITY] as Matrix;
        break;
      case OPS.setFont:
        gs.font = String(args[0]);
        gs.fontSize = Number(args[1]) || 0;
        break;
      case OPS.setTextMatrix:
        tm = Array.from(args[0] as ArrayLike<number>) as Matrix;
        tlm = tm;
        break;
      case OPS.moveText:
        moveText(args[0], args[1]);
        break;
      case OPS.setLeadingMoveText:
        gs.leading = -args[1];
        moveText(args[0], args[1]);
        break;
      case OPS.setLeading:
        gs.leading = args[0];
        break;
      case OPS.nextLine:
        moveText(0, -gs.leading);
        break;
      case OPS.setCharSpacing:
        gs.charSpacing = args[0];
        break;
      case OPS.setWordSpacing:
        gs.wordSpacing = args[0];
        break;
      case OPS.setHScale:
        gs.hScale = args[0] / 100;
        break;
      case OPS.setTextRise:
        gs.rise = args[0];
        break;
      case OPS.showText:
        tm = showText(args[0] as unknown[], gs, tm, toPage, verticalFonts.has(gs.font), out.verticalGlyphs);
        break;
      default:
        break;
    }
  }
  return out;
}

function isWhite(color: unknown): boolean {
  if (typeof color !== 'string' || !/^#[0-9a-f]{6}$/i.test(color)) return false;
  const v = parseInt(color.slice(1), 16);
  const r = (v >> 16) & 255;
  const g = (v >> 8) & 255;
  const b = v & 255;
  return r > 242 && g > 242 && b > 242;
}

interface Glyph {
  unicode?: string;
  width?: number;
  vmetric?: number[];
  isSpace?: boolean;
}

/**
 * Advances the text matrix over one showText, as pdf.js's canvas renderer does, and records the
 * boxes of vertical glyphs. In vertical mode the current point is the top centre of the glyph and
 * each glyph advances by its vertical metric (w1 = -1000 for CJK: one em downwards).
 */
function showText(glyphs: unknown[], gs: GState, tm: Matrix, toPage: Matrix, vertical: boolean, out: VerticalGlyph[]): Matrix {
  const fs = gs.fontSize;
  if (!fs || !Array.isArray(glyphs)) return tm;
  const em = Math.abs(fs) / 1000;
  let adv = 0;
  const base = multiply(toPage, multiply(gs.ctm, tm));
  for (const g of glyphs) {
    if (typeof g === 'number') {
      adv += (vertical ? 1 : -1) * g * em;
      continue;
    }
    const glyph = g as Glyph;
    const spacing = (glyph.isSpace ? gs.wordSpacing : 0) + gs.charSpacing;
    if (vertical) {
      const vm = glyph.vmetric;
      const w1 = vm ? -vm[0] : 1000;
      const half = ((vm ? vm[1] : (glyph.width ?? 1000) / 2) * em);
      const top = -adv + gs.rise;
      const bottom = top - w1 * em;
      const ch = glyph.unicode ?? '';
      if (ch.trim()) {
        const rect = rectOfPoints([
          apply(base, -half, top),
          apply(base, half, top),
          apply(base, -half, bottom),
          apply(base, half, bottom),
        ]);
        out.push({ char: ch, font: gs.font, rect });
      }
      adv += w1 * em - spacing;
    } else {
      adv += (glyph.width ?? 0) * em + spacing;
    }
  }
  return vertical ? multiply(tm, [1, 0, 0, 1, 0, -adv]) : multiply(tm, [1, 0, 0, 1, adv * gs.hScale, 0]);
}

/** Turns a constructPath into segments: each straight piece of a stroke, or the centre line of a thin filled bar. */
function collectPath(args: any[], gs: GState, toPage: Matrix, out: Segment[]): void {
  const paint = args?.[0] as number;
  const buffer = args?.[1]?.[0] as ArrayLike<number> | null | undefined;
  if (!buffer || buffer.length === 0) return;
  const stroked =
    gs.strokeVisible &&
    (paint === OPS.stroke || paint === OPS.closeStroke || paint === OPS.fillStroke || paint === OPS.eoFillStroke ||
      paint === OPS.closeFillStroke || paint === OPS.closeEOFillStroke);
  const filled =
    gs.fillVisible &&
    (paint === OPS.fill || paint === OPS.eoFill || paint === OPS.fillStroke || paint === OPS.eoFillStroke ||
      paint === OPS.closeFillStroke || paint === OPS.closeEOFillStroke);
  if (!stroked && !filled) return;
  const m = multiply(toPage, gs.ctm);

  // Split the buffer into subpaths of page-space points; curves break straightness and are skipped.
  const subpaths: { pts: [number, number][]; curved: boolean; closed: boolean }[] = [];
  let cur: { pts: [number, number][]; curved: boolean; closed: boolean } | undefined;
  for (let k = 0; k < buffer.length; ) {
    const op = buffer[k++];
    if (op === DRAW.moveTo) {
      cur = { pts: [apply(m, buffer[k], buffer[k + 1])], curved: false, closed: false };
      subpaths.push(cur);
      k += 2;
    } else if (op === DRAW.lineTo) {
      if (!cur) {
        cur = { pts: [], curved: false, closed: false };
        subpaths.push(cur);
      }
      cur.pts.push(apply(m, buffer[k], buffer[k + 1]));
      k += 2;
    } else if (op === DRAW.curveTo) {
      if (cur) {
        cur.curved = true;
        cur.pts.push(apply(m, buffer[k + 4], buffer[k + 5]));
      }
      k += 6;
    } else if (op === DRAW.quadraticCurveTo) {
      if (cur) {
        cur.curved = true;
        cur.pts.push(apply(m, buffer[k + 2], buffer[k + 3]));
      }
      k += 4;
    } else if (op === DRAW.closePath) {
      if (cur) {
        cur.closed = true;
        // A new subpath implicitly starts at the closed one's first point.
        const start = cur.pts[0];
        cur = start ? { pts: [start], curved: false, closed: false } : undefined;
        if (cur) subpaths.push(cur);
      }
    } else {
      break; // unknown opcode: the rest of the buffer cannot be trusted
    }
  }

  for (const sp of subpaths) {
    if (sp.pts.length < 2) continue;
    if (stroked && !sp.curved) {
      const pts = sp.closed ? [...sp.pts, sp.pts[0]] : sp.pts;
      for (let j = 1; j < pts.length; j++) {
        out.push({ x0: pts[j - 1][0], y0: pts[j - 1][1], x1: pts[j][0], y1: pts[j][1] });
      }
    }
    if (filled && !sp.curved && sp.pts.length >= 3) {
      const r = rectOfPoints(sp.pts);
      const w = r.x1 - r.x0;
      const h = r.y1 - r.y0;
      if (!isAxisRectangle(sp.pts, r)) continue;
      if (h <= MAX_BAR_THICKNESS && w > h * 2) out.push({ x0: r.x0, y0: (r.y0 + r.y1) / 2, x1: r.x1, y1: (r.y0 + r.y1) / 2 });
      else if (w <= MAX_BAR_THICKNESS && h > w * 2) out.push({ x0: (r.x0 + r.x1) / 2, y0: r.y0, x1: (r.x0 + r.x1) / 2, y1: r.y1 });
    }
  }
}

/** True when every point of the subpath lies on the border of its bounding box (an axis-aligned rectangle). */
function isAxisRectangle(pts: [number, number][], r: Rect): boolean {
  const tol = 0.5;
  return pts.every(
    ([x, y]) => Math.abs(x - r.x0) < tol || Math.abs(x - r.x1) < tol || Math.abs(y - r.y0) < tol || Math.abs(y - r.y1) < tol,
  );
}
