/**
 * The dataset's tables, described once. The SQLite schema (sqlite.ts), the PostgreSQL schema
 * (postgres.ts), the order of the rows both stores insert (rows.ts) and the exported columns of
 * datapackage.json (datapackage.ts) are all made from this, so they cannot drift apart.
 *
 * The names are a contract (docs/codebook.md, and every query people have written against the
 * dataset): add columns at the end of a table, never rename or drop one. An added column must be
 * nullable, because a dataset made by an older version gets it by ALTER TABLE … ADD COLUMN (ddl.ts).
 */

/** Portable types: each dialect maps them (sqlite.ts, postgres.ts). `boolean` is stored as 0/1 INTEGER. */
export type ColumnType = 'text' | 'integer' | 'real' | 'boolean';

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly notNull: boolean;
  /** What the value means; the description of the field where the column is exported. */
  readonly meaning: string;
  /** An integer that can pass 2^31 (a file size): BIGINT in PostgreSQL. */
  readonly big?: true;
  /** Text that is never compared or sorted (the record's JSON), so no byte-order collation in PostgreSQL. */
  readonly opaque?: true;
}

export interface Index {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface Table {
  readonly name: string;
  readonly columns: readonly Column[];
  readonly primaryKey: readonly string[];
  readonly indexes: readonly Index[];
}

const SHA = 'sha256 of the source document';

export const REPORTS = {
  name: 'reports',
  columns: [
    { name: 'report_id', type: 'text', notNull: true, meaning: `${SHA} (its identity)` },
    { name: 'path', type: 'text', notNull: true, meaning: 'source path as given to extract; of several copies of one content, the first in sort order' },
    { name: 'format', type: 'text', notNull: true, meaning: 'pdf | docx | doc | html | txt | image | unknown (from the content, never the file name)' },
    { name: 'pages', type: 'integer', notNull: false, meaning: 'pages of the source, where it has pages' },
    { name: 'ocr', type: 'boolean', notNull: true, meaning: '1 when any page was read by OCR' },
    { name: 'bytes', type: 'integer', notNull: true, big: true, meaning: 'size of the source file' },
    { name: 'issuer_name', type: 'text', notNull: false, meaning: 'issuing body as printed' },
    { name: 'issuer_type', type: 'text', notNull: false, meaning: 'government | government_office | department | township | other' },
    { name: 'region_code', type: 'text', notNull: false, meaning: '6-digit GB/T 2260 code of the issuer\'s region' },
    { name: 'region_name', type: 'text', notNull: false, meaning: 'name of that region' },
    { name: 'province', type: 'text', notNull: false, meaning: 'province of the region' },
    { name: 'city', type: 'text', notNull: false, meaning: 'prefecture-level city of the region' },
    { name: 'year', type: 'integer', notNull: false, meaning: 'calendar year the report covers' },
    { name: 'template', type: 'text', notNull: true, meaning: '2021 | 2019 | pre2019 | unknown' },
    { name: 'n_errors', type: 'integer', notNull: true, meaning: 'rows of this report in errors' },
    { name: 'n_checks_failed', type: 'integer', notNull: true, meaning: 'checks of this report with status fail' },
    { name: 'parser_name', type: 'text', notNull: true, meaning: 'program that made the record' },
    { name: 'parser_version', type: 'text', notNull: true, meaning: 'its version and code fingerprint; a new one re-reads the document' },
    { name: 'processed_at', type: 'text', notNull: true, meaning: 'when the record was written (ISO 8601, UTC)' },
    { name: 'record', type: 'text', notNull: true, opaque: true, meaning: 'the full record (codebook §1) as JSON' },
  ],
  primaryKey: ['report_id'],
  // reports_path: the exports read every record in path order.
  // reports_serve: every column the comparison API (src/serve/reports.ts) reads of a report, in the order it lists them
  // (path), so that a search or a national list reads this index alone, never the table's rows (each carries its
  // whole record); a region's few reports are found through reports_region_year.
  indexes: [
    { name: 'reports_region_year', columns: ['region_code', 'year'] },
    { name: 'reports_path', columns: ['path', 'report_id'] },
    {
      name: 'reports_serve',
      columns: ['path', 'report_id', 'region_code', 'year', 'issuer_type', 'issuer_name', 'region_name', 'province', 'city', 'n_checks_failed', 'n_errors', 'format', 'template'],
    },
  ],
} as const satisfies Table;

export const SOURCES = {
  name: 'sources',
  columns: [
    { name: 'path', type: 'text', notNull: true, meaning: 'a path seen by extract or enqueue' },
    { name: 'report_id', type: 'text', notNull: true, meaning: `${SHA} at that path (copies share one report)` },
    { name: 'bytes', type: 'integer', notNull: true, big: true, meaning: 'size when last seen' },
    { name: 'mtime_ms', type: 'real', notNull: true, meaning: 'modification time when last seen, in ms since 1970: unchanged files are skipped' },
  ],
  primaryKey: ['path'],
  indexes: [{ name: 'sources_report', columns: ['report_id'] }],
} as const satisfies Table;

/** The long table of codebook §5 with its provenance; values.csv is its first columns (long.ts). */
export const REPORT_VALUES = {
  name: 'report_values',
  columns: [
    { name: 'report_id', type: 'text', notNull: true, meaning: `${SHA} (its identity; first 16 hex digits are enough to show)` },
    { name: 'region_code', type: 'text', notNull: false, meaning: '6-digit GB/T 2260 code of the issuer\'s region, valid in the report year; empty when not certain' },
    { name: 'issuer_name', type: 'text', notNull: false, meaning: 'issuing body as printed (e.g. 淮安市洪泽区人民政府)' },
    { name: 'issuer_type', type: 'text', notNull: false, meaning: 'government | government_office | department | township | other' },
    { name: 'year', type: 'integer', notNull: false, meaning: 'calendar year the report covers (not the publication year)' },
    { name: 'template', type: 'text', notNull: false, meaning: 'table generation printed: 2021 | 2019 | pre2019 | unknown' },
    { name: 'key', type: 'text', notNull: true, meaning: 'canonical key, codebook §2 (table.row.column)' },
    { name: 'value', type: 'real', notNull: false, meaning: 'the number, in the unit the key names; empty when blank, dash, unreadable or not printed (never 0 for blank)' },
    { name: 'status', type: 'text', notNull: true, meaning: 'ok | blank | not_applicable | unreadable | derived | absent (template key not printed)' },
    { name: 'raw', type: 'text', notNull: false, meaning: 'the cell text as printed (units and notes kept)' },
    { name: 'page', type: 'integer', notNull: false, meaning: '1-based page of the source the value was read on' },
    { name: 'bbox', type: 'text', notNull: false, meaning: 'JSON [x0,y0,x1,y1] of the cell in PDF points, top-left origin (PDF and OCR)' },
    { name: 'path', type: 'text', notNull: false, meaning: 'DOM path of the cell (HTML and DOCX), e.g. table[3]>tr[5]>td[4]' },
    { name: 'line', type: 'integer', notNull: false, meaning: '1-based line of the decoded text (plain-text sources)' },
    { name: 'method', type: 'text', notNull: false, meaning: 'how it was read: text | ocr | html | docx' },
    { name: 'derivation', type: 'text', notNull: false, meaning: 'how a derived value was obtained (sum of sub-rows, segmentation of glued digits)' },
    { name: 'confidence', type: 'real', notNull: false, meaning: 'OCR confidence 0-100 (OCR only)' },
  ],
  primaryKey: ['report_id', 'key'],
  indexes: [
    { name: 'report_values_region_year_key', columns: ['region_code', 'year', 'key'] },
    { name: 'report_values_key', columns: ['key'] },
    // A ranking (src/serve/series.ts): some keys of one year across many regions, read from this index alone.
    { name: 'report_values_key_year', columns: ['key', 'year', 'region_code', 'report_id', 'value', 'status'] },
  ],
} as const satisfies Table;

export const CHECKS = {
  name: 'checks',
  columns: [
    { name: 'report_id', type: 'text', notNull: true, meaning: SHA },
    { name: 'rule', type: 'text', notNull: true, meaning: 'codebook §3 rule, e.g. requests.balance.total, reviews.group_sum.review, narrative.applications_received' },
    { name: 'status', type: 'text', notNull: true, meaning: 'pass | fail | skip' },
    { name: 'detail', type: 'text', notNull: true, meaning: 'the numbers compared, e.g. "36+0 = 36+0"' },
    { name: 'severity', type: 'text', notNull: false, meaning: 'error (printed identities) | warning (narrative restatements)' },
  ],
  primaryKey: ['report_id', 'rule'],
  indexes: [],
} as const satisfies Table;

export const NARRATIVE = {
  name: 'narrative',
  columns: [
    { name: 'report_id', type: 'text', notNull: true, meaning: SHA },
    { name: 'seq', type: 'integer', notNull: true, meaning: '0-based order of the count in the report' },
    { name: 'metric', type: 'text', notNull: true, meaning: 'narrative.* metric, codebook §4' },
    { name: 'value', type: 'real', notNull: true, meaning: 'the number stated' },
    { name: 'qualifier', type: 'text', notNull: true, meaning: 'exact | approx_min (余/多) | approx_max (近) | approx (约) | max (不超过)' },
    { name: 'unit', type: 'text', notNull: false, meaning: 'unit as stated (条, 件, 场 …)' },
    { name: 'text', type: 'text', notNull: true, meaning: 'the clause the number was read from' },
    { name: 'page', type: 'integer', notNull: false, meaning: 'page of the sentence' },
  ],
  primaryKey: ['report_id', 'seq'],
  indexes: [{ name: 'narrative_metric', columns: ['metric'] }],
} as const satisfies Table;

export const LEGACY_ROWS = {
  name: 'legacy_rows',
  columns: [
    { name: 'report_id', type: 'text', notNull: true, meaning: SHA },
    { name: 'seq', type: 'integer', notNull: true, meaning: '0-based order of the row in the pre-2019 table' },
    { name: 'label', type: 'text', notNull: true, meaning: 'row label as printed' },
    { name: 'unit', type: 'text', notNull: false, meaning: 'unit as printed' },
    { name: 'this_year', type: 'real', notNull: false, meaning: 'the number for the report year' },
    { name: 'cumulative', type: 'real', notNull: false, meaning: 'the cumulative number, where printed' },
    { name: 'page', type: 'integer', notNull: false, meaning: 'page of the row' },
  ],
  primaryKey: ['report_id', 'seq'],
  indexes: [],
} as const satisfies Table;

/**
 * One row per error-level message of a record. code, key, page and detail came after message (they
 * were added to a three-column table), so a dataset upgraded by ADD COLUMN has the same column order
 * as a new one.
 */
export const ERRORS = {
  name: 'errors',
  columns: [
    { name: 'report_id', type: 'text', notNull: true, meaning: SHA },
    { name: 'seq', type: 'integer', notNull: true, meaning: '0-based order of the error in the record' },
    { name: 'message', type: 'text', notNull: true, meaning: 'the sentence a person reads (it names the file)' },
    { name: 'code', type: 'text', notNull: false, meaning: 'message code (docs/codebook.md "Message codes"); empty for records made before codes existed' },
    { name: 'key', type: 'text', notNull: false, meaning: 'the value key, row or table the error concerns' },
    { name: 'page', type: 'integer', notNull: false, meaning: 'page the error concerns' },
    { name: 'detail', type: 'text', notNull: false, meaning: 'what was seen, when more than the sentence says' },
  ],
  primaryKey: ['report_id', 'seq'],
  indexes: [],
} as const satisfies Table;

/** The crawler's state (src/crawl): one row per URL it has fetched or tried, kept with the dataset so that a re-run resumes. */
export const CRAWL_FETCHES = {
  name: 'crawl_fetches',
  columns: [
    { name: 'url', type: 'text', notNull: true, meaning: 'the URL asked for' },
    { name: 'seed_url', type: 'text', notNull: true, meaning: 'the seed (年报 column) it was found from' },
    { name: 'region_code', type: 'text', notNull: false, meaning: 'the seed\'s region code' },
    { name: 'issuer', type: 'text', notNull: false, meaning: 'the seed\'s issuer' },
    { name: 'kind', type: 'text', notNull: true, meaning: 'list | article | attachment' },
    { name: 'parent_url', type: 'text', notNull: false, meaning: 'the list page or article it was linked from' },
    { name: 'state', type: 'text', notNull: true, meaning: 'fetched | not_modified | blocked | failed | skipped' },
    { name: 'http_status', type: 'integer', notNull: false, meaning: 'HTTP status of the last answer' },
    { name: 'final_url', type: 'text', notNull: false, meaning: 'the URL after redirects' },
    { name: 'content_type', type: 'text', notNull: false, meaning: 'Content-Type as served' },
    { name: 'charset', type: 'text', notNull: false, meaning: 'charset of a text body (BOM, header or <meta>)' },
    { name: 'etag', type: 'text', notNull: false, meaning: 'ETag, sent back as If-None-Match next time' },
    { name: 'last_modified', type: 'text', notNull: false, meaning: 'Last-Modified, sent back as If-Modified-Since next time' },
    { name: 'sha256', type: 'text', notNull: false, meaning: 'sha256 of the body, its name in the archive' },
    { name: 'title', type: 'text', notNull: false, meaning: 'link text or page title' },
    { name: 'year', type: 'integer', notNull: false, meaning: 'year the title says the report covers' },
    { name: 'role', type: 'text', notNull: false, meaning: 'report | companion | other (解读 and 图解 are companions, kept but not read)' },
    { name: 'report_id', type: 'text', notNull: false, meaning: 'the report read from it, when it was read into the dataset' },
    { name: 'fetched_at', type: 'text', notNull: false, meaning: 'when it was last fetched (ISO 8601, UTC)' },
    { name: 'reason', type: 'text', notNull: false, meaning: 'why it is blocked or failed, with the evidence' },
  ],
  primaryKey: ['url'],
  indexes: [{ name: 'crawl_fetches_seed', columns: ['seed_url'] }],
} as const satisfies Table;

/**
 * Hand corrections of extracted values (the comparison page, src/serve; `nianbao correct`). Never
 * deleted with a report: a re-read replaces report_values but keeps these, so a correction survives
 * re-extraction and is flagged (needs_review) when the value it was made against changes. Versioned:
 * a new correction of the same (report_id, key) supersedes the previous one instead of overwriting it.
 */
export const CORRECTIONS = {
  name: 'corrections',
  columns: [
    { name: 'id', type: 'integer', notNull: true, meaning: 'number of the correction, increasing in the order they were made' },
    { name: 'report_id', type: 'text', notNull: true, meaning: `${SHA} whose value is corrected` },
    { name: 'key', type: 'text', notNull: true, meaning: 'value key corrected (codebook §2)' },
    { name: 'extracted_value', type: 'real', notNull: false, meaning: 'the extracted value when the correction was made; empty when it was null' },
    { name: 'corrected_value', type: 'real', notNull: false, meaning: 'the value as corrected; empty when the correct reading is "no number" (blank)' },
    { name: 'reason', type: 'text', notNull: true, meaning: 'why, as the person correcting wrote it (e.g. "page 3 prints 12, OCR read 17")' },
    { name: 'who', type: 'text', notNull: true, meaning: 'who made the correction' },
    { name: 'created_at', type: 'text', notNull: true, meaning: 'when it was made (ISO 8601, UTC)' },
    { name: 'superseded_by', type: 'integer', notNull: false, meaning: 'id of the later correction of the same report and key that replaced this one; empty for the current one' },
    { name: 'needs_review', type: 'boolean', notNull: true, meaning: '1 when the document was re-read and its extracted value is no longer extracted_value' },
  ],
  primaryKey: ['id'],
  indexes: [{ name: 'corrections_report_key', columns: ['report_id', 'key'] }],
} as const satisfies Table;

/** In creation order. */
export const TABLES: readonly Table[] = [REPORTS, SOURCES, REPORT_VALUES, CHECKS, NARRATIVE, LEGACY_ROWS, ERRORS, CRAWL_FETCHES, CORRECTIONS];

/** A table's rows hold one of these per column. */
export type CellValue = string | number | null;

type ValueOf<C extends Column> =
  | (C['type'] extends 'text' ? string : C['type'] extends 'boolean' ? boolean : number)
  | (C['notNull'] extends true ? never : null);

/** A row of a table as an object by column name, typed from the description: a builder that misses a column does not compile. */
export type RowOf<T extends Table> = { -readonly [C in T['columns'][number] as C['name']]: ValueOf<C> };

/** The row's values in the table's column order, booleans as 0/1: what the stores insert. */
export function inOrder<T extends Table>(table: T, row: RowOf<T>): CellValue[] {
  const r = row as Record<string, string | number | boolean | null | undefined>;
  return table.columns.map(({ name }) => {
    const v = r[name];
    return v === undefined || v === null ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v;
  });
}

export const columnNames = (table: Table): string[] => table.columns.map((c) => c.name);
