/** A Frictionless Data Package (datapackage.json) describing every exported file and column. */
import { PARSER } from '../util/version.js';

type Field = { name: string; type: 'string' | 'integer' | 'number' | 'boolean' | 'array'; description: string };

export const VALUE_FIELDS: Field[] = [
  { name: 'report_id', type: 'string', description: 'sha256 of the source document (its identity; first 16 hex digits are enough to show)' },
  { name: 'region_code', type: 'string', description: '6-digit GB/T 2260 code of the issuer\'s region, valid in the report year; empty when not certain' },
  { name: 'issuer_name', type: 'string', description: 'issuing body as printed (e.g. 淮安市洪泽区人民政府)' },
  { name: 'issuer_type', type: 'string', description: 'government | government_office | department | township | other' },
  { name: 'year', type: 'integer', description: 'calendar year the report covers (not the publication year)' },
  { name: 'template', type: 'string', description: 'table generation printed: 2021 | 2019 | pre2019 | unknown' },
  { name: 'key', type: 'string', description: 'canonical key, codebook §2 (table.row.column)' },
  { name: 'value', type: 'number', description: 'the number, in the unit the key names; empty when blank, dash, unreadable or not printed (never 0 for blank)' },
  { name: 'status', type: 'string', description: 'ok | blank | not_applicable | unreadable | derived | absent (template key not printed)' },
  { name: 'raw', type: 'string', description: 'the cell text as printed (units and notes kept)' },
  { name: 'page', type: 'integer', description: '1-based page of the source the value was read on' },
];

export const PROVENANCE_FIELDS: Field[] = [
  { name: 'bbox', type: 'string', description: 'JSON [x0,y0,x1,y1] of the cell in PDF points, top-left origin (PDF and OCR)' },
  { name: 'path', type: 'string', description: 'DOM path of the cell (HTML and DOCX), e.g. table[3]>tr[5]>td[4]' },
  { name: 'line', type: 'integer', description: '1-based line of the decoded text (plain-text sources)' },
  { name: 'method', type: 'string', description: 'how it was read: text | ocr | html | docx' },
  { name: 'derivation', type: 'string', description: 'how a derived value was obtained (sum of sub-rows, segmentation of glued digits)' },
  { name: 'confidence', type: 'number', description: 'OCR confidence 0-100 (OCR only)' },
];

export const CHECK_FIELDS: Field[] = [
  { name: 'report_id', type: 'string', description: 'sha256 of the source document' },
  { name: 'rule', type: 'string', description: 'codebook §3 rule, e.g. requests.balance.total, reviews.group_sum.review, narrative.applications_received' },
  { name: 'status', type: 'string', description: 'pass | fail | skip' },
  { name: 'detail', type: 'string', description: 'the numbers compared, e.g. "36+0 = 36+0"' },
  { name: 'severity', type: 'string', description: 'error (printed identities) | warning (narrative restatements)' },
];

export const NARRATIVE_FIELDS: Field[] = [
  { name: 'report_id', type: 'string', description: 'sha256 of the source document' },
  { name: 'metric', type: 'string', description: 'narrative.* metric, codebook §4' },
  { name: 'value', type: 'number', description: 'the number stated' },
  { name: 'qualifier', type: 'string', description: 'exact | approx_min (余/多) | approx_max (近) | approx (约) | max (不超过)' },
  { name: 'unit', type: 'string', description: 'unit as stated (条, 件, 场 …)' },
  { name: 'text', type: 'string', description: 'the clause the number was read from' },
  { name: 'page', type: 'integer', description: 'page of the sentence' },
];

export function dataPackage(files: { values: boolean; parquet: boolean }): object {
  const csv = (name: string, path: string, fields: Field[], description: string) => ({
    name, path, profile: 'tabular-data-resource', format: 'csv', mediatype: 'text/csv', encoding: 'utf-8', description,
    schema: { fields, missingValues: [''] },
  });
  return {
    name: 'nianbao-dataset',
    title: '政府信息公开工作年度报告 statistics, extracted by nianbao',
    description: 'Values of the national statistics tables (T2, T3, T4) and narrative counts of government information disclosure annual reports, each traced to its source cell. Codebook: docs/codebook.md of the nianbao project.',
    version: PARSER.version,
    created: new Date().toISOString(),
    licenses: [{ name: 'ODC-PDDL-1.0', title: 'Facts extracted from public government reports' }],
    sources: [{ title: 'Government information disclosure annual reports, as published by each issuer' }],
    contributors: [{ title: `${PARSER.name} ${PARSER.version}`, role: 'author' }],
    resources: [
      ...(files.values ? [csv('values', 'values.csv', VALUE_FIELDS, 'one row per (report, key): the long table of codebook §5')] : []),
      ...(files.parquet
        ? [{ name: 'values-parquet', path: 'values.parquet', format: 'parquet', mediatype: 'application/vnd.apache.parquet', description: 'the long table with full provenance', schema: { fields: [...VALUE_FIELDS, ...PROVENANCE_FIELDS] } }]
        : []),
      csv('checks', 'checks.csv', CHECK_FIELDS, 'every identity check of every report'),
      csv('narrative', 'narrative.csv', NARRATIVE_FIELDS, 'counts stated in the reports\' text'),
      { name: 'reports', path: 'reports.jsonl', format: 'jsonl', mediatype: 'application/jsonl', encoding: 'utf-8', description: 'one full record per source document (codebook §1), including errors and every cell\'s provenance' },
    ],
  };
}
