/**
 * The tables described once (src/dataset/tables.ts) and what is made from the description: the SQLite
 * and PostgreSQL schemas, the rows in column order, the data-package fields; the errors table with
 * codes (and its upgrade in a dataset made before codes), the failure ledger grouped by code, and
 * `score` refusing to run without a dataset.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runScore } from '../src/cli/score-corpus.js';
import { CHECK_FIELDS, NARRATIVE_FIELDS, PROVENANCE_FIELDS, VALUE_FIELDS } from '../src/dataset/datapackage.js';
import { ledger, reasonLine } from '../src/dataset/ledger.js';
import { LONG_COLUMNS } from '../src/dataset/long.js';
import { schemaSql } from '../src/dataset/postgres.js';
import { errorRows, recordRows } from '../src/dataset/rows.js';
import { SqliteStore } from '../src/dataset/sqlite.js';
import { CHECKS, columnNames, ERRORS, NARRATIVE, REPORT_VALUES, TABLES } from '../src/dataset/tables.js';
import { error, warning } from '../src/model/messages.js';
import { EMPTY_ISSUER, type ReportRecord } from '../src/model/record.js';

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

/** A record of a file that could not be read, with its issues as the pipeline makes them. */
function failed(path: string, hash: string, issues: ReportRecord['issues'] = []): ReportRecord {
  return {
    source: { path, sha256: hash.repeat(64), format: 'pdf', pages: 2, ocr: true, bytes: 10 },
    issuer: { ...EMPTY_ISSUER },
    year: null,
    template: 'unknown',
    values: { 'requests.received.total': null },
    cells: [],
    narrative: [{ metric: 'narrative.applications_received', value: 3, qualifier: 'exact', unit: '件', text: '收到申请3件', page: 1 }],
    checks: [{ rule: 'requests.balance.total', status: 'fail', detail: '1 = 2', severity: 'error' }],
    errors: issues.filter((m) => m.level === 'error').map((m) => m.message),
    warnings: issues.filter((m) => m.level === 'warning').map((m) => m.message),
    issues,
    parser: { name: 'nianbao', version: 'test' },
  };
}

const timeout = (path: string, ms: number) => error('timeout', `${path}: timeout: not finished within ${ms} ms`);

describe('the table description', () => {
  it('makes the SQLite schema: every table with its columns in order, types, NOT NULL, primary key and indexes', () => {
    const ds = new SqliteStore(join(tmp('nianbao-schema-'), 'nianbao.sqlite'));
    const sqliteType = { text: 'TEXT', integer: 'INTEGER', real: 'REAL', boolean: 'INTEGER' };
    for (const t of TABLES) {
      const info = ds.db.pragma(`table_info(${t.name})`) as { name: string; type: string; notnull: number; pk: number }[];
      expect(info.map((c) => [c.name, c.type, c.notnull])).toEqual(t.columns.map((c) => [c.name, sqliteType[c.type], c.notNull ? 1 : 0]));
      expect(info.filter((c) => c.pk).sort((a, b) => a.pk - b.pk).map((c) => c.name)).toEqual([...t.primaryKey]);
      for (const i of t.indexes) expect((ds.db.pragma(`index_info(${i.name})`) as { name: string }[]).map((c) => c.name)).toEqual([...i.columns]);
    }
    ds.db.close();
  });

  it('makes the PostgreSQL schema with its own types: byte-order text, BIGINT sizes, the record without collation', () => {
    const sql = schemaSql('nb');
    expect(sql).toContain('CREATE TABLE IF NOT EXISTS "nb".reports (\n  report_id TEXT COLLATE "C" NOT NULL,\n  path TEXT COLLATE "C" NOT NULL,');
    expect(sql).toContain('  bytes BIGINT NOT NULL,\n  mtime_ms DOUBLE PRECISION NOT NULL,');
    expect(sql).toContain('  record TEXT NOT NULL,\n  PRIMARY KEY (report_id)\n);');
    expect(sql).toContain('  ocr INTEGER NOT NULL,');
    expect(sql).toContain(
      'CREATE TABLE IF NOT EXISTS "nb".errors (\n  report_id TEXT COLLATE "C" NOT NULL,\n  seq INTEGER NOT NULL,\n  message TEXT COLLATE "C" NOT NULL,\n' +
        '  code TEXT COLLATE "C",\n  key TEXT COLLATE "C",\n  page INTEGER,\n  detail TEXT COLLATE "C",\n  PRIMARY KEY (report_id, seq)\n);',
    );
    expect(sql).toContain('CREATE INDEX IF NOT EXISTS report_values_region_year_key ON "nb".report_values(region_code, year, key);');
    expect(sql).toContain('CREATE INDEX IF NOT EXISTS reports_path ON "nb".reports(path, report_id);');
  });

  it('gives every row in its table\'s column order', () => {
    const rec = failed('a.pdf', 'a', [timeout('a.pdf', 5)]);
    for (const { table, rows } of recordRows(rec)) for (const r of rows) expect(r).toHaveLength(table.columns.length);
    const byTable = Object.fromEntries(recordRows(rec).map(({ table, rows }) => [table.name, rows]));
    expect(byTable.checks).toEqual([['a'.repeat(64), 'requests.balance.total', 'fail', '1 = 2', 'error']]);
    expect(byTable.narrative).toEqual([['a'.repeat(64), 0, 'narrative.applications_received', 3, 'exact', '件', '收到申请3件', 1]]);
    const report = byTable.reports[0];
    expect(report.slice(0, 6)).toEqual(['a'.repeat(64), 'a.pdf', 'pdf', 2, 1, 10]); // ocr as 1
    expect(report[columnNames(TABLES[0]).indexOf('n_errors')]).toBe(1);
    expect(byTable.report_values[0].slice(6, 9)).toEqual(['requests.received.total', null, 'absent']);
  });

  it('describes the exported files from the same columns, keeping the codebook\'s column order', () => {
    expect(VALUE_FIELDS.map((f) => f.name)).toEqual([...LONG_COLUMNS]);
    expect([...VALUE_FIELDS, ...PROVENANCE_FIELDS].map((f) => f.name)).toEqual(columnNames(REPORT_VALUES));
    expect(CHECK_FIELDS.map((f) => f.name)).toEqual(columnNames(CHECKS));
    expect(NARRATIVE_FIELDS.map((f) => f.name)).toEqual(columnNames(NARRATIVE).filter((n) => n !== 'seq'));
    expect(VALUE_FIELDS.find((f) => f.name === 'value')).toEqual({
      name: 'value', type: 'number', description: 'the number, in the unit the key names; empty when blank, dash, unreadable or not printed (never 0 for blank)',
    });
    expect(VALUE_FIELDS.find((f) => f.name === 'year')?.type).toBe('integer');
  });
});

