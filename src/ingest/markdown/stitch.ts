/** Pieces of one table cut at page breaks, put back together. */
import type { Cell, Table } from '../../model/document.js';
import { isValueText } from '../../text/value.js';

export function rowTexts(table: Table, r: number): string[] {
  return table.cells.filter((c) => c.row === r).sort((a, b) => a.col - b.col).map((c) => c.text);
}

const rowKey = (table: Table, r: number) => rowTexts(table, r).map((t) => t.replace(/\s+/g, '')).join('|');

/** The table without its first `k` rows (a dropped header). */
export function dropRows(table: Table, k: number): Table {
  if (k <= 0) return table;
  const cells = table.cells.filter((c) => c.row >= k).map((c) => ({ ...c, row: c.row - k }));
  return { ...table, cells, rows: Math.max(0, table.rows - k) };
}

/** A row with a number in it is data; a header row has none. */
const rowHasNumber = (table: Table, r: number) => rowTexts(table, r).some((t) => t.trim() !== '' && /\d/.test(t) && isValueText(t));

/** How many leading rows of `b` repeat header rows of `a` (the rows above a's first row of data). */
function repeatedHeader(a: Table, b: Table): number {
  const header = new Set<string>();
  for (let r = 0; r < a.rows && !rowHasNumber(a, r); r++) header.add(rowKey(a, r));
  let k = 0;
  while (k < b.rows && header.has(rowKey(b, k)) && rowKey(b, k).replace(/\|/g, '') !== '') k++;
  return k;
}

/**
 * `b` continues `a`: same columns, and `b` starts with a's header again, or with data (in its first row, or
 * its second under a lone label such as a group's). A new sub-table starts with a title and a header row,
 * neither with a number in it, and stays a table of its own.
 */
export function stitch(a: Table, b: Table): Table | undefined {
  if (a.cols !== b.cols || a.flat || b.flat) return undefined;
  const k = repeatedHeader(a, b);
  if (k === 0 && !rowHasNumber(b, 0) && !(b.rows > 1 && rowHasNumber(b, 1))) return undefined;
  const rest = dropRows(b, k);
  const cells: Cell[] = [...a.cells, ...rest.cells.map((c) => ({ ...c, row: c.row + a.rows }))];
  return { ...a, cells, rows: a.rows + rest.rows };
}
