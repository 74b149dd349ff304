/**
 * GET /api/search: find a region or issuer the way a reader would type it: part of a name (洪泽,
 * 洪泽区, 洪泽区人民政府), a province or city (淮安市, 江苏), or a GB/T 2260 code or its prefix (320813,
 * 3208). Results are grouped by region, each with its issuers and the years the dataset has.
 */
import type { Store } from '../dataset/store.js';
import { byIssuer, codePrefix, containsPattern, reportsWhere, type ReportRow } from './reports.js';

export interface SearchResult {
  region_code: string | null;
  region_name: string | null;
  province: string | null;
  city: string | null;
  issuers: { issuer_name: string | null; names: string[]; issuer_type: string | null; years: number[] }[];
}

/** Enough for a list a person reads; the client asks again with more characters. */
const MAX_REPORTS = 5000;

export async function search(store: Store, q: string): Promise<SearchResult[]> {
  const query = q.trim().replace(/\s+/g, '');
  if (!query) return [];
  let reports: ReportRow[];
  if (/^\d{1,6}$/.test(query)) {
    const { where, params } = codePrefix(query);
    reports = await reportsWhere(store, where, params);
  } else {
    const p = containsPattern(query);
    reports = await reportsWhere(
      store,
      `issuer_name LIKE ? ESCAPE '\\' OR region_name LIKE ? ESCAPE '\\' OR province LIKE ? ESCAPE '\\' OR city LIKE ? ESCAPE '\\'`,
      [p, p, p, p],
    );
  }
  const groups = new Map<string, SearchResult>();
  for (const g of byIssuer(reports.slice(0, MAX_REPORTS))) {
    const k = g.region_code ?? '';
    let r = groups.get(k);
    if (!r) groups.set(k, (r = { region_code: g.region_code, region_name: g.region_name, province: g.province, city: g.city, issuers: [] }));
    r.issuers.push({ issuer_name: g.issuer_name, names: g.names, issuer_type: g.issuer_type, years: [...g.years.keys()] });
  }
  // Regions whose own name matches first (洪泽 finds 洪泽区 before a department elsewhere mentioning it), then by code; unknown regions last.
  const own = (r: SearchResult) => (r.region_name?.includes(query) || r.region_code === query ? 0 : 1);
  return [...groups.values()].sort((a, b) => own(a) - own(b) || (a.region_code ?? '\uffff').localeCompare(b.region_code ?? '\uffff'));
}