describe('the errors table', () => {
  it('has a row per error-level issue, with its code, key, page and detail; warnings are not errors', () => {
    const rec = failed('b.pdf', 'b', [
      warning('page_scanned', 'b.pdf: page 1 is a scan', { page: 1 }),
      error('table_not_found', 'b.pdf: T3 not found', { key: 'T3', page: 2, detail: '三、收到和处理…' }),
      timeout('b.pdf', 7),
    ]);
    expect(errorRows(rec)).toEqual([
      { report_id: 'b'.repeat(64), seq: 0, message: 'b.pdf: T3 not found', code: 'table_not_found', key: 'T3', page: 2, detail: '三、收到和处理…' },
      { report_id: 'b'.repeat(64), seq: 1, message: 'b.pdf: timeout: not finished within 7 ms', code: 'timeout', key: null, page: null, detail: null },
    ]);
  });

  it('keeps the sentences of a record without issues (made before codes) as rows with no code', () => {
    const old = { ...failed('c.pdf', 'c'), errors: ['c.pdf: corrupt: bad xref'] };
    expect(errorRows(old)).toEqual([{ report_id: 'c'.repeat(64), seq: 0, message: 'c.pdf: corrupt: bad xref', code: null, key: null, page: null, detail: null }]);
    // A sentence pushed without its issue is not lost either; it comes after the coded ones.
    const mixed = failed('d.pdf', 'd', [timeout('d.pdf', 1)]);
    mixed.errors.push('d.pdf: something odd');
    expect(errorRows(mixed).map((r) => [r.seq, r.code, r.message])).toEqual([[0, 'timeout', 'd.pdf: timeout: not finished within 1 ms'], [1, null, 'd.pdf: something odd']]);
  });

  it('upgrades an errors table made before codes: an old nianbao.sqlite keeps working', async () => {
    const file = join(tmp('nianbao-old-'), 'nianbao.sqlite');
    const old = new Database(file);
    // As the first versions created it, with a row of a document read then.
    old.exec(`CREATE TABLE errors (report_id TEXT NOT NULL, seq INTEGER NOT NULL, message TEXT NOT NULL, PRIMARY KEY (report_id, seq));
      INSERT INTO errors VALUES ('${'e'.repeat(64)}', 0, 'old.pdf: corrupt: bad xref');`);
    old.close();

    const ds = new SqliteStore(file);
    expect((ds.db.pragma('table_info(errors)') as { name: string }[]).map((c) => c.name)).toEqual(columnNames(ERRORS));
    const rec = failed('new.pdf', 'f', [error('corrupt', 'new.pdf: corrupt: no trailer', { page: 3 }), timeout('new.pdf', 9)]);
    await ds.put(rec);
    await ds.put(rec); // replaced, not added
    expect(await ds.query(`SELECT report_id, seq, message, code, key, page, detail FROM errors ORDER BY report_id, seq`)).toEqual([
      { report_id: 'e'.repeat(64), seq: 0, message: 'old.pdf: corrupt: bad xref', code: null, key: null, page: null, detail: null },
      { report_id: 'f'.repeat(64), seq: 0, message: 'new.pdf: corrupt: no trailer', code: 'corrupt', key: null, page: 3, detail: null },
      { report_id: 'f'.repeat(64), seq: 1, message: 'new.pdf: timeout: not finished within 9 ms', code: 'timeout', key: null, page: null, detail: null },
    ]);
    expect(await ds.query(`SELECT n_errors FROM reports`)).toEqual([{ n_errors: 2 }]);
    await ds.close();
    // Opened again, nothing is left to add.
    const again = new SqliteStore(file);
    expect((await again.query(`SELECT count(*) n FROM errors`))[0]).toEqual({ n: 3 });
    await again.close();
  });
});

