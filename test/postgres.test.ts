/**
 * The PostgreSQL Store against a real server: the same contract as SQLite (replace on re-put, one report
 * for one content under several paths, records in path order, `?` placeholders, numbers as numbers),
 * concurrent puts of one content, and the ledger and cross-year check giving the same answers as SQLite.
 * Needs NIANBAO_TEST_PG=postgres://… (.ci/run starts a server and sets it); skipped without it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledger } from '../src/dataset/ledger.js';
import { numberPlaceholders, PostgresStore } from '../src/dataset/postgres.js';
import { SqliteStore } from '../src/dataset/sqlite.js';
import { error } from '../src/model/messages.js';
import type { ReportRecord } from '../src/model/record.js';
import { processFile } from '../src/pipeline/process.js';
import { crossYearCarry } from '../src/dataset/cross-year.js';
import { editedFileScenario } from './support/edited-file.js';

const url = process.env.NIANBAO_TEST_PG;
const schema = `t_store_${process.pid}_${Date.now() % 100000}`;

/** The same document as another content (its own hash) under another path. */
const variant = (rec: ReportRecord, path: string, hash: string): ReportRecord => ({ ...structuredClone(rec), source: { ...rec.source, path, sha256: hash.repeat(64) } });

describe('numberPlaceholders', () => {
  it('numbers ? outside literals, quoted names and comments', () => {
    expect(numberPlaceholders(`SELECT '?', "a?", x FROM t WHERE a = ? AND b = ? -- ?\n AND c = ? /* ? */`)).toBe(
      `SELECT '?', "a?", x FROM t WHERE a = $1 AND b = $2 -- ?\n AND c = $3 /* ? */`,
    );
    expect(numberPlaceholders(`SELECT 'it''s ?' WHERE a = ?`)).toBe(`SELECT 'it''s ?' WHERE a = $1`);
  });
});

