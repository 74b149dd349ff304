/**
 * The embedded dataset. One transaction per document: a crash leaves every document either fully
 * in or fully out. A document is its content sha256, so a re-run replaces rows instead of adding them.
 * The tables are those of tables.ts.
 */
import Database from 'better-sqlite3';
import type { ReportRecord } from '../model/record.js';
import { addMissingColumns, createIndexes, createTables, type Dialect } from './ddl.js';
import { recordRows, sourceRow } from './rows.js';
import type { Store } from './store.js';
import { CHECKS, columnNames, ERRORS, inOrder, LEGACY_ROWS, NARRATIVE, REPORT_VALUES, REPORTS, SOURCES, TABLES, type Table } from './tables.js';

const TYPES = { text: 'TEXT', integer: 'INTEGER', real: 'REAL', boolean: 'INTEGER' } as const;
const dialect: Dialect = { type: (c) => TYPES[c.type], table: (t) => t.name };

/** Everything known about one report, deleted before it is written again; sources are kept by path. */
const PER_REPORT = [REPORT_VALUES, CHECKS, NARRATIVE, LEGACY_ROWS, ERRORS, REPORTS].map((t) => t.name);

/** Columns named, not positional: a table upgraded by ADD COLUMN (ddl.ts) has them in its own order. */
const insertSql = (t: Table) => `INSERT INTO ${t.name} (${columnNames(t).join(', ')}) VALUES (${t.columns.map(() => '?').join(', ')})`;
const putSourceSql = insertSql(SOURCES).replace(/^INSERT/, 'INSERT OR REPLACE');

export class SqliteStore implements Store {
  readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(createTables(dialect, TABLES));
    this.upgrade();
    this.db.exec(createIndexes(dialect, TABLES));
  }

  /** A dataset made by an older version gets the columns added since (PRAGMA table_info lists those it has). */
  private upgrade() {
    for (const t of TABLES) {
      const present = new Set((this.db.pragma(`table_info(${t.name})`) as { name: string }[]).map((c) => c.name));
      for (const sql of addMissingColumns(dialect, t, present)) this.db.exec(sql);
    }
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
    this.deleteReport(id);
    for (const { table, rows } of recordRows(rec)) {
      const st = this.stmt(insertSql(table));
      for (const r of rows) st.run(...r);
    }
    this.pointSource(path, id, rec.source.bytes, mtimeMs);
  }

  /**
   * Records that `path` holds report `id`. The report the path held before (the file was edited, a
   * broken link repaired) is dropped once no path holds it: the dataset describes the files as they
   * are, never an edited file twice.
   */
  private pointSource(path: string, id: string, bytes: number, mtimeMs: number) {
    const before = (this.stmt(`SELECT report_id FROM sources WHERE path = ?`).get(path) as { report_id: string } | undefined)?.report_id;
    this.stmt(putSourceSql).run(...inOrder(SOURCES, sourceRow(path, id, bytes, mtimeMs)));
    if (before === undefined || before === id || this.stmt(`SELECT 1 FROM sources WHERE report_id = ?`).get(before)) return;
    this.deleteReport(before);
  }

  private deleteReport(id: string) {
    for (const t of PER_REPORT) this.stmt(`DELETE FROM ${t} WHERE report_id = ?`).run(id);
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
    if (known) this.db.transaction(() => this.pointSource(path, reportId, bytes, mtimeMs))();
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
    const st = this.db.prepare(sql);
    if (st.reader) return st.all(...params) as T[];
    st.run(...params);
    return [];
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
