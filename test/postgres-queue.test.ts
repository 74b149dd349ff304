/**
 * Many machines: `enqueue` an archive of a few hundred documents on the pg-boss queue, then two worker
 * processes share it. Every document is read once, both workers take part, a job whose file vanished is
 * retried and then parked with its error (shown by `status --db`), enqueueing again adds nothing, and
 * `export --db` writes the same files as a SQLite extract. Runs the built CLI against a real server:
 * needs NIANBAO_TEST_PG=postgres://… (.ci/run sets it); skipped without it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { makeArchive } from './support/archive.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const url = process.env.NIANBAO_TEST_PG;
const N = 200;
const schema = `t_queue_${process.pid}_${Date.now() % 100000}`;
const queue = `${schema}_queue`;

const cli = (args: string[]) => execFileSync('node', ['bin/nianbao.js', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const db = () => ['--db', url!, '--schema', schema];

/** A worker process run to the end of the queue: its exit code and output. */
const worker = () =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('node', ['bin/nianbao.js', 'worker', ...db(), '--until-empty', '--jobs', '1', '--poll', '0.5'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });

describe.skipIf(!url)('enqueue and workers on PostgreSQL (pg-boss)', () => {
  let archive: string;
  let gone: string;
  let admin: pg.Client;
  const one = async <T = Record<string, unknown>>(sql: string) => (await admin.query(sql)).rows[0] as T;
  const n = async (sql: string) => Number((await one<{ n: string }>(sql)).n);

  /** N distinct documents (the same report with a different trailing comment), and one that will vanish once enqueued. */
  beforeAll(async () => {
    archive = makeArchive(N, 'nianbao-pgarchive-');
    gone = join(archive, 'gone.html');
    writeFileSync(gone, '<html>to be deleted</html>');
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${queue} CASCADE`);
    await admin?.end();
  });

  it('shares the queue between two workers: each document once, a failing job retried and then parked with its error', async () => {
    expect(cli(['enqueue', archive, ...db(), '--retry-limit', '2', '--retry-delay', '1'])).toMatch(new RegExp(`^${N + 1} enqueued, 0 unchanged, 0 already queued`));
    // The same archive again, before any worker ran: pg-boss's singletonKey keeps one job per file.
    expect(cli(['enqueue', archive, ...db()])).toMatch(new RegExp(`^0 enqueued, 0 unchanged, ${N + 1} already queued`));
    rmSync(gone);

    const [a, b] = await Promise.all([worker(), worker()]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);

    expect(await n(`SELECT count(*) n FROM ${schema}.reports`)).toBe(N);
    expect(await n(`SELECT count(*) n FROM ${schema}.report_values`)).toBe(N * 207);
    expect(await n(`SELECT count(*) n FROM ${schema}.reports r WHERE (SELECT count(*) FROM ${schema}.report_values v WHERE v.report_id = r.report_id) <> 207`)).toBe(0);
    expect(await n(`SELECT count(*) n FROM ${schema}.sources`)).toBe(N);

    // Every job completed once, by one of the two workers, each of which did some; no document read twice.
    const cols = 'state, data, output, retry_count';
    const jobs = `(SELECT ${cols} FROM ${queue}.job UNION ALL SELECT ${cols} FROM ${queue}.archive) j`;
    expect(await n(`SELECT count(*) n FROM ${jobs} WHERE state = 'completed'`)).toBe(N);
    expect(await n(`SELECT count(DISTINCT output->>'report_id') n FROM ${jobs} WHERE state = 'completed'`)).toBe(N);
    const byWorker = (await admin.query(`SELECT output->>'worker' w, count(*)::int n FROM ${jobs} WHERE state = 'completed' GROUP BY 1`)).rows as { n: number }[];
    expect(byWorker).toHaveLength(2);
    expect(byWorker.every((w) => w.n > 0)).toBe(true);
    const read = [a, b].map((w) => Number(/^(\d+) documents read/.exec(w.stdout)?.[1]));
    expect(read[0] + read[1]).toBe(N);

    // The vanished file: tried, retried twice with backoff, then parked in pg-boss's failed state with the error.
    const failed = await one<{ retry_count: number; message: string; path: string }>(
      `SELECT retry_count, output->>'message' message, data->>'path' path FROM ${jobs} WHERE state = 'failed'`,
    );
    expect(failed).toMatchObject({ retry_count: 2, path: gone });
    expect(failed.message).toMatch(/ENOENT/);
    expect(await n(`SELECT count(*) n FROM ${jobs} WHERE state <> 'completed'`)).toBe(1);

    const status = cli(['status', ...db()]);
    expect(status).toMatch(new RegExp(`^${N} documents`));
    expect(status).toMatch(new RegExp(`queue: .*created 0, retry 0, active 0, completed ${N}, cancelled 0, failed 1`));
    expect(status).toContain(`failed jobs (retries used up; enqueue the files again to retry): 1`);
    expect(status).toMatch(new RegExp(`${gone.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ENOENT.*\\(2 retries`));
  }, 300_000);

  it('enqueues nothing for the unchanged archive', () => {
    expect(cli(['enqueue', archive, ...db()])).toMatch(new RegExp(`^0 enqueued, ${N} unchanged, 0 already queued`));
  });

  it('exports from PostgreSQL the same files as an extract into SQLite', () => {
    const fromPg = mkdtempSync(join(tmpdir(), 'nianbao-pgexport-'));
    const fromSqlite = mkdtempSync(join(tmpdir(), 'nianbao-liteexport-'));
    expect(cli(['export', ...db(), '--out', fromPg])).toMatch(new RegExp(`^${N} reports, ${N * 207} values`));
    cli(['extract', archive, '--out', fromSqlite, '--jobs', '2', '-q']);
    cli(['export', '--out', fromSqlite]);
    for (const f of ['reports.jsonl', 'values.csv', 'values.excel.csv', 'values.parquet', 'checks.csv', 'narrative.csv']) {
      expect(readFileSync(join(fromPg, f)).equals(readFileSync(join(fromSqlite, f))), f).toBe(true);
    }
  }, 240_000);
});

describe.skipIf(url)('enqueue and workers on PostgreSQL (pg-boss)', () => {
  it.skip('skipped: set NIANBAO_TEST_PG=postgres://user:password@127.0.0.1:5432/db to run (.ci/run does)', () => {});
});
