/**
 * What is inked inside one table cell: connected components with rule remnants and specks removed,
 * grouped into text lines and glyphs. This decides, before any OCR, whether a cell is blank (blank
 * is not zero), whether it holds only digits (read with the digit whitelist) or Chinese text (read
 * with chi_sim), and where exactly the text is (so it can be cropped tight and scaled).
 */
import type { Binary } from './image.js';

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface Component extends Box {
  area: number;
  /** Index into the label image of `components()`. */
  id: number;
}

export interface InkLayout {
  /** Bounding box of the kept ink (exclusive x1/y1), undefined when the cell is blank. */
  box?: Box;
  /** Text lines top to bottom, each with its glyphs (components merged where they overlap in x). */
  lines: { box: Box; glyphs: Box[] }[];
  components: Component[];
  /** The kept ink only (rule remnants, specks and smudges removed). */
  mask: Binary;
}

/** 8-connected components of ink, and the label image (component index per pixel, -1 for paper). */
export function components(bin: Binary): Component[] & { labels?: Int32Array } {
  const { width, height, data } = bin;
  const label = new Int32Array(width * height).fill(-1);
  const out: Component[] = [];
  const stack: number[] = [];
  for (let start = 0; start < data.length; start++) {
    if (!data[start] || label[start] >= 0) continue;
    const id = out.length;
    const c: Component = { x0: width, y0: height, x1: 0, y1: 0, area: 0, id };
    label[start] = id;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      c.area++;
      if (x < c.x0) c.x0 = x;
      if (y < c.y0) c.y0 = y;
      if (x + 1 > c.x1) c.x1 = x + 1;
      if (y + 1 > c.y1) c.y1 = y + 1;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (data[j] && label[j] < 0) {
            label[j] = id;
            stack.push(j);
          }
        }
      }
    }
    out.push(c);
  }
  return Object.assign(out, { labels: label });
}

/**
 * The cell's ink. `unit` is one point in pixels: specks are judged by it, since noise and JPEG
 * crumbs are a fraction of a point while the smallest glyph part (a decimal point) is about half a point.
 */
export function inkLayout(bin: Binary, unit: number): InkLayout {
  const all = components(bin);
  const w = bin.width;
  const h = bin.height;
  const speck = Math.max(2, 0.12 * unit * unit);
  const zone = 1.5 * unit;
  const kept = all.filter((c) => {
    if (c.area < speck) return false;
    const cw = c.x1 - c.x0;
    const ch = c.y1 - c.y0;
    // A remnant of the cell's rules: touching an edge and lying within a rule's width of it (the
    // ends of crossing rules at the corners, ragged bits of a thick bilevel rule).
    if ((c.x0 === 0 && c.x1 <= zone) || (c.x1 === w && c.x0 >= w - zone)) return false;
    if ((c.y0 === 0 && c.y1 <= zone) || (c.y1 === h && c.y0 >= h - zone)) return false;
    // A rule that drifted inside the crop: thin and nearly as long as the cell.
    const thin = ch <= 1.5 * unit || cw <= 1.5 * unit;
    if (thin && (cw >= 0.9 * w || ch >= 0.9 * h) && Math.max(cw, ch) >= 10 * unit) return false;
    // Shading or a seal smudge the size of the cell is not text either.
    if (cw > 0.95 * w && ch > 0.95 * h) return false;
    return true;
  });
  const empty = { lines: [], components: [], mask: { width: w, height: h, data: new Uint8Array(w * h) } };
  if (kept.length === 0) return empty;
  const box = kept.reduce<Box>((b, c) => ({ x0: Math.min(b.x0, c.x0), y0: Math.min(b.y0, c.y0), x1: Math.max(b.x1, c.x1), y1: Math.max(b.y1, c.y1) }), {
    x0: Infinity,
    y0: Infinity,
    x1: -Infinity,
    y1: -Infinity,
  });
  // Too little ink to be a glyph (a speck that survived) is blank; a dash (meaning "not applicable")
  // is little ink too, but long and flat.
  const inked = kept.reduce((n, c) => n + c.area, 0);
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const dash = bw >= 3 * unit && bw >= 2 * bh;
  if ((inked < 1.5 * unit * unit || bh < 2.5 * unit) && !dash) return empty;
  const keep = new Uint8Array(all.length);
  for (const c of kept) keep[c.id] = 1;
  const mask = new Uint8Array(w * h);
  const labels = all.labels!;
  for (let i = 0; i < mask.length; i++) if (labels[i] >= 0 && keep[labels[i]]) mask[i] = 1;
  return { box, lines: textLines(kept), components: kept, mask: { width: w, height: h, data: mask } };
}

