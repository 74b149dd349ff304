/**
 * Tables from ruling lines: connected rules make a table; the distinct rule positions make the grid;
 * a grid edge with no rule drawn along it joins the two slots into one cell (that is what rowspan and
 * colspan look like on paper). Text goes to the cell holding its centre.
 */
import { clusterValues, contains, centre, type Rect } from './geom.js';
import { cellText } from './lines.js';
import { coverage, type HRule, type Rules, type VRule } from './rules.js';
import { splitAtX, type Fragment } from './text.js';

export interface GridCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  text: string;
  rect: Rect;
  /** Whether a rule is drawn along the cell's top / bottom edge (used when stitching across pages). */
  topRuled: boolean;
  bottomRuled: boolean;
}

export interface PageTable {
  page: number;
  rect: Rect;
  /** Column and row boundaries, ascending; cols = xs.length - 1, rows = ys.length - 1. */
  xs: number[];
  ys: number[];
  /** Row-major, each cell once. */
  cells: GridCell[];
  /** Built from ruling lines (false: from text alignment, where edges carry no information). */
  ruled: boolean;
}

const JOIN_TOL = 2.5;
/** Rules closer than this are one boundary: no row or column is this thin, but double borders are. */
const MERGE_TOL = 3.5;
/** How far a rule may sit from the boundary it is counted for. */
const POS_TOL = 2.5;

/** Finds ruled tables on a page and the fragments they consume. */
export function ruledTables(rules: Rules, frags: Fragment[], page: number): { tables: PageTable[]; rest: Fragment[] } {
  const tables: PageTable[] = [];
  let rest = frags;
  for (const comp of components(rules)) {
    const table = buildGrid(comp.h, comp.v, page);
    if (!table) continue;
    const inside: Fragment[] = [];
    const outside: Fragment[] = [];
    for (const f of rest) {
      const [cx, cy] = centre(f.rect);
      (contains(table.rect, cx, cy, 1) ? inside : outside).push(f);
    }
    // A ruled box around a few lines of prose (a frame, a callout) is not a table.
    if (table.cells.length < 2) continue;
    fillCells(table, inside);
    tables.push(table);
    rest = outside;
  }
  return { tables, rest };
}

/** Connected groups of rules: a horizontal and a vertical rule connect where they touch or cross. */
function components(rules: Rules): { h: HRule[]; v: VRule[] }[] {
  const n = rules.h.length + rules.v.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const unite = (a: number, b: number) => {
    parent[find(a)] = find(b);
  };
  rules.h.forEach((h, i) => {
    rules.v.forEach((v, j) => {
      if (v.x >= h.x0 - JOIN_TOL && v.x <= h.x1 + JOIN_TOL && h.y >= v.y0 - JOIN_TOL && h.y <= v.y1 + JOIN_TOL) {
        unite(i, rules.h.length + j);
      }
    });
  });
  const groups = new Map<number, { h: HRule[]; v: VRule[] }>();
  rules.h.forEach((h, i) => {
    const g = groups.get(find(i)) ?? { h: [], v: [] };
    g.h.push(h);
    groups.set(find(i), g);
  });
  rules.v.forEach((v, j) => {
    const g = groups.get(find(rules.h.length + j)) ?? { h: [], v: [] };
    g.v.push(v);
    groups.set(find(rules.h.length + j), g);
  });
  return [...groups.values()]
    .filter((g) => g.h.length >= 2 && g.v.length >= 2)
    .sort((a, b) => Math.min(...a.h.map((r) => r.y)) - Math.min(...b.h.map((r) => r.y)));
}

