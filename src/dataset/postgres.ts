/**
 * The shared dataset in PostgreSQL, for many machines writing at once. Same tables and columns as the
 * SQLite store (sqlite.ts), in a schema of their own (default "nianbao"), so the portable SQL of the
 * ledger and the cross-year check runs unchanged through `query`.
 *
 * Text columns use the "C" collation: SQLite compares strings byte by byte, and the database's own
 * locale would order paths and issuer names differently, so the exports would not be the same files.
 * The record is kept as TEXT, not JSONB: JSONB reorders object keys, and the key order of `values`
 * is the row order of values.csv.
 */
import pg from 'pg';
import type { ReportRecord } from '../model/record.js';
import { longRows } from './long.js';
import { checkRows, errorRows, pre2019Rows, narrativeRows, reportRow } from './rows.js';
import type { Store } from './store.js';

const T = 'TEXT COLLATE "C"';

const tables = (s: string) => `
CREATE TABLE IF NOT EXISTS ${s}.reports (
  report_id ${T} PRIMARY KEY,
  path ${T} NOT NULL,
  format ${T} NOT NULL,
  pages INTEGER,
  ocr INTEGER NOT NULL,
  bytes BIGINT NOT NULL,
  issuer_name ${T}, issuer_type ${T}, region_code ${T}, region_name ${T}, province ${T}, city ${T},
  year INTEGER,
  template ${T} NOT NULL,
  n_errors INTEGER NOT NULL,
  n_checks_failed INTEGER NOT NULL,
  parser_name ${T} NOT NULL,
  parser_version ${T} NOT NULL,
  processed_at ${T} NOT NULL,
  record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reports_region_year ON ${s}.reports(region_code, year);
CREATE INDEX IF NOT EXISTS reports_path ON ${s}.reports(path, report_id);
CREATE TABLE IF NOT EXISTS ${s}.sources (
  path ${T} PRIMARY KEY,
  report_id ${T} NOT NULL,
  bytes BIGINT NOT NULL,
  mtime_ms DOUBLE PRECISION NOT NULL
);
CREATE INDEX IF NOT EXISTS sources_report ON ${s}.sources(report_id);
CREATE TABLE IF NOT EXISTS ${s}.report_values (
  report_id ${T} NOT NULL,
  region_code ${T}, issuer_name ${T}, issuer_type ${T}, year INTEGER, template ${T},
  key ${T} NOT NULL,
  value DOUBLE PRECISION,
  status ${T} NOT NULL,
  raw ${T},
  page INTEGER,
  bbox ${T},
  path ${T},
  line INTEGER,
  method ${T},
  derivation ${T},
  confidence DOUBLE PRECISION,
  PRIMARY KEY (report_id, key)
);
CREATE INDEX IF NOT EXISTS report_values_region_year_key ON ${s}.report_values(region_code, year, key);
CREATE INDEX IF NOT EXISTS report_values_key ON ${s}.report_values(key);
CREATE TABLE IF NOT EXISTS ${s}.checks (
  report_id ${T} NOT NULL, rule ${T} NOT NULL, status ${T} NOT NULL, detail ${T} NOT NULL, severity ${T},
  PRIMARY KEY (report_id, rule)
);
CREATE TABLE IF NOT EXISTS ${s}.narrative (
  report_id ${T} NOT NULL, seq INTEGER NOT NULL, metric ${T} NOT NULL, value DOUBLE PRECISION NOT NULL, qualifier ${T} NOT NULL,
  unit ${T}, text ${T} NOT NULL, page INTEGER,
  PRIMARY KEY (report_id, seq)
);
CREATE INDEX IF NOT EXISTS narrative_metric ON ${s}.narrative(metric);
CREATE TABLE IF NOT EXISTS ${s}.legacy_rows (
  report_id ${T} NOT NULL, seq INTEGER NOT NULL, label ${T} NOT NULL, unit ${T}, this_year DOUBLE PRECISION, cumulative DOUBLE PRECISION, page INTEGER,
  PRIMARY KEY (report_id, seq)
);
CREATE TABLE IF NOT EXISTS ${s}.errors (
  report_id ${T} NOT NULL, seq INTEGER NOT NULL, message ${T} NOT NULL,
  PRIMARY KEY (report_id, seq)
);
`;

