/**
 * Tables drawn without rules: runs of at least three consecutive rows that each split into three or
 * more separated pieces of text, with columns found by overlapping the pieces' x extents. Prose never
 * has wide gaps inside a line (lines are already split at gaps of 1.5 em), so it does not qualify.
 */
import type { Rect } from './geom.js';
import type { GridCell, PageTable } from './grid.js';
import { readingOrder, type Line } from './lines.js';

const MIN_ROWS = 3;
const MIN_PIECES = 3;

export function unruledTables(lines: Line[], page: number): { tables: PageTable[]; rest: Line[] } {
  const rows = bandRows(lines);
  const tables: PageTable[] = [];
  const used = new Set<Line>();
  let i = 0;
  while (i < rows.length) {
    if (rows[i].length < MIN_PIECES) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < rows.length && rows[j].length >= 2 && closeBelow(rows[j - 1], rows[j])) j++;
    // Trailing two-piece rows belong to the table only if a full row follows them.
    while (j > i && rows[j - 1].length < MIN_PIECES) j--;
    if (j - i >= MIN_ROWS) {
      const table = buildTable(rows.slice(i, j), page);
      if (table) {
        tables.push(table);
        for (const r of rows.slice(i, j)) for (const l of r) used.add(l);
      }
    }
    i = Math.max(j, i + 1);
  }
  return { tables, rest: lines.filter((l) => !used.has(l)) };
}

/** Lines grouped by shared vertical band, top to bottom, each row left to right. */
function bandRows(lines: Line[]): Line[][] {
  const sorted = [...lines].filter((l) => l.frags.every((f) => f.dir === 'h')).sort(readingOrder);
  const rows: Line[][] = [];
  for (const l of sorted) {
    const row = rows[rows.length - 1];
    const ref = row?.[0];
    if (ref && overlapY(ref.rect, l.rect) > 0.5 * Math.min(ref.rect.y1 - ref.rect.y0, l.rect.y1 - l.rect.y0)) row.push(l);
    else rows.push([l]);
  }
  for (const r of rows) r.sort((a, b) => a.rect.x0 - b.rect.x0);
  return rows;
}

function overlapY(a: Rect, b: Rect): number {
  return Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
}

function closeBelow(upper: Line[], lower: Line[]): boolean {
  const h = Math.max(...upper.map((l) => l.rect.y1 - l.rect.y0));
  const gap = Math.min(...lower.map((l) => l.rect.y0)) - Math.max(...upper.map((l) => l.rect.y1));
  return gap < 2.5 * h;
}

function buildTable(rows: Line[][], page: number): PageTable | undefined {
  // Column intervals: union of overlapping x extents over all rows.
  const spans = rows.flat().map((l) => [l.rect.x0, l.rect.x1] as [number, number]).sort((a, b) => a[0] - b[0]);
  const cols: [number, number][] = [];
  for (const [a, b] of spans) {
    const last = cols[cols.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else cols.push([a, b]);
  }
  if (cols.length < MIN_PIECES) return undefined;
  // Boundaries halfway between column intervals.
  const xs = [cols[0][0], ...cols.slice(1).map((c, k) => (cols[k][1] + c[0]) / 2), cols[cols.length - 1][1]];
  const ys: number[] = [Math.min(...rows[0].map((l) => l.rect.y0))];
  for (let r = 1; r < rows.length; r++) {
    const above = Math.max(...rows[r - 1].map((l) => l.rect.y1));
    const below = Math.min(...rows[r].map((l) => l.rect.y0));
    ys.push((above + below) / 2);
  }
  ys.push(Math.max(...rows[rows.length - 1].map((l) => l.rect.y1)));

  const cells: GridCell[] = [];
  rows.forEach((row, r) => {
    const texts: string[][] = cols.map(() => []);
    for (const l of row) {
      const c = cols.findIndex(([a, b]) => l.rect.x0 >= a - 0.5 && l.rect.x1 <= b + 0.5);
      texts[c < 0 ? 0 : c].push(l.text);
    }
    cols.forEach((_, c) => {
      cells.push({
        row: r,
        col: c,
        rowSpan: 1,
        colSpan: 1,
        text: texts[c].join(' '),
        rect: { x0: xs[c], y0: ys[r], x1: xs[c + 1], y1: ys[r + 1] },
        topRuled: false,
        bottomRuled: false,
      });
    });
  });
  return { page, rect: { x0: xs[0], y0: ys[0], x1: xs[xs.length - 1], y1: ys[ys.length - 1] }, xs, ys, cells, ruled: false };
}