function buildGrid(h: HRule[], v: VRule[], page: number): PageTable | undefined {
  const minX = Math.min(...h.map((r) => r.x0), ...v.map((r) => r.x));
  const maxX = Math.max(...h.map((r) => r.x1), ...v.map((r) => r.x));
  const minY = Math.min(...v.map((r) => r.y0), ...h.map((r) => r.y));
  const maxY = Math.max(...v.map((r) => r.y1), ...h.map((r) => r.y));
  if (maxX - minX < 10 || maxY - minY < 8) return undefined;
  // The outer extent counts as a boundary even when that border is not drawn (open-sided tables).
  const xs = clusterValues([...v.map((r) => r.x), minX, maxX], MERGE_TOL);
  const ys = clusterValues([...h.map((r) => r.y), minY, maxY], MERGE_TOL);
  const rows = ys.length - 1;
  const cols = xs.length - 1;
  if (rows < 1 || cols < 1) return undefined;

  const hs = h.map((r) => ({ pos: r.y, a: r.x0, b: r.x1 }));
  const vs = v.map((r) => ({ pos: r.x, a: r.y0, b: r.y1 }));
  const ruledV = (x: number, y0: number, y1: number) => coverage(vs, x, y0, y1, POS_TOL) >= 0.5 * (y1 - y0);
  const ruledH = (y: number, x0: number, x1: number) => coverage(hs, y, x0, x1, POS_TOL) >= 0.5 * (x1 - x0);

  // Union-find over slots; an undrawn edge between two slots joins them.
  const id = (r: number, c: number) => r * cols + c;
  const parent = Array.from({ length: rows * cols }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const unite = (a: number, b: number) => {
    parent[find(a)] = find(b);
  };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (c + 1 < cols && !ruledV(xs[c + 1], ys[r], ys[r + 1])) unite(id(r, c), id(r, c + 1));
      if (r + 1 < rows && !ruledH(ys[r + 1], xs[c], xs[c + 1])) unite(id(r, c), id(r + 1, c));
    }
  }

  // Each group becomes its bounding rectangle of slots; where rectangles overlap (a rule missing in
  // an odd place), they are merged until all cells are disjoint rectangles.
  let boxes = new Map<number, { r0: number; c0: number; r1: number; c1: number }>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const root = find(id(r, c));
      const b = boxes.get(root);
      if (!b) boxes.set(root, { r0: r, c0: c, r1: r, c1: c });
      else {
        b.r0 = Math.min(b.r0, r);
        b.c0 = Math.min(b.c0, c);
        b.r1 = Math.max(b.r1, r);
        b.c1 = Math.max(b.c1, c);
      }
    }
  }
  boxes = mergeOverlapping(boxes);

  const cells: GridCell[] = [...boxes.values()]
    .sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0)
    .map((b) => {
      const rect = { x0: xs[b.c0], y0: ys[b.r0], x1: xs[b.c1 + 1], y1: ys[b.r1 + 1] };
      return {
        row: b.r0,
        col: b.c0,
        rowSpan: b.r1 - b.r0 + 1,
        colSpan: b.c1 - b.c0 + 1,
        text: '',
        rect,
        topRuled: ruledH(rect.y0, rect.x0, rect.x1),
        bottomRuled: ruledH(rect.y1, rect.x0, rect.x1),
      };
    });
  return { page, rect: { x0: xs[0], y0: ys[0], x1: xs[cols], y1: ys[rows] }, xs, ys, cells, ruled: true };
}

type SlotBox = { r0: number; c0: number; r1: number; c1: number };

function mergeOverlapping(boxes: Map<number, SlotBox>): Map<number, SlotBox> {
  const list = [...boxes.values()];
  let changed = true;
  while (changed) {
    changed = false;
    outer: for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i];
        const b = list[j];
        if (a.r0 <= b.r1 && b.r0 <= a.r1 && a.c0 <= b.c1 && b.c0 <= a.c1) {
          list[i] = { r0: Math.min(a.r0, b.r0), c0: Math.min(a.c0, b.c0), r1: Math.max(a.r1, b.r1), c1: Math.max(a.c1, b.c1) };
          list.splice(j, 1);
          changed = true;
          break outer;
        }
      }
    }
  }
  return new Map(list.map((b, i) => [i, b]));
}

/** Puts each fragment (split at the column rules it crosses) into the cell holding its centre. */
function fillCells(table: PageTable, frags: Fragment[]): void {
  const inner = table.xs.slice(1, -1);
  const perCell = new Map<GridCell, Fragment[]>();
  for (const f of frags) {
    for (const piece of splitAtX(f, inner)) {
      const [cx, cy] = centre(piece.rect);
      const cell =
        table.cells.find((c) => cx >= c.rect.x0 && cx < c.rect.x1 && cy >= c.rect.y0 && cy < c.rect.y1) ??
        nearestCell(table.cells, cx, cy);
      if (!cell) continue;
      const list = perCell.get(cell) ?? [];
      list.push(piece);
      perCell.set(cell, list);
    }
  }
  for (const [cell, list] of perCell) cell.text = cellText(list);
}

function nearestCell(cells: GridCell[], x: number, y: number): GridCell | undefined {
  let best: GridCell | undefined;
  let bestD = Infinity;
  for (const c of cells) {
    const dx = Math.max(c.rect.x0 - x, 0, x - c.rect.x1);
    const dy = Math.max(c.rect.y0 - y, 0, y - c.rect.y1);
    const d = dx * dx + dy * dy;
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
