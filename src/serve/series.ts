/**
 * GET /api/compare and GET /api/ranking: a measure (measures.ts) per issuer and year. Both read the
 * same way: the issuer's primary report of the year (reports.ts), its values of the measure's keys,
 * with any current hand correction taking the extracted value's place (marked in the point's note).
 */
import type { Store } from '../dataset/store.js';
import { currentCorrections } from './corrections.js';
import { evaluate, measureKeys, type Evaluation, type KeyState, type Measure } from './measures.js';
import { byIssuer, codeOrder, reportsOfRegions, valuesOf, yearValues, type IssuerYears, type ReportRow, type ValueRow } from './reports.js';

export interface Point extends Evaluation {
  year: number;
  /** The report the point comes from; null for a year with no report. */
  report_id: string | null;
}

export interface Series {
  region_code: string | null;
  region_name: string | null;
  issuer_name: string | null;
  issuer_type: string | null;
  points: Point[];
}

interface Evaluated {
  group: IssuerYears;
  byYear: Map<number, Point>;
}

/** The measure's keys of these reports (at least), by report then key. */
type Fetch = (reportIds: string[], keys: string[]) => Promise<Map<string, Map<string, Pick<ValueRow, 'value' | 'status'>>>>;

async function evaluateAll(store: Store, reports: ReportRow[], m: Measure, keep: (year: number) => boolean, fetch: Fetch): Promise<Evaluated[]> {
  const groups = byIssuer(reports);
  const primaries = groups.flatMap((g) => [...g.years].filter(([y]) => keep(y)).map(([, list]) => list[0].report_id));
  const values = await fetch(primaries, measureKeys(m));
  const corrections = await currentCorrections(store, primaries);
  return groups.map((group) => {
    const byYear = new Map<number, Point>();
    for (const [year, list] of group.years) {
      if (!keep(year)) continue;
      const id = list[0].report_id;
      const vals = values.get(id);
      const state = (key: string): KeyState | undefined => {
        // Most reports have no correction: no lookup key built for them (thousands of reports in a ranking).
        const c = corrections.size ? corrections.get(`${id} ${key}`) : undefined;
        if (c) return { value: c.corrected_value, status: 'corrected' };
        const v = vals?.get(key);
        return v ? { value: v.value, status: v.status } : undefined;
      };
      byYear.set(year, { year, report_id: id, ...evaluate(m, state) });
    }
    return { group, byYear };
  });
}

const seriesHead = (g: IssuerYears) => ({ region_code: g.region_code, region_name: g.region_name, issuer_name: g.issuer_name, issuer_type: g.issuer_type });

/** One series per issuer of the regions; with a year range, every year of it has a point (null with a reason when there is no report). */
export async function compare(store: Store, m: Measure, opts: { codes: string[]; from?: number; to?: number }): Promise<Series[]> {
  const reports = await reportsOfRegions(store, { codes: opts.codes });
  const keep = (y: number) => (opts.from === undefined || y >= opts.from) && (opts.to === undefined || y <= opts.to);
  const order = new Map(opts.codes.map((c, i) => [c, i]));
  // A few hundred reports: looked up one by one (report_values' primary key).
  return (await evaluateAll(store, reports, m, keep, (ids, keys) => valuesOf(store, ids, keys)))
    .sort((a, b) => (order.get(a.group.region_code ?? '') ?? 0) - (order.get(b.group.region_code ?? '') ?? 0))
    .map(({ group, byYear }) => {
      const years = [...byYear.keys()];
      const from = opts.from ?? Math.min(...years);
      const to = opts.to ?? Math.max(...years);
      const points: Point[] = [];
      for (let y = from; y <= to && Number.isFinite(from) && Number.isFinite(to); y++) {
        points.push(byYear.get(y) ?? { year: y, report_id: null, value: null, reason: 'no report of this year in the dataset' });
      }
      return { ...seriesHead(group), points };
    });
}

export interface RankRow extends Omit<Series, 'points'>, Point {
  /** 1 for the largest value; equal values share a rank (1, 2, 2, 4); null for no value. */
  rank: number | null;
}

/** Every issuer of the regions with a report of the year, largest value first, those without a value last (with their reason). */
export async function ranking(
  store: Store,
  m: Measure,
  opts: { year: number; codes?: string[]; within?: string; issuerType?: string },
): Promise<RankRow[]> {
  // The name shown is the one printed in the latest year: the years before this one play no part (a
  // national ranking of a recent year then reads a few thousand reports, not every year's).
  let reports = await reportsOfRegions(store, opts, opts.year);
  if (opts.issuerType) reports = reports.filter((r) => r.issuer_type === opts.issuerType);
  // Thousands of reports: the keys' values of the year across the regions, a range of an index per key.
  const fetch: Fetch = (_, keys) => yearValues(store, keys, opts.year, opts);
  const rows: RankRow[] = (await evaluateAll(store, reports, m, (y) => y === opts.year, fetch)).flatMap(({ group, byYear }) => {
    const p = byYear.get(opts.year);
    return p ? [{ ...seriesHead(group), ...p, rank: null }] : [];
  });
  rows.sort((a, b) =>
    a.value === null ? (b.value === null ? codeOrder(a.region_code ?? '', b.region_code ?? '') : 1) : b.value === null ? -1 : b.value - a.value,
  );
  rows.forEach((r, i) => {
    if (r.value === null) return;
    const before = rows[i - 1];
    r.rank = before && before.value === r.value ? before.rank : i + 1;
  });
  return rows;
}
