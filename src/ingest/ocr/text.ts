/**
 * Text outside tables (title, narrative, signature) as lines with boxes. The lines are found from
 * the ink (components banded by vertical overlap, split at wide gaps), and each is read by chi_sim
 * as a single line: the lines of a page then spread over all workers, and a line's box is ours,
 * exact, in the same pixel frame as the tables.
 */
import type { Rect } from '../pdf/geom.js';
import type { Line } from '../pdf/lines.js';
import { normalizeLine } from '../../text/fold.js';
import { readText, type CellContext } from './cells.js';
import { binarize, crop, toGray, type Gray } from './image.js';
import { components, type Component } from './ink.js';

/** Lines read with less confidence than this are noise (specks, seal remnants, stamps), not text. */
const MIN_LINE_CONFIDENCE = 35;
/** A horizontal gap wider than this many line heights splits a band into two lines (columns, signatures). */
const SPLIT_GAP = 2.5;

export async function readLines(img: Gray, tablesPt: Rect[], ctx: CellContext): Promise<Line[]> {
  const u = ctx.unit;
  const bin = binarize(img, ctx.threshold);
  // Tables are read cell by cell elsewhere: hide them (and their rules) from the text pass.
  const m = 2 * u;
  for (const t of tablesPt) {
    for (let y = Math.max(0, Math.floor(t.y0 * u - m)); y < Math.min(bin.height, Math.ceil(t.y1 * u + m)); y++) {
      bin.data.fill(0, y * bin.width + Math.max(0, Math.floor(t.x0 * u - m)), y * bin.width + Math.min(bin.width, Math.ceil(t.x1 * u + m)));
    }
  }
  const speck = Math.max(3, 0.15 * u * u);
  const comps = components(bin).filter((c) => {
    const w = c.x1 - c.x0;
    const h = c.y1 - c.y0;
    // Specks; and frames, rules, photos (nothing in running text is taller than ~40pt or wider than a third of the page).
    return c.area >= speck && h < 40 * u && w < bin.width / 3;
  });
  const lines = bandLines(comps, u);
  const read = await Promise.all(
    lines.map(async (box) => {
      const pad = Math.round(0.3 * (box.y1 - box.y0));
      const [x0, y0, x1, y1] = [box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad];
      const views = { grey: crop(img, x0, y0, x1, y1), binary: toGray(crop(bin, x0, y0, x1, y1)) };
      const r = await readText(views, [{ x0: 0, y0: pad, x1: views.grey.width, y1: pad + box.y1 - box.y0 }], ctx);
      return { box, r };
    }),
  );
  const out: Line[] = [];
  for (const { box, r } of read) {
    const text = normalizeLine(r.text.replace(/\n/g, ' '));
    if (!text || r.confidence < MIN_LINE_CONFIDENCE) continue;
    const rect = { x0: box.x0 / u, y0: box.y0 / u, x1: box.x1 / u, y1: box.y1 / u };
    out.push({ text, rect, size: rect.y1 - rect.y0, frags: [] });
  }
  return out;
}

type Box = { x0: number; y0: number; x1: number; y1: number };

/** Components to line boxes: bands of vertically overlapping components, split at wide gaps. */
function bandLines(comps: Component[], u: number): Box[] {
  const sorted = [...comps].sort((a, b) => a.y0 + a.y1 - (b.y0 + b.y1));
  const bands: { y0: number; y1: number; comps: Component[] }[] = [];
  for (const c of sorted) {
    const h = c.y1 - c.y0;
    let best: (typeof bands)[number] | undefined;
    let bestOverlap = 0;
    for (let i = bands.length - 1; i >= 0 && i >= bands.length - 4; i--) {
      const b = bands[i];
      const overlap = Math.min(b.y1, c.y1) - Math.max(b.y0, c.y0);
      if (overlap > 0.5 * Math.min(h, b.y1 - b.y0) && overlap > bestOverlap) [best, bestOverlap] = [b, overlap];
    }
    if (best) {
      best.comps.push(c);
      // The band keeps its tallest member's extent: a union would creep into the next line.
      if (h > best.y1 - best.y0) [best.y0, best.y1] = [c.y0, c.y1];
    } else bands.push({ y0: c.y0, y1: c.y1, comps: [c] });
  }
  // Punctuation and other small marks that formed bands of their own join the nearest real line.
  const tallest = (b: (typeof bands)[number]) => b.y1 - b.y0;
  const real = bands.filter((b) => tallest(b) >= 3 * u);
  for (const b of bands) {
    if (real.includes(b) || real.length === 0) continue;
    const mid = (b.y0 + b.y1) / 2;
    const near = real.reduce((x, y) => (Math.abs((y.y0 + y.y1) / 2 - mid) < Math.abs((x.y0 + x.y1) / 2 - mid) ? y : x));
    if (Math.abs((near.y0 + near.y1) / 2 - mid) <= tallest(near)) near.comps.push(...b.comps);
  }
  const out: Box[] = [];
  for (const b of real) {
    const cs = [...b.comps].sort((p, q) => p.x0 - q.x0);
    const h = b.y1 - b.y0;
    let cur: Box | undefined;
    for (const c of cs) {
      if (cur && c.x0 - cur.x1 <= SPLIT_GAP * h) {
        cur.x0 = Math.min(cur.x0, c.x0);
        cur.x1 = Math.max(cur.x1, c.x1);
        cur.y0 = Math.min(cur.y0, c.y0);
        cur.y1 = Math.max(cur.y1, c.y1);
      } else {
        if (cur) out.push(cur);
        cur = { x0: c.x0, y0: c.y0, x1: c.x1, y1: c.y1 };
      }
    }
    if (cur) out.push(cur);
  }
  // A line needs some substance: a lone mark is not a line.
  return out.filter((l) => l.x1 - l.x0 >= 3 * u && l.y1 - l.y0 >= 3 * u).sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
}
