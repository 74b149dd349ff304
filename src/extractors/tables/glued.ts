/**
 * Choosing the reading of glued digit rows: every segmentation is tried against the identities,
 * jointly across the rows an identity ties together (a column sum ties T3's rows). A row is read
 * only when every reading that satisfies all identities agrees on it, or when its digits allow one
 * reading at all (seven digits for seven cells): then the identities are for the checks to report.
 */
import type { Cell } from '../../model/document.js';
import { holds as holdsOver, type Identity } from '../templates/identities.js';
import { segmentations } from '../../text/segment.js';

export interface GluedRow {
  keys: string[];
  tokens: string[];
  cells: Cell[];
}

export interface GluedResolution {
  readings: Map<GluedRow, number[]>;
  /** How many readings of each row fit (0 = none fits, >1 = ambiguous). */
  counts: Map<GluedRow, number>;
  /** For a row with several readings: the cells every one of them agrees on (null where they differ). */
  agreed: Map<GluedRow, (number | null)[]>;
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
  const keysOf = (id: Identity) => [...id.left, ...id.right];
  const relevant = ids.filter((id) => keysOf(id).some((k) => gluedKeys.has(k)));
  const rowOf = new Map(rows.flatMap((r, ri) => r.keys.map((k) => [k, ri] as const)));

  // Candidates per row: its segmentations, pruned by the identities that lie inside the row alone.
  const cands = rows.map((row) => {
    const all = segmentations(row.tokens, row.keys.length);
    if (all.length <= 1) return all;
    const inside = relevant.filter((id) => keysOf(id).every((k) => row.keys.includes(k) || !gluedKeys.has(k)));
    return all.filter((seg) => {
      row.keys.forEach((k, i) => assigned.set(k, seg[i]));
      const ok = inside.every((id) => holds(id) !== false);
      row.keys.forEach((k) => assigned.delete(k));
      return ok;
    });
  });

  const readings = new Map<GluedRow, number[]>();
  const counts = new Map<GluedRow, number>();
  const agreed = new Map<GluedRow, (number | null)[]>();
  for (const group of linkedRows(rows.length, relevant.map((id) => keysOf(id).flatMap((k) => (rowOf.has(k) ? [rowOf.get(k)!] : []))))) {
    // A row whose digits alone allow one reading stands whatever its neighbours do: a report that
    // breaks an identity (and so has no joint reading) still has this row as printed.
    for (const ri of group.filter((ri) => cands[ri].length === 1)) {
      readings.set(rows[ri], cands[ri][0]);
      counts.set(rows[ri], 1);
    }
    const { solutions, exhaustive } = search(group, cands, rows, assigned, relevant, holds);
    for (const ri of group.filter((ri) => cands[ri].length !== 1)) {
      const fits = solutions.map((s) => s.get(ri)!);
      const distinct = new Set(fits.map((f) => f.join(',')));
      counts.set(rows[ri], exhaustive ? distinct.size : Infinity);
      if (exhaustive && distinct.size === 1) readings.set(rows[ri], fits[0]);
      else if (exhaustive && distinct.size > 1) agreed.set(rows[ri], fits[0].map((v, i) => (fits.every((f) => f[i] === v) ? v : null)));
    }
  }
  return { readings, counts, agreed };
}

/** Every reading of the group's rows together that satisfies all identities (up to a bound). */
function search(
  group: number[],
  cands: number[][][],
  rows: GluedRow[],
  assigned: Map<string, number>,
  relevant: Identity[],
  holds: (id: Identity) => boolean | undefined,
): { solutions: Map<number, number[]>[]; exhaustive: boolean } {
  const order = [...group].sort((a, b) => cands[a].length - cands[b].length);
  const solutions: Map<number, number[]>[] = [];
  const pick = new Map<number, number[]>();
  let steps = 0;
  const walk = (d: number): void => {
    if (solutions.length >= MAX_SOLUTIONS || ++steps > MAX_STEPS) return;
    if (d === order.length) {
      solutions.push(new Map(pick));
      return;
    }
    const ri = order[d];
    for (const seg of cands[ri]) {
      rows[ri].keys.forEach((k, i) => assigned.set(k, seg[i]));
      if (relevant.every((id) => holds(id) !== false)) {
        pick.set(ri, seg);
        walk(d + 1);
      }
      rows[ri].keys.forEach((k) => assigned.delete(k));
    }
  };
  walk(0);
  return { solutions, exhaustive: solutions.length < MAX_SOLUTIONS && steps <= MAX_STEPS };
}

/** The rows in groups that identities tie together (connected components), each in row order. */
function linkedRows(n: number, links: number[][]): number[][] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (const l of links) for (const r of l.slice(1)) parent[find(r)] = find(l[0]);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < n; i++) groups.set(find(i), [...(groups.get(find(i)) ?? []), i]);
  return [...groups.values()];
}
