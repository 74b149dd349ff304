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
  /** Set when the row's label was lost or moved (a conversion's damage) and its neighbours placed it: how. */
  placed?: string;
}

export interface RowMatches {
  /** Rows read with exactly their number of value cells, by row key. First occurrence wins. */
  full: Map<string, RowHit>;
  /** Rows whose label was found with too few value cells (glued digits, missing cells). */
  partial: Map<string, RowHit>;
  duplicates: string[];
  /** Rows of values without a label that no single template row fits (first value cell of each). */
  orphans: Cell[];
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
  return { full: new Map(), partial: new Map(), duplicates: [], orphans: [] };
}

/**
 * Rows of values whose label a conversion lost (an empty label cell) or moved (onto a row of its own
 * above its numbers). A row is placed only when its neighbours leave one choice: the one template row
 * between the labelled rows above and below it that has no values yet, or the labelled row right above
 * it when that row's cells are all empty. Otherwise it is an orphan, reported and left unread.
 * Called once every table of a kind is matched, so a row another sub-table holds is not free.
 */
export function placeOrphans(table: Table, rows: RowSpec[], into: RowMatches): void {
  if (table.flat) return;
  const hits = [...into.full.values(), ...into.partial.values()].filter((h) => table.cells.includes(h.label));
  const hitAt = new Map(hits.map((h) => [h.label.row, h]));
  const order = new Map(rows.map((r, i) => [r.key, i]));
  for (let r = 0; r < table.rows; r++) {
    if (hitAt.has(r)) continue;
    const cells = table.cells.filter((c) => c.row === r);
    if (!cells.some((c) => c.text.trim() !== '') || !cells.every((c) => isValueText(c.text))) continue;
    const above = [...hitAt.keys()].filter((k) => k < r).sort((a, b) => b - a)[0];
    const below = [...hitAt.keys()].filter((k) => k > r).sort((a, b) => a - b)[0];
    const prev = above === undefined ? undefined : hitAt.get(above)!;
    const next = below === undefined ? undefined : hitAt.get(below)!;
    const from = prev ? order.get(prev.row.key)! + 1 : 0;
    const to = next ? order.get(next.row.key)! : rows.length;
    const moved = prev && above === r - 1 && prev.values.every((v) => v.text.trim() === '') ? [prev.row] : [];
    const free = rows.slice(from, to).filter((spec) => !into.full.has(spec.key) && !into.partial.has(spec.key));
    const choice = moved.length ? moved : free;
    const spec = choice.length === 1 ? choice[0] : undefined;
    const values = spec ? cells.slice(-spec.columns.length) : [];
    const leading = spec ? cells.slice(0, cells.length - spec.columns.length) : [];
    if (!spec || values.length !== spec.columns.length || leading.some((c) => c.text.trim() !== '')) {
      into.orphans.push(cells.find((c) => c.text.trim() !== '')!);
      continue;
    }
    const how = moved.length
      ? `label "${prev!.label.text}" printed on the row above its values`
      : `label lost; the only row of the template between ${prev ? `"${prev.label.text}"` : 'the table\'s start'} and ${next ? `"${next.label.text}"` : 'its end'}`;
    into.partial.delete(spec.key);
    into.full.set(spec.key, { row: spec, label: values[0], values, placed: how });
    hitAt.set(r, into.full.get(spec.key)!);
  }
}