describe.skipIf(!url)('PostgreSQL Store', () => {
  let store: PostgresStore;
  let rec: ReportRecord;
  let admin: pg.Client;
  const count = async (sql: string) => Number((await admin.query(sql.replaceAll('S.', `${schema}.`))).rows[0].n);

  beforeAll(async () => {
    rec = await processFile('corpus/generated/html/c_township_2021_hybrid.portal.html');
    store = await PostgresStore.open(url!, { schema });
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await store?.close();
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin?.end();
  });

  it('replaces a document put twice: no duplicate rows', async () => {
    await store.put(rec, 1000.5);
    await store.put(rec, 1000.5);
    expect(await count(`SELECT count(*) n FROM S.reports`)).toBe(1);
    expect(await count(`SELECT count(*) n FROM S.report_values`)).toBe(207);
    expect(await count(`SELECT count(*) n FROM S.checks`)).toBe(rec.checks.length);
    expect(await count(`SELECT count(*) n FROM S.sources`)).toBe(1);
    expect(await store.isUnchanged(rec.source.path, rec.source.bytes, 1000.5, rec.parser.version)).toBe(true);
    expect(await store.isUnchanged(rec.source.path, rec.source.bytes, 1000.25, rec.parser.version)).toBe(false);
    expect(await store.isUnchanged(rec.source.path, rec.source.bytes, 1000.5, '0.0.0')).toBe(false);
    expect((await store.recordFor(rec.source.path))?.values).toEqual(rec.values);
  });

  it('keeps one report for one content under several paths, named by the first path in sort order', async () => {
    const b = variant(rec, 'copies/b.html', 'b');
    const a = variant(rec, 'copies/a.html', 'b');
    await store.put(b, 1);
    await store.put(a, 2);
    await store.put(b, 1);
    const rows = await store.query<{ path: string }>(`SELECT path FROM reports WHERE report_id = ?`, ['b'.repeat(64)]);
    expect(rows).toEqual([{ path: 'copies/a.html' }]);
    expect(await count(`SELECT count(*) n FROM S.sources WHERE report_id = '${'b'.repeat(64)}'`)).toBe(2);
    expect((await store.recordFor('copies/b.html'))?.source.path).toBe('copies/a.html');
    // A third copy is adopted without reading it again.
    expect(await store.adoptCopy('b'.repeat(64), 'copies/c.html', rec.source.bytes, 3, rec.parser.version)).toBe(true);
    expect(await store.adoptCopy('9'.repeat(64), 'copies/d.html', rec.source.bytes, 3, rec.parser.version)).toBe(false);
    expect(await store.isUnchanged('copies/c.html', rec.source.bytes, 3, rec.parser.version)).toBe(true);
  });

  it('survives two stores putting the same content at once: no failure, no duplicate rows', async () => {
    const other = await PostgresStore.open(url!, { schema });
    try {
      const copies = Array.from({ length: 8 }, (_, k) => variant(rec, `race/${k}.html`, 'c'));
      await Promise.all(copies.map((c, k) => (k % 2 ? other : store).put(c, k)));
      expect(await count(`SELECT count(*) n FROM S.reports WHERE report_id = '${'c'.repeat(64)}'`)).toBe(1);
      expect(await count(`SELECT count(*) n FROM S.report_values WHERE report_id = '${'c'.repeat(64)}'`)).toBe(207);
      expect(await count(`SELECT count(*) n FROM S.sources WHERE report_id = '${'c'.repeat(64)}'`)).toBe(8);
      expect((await store.recordFor('race/5.html'))?.source.path).toBe('race/0.html');
    } finally {
      await other.close();
    }
  });

  it('drops an edited file\'s old report once no path holds it, as SQLite does', async () => {
    await editedFileScenario(store, rec, 'edits');
  });

  it('returns records ordered by path byte by byte, as SQLite does', async () => {
    for (const [p, h] of [['order/b.html', 'd'], ['order/B.html', 'e'], ['order/报告.html', 'f'], ['order/a.html', '1']] as const) await store.put(variant(rec, p, h));
    const paths: string[] = [];
    for await (const r of store.records()) paths.push(r.source.path);
    expect(paths).toEqual([...paths].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
    expect(paths.filter((p) => p.startsWith('order/'))).toEqual(['order/B.html', 'order/a.html', 'order/b.html', 'order/报告.html']);
    // A reader that stops early hands its connection back clean.
    for await (const _ of store.records()) break;
    expect((await store.query<{ n: number }>(`SELECT count(*) n FROM reports`))[0].n).toBe(paths.length);
  });

  it('runs portable SQL with ? placeholders and returns numbers as numbers', async () => {
    const rows = await store.query<{ n: number; s: number; q: string }>(
      `SELECT count(*) n, sum(value) s, '?' q FROM report_values WHERE report_id = ? AND key LIKE ?`,
      [rec.source.sha256, 'requests.%'],
    );
    expect(typeof rows[0].n).toBe('number');
    expect(rows[0].n).toBeGreaterThan(0);
    expect(typeof rows[0].s).toBe('number');
    expect(rows[0].q).toBe('?');
  });

  it('gives the ledger and the cross-year check the same answers as SQLite', async () => {
    const xs = `${schema}_xy`;
    const pgStore = await PostgresStore.open(url!, { schema: xs });
    const lite = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'nianbao-pgxy-')), 'nianbao.sqlite'));
    try {
      const y2020 = await processFile('corpus/real/changle_2020.txt');
      const y2021 = variant(y2020, 'changle_2021.txt', 'f');
      y2021.year = 2021;
      y2021.values['requests.carried_over.total'] = 1;
      const bad = await processFile('corpus/generated/html/c_township_2021_hybrid.portal.html');
      bad.errors.push(`${bad.source.path}: something odd at 12 places`);
      for (const r of [y2020, y2021, bad]) {
        await pgStore.put(r);
        await lite.put(r);
      }
      const strip = (l: Awaited<ReturnType<typeof ledger>>) => ({ ...l, lastProcessed: null });
      expect(strip(await ledger(pgStore))).toEqual(strip(await ledger(lite)));
      const carry = await crossYearCarry(pgStore);
      expect(carry).toEqual(await crossYearCarry(lite));
      expect(carry.filter((c) => c.status === 'fail').map((c) => c.column)).toEqual(['total']);
    } finally {
      await pgStore.close();
      await lite.close();
      await admin.query(`DROP SCHEMA IF EXISTS ${xs} CASCADE`);
    }
  });

  it('adds the columns a dataset made before error codes lacks, whether opened to write or only to read', async () => {
    const old = `${schema}_old`;
    await (await PostgresStore.open(url!, { schema: old })).close();
    // The errors table as the first versions made it: report_id, seq, message.
    const toOldShape = () => admin.query(`ALTER TABLE ${old}.errors DROP COLUMN code, DROP COLUMN key, DROP COLUMN page, DROP COLUMN detail`);
    const columns = async () =>
      (await admin.query(`SELECT column_name c FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'errors' ORDER BY ordinal_position`, [old])).rows.map((r) => r.c);
    try {
      for (const mustExist of [true, false]) {
        await toOldShape();
        expect(await columns()).toEqual(['report_id', 'seq', 'message']);
        const s = await PostgresStore.open(url!, { schema: old, mustExist });
        try {
          expect(await columns()).toEqual(['report_id', 'seq', 'message', 'code', 'key', 'page', 'detail']);
          const msg = 'old/new.html: timeout: not finished within 9 ms';
          const r = variant(rec, 'old/new.html', '7');
          r.issues = [error('timeout', msg, { page: 2 })];
          r.errors = [msg];
          await s.put(r);
          expect(await s.query(`SELECT seq, message, code, key, page, detail FROM errors WHERE report_id = ?`, ['7'.repeat(64)])).toEqual([
            { seq: 0, message: msg, code: 'timeout', key: null, page: 2, detail: null },
          ]);
          expect((await ledger(s)).topReasons.map((x) => [x.code, x.count, x.example])).toEqual([['timeout', 1, 'old/new.html']]);
        } finally {
          await s.close();
        }
      }
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${old} CASCADE`);
    }
  });

  it('refuses to open a dataset that must exist but does not', async () => {
    await expect(PostgresStore.open(url!, { schema: `${schema}_none`, mustExist: true })).rejects.toThrow(/no dataset in schema/);
  });
});

describe.skipIf(url)('PostgreSQL Store', () => {
  it.skip('skipped: set NIANBAO_TEST_PG=postgres://user:password@127.0.0.1:5432/db to run (.ci/run does)', () => {});
});
