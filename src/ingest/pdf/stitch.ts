/**
 * Tables that continue on the next page. Word processors close the table at the page break and
 * reopen it on the next page, usually without repeating the header; a cell cut by the break comes
 * out as two cells ("（四）无" at the foot of one page, "法提供" at the head of the next).
 * Here the pieces become one table, with the cut cells joined again, as the source's HTML would have it.
 */
import { clusterValues, nearestIndex, toBBox, type Rect } from './geom.js';
import type { GridCell, PageTable } from './grid.js';
import type { Block, Cell, Table } from '../../model/document.js';
import type { PageContent } from './page.js';

/** Cells of a table being assembled: positions by row index and x extent (columns are settled at the end). */
interface LooseCell {
  row: number;
  rowSpan: number;
  x0: number;
  x1: number;
  text: string;
  page: number;
  rect: Rect;
  topRuled: boolean;
  bottomRuled: boolean;
}

export interface LooseTable {
  page: number;
  rect: Rect;
  rows: number;
  /** Column boundaries seen so far (all pieces). */
  xs: number[];
  cells: LooseCell[];
  lastPiece: PageTable;
}

const EDGE_TOL = 4;
const X_TOL = 3;

function loosen(t: PageTable): LooseTable {
  return {
    page: t.page,
    rect: t.rect,
    rows: t.ys.length - 1,
    xs: [...t.xs],
    cells: t.cells.map((c) => looseCell(c, t)),
    lastPiece: t,
  };
}

function looseCell(c: GridCell, t: PageTable): LooseCell {
  return {
    row: c.row,
    rowSpan: c.rowSpan,
    x0: t.xs[c.col],
    x1: t.xs[c.col + c.colSpan],
    text: c.text,
    page: t.page,
    rect: c.rect,
    topRuled: c.topRuled,
    bottomRuled: c.bottomRuled,
  };
}

/** Same outer edges, and the column boundaries of one piece are (nearly all) boundaries of the other. */
export function continues(a: LooseTable, b: PageTable): boolean {
  const last = a.lastPiece;
  if (Math.abs(last.rect.x0 - b.rect.x0) > EDGE_TOL || Math.abs(last.rect.x1 - b.rect.x1) > EDGE_TOL) return false;
  const innerA = last.xs.slice(1, -1);
  const innerB = b.xs.slice(1, -1);
  const share = (from: number[], to: number[]) =>
    from.length === 0 ? 1 : from.filter((x) => nearestIndex(to, x, X_TOL) >= 0).length / from.length;
  return Math.max(share(innerA, innerB), share(innerB, innerA)) >= 0.8;
}

/** Appends the continuation `b` to `a`, dropping a repeated header and re-joining cells cut by the break. */
export function append(a: LooseTable, b: PageTable): void {
  let incoming = b.cells.map((c) => looseCell(c, b));
  let bRows = b.ys.length - 1;

  // A header repeated on the continuation page: drop its rows.
  const repeated = repeatedHeaderRows(a.cells, incoming, bRows);
  if (repeated > 0) {
    incoming = incoming.filter((c) => c.row >= repeated).map((c) => ({ ...c, row: c.row - repeated }));
    bRows -= repeated;
  }

  const dataX0 = firstNumericX(incoming);
  const bottom = a.rows;
  const merged = new Set<LooseCell>();
  const firstRow = incoming.filter((c) => c.row === 0).sort((p, q) => p.x0 - q.x0);
  const lastRow = a.cells.filter((c) => c.row + c.rowSpan === bottom);
  const topDrawn = firstRow.some((c) => c.topRuled);
  const bottomDrawn = lastRow.some((c) => c.bottomRuled);
  for (const cell of firstRow) {
    const above = lastRow.find((c) => Math.abs(c.x0 - cell.x0) <= X_TOL && Math.abs(c.x1 - cell.x1) <= X_TOL);
    if (!above) continue;
    // An edge left open at the break, where its neighbours along the same edge are drawn, marks a
    // cut cell. When the whole edge is open (or drawn), it says nothing about any one cell.
    const openEdge =
      b.ruled && a.lastPiece.ruled && ((!cell.topRuled && topDrawn) || (!above.bottomRuled && bottomDrawn));
    // Label cells continue a group only from the left edge inwards: a blank cell right of a new
    // item ("（六）其他处理 | (blank)") is a blank, not the rest of the cell above it.
    const leftContinues = firstRow.every((c) => c.x1 > cell.x0 + X_TOL || merged.has(c));
    if (!openEdge && !(leftContinues && isCutLabel(above, cell, incoming, dataX0))) continue;
    above.rowSpan += cell.rowSpan;
    if (cell.text) above.text = above.text ? `${above.text}\n${cell.text}` : cell.text;
    above.bottomRuled = cell.bottomRuled;
    merged.add(cell);
  }
  for (const c of incoming) {
    if (merged.has(c)) continue;
    a.cells.push({ ...c, row: c.row + bottom });
  }
  a.rows += bRows;
  a.xs = clusterValues([...a.xs, ...b.xs], X_TOL);
  a.lastPiece = b;
}

/**
 * How many leading rows of the continuation repeat the table's header: the largest k (up to 4) for
 * which rows 0..k-1 of both are closed blocks (no cell spans out of them) with the same texts and
 * spans, and something is left below.
 */
