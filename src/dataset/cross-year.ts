/**
 * Dataset-level check cross_year.carry (codebook §3): what an issuer carried forward at the end of
 * year Y must be what it carried over into Y+1. A warning: either report may be the wrong one.
 */
import type { Store } from './store.js';
import { T3_COLUMNS } from '../extractors/templates/t3.js';

export interface CarryCheck {
  issuer: string;
  region_code: string | null;
  year: number;
  column: string;
  carried_forward: number | null;
  next_carried_over: number | null;
  status: 'pass' | 'fail';
  reports: [string, string];
}

/** Same issuer = same name and region code (or same name when the code is unknown). */
export async function crossYearCarry(store: Store): Promise<CarryCheck[]> {
  const rows = (await store.query(
      `SELECT a.issuer_name AS issuer, a.region_code, a.year, substr(a.key, length('requests.carried_forward.') + 1) AS col,
              a.value AS fwd, b.value AS nxt, a.report_id AS ra, b.report_id AS rb
         FROM report_values a
         JOIN report_values b
           ON b.issuer_name = a.issuer_name
          AND coalesce(b.region_code, '') = coalesce(a.region_code, '')
          AND b.year = a.year + 1
          AND b.key = 'requests.carried_over.' || substr(a.key, length('requests.carried_forward.') + 1)
        WHERE a.key LIKE 'requests.carried_forward.%' AND a.issuer_name IS NOT NULL AND a.year IS NOT NULL
          AND (a.value IS NOT NULL OR b.value IS NOT NULL)
        ORDER BY a.issuer_name, a.year, a.key`,
  )) as { issuer: string; region_code: string | null; year: number; col: string; fwd: number | null; nxt: number | null; ra: string; rb: string }[];
  const order = new Map<string, number>(T3_COLUMNS.map((c, i) => [c, i]));
  return rows
    .filter((r) => order.has(r.col))
    .map((r) => ({
      issuer: r.issuer,
      region_code: r.region_code,
      year: r.year,
      column: r.col,
      carried_forward: r.fwd,
      next_carried_over: r.nxt,
      status: (r.fwd ?? 0) === (r.nxt ?? 0) ? ('pass' as const) : ('fail' as const),
      reports: [r.ra, r.rb] as [string, string],
    }));
}
