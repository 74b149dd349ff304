/**
 * Which reports the comparison page is about, and who issued them. The pages group reports by
 * issuer and year; this module decides what "the same issuer" and "the report of that year" mean,
 * once, for the region page, compare and ranking alike.
 */
import type { Store } from '../dataset/store.js';

export interface ReportRow {
  report_id: string;
  path: string;
  format: string;
  issuer_name: string | null;
  issuer_type: string | null;
  region_code: string | null;
  region_name: string | null;
  province: string | null;
  city: string | null;
  year: number | null;
  template: string;
  n_errors: number;
  n_checks_failed: number;
}

const REPORT_COLUMNS = 'report_id, path, format, issuer_name, issuer_type, region_code, region_name, province, city, year, template, n_errors, n_checks_failed';

/** Reports matching a condition on the reports table (`?` placeholders), in path order. */
export function reportsWhere(store: Store, where: string, params: unknown[]): Promise<ReportRow[]> {
  return store.query<ReportRow>(`SELECT ${REPORT_COLUMNS} FROM reports WHERE ${where} ORDER BY path, report_id`, params);
}

/** `LIKE` pattern for text containing `q`, with LIKE's own wildcards in `q` taken literally (ESCAPE '\'). */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
export const prefixPattern = (q: string) => `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The same issuer across years: the printed name varies (淮安市洪泽区人民政府 in 2024, 洪泽区人民政府 in
 * 2023), so the province and city it sits in are taken off the front of the name before comparing,
 * and the region and type must agree. Two bodies of one region (the government and its office, or a
 * department) stay apart.
 */
export function issuerKey(r: Pick<ReportRow, 'issuer_name' | 'issuer_type' | 'region_code' | 'province' | 'city'>): string {
  let name = (r.issuer_name ?? '').replace(/\s+/g, '');
  for (let again = true; again; ) {
    again = false;
    for (const prefix of [r.province, r.city]) {
      if (prefix && name.startsWith(prefix) && name.length > prefix.length) {
        name = name.slice(prefix.length);
        again = true;
      }
    }
  }
  return `${r.region_code ?? ''}|${r.issuer_type ?? ''}|${name}`;
}

/**
 * Of several reports of one issuer and year (the same report as PDF and as a web page, or a
 * re-publication), the one whose numbers are shown: fewest failed checks, then fewest errors, then
 * the first path. The others are listed beside it, and values where they disagree are shown.
 */
export function primaryFirst(a: ReportRow, b: ReportRow): number {
  return a.n_checks_failed - b.n_checks_failed || a.n_errors - b.n_errors || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}

export interface IssuerYears {
  key: string;
  /** The name printed in the latest year. */
  issuer_name: string | null;
  /** Every printed name, oldest first. */
  names: string[];
  issuer_type: string | null;
  region_code: string | null;
  region_name: string | null;
  province: string | null;
  city: string | null;
  /** Year -> its reports, primary first. */
  years: Map<number, ReportRow[]>;
}

/** Groups reports by issuer and year; reports without a year cannot be placed on a series and are left out. */
export function byIssuer(reports: readonly ReportRow[]): IssuerYears[] {
  const out = new Map<string, IssuerYears>();
  for (const r of reports) {
    if (r.year === null) continue;
    const key = issuerKey(r);
    let g = out.get(key);
    if (!g) {
      g = {
        key, issuer_name: r.issuer_name, names: [], issuer_type: r.issuer_type, region_code: r.region_code, region_name: r.region_name,
        province: r.province, city: r.city, years: new Map(),
      };
      out.set(key, g);
    }
    const list = g.years.get(r.year) ?? [];
    list.push(r);
    g.years.set(r.year, list);
  }
  for (const g of out.values()) {
    const years = [...g.years.keys()].sort((a, b) => a - b);
    g.years = new Map(years.map((y) => [y, g.years.get(y)!.sort(primaryFirst)]));
    g.names = [...new Set(years.flatMap((y) => g.years.get(y)!.map((r) => r.issuer_name).filter((n): n is string => !!n)))];
    g.issuer_name = g.years.get(years[years.length - 1])![0].issuer_name ?? g.issuer_name;
  }
  return [...out.values()].sort((a, b) => (a.region_code ?? '').localeCompare(b.region_code ?? '') || (a.issuer_name ?? '').localeCompare(b.issuer_name ?? '', 'zh'));
}

export interface ValueRow {
  report_id: string;
  key: string;
  value: number | null;
  status: string;
  raw: string | null;
  page: number | null;
  method: string | null;
  confidence: number | null;
}

/** Values of these reports (optionally only these keys), by report then key. */
export async function valuesOf(store: Store, reportIds: readonly string[], keys?: readonly string[]): Promise<Map<string, Map<string, ValueRow>>> {
  const out = new Map<string, Map<string, ValueRow>>();
  for (let i = 0; i < reportIds.length; i += 400) {
    const ids = reportIds.slice(i, i + 400);
    const keyFilter = keys ? ` AND key IN (${keys.map(() => '?').join(', ')})` : '';
    const rows = await store.query<ValueRow>(
      `SELECT report_id, key, value, status, raw, page, method, confidence FROM report_values WHERE report_id IN (${ids.map(() => '?').join(', ')})${keyFilter}`,
      [...ids, ...(keys ?? [])],
    );
    for (const r of rows) {
      let m = out.get(r.report_id);
      if (!m) out.set(r.report_id, (m = new Map()));
      m.set(r.key, r);
    }
  }
  return out;
}

/** Reports of these 6-digit codes, or of every code starting with a prefix (a city 3208, a province 32). */
export function reportsOfRegions(store: Store, opts: { codes?: readonly string[]; within?: string }): Promise<ReportRow[]> {
  if (opts.within !== undefined) return reportsWhere(store, `region_code LIKE ? ESCAPE '\\'`, [prefixPattern(opts.within)]);
  const codes = opts.codes ?? [];
  if (!codes.length) return Promise.resolve([]);
  return reportsWhere(store, `region_code IN (${codes.map(() => '?').join(', ')})`, [...codes]);
}