/** Column name and PostgreSQL type of each per-report table, in insert order. */
type Cols = [string, string][];
const REPORT_VALUES: Cols = [
  ['report_id', 'text'], ['region_code', 'text'], ['issuer_name', 'text'], ['issuer_type', 'text'], ['year', 'integer'], ['template', 'text'],
  ['key', 'text'], ['value', 'float8'], ['status', 'text'], ['raw', 'text'], ['page', 'integer'], ['bbox', 'text'], ['path', 'text'],
  ['line', 'integer'], ['method', 'text'], ['derivation', 'text'], ['confidence', 'float8'],
];
const CHECKS: Cols = [['report_id', 'text'], ['rule', 'text'], ['status', 'text'], ['detail', 'text'], ['severity', 'text']];
const NARRATIVE: Cols = [
  ['report_id', 'text'], ['seq', 'integer'], ['metric', 'text'], ['value', 'float8'], ['qualifier', 'text'], ['unit', 'text'], ['text', 'text'], ['page', 'integer'],
];
const LEGACY: Cols = [['report_id', 'text'], ['seq', 'integer'], ['label', 'text'], ['unit', 'text'], ['this_year', 'float8'], ['cumulative', 'float8'], ['page', 'integer']];
const ERRORS: Cols = [['report_id', 'text'], ['seq', 'integer'], ['message', 'text']];

/** count(*) and sum() are bigint/numeric in PostgreSQL, which pg returns as strings; the Store promises numbers. */
const NUMERIC_OIDS = new Set([20, 1700]);
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    NUMERIC_OIDS.has(oid) ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The URL with its password hidden, for messages. */
export function redact(url: string): string {
  return url.replace(/^(\w+:\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,50}$/.test(schema)) throw new Error(`schema name "${schema}": use lower-case letters, digits and _ only`);
  return schema;
}

/**
 * `?` placeholders to `$1, $2, …`, leaving string literals, quoted names and comments alone.
 * (PostgreSQL's own `?` operators on jsonb cannot be used through this; the portable SQL has none.)
 */
export function numberPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i];
    const end = ch === "'" ? "'" : ch === '"' ? '"' : ch === '-' && sql[i + 1] === '-' ? '\n' : ch === '/' && sql[i + 1] === '*' ? '*/' : null;
    if (end) {
      // A doubled quote inside a literal ('it''s') closes and reopens it, which this loop handles as two literals.
      const j = sql.indexOf(end, i + 1 + (end === '*/' ? 1 : 0));
      const stop = j < 0 ? sql.length : j + end.length;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else out += ch === '?' ? `$${++n}` : ch;
  }
  return out;
}

export interface PostgresOptions {
  /** Schema holding the tables; created when missing. */
  schema?: string;
  /** Fail instead of creating the tables (status, export, checks on a dataset that must already be there). */
  mustExist?: boolean;
  /** Connections in the pool. */
  max?: number;
}

export class PostgresStore implements Store {
  readonly pool: pg.Pool;
  readonly schema: string;

  private constructor(url: string, schema: string, max: number) {
    this.schema = checkSchemaName(schema);
    this.pool = new pg.Pool({ connectionString: url, max, types, application_name: 'nianbao' });
    // Unqualified table names, as in the portable SQL. Queued on the new connection before any other query.
    this.pool.on('connect', (c) => void c.query(`SET search_path TO "${this.schema}", public`).catch(() => {}));
    // A connection dropped while idle (server restart) must not crash the process; the next query reconnects.
    this.pool.on('error', (e) => process.stderr.write(`nianbao: PostgreSQL connection lost: ${e.message}\n`));
  }

