/**
 * Batch behaviour on a few hundred documents: a killed run resumes without duplicates or holes,
 * Ctrl-C stops cleanly, unchanged files are skipped, and a new parser version re-does them.
 * Runs the built CLI in child processes (npm test builds first).
 */
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeArchive } from './support/archive.js';

const N = 300;
let archive: string;

beforeAll(() => {
  archive = makeArchive(N, 'nianbao-archive-');
});

const cli = (args: string[]) => execFileSync('node', ['bin/nianbao.js', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const counts = (out: string) => {
  const db = new Database(join(out, 'nianbao.sqlite'), { readonly: true });
  const r = db
    .prepare(`SELECT (SELECT count(*) FROM reports) reports, (SELECT count(*) FROM report_values) vals, (SELECT count(DISTINCT path) FROM sources) paths`)
    .get() as { reports: number; vals: number; paths: number };
  db.close();
  return r;
};
const tryCounts = (out: string) => {
  try {
    return counts(out).reports;
  } catch {
    return 0;
  }
};

describe('batch runs', () => {
  it('resumes after the process is killed mid-batch: no duplicate rows, no missing documents', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nianbao-kill-'));
    const child = spawn('node', ['bin/nianbao.js', 'extract', archive, '--out', out, '--jobs', '2', '-q'], { stdio: 'ignore' });
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    for (let t = 0; t < 600 && tryCounts(out) < 20; t++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await exited;
    const partial = counts(out);
    expect(partial.reports).toBeGreaterThanOrEqual(20);
    expect(partial.reports).toBeLessThan(N);
    // Each document is all or nothing: every report has its 207 values.
    expect(partial.vals).toBe(partial.reports * 207);

    const second = cli(['extract', archive, '--out', out, '--jobs', '2', '-q']);
    const m = /(\d+) documents read .*?, (\d+) unchanged/.exec(second)!;
    expect(Number(m[2])).toBe(partial.reports);
    expect(Number(m[1])).toBe(N - partial.reports);
    expect(counts(out)).toEqual({ reports: N, vals: N * 207, paths: N });
    expect(readFileSync(join(out, 'reports.jsonl'), 'utf8').trim().split('\n')).toHaveLength(N);
  }, 240_000);

  it('stops cleanly on Ctrl-C, with the dataset and exports consistent', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nianbao-int-'));
    const child = spawn('node', ['bin/nianbao.js', 'extract', archive, '--out', out, '--jobs', '2', '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const code = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    for (let t = 0; t < 600 && tryCounts(out) < 10; t++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    expect(await code).toBe(130);
    expect(stdout).toMatch(/interrupted/);
    const c = counts(out);
    expect(c.vals).toBe(c.reports * 207);
    expect(readFileSync(join(out, 'reports.jsonl'), 'utf8').trim().split('\n')).toHaveLength(c.reports);
  }, 240_000);

  it('skips unchanged files, re-reads a changed one, and re-does everything for a new parser version', () => {
    const out = mkdtempSync(join(tmpdir(), 'nianbao-incr-'));
    cli(['extract', archive, '--out', out, '--jobs', '2', '-q']);
    expect(cli(['extract', archive, '--out', out, '-q'])).toMatch(new RegExp(`^0 documents read \\(none\\), ${N} unchanged`));

    appendFileSync(join(archive, '3', 'report_3.html'), '<!-- edited -->');
    expect(cli(['extract', archive, '--out', out, '-q'])).toMatch(new RegExp(`^1 documents read .*, ${N - 1} unchanged`));
    // The edited file is a new document; its old content no longer has a source.
    expect(counts(out).paths).toBe(N);

    const db = new Database(join(out, 'nianbao.sqlite'));
    db.prepare(`UPDATE reports SET parser_version = '0.0.0'`).run();
    db.close();
    expect(cli(['extract', archive, '--out', out, '-q'])).toMatch(new RegExp(`^${N} documents read .*, 0 unchanged`));
  }, 240_000);
});

describe('parser version', () => {
  it('is the package version plus a fingerprint of the code, the same in the worker processes as in this one', async () => {
    const { PARSER } = await import('../src/util/version.js');
    const { createRunner } = await import('../src/batch/pool.js');
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(PARSER.version).toMatch(new RegExp(`^${pkg.version.replace(/\./g, '\\.')}\\+[0-9a-f]{10}$`));
    // This process runs the .ts sources under vitest, the pool's workers run dist/: both must agree,
    // or every incremental run would re-read everything.
    const runner = createRunner(2);
    try {
      const rec = await runner.run({ path: 'corpus/real/changle_2020.txt' });
      expect(rec.parser.version).toBe(PARSER.version);
    } finally {
      await runner.close();
    }
  });
});

describe('worker pool', () => {
  it('kills a worker that overruns its time limit, records the timeout, and goes on with a new worker', async () => {
    const { createRunner } = await import('../src/batch/pool.js');
    const runner = createRunner(2, { graceMs: 0 });
    try {
      // OCR of a scanned report takes seconds; 50 ms is far too little.
      const slow = await runner.run({ path: 'corpus/generated/scans/a_county_2021.scan200.pdf', timeoutMs: 50 });
      expect(slow.errors).toEqual(['corpus/generated/scans/a_county_2021.scan200.pdf: timeout: not finished within 50 ms; the worker was stopped']);
      expect(slow.values).toEqual({});
      const next = await Promise.all([runner.run({ path: 'corpus/real/changle_2020.txt' }), runner.run({ path: 'corpus/real/changle_2020.txt' })]);
      for (const r of next) {
        expect(r.errors).toEqual([]);
        expect([r.issuer.name, r.year]).toEqual(['昌乐县人民政府', 2020]);
      }
    } finally {
      await runner.close();
    }
  });
});
