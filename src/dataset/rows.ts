/**
 * The rows one record becomes, in each table's column order (see the schema in sqlite.ts), for the
 * SQLite and PostgreSQL stores alike. The long table's rows are longRows (long.ts).
 */
import type { ReportRecord } from '../model/record.js';

export function reportRow(rec: ReportRecord): unknown[] {
  const i = rec.issuer;
  return [
    rec.source.sha256, rec.source.path, rec.source.format, rec.source.pages, rec.source.ocr ? 1 : 0, rec.source.bytes,
    i.name, i.type, i.region_code, i.region_name, i.province, i.city, rec.year, rec.template, rec.errors.length,
    rec.checks.filter((c) => c.status === 'fail').length, rec.parser.name, rec.parser.version, new Date().toISOString(), JSON.stringify(rec),
  ];
}

/** One row per rule: a rule listed twice keeps its last result. */
export function checkRows(rec: ReportRecord): unknown[][] {
  const id = rec.source.sha256;
  return [...new Map(rec.checks.map((c) => [c.rule, [id, c.rule, c.status, c.detail, c.severity ?? null]])).values()];
}

export function narrativeRows(rec: ReportRecord): unknown[][] {
  return rec.narrative.map((x, k) => [rec.source.sha256, k, x.metric, x.value, x.qualifier, x.unit, x.text, x.page]);
}

export function pre2019Rows(rec: ReportRecord): unknown[][] {
  return (rec.legacy?.rows ?? []).map((x, k) => [rec.source.sha256, k, x.label, x.unit, x.this_year, x.cumulative, x.page]);
}

export function errorRows(rec: ReportRecord): unknown[][] {
  return rec.errors.map((m, k) => [rec.source.sha256, k, m]);
}
