/** The long table of codebook §5: one row per (report, key), with the cell's provenance. */
import type { ReportRecord } from '../model/record.js';
import type { REPORT_VALUES, RowOf } from './tables.js';

/** The columns of values.csv (codebook §5), a contract: the first columns of report_values. */
export const LONG_COLUMNS = ['report_id', 'region_code', 'issuer_name', 'issuer_type', 'year', 'template', 'key', 'value', 'status', 'raw', 'page'] as const;

/** A row of report_values (tables.ts): these columns, then the cell's provenance. status is "absent" where the template defines the key but the report did not print it. */
export type LongRow = RowOf<typeof REPORT_VALUES>;

export function longRows(rec: ReportRecord): LongRow[] {
  const byKey = new Map(rec.cells.map((c) => [c.key, c]));
  return Object.entries(rec.values).map(([key, value]) => {
    const c = byKey.get(key);
    return {
      report_id: rec.source.sha256,
      region_code: rec.issuer.region_code,
      issuer_name: rec.issuer.name,
      issuer_type: rec.issuer.type,
      year: rec.year,
      template: rec.template,
      key,
      value,
      status: c?.status ?? 'absent',
      raw: c?.raw ?? null,
      page: c?.page ?? null,
      bbox: c?.bbox ? JSON.stringify(c.bbox) : null,
      path: c?.path ?? null,
      line: c?.line ?? null,
      method: c?.method ?? null,
      derivation: c?.derivation ?? null,
      confidence: c?.confidence ?? null,
    };
  });
}
