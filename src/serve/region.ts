/**
 * GET /api/region/:code: everything the dataset knows about one region, issuer by issuer and year
 * by year: every T2/T3/T4 value with the report it came from, its change on the year before, the
 * failed checks and their cells, cells that were unreadable or read with low OCR confidence, and any
 * hand correction beside (never instead of) the extracted value.
 */
import { longRows } from '../dataset/long.js';
import type { Store } from '../dataset/store.js';
import { LOW_CONFIDENCE } from '../model/document.js';
import type { ReportRecord } from '../model/record.js';
import { checkKeys } from './checks.js';
import { currentCorrections, type Correction } from './corrections.js';
import { byIssuer, reportsWhere, type ReportRow, type ValueRow } from './reports.js';

/** The tables of the national templates; pre-2019 `legacy.*` rows are not comparable and stay out. */
export const TABLE_KEY = /^(active|requests|review|litigation_direct|litigation_after_review)\./;

export interface CellView extends Omit<ValueRow, 'report_id' | 'key'> {
  /** Read by OCR below LOW_CONFIDENCE. */
  low_confidence: boolean;
  unreadable: boolean;
  /** Failed checks of the report that involve this cell. */
  failed_checks: string[];
  correction: Pick<Correction, 'id' | 'corrected_value' | 'reason' | 'who' | 'created_at' | 'needs_review'> | null;
  /** The value the page computes with: the correction's when there is one. */
  effective_value: number | null;
  /** Against the year before (same issuer), when both years have a number. */
  change: { previous_year: number; previous: number; delta: number; pct: number | null } | null;
  /** Other reports of the same issuer and year that give another value. */
  differs: { report_id: string; value: number | null }[];
}

export interface RegionPage {
  region_code: string;
  region_name: string | null;
  province: string | null;
  city: string | null;
  issuers: {
    issuer_name: string | null;
    names: string[];
    issuer_type: string | null;
    years: {
      year: number;
      reports: { report_id: string; path: string; format: string; url: string | null; template: string; n_checks_failed: number; n_errors: number; primary: boolean }[];
      failed_checks: { report_id: string; rule: string; detail: string; keys: string[] }[];
      values: Record<string, CellView>;
    }[];
  }[];
}

async function recordsOf(store: Store, reports: readonly ReportRow[]): Promise<Map<string, ReportRecord>> {
  const out = new Map<string, ReportRecord>();
  for (let i = 0; i < reports.length; i += 100) {
    const ids = reports.slice(i, i + 100).map((r) => r.report_id);
    const rows = await store.query<{ report_id: string; record: string }>(`SELECT report_id, record FROM reports WHERE report_id IN (${ids.map(() => '?').join(', ')})`, ids);
    for (const row of rows) out.set(row.report_id, JSON.parse(row.record) as ReportRecord);
  }
  return out;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

export async function regionPage(store: Store, code: string): Promise<RegionPage | undefined> {
  const reports = await reportsWhere(store, 'region_code = ?', [code]);
  if (!reports.length) return undefined;
  const records = await recordsOf(store, reports);
  const corrections = await currentCorrections(store, reports.map((r) => r.report_id));
  const first = reports[0];
  const page: RegionPage = { region_code: code, region_name: first.region_name, province: first.province, city: first.city, issuers: [] };

  for (const g of byIssuer(reports)) {
    const years: RegionPage['issuers'][number]['years'] = [];
    let previous: { year: number; values: Record<string, CellView> } | undefined;
    for (const [year, list] of g.years) {
      const primary = records.get(list[0].report_id);
      if (!primary) continue;
      const rows = longRows(primary).filter((r) => TABLE_KEY.test(r.key));
      const keys = new Set(rows.map((r) => r.key));
      const failed = list.flatMap((r) => {
        const rec = records.get(r.report_id);
        return (rec?.checks ?? []).filter((c) => c.status === 'fail').map((c) => ({ report_id: r.report_id, rule: c.rule, detail: c.detail, keys: checkKeys(c.rule, r.template, c.detail, keys) }));
      });
      const others = list.slice(1).map((r) => ({ id: r.report_id, values: records.get(r.report_id)?.values ?? {} }));
      const values: Record<string, CellView> = {};
      for (const r of rows) {
        const c = corrections.get(`${primary.source.sha256} ${r.key}`);
        const effective = c ? c.corrected_value : r.value;
        const prev = previous?.year === year - 1 ? previous.values[r.key]?.effective_value : null;
        values[r.key] = {
          value: r.value, status: r.status, raw: r.raw, page: r.page, method: r.method, confidence: r.confidence,
          low_confidence: r.confidence !== null && r.confidence < LOW_CONFIDENCE,
          unreadable: r.status === 'unreadable',
          failed_checks: failed.filter((f) => f.report_id === primary.source.sha256 && f.keys.includes(r.key)).map((f) => f.rule),
          correction: c ? { id: c.id, corrected_value: c.corrected_value, reason: c.reason, who: c.who, created_at: c.created_at, needs_review: c.needs_review } : null,
          effective_value: effective,
          change:
            prev != null && effective !== null
              ? { previous_year: year - 1, previous: prev, delta: round(effective - prev), pct: prev !== 0 ? round((effective - prev) / prev) : null }
              : null,
          differs: others.filter((o) => r.key in o.values && o.values[r.key] !== r.value).map((o) => ({ report_id: o.id, value: o.values[r.key] })),
        };
      }
      years.push({
        year,
        reports: list.map((r, i) => ({
          report_id: r.report_id, path: r.path, format: r.format, url: records.get(r.report_id)?.source.url ?? null, template: r.template,
          n_checks_failed: r.n_checks_failed, n_errors: r.n_errors, primary: i === 0,
        })),
        failed_checks: failed,
        values,
      });
      previous = { year, values };
    }
    page.issuers.push({ issuer_name: g.issuer_name, names: g.names, issuer_type: g.issuer_type, years });
  }
  return page;
}
