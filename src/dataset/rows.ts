/**
 * The rows one record becomes, for the SQLite and PostgreSQL stores alike. Each builder fills an
 * object by column name, typed from the table's description (tables.ts); `recordRows` puts them in
 * the described column order. The long table's rows are longRows (long.ts).
 */
import type { ReportRecord } from '../model/record.js';
import { longRows } from './long.js';
import {
  CHECKS, ERRORS, inOrder, LEGACY_ROWS, NARRATIVE, REPORT_VALUES, REPORTS, SOURCES, type CellValue, type RowOf, type Table,
} from './tables.js';

export function reportRow(rec: ReportRecord): RowOf<typeof REPORTS> {
  const { source: s, issuer: i } = rec;
  return {
    report_id: s.sha256, path: s.path, format: s.format, pages: s.pages, ocr: s.ocr, bytes: s.bytes,
    issuer_name: i.name, issuer_type: i.type, region_code: i.region_code, region_name: i.region_name, province: i.province, city: i.city,
    year: rec.year, template: rec.template,
    n_errors: errorRows(rec).length,
    n_checks_failed: rec.checks.filter((c) => c.status === 'fail').length,
    parser_name: rec.parser.name, parser_version: rec.parser.version,
    processed_at: new Date().toISOString(),
    record: JSON.stringify(rec),
  };
}

export function sourceRow(path: string, reportId: string, bytes: number, mtimeMs: number): RowOf<typeof SOURCES> {
  return { path, report_id: reportId, bytes, mtime_ms: mtimeMs };
}

export function checkRow(rec: ReportRecord, c: ReportRecord['checks'][number]): RowOf<typeof CHECKS> {
  return { report_id: rec.source.sha256, rule: c.rule, status: c.status, detail: c.detail, severity: c.severity ?? null };
}

/** One row per rule (the primary key): a rule listed twice keeps its last result. */
export function checkRows(rec: ReportRecord): RowOf<typeof CHECKS>[] {
  return [...new Map(rec.checks.map((c) => [c.rule, checkRow(rec, c)])).values()];
}

export function narrativeRows(rec: ReportRecord): RowOf<typeof NARRATIVE>[] {
  return rec.narrative.map((x, seq) => ({
    report_id: rec.source.sha256, seq, metric: x.metric, value: x.value, qualifier: x.qualifier, unit: x.unit, text: x.text, page: x.page,
  }));
}

export function legacyRows(rec: ReportRecord): RowOf<typeof LEGACY_ROWS>[] {
  return (rec.legacy?.rows ?? []).map((x, seq) => ({
    report_id: rec.source.sha256, seq, label: x.label, unit: x.unit, this_year: x.this_year, cumulative: x.cumulative, page: x.page,
  }));
}

/**
 * The record's error-level issues, in order, with their code and where they apply. `errors` holds
 * the sentences of those issues; a sentence there without an issue (a record made before issues
 * existed, or code that pushed only the sentence) still becomes a row, after them, with no code, so
 * no error is lost from the table or from n_errors.
 */
export function errorRows(rec: ReportRecord): RowOf<typeof ERRORS>[] {
  const id = rec.source.sha256;
  // `issues` is absent from records stored by versions before it existed.
  const issues = (rec.issues ?? []).filter((m) => m.level === 'error');
  const unmatched = new Map<string, number>();
  for (const m of issues) unmatched.set(m.message, (unmatched.get(m.message) ?? 0) + 1);
  const sentencesOnly = rec.errors.filter((m) => {
    const n = unmatched.get(m) ?? 0;
    if (n) unmatched.set(m, n - 1);
    return !n;
  });
  return [
    ...issues.map((m) => ({ message: m.message, code: m.code, key: m.key ?? null, page: m.page ?? null, detail: m.detail ?? null })),
    ...sentencesOnly.map((message) => ({ message, code: null, key: null, page: null, detail: null })),
  ].map((r, seq) => ({ report_id: id, seq, ...r }));
}

/** Every row of one record, table by table, each in its table's column order; reports first. (sources are written by path, apart.) */
export function recordRows(rec: ReportRecord): { table: Table; rows: CellValue[][] }[] {
  return [
    { table: REPORTS, rows: [inOrder(REPORTS, reportRow(rec))] },
    { table: REPORT_VALUES, rows: longRows(rec).map((r) => inOrder(REPORT_VALUES, r)) },
    { table: CHECKS, rows: checkRows(rec).map((r) => inOrder(CHECKS, r)) },
    { table: NARRATIVE, rows: narrativeRows(rec).map((r) => inOrder(NARRATIVE, r)) },
    { table: LEGACY_ROWS, rows: legacyRows(rec).map((r) => inOrder(LEGACY_ROWS, r)) },
    { table: ERRORS, rows: errorRows(rec).map((r) => inOrder(ERRORS, r)) },
  ];
}
