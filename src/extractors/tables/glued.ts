/**
 * Choosing the reading of glued digit rows: every segmentation is tried against the identities,
 * jointly across rows (a column sum ties rows together). A row is read only when every reading
 * that satisfies all identities agrees on it.
 */
import type { Cell } from '../../model/document.js';
import { holds as holdsOver, type Identity } from '../templates/identities.js';
import { segmentations } from './segment.js';

export interface GluedRow {
  keys: string[];
  tokens: string[];
  cells: Cell[];
}

export interface GluedResolution {
  readings: Map<GluedRow, number[]>;
  /** How many readings of each row fit (0 = none fits, >1 = ambiguous). */
  counts: Map<GluedRow, number>;
}

const MAX_SOLUTIONS = 1000;
const MAX_STEPS = 2_000_000;

/** `known`: values read elsewhere in the report (null = blank); keys not in it are unknown, not zero. */
export function resolveGlued(rows: GluedRow[], known: Record<string, number | null>, ids: Identity[]): GluedResolution {
  const gluedKeys = new Set(rows.flatMap((r) => r.keys));
  const assigned = new Map<string, number>();
  const valueOf = (k: string): number | undefined => {
    if (assigned.has(k)) return assigned.get(k);
    if (gluedKeys.has(k) || !(k in known)) return undefined;
    return known[k] ?? 0; // a blank cell counts as 0 in a sum
  };
  const holds = (id: Identity) => holdsOver(id, valueOf);
  const relevant = ids.filter((id) => [...id.left, ...id.right].some((k) => gluedKeys.has(k)));

  // Candidates per row, pruned first by identities that lie inside the row alone.
  const cands = rows.map((row) => {
    const inside = relevant.filter((id) => [...id.left, ...id.right].every((k) => row.keys.includes(k) || !gluedKeys.has(k)));
    return segmentations(row.tokens, row.keys.length).filter((seg) => {
      row.keys.forEach((k, i) => assigned.set(k, seg[i]));
      const ok = inside.every((id) => holds(id) !== false);
      row.keys.forEach((k) => assigned.delete(k));
      return ok;
    });
  });

  const order = rows.map((_, i) => i).sort((a, b) => cands[a].length - cands[b].length);
  const solutions: number[][][] = [];
  const pick: number[][] = new Array(rows.length);
  let steps = 0;
  const search = (d: number): void => {
    if (solutions.length >= MAX_SOLUTIONS || ++steps > MAX_STEPS) return;
    if (d === order.length) {
      solutions.push([...pick]);
      return;
    }
    const ri = order[d];
    for (const seg of cands[ri]) {
      rows[ri].keys.forEach((k, i) => assigned.set(k, seg[i]));
      if (relevant.every((id) => holds(id) !== false)) {
        pick[ri] = seg;
        search(d + 1);
      }
      rows[ri].keys.forEach((k) => assigned.delete(k));
    }
  };
  search(0);
  const exhaustive = solutions.length < MAX_SOLUTIONS && steps <= MAX_STEPS;

  const readings = new Map<GluedRow, number[]>();
  const counts = new Map<GluedRow, number>();
  rows.forEach((row, ri) => {
    const distinct = new Set(solutions.map((s) => s[ri].join(',')));
    counts.set(row, exhaustive ? distinct.size : Infinity);
    if (exhaustive && distinct.size === 1) readings.set(row, solutions[0][ri]);
  });
  return { readings, counts };
}