function repeatedHeaderRows(head: LooseCell[], incoming: LooseCell[], bRows: number): number {
  const block = (cells: LooseCell[], k: number) => {
    const inside = cells.filter((c) => c.row < k);
    if (inside.some((c) => c.row + c.rowSpan > k)) return undefined;
    const sig = inside
      .sort((p, q) => p.row - q.row || p.x0 - q.x0)
      .map((c) => `${c.row}:${c.rowSpan}:${c.text.replace(/\s+/g, '')}`)
      .join('|');
    return inside.some((c) => c.text.trim()) ? sig : undefined;
  };
  for (let k = Math.min(4, bRows - 1); k >= 1; k--) {
    const mine = block(incoming, k);
    if (mine !== undefined && mine === block(head, k)) return k;
  }
  return 0;
}

const ENUMERATOR = /^\s*([（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}\s*[、.．]|\d{1,3}\s*[.、．)）]|第[一二三四五六七八九十\d]{1,3})/u;
const NUMBER = /^[-+]?\d[\d,，]*(\.\d+)?$/;

/** Left edge of the first column holding a plain number: everything left of it is the label area. */
function firstNumericX(cells: LooseCell[]): number {
  const xs = cells.filter((c) => NUMBER.test(c.text.replace(/\s/g, ''))).map((c) => c.x0);
  return xs.length ? Math.min(...xs) : Infinity;
}

/**
 * Whether `below` (first row of the continuation) is the rest of `above` (last row before the break)
 * when the rules do not say so (both edges drawn): only label cells qualify — where one part is blank
 * (the label was printed in the other part), or a group label (spanning more rows than its
 * neighbour) whose text does not start a new item ("法提供" qualifies, "（五）不予处理" does not).
 */
function isCutLabel(above: LooseCell, below: LooseCell, incoming: LooseCell[], dataX0: number): boolean {
  const isLabel = below.x1 <= dataX0 + X_TOL;
  if (!isLabel) return false;
  // One part blank: the label was printed in the other part of the cut cell.
  if (!below.text || !above.text) return true;
  const groupLabel =
    below.rowSpan > 1 && incoming.some((c) => c.row === 0 && c.x0 >= below.x1 - X_TOL && c.rowSpan < below.rowSpan);
  return groupLabel && !ENUMERATOR.test(below.text) && !NUMBER.test(below.text);
}

/** Settles columns against the final boundary list and produces the model's Table. */
export function finish(t: LooseTable): Table {
  const xs = t.xs;
  const col = (x: number) => {
    let best = 0;
    for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i] - x) < Math.abs(xs[best] - x)) best = i;
    return best;
  };
  const cells: Cell[] = t.cells
    .map((c) => {
      const c0 = col(c.x0);
      const c1 = Math.max(c0 + 1, col(c.x1));
      return {
        text: c.text,
        row: c.row,
        col: c0,
        rowSpan: c.rowSpan,
        colSpan: c1 - c0,
        prov: { page: c.page, bbox: toBBox(c.rect) },
      };
    })
    .sort((p, q) => p.row - q.row || p.col - q.col);
  return { cells, rows: t.rows, cols: xs.length - 1, prov: { page: t.page, bbox: toBBox(t.rect) } };
}

const CONTINUED = /^[（(]?\s*(续表|续上表|续)\s*[\d一二三四五六七八九十]*\s*[）)]?$/u;

/** Blocks in reading order, page by page, with tables continued from the previous page stitched on. */
export function assemble(pages: PageContent[]): Block[] {
  type Pending = { kind: 'line'; block: Block } | { kind: 'table'; table: LooseTable };
  const out: Pending[] = [];
  for (const p of pages) {
    const items: { y: number; x: number; item: Pending | { kind: 'piece'; table: PageContent['tables'][number] } }[] = [
      ...p.lines.map((l) => ({
        y: l.rect.y0,
        x: l.rect.x0,
        item: { kind: 'line' as const, block: { kind: 'line' as const, line: { text: l.text, prov: { page: p.page, bbox: toBBox(l.rect) } } } },
      })),
      ...p.tables.map((t) => ({ y: t.rect.y0, x: t.rect.x0, item: { kind: 'piece' as const, table: t } })),
    ];
    items.sort((a, b) => a.y - b.y || a.x - b.x);
    // A "续表" (table continued) caption above the first table of the page belongs to the table.
    const first = items[0]?.item;
    const caption = first?.kind === 'line' && first.block.kind === 'line' && CONTINUED.test(first.block.line.text) && items[1]?.item.kind === 'piece';
    items.forEach(({ item }, i) => {
      if (item.kind !== 'piece') {
        out.push(item);
        return;
      }
      const prev = out[out.length - (caption && i === 1 ? 2 : 1)];
      // Continuation: first thing on this page, right after a table that ended the previous page.
      const leading = i === 0 || (caption && i === 1);
      if (leading && prev?.kind === 'table' && prev.table.lastPiece.page === p.page - 1 && continues(prev.table, item.table)) {
        if (caption && i === 1) out.pop();
        append(prev.table, item.table);
      } else {
        out.push({ kind: 'table', table: loosen(item.table) });
      }
    });
  }
  return out.map((o) => (o.kind === 'line' ? o.block : { kind: 'table', table: finish(o.table) }));
}
