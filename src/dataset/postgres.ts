/**
 * The shared dataset in PostgreSQL, for many machines writing at once. Same tables and columns as the
 * SQLite store (both from tables.ts), in a schema of their own (default "nianbao"), so the portable SQL of the
 * ledger and the cross-year check runs unchanged through `query`.
 *
 * Text columns use the "C" collation: SQLite compares strings byte by byte, and the database's own
 * locale would order paths and issuer names differently, so the exports would not be the same files.
 * The record is kept as TEXT, not JSONB: JSONB reorders object keys, and the key order of `values`
 * is the row order of values.csv.
 */
import pg from 'pg';
import type { ReportRecord } from '../model/record.js';
import { addMissingColumns, createIndexes, createTables, type Dialect } from './ddl.js';
import { recordRows, sourceRow } from './rows.js';
import type { Store } from './store.js';
import { columnNames, inOrder, SOURCES, TABLES, type CellValue, type Column, type Table } from './tables.js';

/** Column types as declared, and as cast for unnest (insertMany): the same portable type, two spellings. */
const pgType = (c: Column) =>
  c.type === 'text' ? (c.opaque ? 'TEXT' : 'TEXT COLLATE "C"') : c.type === 'real' ? 'DOUBLE PRECISION' : c.big ? 'BIGINT' : 'INTEGER';
const arrayType = (c: Column) => (c.type === 'text' ? 'text' : c.type === 'real' ? 'float8' : c.big ? 'int8' : 'integer');
const dialect = (schema: string): Dialect => ({ type: pgType, table: (t) => `"${schema}".${t.name}` });

/** The DDL of a new dataset in `schema` (what migrate runs, around its column upgrade); exported for the tests. */
export const schemaSql = (schema: string): string => createTables(dialect(schema), TABLES) + createIndexes(dialect(schema), TABLES);

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
      if (opts.mustExist) {
        found = (await store.pool.query(`SELECT to_regclass($1) AS t`, [`"${store.schema}".reports`])).rows[0].t !== null;
        // status and export read the newer columns too; an up-to-date dataset is only read, so a read-only role can open it.
        if (found) await store.migrate(false);
      } else await store.migrate(true);
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

  /**
   * Creates what is missing (the schema and tables only when `create`), and adds the columns a dataset
   * made by an older version lacks. Serialised by a lock: several workers starting at once would race
   * on CREATE … IF NOT EXISTS and ADD COLUMN.
   */
  private async migrate(create: boolean): Promise<void> {
    const d = dialect(this.schema);
    await this.transaction(async (c) => {
      await c.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`nianbao.schema:${this.schema}`]);
      if (create) {
        await c.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
        await c.query(createTables(d, TABLES));
      }
      // Asked first, altered only when something lacks: ALTER TABLE locks the table against every worker's writes.
      const { rows } = await c.query<{ t: string; c: string }>(
        `SELECT table_name t, column_name c FROM information_schema.columns WHERE table_schema = $1`,
        [this.schema],
      );
      for (const t of TABLES) {
        const present = new Set(rows.filter((r) => r.t === t.name).map((r) => r.c));
        // Without `create` a missing table stays missing: opening for reading makes no dataset.
        if (present.size) for (const sql of addMissingColumns(d, t, present)) await c.query(sql);
      }
      if (create) await c.query(createIndexes(d, TABLES));
      else {
        // The indexes added since the dataset was made, on the tables it has; an up-to-date dataset is only read.
        const { rows: idx } = await c.query<{ n: string }>(`SELECT indexname n FROM pg_indexes WHERE schemaname = $1`, [this.schema]);
        const missing = createIndexes(d, TABLES.filter((t) => rows.some((r) => r.t === t.name)), new Set(idx.map((r) => r.n)));
        if (missing) await c.query(missing);
      }
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
      await c.query(DELETE_REPORT, [id]);
      for (const { table, rows } of recordRows(rec)) await insertMany(c, table, rows);
      await this.pointSource(c, path, id, rec.source.bytes, mtimeMs);
    });
  }

  /**
   * Records that `path` holds report `id`. The report the path held before (the file was edited, a
   * broken link repaired) is dropped once no path holds it: the dataset describes the files as they
   * are, never an edited file twice.
   */
  private async pointSource(c: pg.PoolClient, path: string, id: string, bytes: number, mtimeMs: number) {
    const before = (await c.query<{ report_id: string }>(`SELECT report_id FROM sources WHERE path = $1 FOR UPDATE`, [path])).rows[0]?.report_id;
    await c.query(UPSERT_SOURCE, inOrder(SOURCES, sourceRow(path, id, bytes, mtimeMs)));
    if (before === undefined || before === id) return;
    await c.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`nianbao.report:${this.schema}:${before}`]);
    const { rowCount } = await c.query(`SELECT 1 FROM sources WHERE report_id = $1`, [before]);
    if (!rowCount) await c.query(DELETE_REPORT, [before]);
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
    await this.transaction((c) => this.pointSource(c, path, reportId, bytes, mtimeMs));
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

/**
 * Many rows in one statement: a column of values per array parameter, unnested into rows. Columns are
 * named, not positional: a table upgraded by ADD COLUMN has them in its own order.
 */
async function insertMany(c: pg.PoolClient, table: Table, rows: CellValue[][]): Promise<void> {
  if (!rows.length) return;
  const arrays = table.columns.map((_, j) => rows.map((r) => r[j] ?? null));
  const unnest = table.columns.map((col, j) => `$${j + 1}::${arrayType(col)}[]`).join(', ');
  await c.query(`INSERT INTO ${table.name} (${columnNames(table).join(', ')}) SELECT * FROM unnest(${unnest})`, arrays);
}

/** Everything known about one report: every per-report table in one statement (data-modifying CTEs all run, whatever the outer query reads). */
const DELETE_REPORT = `WITH v AS (DELETE FROM report_values WHERE report_id = $1), k AS (DELETE FROM checks WHERE report_id = $1),
      n AS (DELETE FROM narrative WHERE report_id = $1), l AS (DELETE FROM legacy_rows WHERE report_id = $1),
      e AS (DELETE FROM errors WHERE report_id = $1)
 DELETE FROM reports WHERE report_id = $1`;

/** A path seen again points to the content now there. */
const UPSERT_SOURCE = (() => {
  const cols = columnNames(SOURCES);
  const update = cols.filter((c) => !SOURCES.primaryKey.includes(c as 'path')).map((c) => `${c} = excluded.${c}`);
  return `INSERT INTO sources (${cols.join(', ')}) VALUES (${cols.map((_, k) => `$${k + 1}`).join(', ')})
       ON CONFLICT (${SOURCES.primaryKey.join(', ')}) DO UPDATE SET ${update.join(', ')}`;
})();