  static async open(url: string, opts: PostgresOptions = {}): Promise<PostgresStore> {
    if (!/^postgres(ql)?:\/\//.test(url)) throw new Error(`--db expects a postgres://… URL, not "${redact(url)}"`);
    const store = new PostgresStore(url, opts.schema ?? 'nianbao', opts.max ?? 10);
    let found = true;
    try {
      if (opts.mustExist) found = (await store.pool.query(`SELECT to_regclass($1) AS t`, [`"${store.schema}".reports`])).rows[0].t !== null;
      else await store.migrate();
    } catch (e) {
      await store.pool.end();
      throw new Error(`PostgreSQL at ${redact(url)}: ${(e as Error).message}`);
    }
    if (!found) {
      await store.pool.end();
      throw new Error(`no dataset in schema "${store.schema}" of ${redact(url)}; run "nianbao extract … --db" or the workers first`);
    }
    return store;
  }

  /** Creates what is missing. Serialised by a lock: several workers starting at once would race on CREATE … IF NOT EXISTS. */
  private async migrate(): Promise<void> {
    await this.transaction(async (c) => {
      await c.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`nianbao.schema:${this.schema}`]);
      await c.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
      await c.query(tables(`"${this.schema}"`));
    });
  }

  private async transaction<R>(body: (c: pg.PoolClient) => Promise<R>): Promise<R> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const r = await body(c);
      await c.query('COMMIT');
      return r;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  /**
   * Replaces everything known about this document in one transaction. Workers putting the same content
   * at once take turns on a lock per report_id, so each sees the other's rows and replaces them: no
   * duplicate rows, no unique-key failures, and the same naming rule (first path in sort order) as SQLite.
   */
  async put(rec: ReportRecord, mtimeMs = 0): Promise<void> {
    const id = rec.source.sha256;
    const path = rec.source.path;
    await this.transaction(async (c) => {
      await c.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`nianbao.report:${this.schema}:${id}`]);
      const other = await c.query<{ p: string | null }>(`SELECT min(path) p FROM sources WHERE report_id = $1 AND path <> $2`, [id, path]);
      const first = other.rows[0].p;
      if (first !== null && first < path) rec = { ...rec, source: { ...rec.source, path: first } };
      // Every per-report table in one statement: data-modifying CTEs all run, whatever the outer query reads.
      await c.query(
        `WITH v AS (DELETE FROM report_values WHERE report_id = $1), k AS (DELETE FROM checks WHERE report_id = $1),
              n AS (DELETE FROM narrative WHERE report_id = $1), l AS (DELETE FROM legacy_rows WHERE report_id = $1),
              e AS (DELETE FROM errors WHERE report_id = $1)
         DELETE FROM reports WHERE report_id = $1`,
        [id],
      );
      const report = reportRow(rec);
      await c.query(`INSERT INTO reports VALUES (${report.map((_, k) => `$${k + 1}`).join(',')})`, report);
      await this.upsertSource(c, path, id, rec.source.bytes, mtimeMs);
      await insertMany(c, 'report_values', REPORT_VALUES, longRows(rec).map((r) => REPORT_VALUES.map(([k]) => r[k as keyof typeof r])));
      await insertMany(c, 'checks', CHECKS, checkRows(rec));
      await insertMany(c, 'narrative', NARRATIVE, narrativeRows(rec));
      await insertMany(c, 'legacy_rows', LEGACY, pre2019Rows(rec));
      await insertMany(c, 'errors', ERRORS, errorRows(rec));
    });
  }

  private async upsertSource(c: pg.PoolClient | pg.Pool, path: string, id: string, bytes: number, mtimeMs: number) {
    await c.query(
      `INSERT INTO sources VALUES ($1,$2,$3,$4)
       ON CONFLICT (path) DO UPDATE SET report_id = excluded.report_id, bytes = excluded.bytes, mtime_ms = excluded.mtime_ms`,
      [path, id, bytes, mtimeMs],
    );
  }

  async isUnchanged(path: string, bytes: number, mtimeMs: number, parserVersion: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `SELECT 1 FROM sources s JOIN reports r ON r.report_id = s.report_id WHERE s.path = $1 AND s.bytes = $2 AND s.mtime_ms = $3 AND r.parser_version = $4`,
      [path, bytes, mtimeMs, parserVersion],
    );
    return (rowCount ?? 0) > 0;
  }

  async adoptCopy(reportId: string, path: string, bytes: number, mtimeMs: number, parserVersion: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`SELECT 1 FROM reports WHERE report_id = $1 AND parser_version = $2`, [reportId, parserVersion]);
    if (!rowCount) return false;
    await this.upsertSource(this.pool, path, reportId, bytes, mtimeMs);
    return true;
  }

  async recordFor(path: string): Promise<ReportRecord | undefined> {
    const { rows } = await this.pool.query<{ record: string }>(`SELECT r.record FROM sources s JOIN reports r USING (report_id) WHERE s.path = $1`, [path]);
    return rows.length ? (JSON.parse(rows[0].record) as ReportRecord) : undefined;
  }

  /** Every record, ordered by source path, read through a cursor in one snapshot (workers may be writing meanwhile). */
  async *records(): AsyncGenerator<ReportRecord> {
    const c = await this.pool.connect();
    let open = false;
    try {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      open = true;
      await c.query(`DECLARE nianbao_records NO SCROLL CURSOR FOR SELECT record FROM reports ORDER BY path, report_id`);
      for (;;) {
        const { rows } = await c.query<{ record: string }>(`FETCH 200 FROM nianbao_records`);
        for (const r of rows) yield JSON.parse(r.record) as ReportRecord;
        if (rows.length < 200) break;
      }
      await c.query('COMMIT');
      open = false;
    } finally {
      // A reader that stopped early leaves the transaction open; it must not go back to the pool like that.
      if (open) await c.query('ROLLBACK').catch(() => {});
      c.release();
    }
  }

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(numberPlaceholders(sql), params)).rows as T[];
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Many rows in one statement: a column of values per array parameter, unnested into rows. */
async function insertMany(c: pg.PoolClient, table: string, cols: Cols, rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  const arrays = cols.map((_, j) => rows.map((r) => r[j] ?? null));
  const unnest = cols.map(([, t], j) => `$${j + 1}::${t}[]`).join(', ');
  await c.query(`INSERT INTO ${table} (${cols.map(([n]) => n).join(', ')}) SELECT * FROM unnest(${unnest})`, arrays);
}
