/**
 * Row matching over a table's cells in reading order: a label cell that matches a template row
 * is followed by that row's value cells. This works the same on real grids (HTML, DOCX, PDF) and on
 * flattened text dumps, where row structure is lost but cell order survives.
 */
import type { Cell, Table } from '../../model/document.js';
import type { GroupSpec, RowSpec } from '../templates/types.js';
import { MATCH_THRESHOLD, matchScore, splitLabel, suffixMatch } from './labels.js';
import { isValueText } from '../../text/value.js';

export interface RowHit {
  row: RowSpec;
  label: Cell;
  values: Cell[];
}

export interface RowMatches {
  /** Rows read with exactly their number of value cells, by row key. First occurrence wins. */
  full: Map<string, RowHit>;
  /** Rows whose label was found with too few value cells (glued digits, missing cells). */
  partial: Map<string, RowHit>;
  duplicates: string[];
}

/** Carried across the tables of one kind, so a table split over pages keeps its group. */
export interface MatchState {
  group?: string;
}

/** The row this label cell opens. In a flat table a label may end a run of header text: then the longest label it ends with. */
function bestRow(text: string, rows: RowSpec[], group: string | undefined, flat = false): { row: RowSpec; score: number } | undefined {
  let best: { row: RowSpec; score: number } | undefined;
  for (const row of rows) {
    if (row.group && row.group !== group) continue;
    const score = matchScore(text, row.labels);
    if (score >= MATCH_THRESHOLD && (!best || score > best.score)) best = { row, score };
  }
  if (best || !flat) return best;
  let longest: { row: RowSpec; score: number } | undefined;
  for (const row of rows) {
    if (row.group && row.group !== group) continue;
    const n = suffixMatch(text, row.labels);
    if (n > (longest?.score ?? 0)) longest = { row, score: n };
  }
  return longest && { row: longest.row, score: MATCH_THRESHOLD };
}

function bestGroup(text: string, groups: GroupSpec[]): GroupSpec | undefined {
  let best: { g: GroupSpec; score: number } | undefined;
  for (const g of groups) {
    const score = matchScore(text, g.labels);
    if (score >= MATCH_THRESHOLD && (!best || score > best.score)) best = { g, score };
  }
  return best?.g;
}

/**
 * Value cells following the label at position i. In a grid they are the row's value cells up to the next
 * label, and the row's data sit at its right edge: a ruled empty cell between label and data (seen in real
 * PDFs) is passed over by taking the last `max`. A flat table has only order: the next `max` tokens.
 */
function valuesAfter(table: Table, i: number, max: number): Cell[] {
  const label = table.cells[i];
  const out: Cell[] = [];
  for (let j = i + 1; j < table.cells.length; j++) {
    const c = table.cells[j];
    if (table.flat ? out.length === max : c.row !== label.row) break;
    if (!isValueText(c.text)) break;
    out.push(c);
  }
  return out.length > max && out.slice(0, out.length - max).every((c) => c.text.trim() === '') ? out.slice(-max) : out.slice(0, max);
}

export function matchRows(
  table: Table,
  rows: RowSpec[],
  groups: GroupSpec[],
  into: RowMatches,
  state: MatchState,
): RowMatches {
  table.cells.forEach((cell, i) => {
    if (isValueText(cell.text)) return;
    // Leading parts of a glued label ("（三）不予公开" in "（三）不予公开1.属于国家秘密") can only open a group.
    const parts = splitLabel(cell.text);
    const own = parts.length > 1 && !bestRow(cell.text, rows, state.group) ? parts : [cell.text];
    for (const p of own.slice(0, -1)) {
      const g = bestGroup(p, groups);
      if (g) state.group = g.key;
    }
    const text = own[own.length - 1];
    const hit = bestRow(text, rows, state.group, table.flat);
    if (hit) {
      const values = valuesAfter(table, i, hit.row.columns.length);
      if (values.length === hit.row.columns.length) {
        if (into.full.has(hit.row.key)) into.duplicates.push(hit.row.key);
        else into.full.set(hit.row.key, { row: hit.row, label: cell, values });
        return;
      }
      if (values.some((v) => v.text.trim() !== '') && !into.partial.has(hit.row.key)) {
        into.partial.set(hit.row.key, { row: hit.row, label: cell, values });
      }
    }
    const g = bestGroup(text, groups);
    if (g) state.group = g.key;
  });
  return into;
}

export function emptyMatches(): RowMatches {
  return { full: new Map(), partial: new Map(), duplicates: [] };
}
