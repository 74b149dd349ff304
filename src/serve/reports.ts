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

/**
 * Region codes starting with `prefix` (digits; '' for every region with a code) as a range the
 * indexes on region_code serve in both databases (LIKE 'p%' is not: SQLite's LIKE ignores case, so
 * no index fits it). Codes are 6 digits, so [p, p with its last digit + 1) holds exactly them.
 */
export function codePrefix(prefix: string): { where: string; params: string[] } {
  if (!/^\d{0,6}$/.test(prefix)) throw new Error(`region code prefix "${prefix}": digits only`);
  if (!prefix) return { where: 'region_code IS NOT NULL', params: [] };
  const next = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return { where: 'region_code >= ? AND region_code < ?', params: [prefix, next] };
}

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
  return [...out.values()].sort((a, b) => codeOrder(a.region_code ?? '', b.region_code ?? '') || ZH.compare(a.issuer_name ?? '', b.issuer_name ?? ''));
}

/** localeCompare's orders, made once: localeCompare looks its collator up on every call (thousands of issuers in a ranking). */
const ROOT = new Intl.Collator();
const ZH = new Intl.Collator('zh');

/** a.localeCompare(b) for region codes, without the collator for two 6-digit codes (digits collate in their own order). */
export function codeOrder(a: string, b: string): number {
  if (a === b) return 0;
  return a.length === 6 && b.length === 6 && /^\d{6}$/.test(a) && /^\d{6}$/.test(b) ? (a < b ? -1 : 1) : ROOT.compare(a, b);
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

export interface RegionScope {
  /** 6-digit codes. */
  codes?: readonly string[];
  /** Every code starting with this prefix (a city 3208, a province 32; '' for every region). */
  within?: string;
}

/** The scope as a condition on region_code; undefined for none (no codes given). */
function scopeWhere(scope: RegionScope): { where: string; params: string[] } | undefined {
  if (scope.within !== undefined) return codePrefix(scope.within);
  const codes = scope.codes ?? [];
  return codes.length ? { where: `region_code IN (${codes.map(() => '?').join(', ')})`, params: [...codes] } : undefined;
}

/** Reports of these 6-digit codes, or of every code starting with a prefix (a city 3208, a province 32); with `fromYear`, of that year and later only. */
export function reportsOfRegions(store: Store, opts: RegionScope, fromYear?: number): Promise<ReportRow[]> {
  const scope = scopeWhere(opts);
  if (!scope) return Promise.resolve([]);
  return fromYear === undefined ? reportsWhere(store, scope.where, scope.params) : reportsWhere(store, `${scope.where} AND year >= ?`, [...scope.params, fromYear]);
}

/**
 * Value and status of these keys in every report of one year in the scope, by report then key: a
 * ranking's values, read from the index report_values_key_year alone (tables.ts), a range per key,
 * instead of looking up thousands of reports one by one.
 */
export async function yearValues(
  store: Store,
  keys: readonly string[],
  year: number,
  opts: RegionScope,
): Promise<Map<string, Map<string, Pick<ValueRow, 'value' | 'status'>>>> {
  const out = new Map<string, Map<string, Pick<ValueRow, 'value' | 'status'>>>();
  const scope = scopeWhere(opts);
  if (!scope || !keys.length) return out;
  const rows = await store.query<Pick<ValueRow, 'report_id' | 'key' | 'value' | 'status'>>(
    `SELECT report_id, key, value, status FROM report_values WHERE key IN (${keys.map(() => '?').join(', ')}) AND year = ? AND ${scope.where}`,
    [...keys, year, ...scope.params],
  );
  for (const r of rows) {
    let m = out.get(r.report_id);
    if (!m) out.set(r.report_id, (m = new Map()));
    m.set(r.key, r); // the row itself, not a copy: tens of thousands of them in a national ranking
  }
  return out;
}
