/**
 * The embedded dataset. One transaction per document: a crash leaves every document either fully
 * in or fully out. A document is its content sha256, so a re-run replaces rows instead of adding them.
 */
import Database from 'better-sqlite3';
import type { ReportRecord } from '../model/record.js';
import { longRows } from './long.js';
import { checkRows, errorRows, pre2019Rows, narrativeRows, reportRow } from './rows.js';
import type { Store } from './store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS reports (
  report_id TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  format TEXT NOT NULL,
  pages INTEGER,
  ocr INTEGER NOT NULL,
  bytes INTEGER NOT NULL,
  issuer_name TEXT, issuer_type TEXT, region_code TEXT, region_name TEXT, province TEXT, city TEXT,
  year INTEGER,
  template TEXT NOT NULL,
  n_errors INTEGER NOT NULL,
  n_checks_failed INTEGER NOT NULL,
  parser_name TEXT NOT NULL,
  parser_version TEXT NOT NULL,
  processed_at TEXT NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reports_region_year ON reports(region_code, year);
CREATE TABLE IF NOT EXISTS sources (
  path TEXT PRIMARY KEY,
  report_id TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  mtime_ms REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sources_report ON sources(report_id);
CREATE TABLE IF NOT EXISTS report_values (
  report_id TEXT NOT NULL,
  region_code TEXT, issuer_name TEXT, issuer_type TEXT, year INTEGER, template TEXT,
  key TEXT NOT NULL,
  value REAL,
  status TEXT NOT NULL,
  raw TEXT,
  page INTEGER,
  bbox TEXT,
  path TEXT,
  line INTEGER,
  method TEXT,
  derivation TEXT,
  confidence REAL,
  PRIMARY KEY (report_id, key)
);
CREATE INDEX IF NOT EXISTS report_values_region_year_key ON report_values(region_code, year, key);
CREATE INDEX IF NOT EXISTS report_values_key ON report_values(key);
CREATE TABLE IF NOT EXISTS checks (
  report_id TEXT NOT NULL, rule TEXT NOT NULL, status TEXT NOT NULL, detail TEXT NOT NULL, severity TEXT,
  PRIMARY KEY (report_id, rule)
);
CREATE TABLE IF NOT EXISTS narrative (
  report_id TEXT NOT NULL, seq INTEGER NOT NULL, metric TEXT NOT NULL, value REAL NOT NULL, qualifier TEXT NOT NULL,
  unit TEXT, text TEXT NOT NULL, page INTEGER,
  PRIMARY KEY (report_id, seq)
);
CREATE INDEX IF NOT EXISTS narrative_metric ON narrative(metric);
CREATE TABLE IF NOT EXISTS legacy_rows (
  report_id TEXT NOT NULL, seq INTEGER NOT NULL, label TEXT NOT NULL, unit TEXT, this_year REAL, cumulative REAL, page INTEGER,
  PRIMARY KEY (report_id, seq)
);
CREATE TABLE IF NOT EXISTS errors (
  report_id TEXT NOT NULL, seq INTEGER NOT NULL, message TEXT NOT NULL,
  PRIMARY KEY (report_id, seq)
);
`;

const PER_REPORT = ['report_values', 'checks', 'narrative', 'legacy_rows', 'errors', 'reports'];

export class SqliteStore implements Store {
  readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** Statements of the per-document path are compiled once, not once per document. */
  private stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) this.statements.set(sql, (st = this.db.prepare(sql)));
    return st;
  }

  /** Replaces everything known about this document (by content hash) in one transaction. */
  async put(rec: ReportRecord, mtimeMs = 0): Promise<void> {
    this.db.transaction(() => this.write(rec, rec.source.path, mtimeMs))();
  }

  private write(rec: ReportRecord, path: string, mtimeMs: number) {
    const id = rec.source.sha256;
    // The same content under several paths is one report; it is named by its first path in sort order,
    // whatever order the workers finished in.
    const other = this.stmt(`SELECT min(path) p FROM sources WHERE report_id = ? AND path <> ?`).get(id, rec.source.path) as { p: string | null };
    if (other.p !== null && other.p < rec.source.path) rec = { ...rec, source: { ...rec.source, path: other.p } };
    for (const t of PER_REPORT) this.stmt(`DELETE FROM ${t} WHERE report_id = ?`).run(id);
    const insert = (table: string, rows: unknown[][]) => {
      if (!rows.length) return;
      const st = this.stmt(`INSERT INTO ${table} VALUES (${rows[0].map(() => '?').join(',')})`);
      for (const r of rows) st.run(...r);
    };
    insert('reports', [reportRow(rec)]);
    this.stmt(`INSERT OR REPLACE INTO sources VALUES (?,?,?,?)`).run(path, id, rec.source.bytes, mtimeMs);
    const v = this.stmt(`INSERT INTO report_values VALUES (@report_id,@region_code,@issuer_name,@issuer_type,@year,@template,@key,@value,@status,@raw,@page,@bbox,@path,@line,@method,@derivation,@confidence)`);
    for (const row of longRows(rec)) v.run(row);
    insert('checks', checkRows(rec));
    insert('narrative', narrativeRows(rec));
    insert('legacy_rows', pre2019Rows(rec));
    insert('errors', errorRows(rec));
  }

  /** Is this file, as last seen (size and mtime), already in the dataset from this parser version? */
  async isUnchanged(path: string, bytes: number, mtimeMs: number, parserVersion: string): Promise<boolean> {
    const row = this
      .stmt(`SELECT 1 FROM sources s JOIN reports r ON r.report_id = s.report_id WHERE s.path = ? AND s.bytes = ? AND s.mtime_ms = ? AND r.parser_version = ?`)
      .get(path, bytes, mtimeMs, parserVersion);
    return row !== undefined;
  }

  /** Is this content already in the dataset from this parser version (a copy or a moved file)? Then only its path is recorded. */
  async adoptCopy(reportId: string, path: string, bytes: number, mtimeMs: number, parserVersion: string): Promise<boolean> {
    const known = this.stmt(`SELECT 1 FROM reports WHERE report_id = ? AND parser_version = ?`).get(reportId, parserVersion);
    if (known) this.stmt(`INSERT OR REPLACE INTO sources VALUES (?,?,?,?)`).run(path, reportId, bytes, mtimeMs);
    return known !== undefined;
  }

  /** The record of the document at this path (through its content: copies share one record). */
  async recordFor(path: string): Promise<ReportRecord | undefined> {
    const row = this.stmt(`SELECT r.record FROM sources s JOIN reports r USING (report_id) WHERE s.path = ?`).get(path) as { record: string } | undefined;
    return row ? (JSON.parse(row.record) as ReportRecord) : undefined;
  }

  /** Every record, ordered by source path, for the exports. */
  async *records(): AsyncGenerator<ReportRecord> {
    for (const row of this.db.prepare(`SELECT record FROM reports ORDER BY path, report_id`).iterate() as Iterable<{ record: string }>) {
      yield JSON.parse(row.record) as ReportRecord;
    }
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.db.prepare(sql).all(...params) as T[];
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