/** Components into lines by vertical overlap, then into glyphs by horizontal overlap within a line. */
function textLines(comps: Component[]): InkLayout['lines'] {
  const sorted = [...comps].sort((a, b) => a.y0 + a.y1 - (b.y0 + b.y1));
  const lines: { box: Box; comps: Component[] }[] = [];
  for (const c of sorted) {
    const line = lines.find((l) => Math.min(l.box.y1, c.y1) - Math.max(l.box.y0, c.y0) > 0.3 * Math.min(c.y1 - c.y0, l.box.y1 - l.box.y0));
    if (line) {
      line.comps.push(c);
      line.box = { x0: Math.min(line.box.x0, c.x0), y0: Math.min(line.box.y0, c.y0), x1: Math.max(line.box.x1, c.x1), y1: Math.max(line.box.y1, c.y1) };
    } else lines.push({ box: { x0: c.x0, y0: c.y0, x1: c.x1, y1: c.y1 }, comps: [c] });
  }
  // Small marks (a decimal point, the dot of 、) may sit just outside their line's band: attach to the nearest.
  const major = lines.filter((l) => l.box.y1 - l.box.y0 >= 0.4 * Math.max(...lines.map((m) => m.box.y1 - m.box.y0)));
  for (const l of lines) {
    if (major.includes(l) || major.length === 0) continue;
    const target = major.reduce((best, m) => (dist(m.box, l.box) < dist(best.box, l.box) ? m : best));
    target.comps.push(...l.comps);
    target.box = { x0: Math.min(target.box.x0, l.box.x0), y0: Math.min(target.box.y0, l.box.y0), x1: Math.max(target.box.x1, l.box.x1), y1: Math.max(target.box.y1, l.box.y1) };
  }
  return (major.length ? major : lines)
    .sort((a, b) => a.box.y0 - b.box.y0)
    .map((l) => ({ box: l.box, glyphs: glyphs(l.comps) }));
}

function dist(a: Box, b: Box): number {
  return Math.abs((a.y0 + a.y1) / 2 - (b.y0 + b.y1) / 2);
}

function glyphs(comps: Component[]): Box[] {
  const sorted = [...comps].sort((a, b) => a.x0 - b.x0);
  const out: Box[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    // Overlapping in x (the parts of one character stacked, or touching) is one glyph.
    if (last && c.x0 < last.x1 - 0.2 * Math.min(c.x1 - c.x0, last.x1 - last.x0)) {
      last.x1 = Math.max(last.x1, c.x1);
      last.y0 = Math.min(last.y0, c.y0);
      last.y1 = Math.max(last.y1, c.y1);
    } else out.push({ x0: c.x0, y0: c.y0, x1: c.x1, y1: c.y1 });
  }
  return out;
}

/**
 * Whether the ink looks like a number: one line whose tall glyphs are all narrower than a Chinese
 * character (digits are about 0.55 of their height wide, hanzi about 1.0). Touching digits can
 * look wide; those cells go to the text pass, whose numeric result is then re-read as a number.
 */
export function looksNumeric(layout: InkLayout): boolean {
  if (layout.lines.length !== 1) return false;
  const { glyphs: gs, box } = layout.lines[0];
  const h = box.y1 - box.y0;
  const tall = gs.filter((g) => g.y1 - g.y0 >= 0.6 * h);
  if (tall.length === 0 || tall.length > 16) return false;
  return tall.every((g) => g.x1 - g.x0 <= 0.8 * h);
}
