/**
 * One page image to the PDF reader's page structures: deskew, ruled tables from the image's rules
 * with every cell read on its own (cells.ts), and the text outside the tables as lines (text.ts).
 * Boxes are PDF points on the deskewed page (so a table continued on the next page lines up with its
 * first part when stitched); `toScan` maps them onto the page as scanned, for provenance.
 */
import type { GridCell, PageTable } from '../pdf/grid.js';
import type { Rect } from '../pdf/geom.js';
import type { Line } from '../pdf/lines.js';
import { readCell, type Reading } from './cells.js';
import { deskew } from './deskew.js';
import { findTables, detectRules } from './grid.js';
import { levels, otsu } from './image.js';
import type { OcrPool } from './pool.js';
import type { PageImage } from './render.js';
import { readLines } from './text.js';

export interface OcrPage {
  page: number;
  /** Page size in points. */
  width: number;
  height: number;
  lines: Line[];
  tables: PageTable[];
  /** What OCR said about each table cell (confidence, alternatives). */
  readings: Map<GridCell, Reading>;
  /** Skew corrected, degrees. */
  angle: number;
  dpi: number;
  /**
   * Boxes above are on the deskewed page (so a table continued on the next page lines up with its
   * first part); this maps one back onto the page as scanned, for provenance.
   */
  toScan: (r: Rect) => Rect;
}

export interface PageOptions {
  pool: OcrPool;
  signal?: AbortSignal;
  /** Read the text outside tables (titles, narrative); tables are always read. */
  text: boolean;
}

export async function ocrPage(pi: PageImage, pageNo: number, opts: PageOptions): Promise<OcrPage> {
  const { img, angle } = deskew(pi.img);
  const unit = pi.dpi / 72;
  const threshold = otsu(img);
  const tables = findTables(detectRules(img, pi.dpi), pi.dpi, pageNo);
  const ctx = { pool: opts.pool, unit, threshold, ...levels(img), signal: opts.signal };

  const readings = new Map<GridCell, Reading>();
  const cellJobs = tables.flatMap((t) =>
    t.cells.map(async (cell) => {
      const r = cell.rect;
      const reading = await readCell(img, { x0: r.x0 * unit, y0: r.y0 * unit, x1: r.x1 * unit, y1: r.y1 * unit }, ctx);
      cell.text = reading.text;
      readings.set(cell, reading);
    }),
  );
  const lineJob = opts.text ? readLines(img, tables.map((t) => t.rect), ctx) : Promise.resolve([]);
  // All cells (and lines) of the page go to the pool at once: every worker gets work.
  const [, lines] = await Promise.all([Promise.all(cellJobs), lineJob]);

  const toScan = unrotate(angle, img.width / unit, img.height / unit);
  return { page: pageNo, width: pi.widthPt, height: pi.heightPt, lines, tables, readings, angle, dpi: pi.dpi, toScan };
}

/** Maps a box of the deskewed page back onto the scanned page (rotated by `angle` about the centre). */
function unrotate(angle: number, w: number, h: number): (r: Rect) => Rect {
  if (!angle) return (r) => r;
  const t = (angle * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const cx = w / 2;
  const cy = h / 2;
  const map = (x: number, y: number): [number, number] => {
    const dx = x - cx;
    const dy = y - cy;
    // Clockwise by `angle` on screen (y down), the scan's own turn.
    return [cx + cos * dx - sin * dy, cy + sin * dx + cos * dy];
  };
  return (r) => {
    const pts = [map(r.x0, r.y0), map(r.x1, r.y0), map(r.x0, r.y1), map(r.x1, r.y1)];
    return {
      x0: Math.min(...pts.map((p) => p[0])),
      y0: Math.min(...pts.map((p) => p[1])),
      x1: Math.max(...pts.map((p) => p[0])),
      y1: Math.max(...pts.map((p) => p[1])),
    };
  };
}