describe('the failure ledger', () => {
  it('groups errors by code, with a first example (path and sentence); sentences without a code by their wording', async () => {
    const ds = new SqliteStore(join(tmp('nianbao-ledger-'), 'nianbao.sqlite'));
    await ds.put(failed('corpus/bad/y.pdf', '1', [timeout('corpus/bad/y.pdf', 130000)]));
    await ds.put(failed('corpus/bad/x.pdf', '2', [timeout('corpus/bad/x.pdf', 130000), error('corrupt', 'corpus/bad/x.pdf: corrupt: bad xref at 12')]));
    await ds.put({ ...failed('corpus/old/a.pdf', '3'), errors: ['corpus/old/a.pdf: truncated at byte 10'] });
    await ds.put({ ...failed('corpus/old/b.pdf', '4'), errors: ['corpus/old/b.pdf: truncated at byte 99'] });
    const l = await ledger(ds);
    await ds.close();
    expect(l.byState.errors).toBe(4);
    expect(l.topReasons).toEqual([
      { code: 'timeout', reason: 'timeout', count: 2, example: 'corpus/bad/x.pdf', exampleMessage: 'corpus/bad/x.pdf: timeout: not finished within 130000 ms' },
      { code: null, reason: 'truncated at byte N', count: 2, example: 'corpus/old/a.pdf', exampleMessage: 'corpus/old/a.pdf: truncated at byte 10' },
      { code: 'corrupt', reason: 'corrupt', count: 1, example: 'corpus/bad/x.pdf', exampleMessage: 'corpus/bad/x.pdf: corrupt: bad xref at 12' },
    ]);
    expect(reasonLine(l.topReasons[0])).toBe('     2 × timeout  (e.g. corpus/bad/x.pdf: timeout: not finished within 130000 ms)');
    // A sentence that does not name its file gets the path in front.
    expect(reasonLine({ ...l.topReasons[2], exampleMessage: 'bad xref' })).toBe('     1 × corrupt  (e.g. corpus/bad/x.pdf: bad xref)');
  });
});

describe('nianbao score', () => {
  it('refuses to score without a dataset, and creates none', async () => {
    const out = tmp('nianbao-score-');
    await expect(runScore('corpus', out)).rejects.toThrow(/no dataset at .*nianbao\.sqlite; run "nianbao extract/);
    expect(existsSync(join(out, 'nianbao.sqlite'))).toBe(false);
  });

  it('exits non-zero from the command line (built CLI), like status', () => {
    const out = tmp('nianbao-score-cli-');
    for (const cmd of ['score', 'status']) {
      let code = 0;
      let stderr = '';
      try {
        execFileSync('node', ['bin/nianbao.js', cmd, ...(cmd === 'score' ? ['corpus'] : []), '--out', out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        ({ status: code, stderr } = e as { status: number; stderr: string });
      }
      expect(code, cmd).not.toBe(0);
      expect(stderr, cmd).toMatch(/^nianbao: no dataset at .*nianbao\.sqlite; run "nianbao extract/);
    }
    expect(existsSync(join(out, 'nianbao.sqlite'))).toBe(false);
  });
});
