/**
 * kill -9 in the middle of a crawl, then the same command again: every report ends up in the dataset,
 * what was fetched before the kill is only asked for conditionally, and the archive holds no half
 * file. Runs the built CLI (bin/nianbao.js) against a slow fixture column on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/dataset/sqlite.js';

const TOWNS = ['石桥镇', '东坝镇', '南湖镇', '西岭镇', '北山镇', '中和镇'];
const REPORT = readFileSync('corpus/generated/html/c_township_2021_hybrid.portal.html', 'utf8');
const pages: Record<string, string> = {
  '/robots.txt': 'User-agent: *\nAllow: /\n',
  '/col/index.html': `<html><head><meta charset="utf-8"><title>年报</title></head><body><ul class="list">${TOWNS.map(
    (t, i) => `<li><a href="./202201/t2022012${i}_${i}.html" title="青禾县${t}人民政府2021年政府信息公开工作年度报告">${t}</a><span>2022-01-2${i}</span></li>`,
  ).join('')}</ul></body></html>`,
  ...Object.fromEntries(TOWNS.map((t, i) => [`/col/202201/t2022012${i}_${i}.html`, REPORT.replaceAll('石桥镇', t)])),
};

describe('a crawl killed with SIGKILL resumes', () => {
  const log: { path: string; status: number }[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    const body = pages[path];
    const etag = body ? `"${createHash('sha1').update(body).digest('hex')}"` : '';
    const entry = { path, status: !body ? 404 : req.headers['if-none-match'] === etag ? 304 : 200 };
    log.push(entry);
    // Report pages are slow, so the kill lands while some are done and some are not.
    setTimeout(() => res.writeHead(entry.status, body ? { etag, 'content-type': 'text/html; charset=utf-8' } : {}).end(entry.status === 200 ? body : undefined), path.includes('/202201/') ? 400 : 0);
  });
  afterAll(() => server.close());

  const run = (args: string[], killAfterReports?: number) =>
    new Promise<number | null>((resolve) => {
      const child = spawn('node', ['bin/nianbao.js', 'crawl', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      let reports = 0;
      child.stderr.on('data', (d: Buffer) => {
        reports += (d.toString().match(/^report /gm) ?? []).length;
        if (killAfterReports !== undefined && reports >= killAfterReports) child.kill('SIGKILL');
      });
      child.on('exit', (code) => resolve(code));
    });

  it('loses nothing, fetches nothing twice that had completed, and leaves no half-written file', async () => {
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
    const port = (server.address() as AddressInfo).port;
    const dir = mkdtempSync(join(tmpdir(), 'crawl-kill-'));
    writeFileSync(join(dir, 'seeds.csv'), `region_code,issuer,url,family\n,青禾县,http://127.0.0.1:${port}/col/index.html,trs\n`);
    const args = ['--seeds', join(dir, 'seeds.csv'), '--archive', join(dir, 'archive'), '--out', join(dir, 'out'), '--contact', 'tests@example.org', '--delay', '0.02', '--allow-private'];

    expect(await run(args, 2)).toBeNull(); // killed
    // Completed: what the crawl had recorded when it was killed (a response in flight at the kill is not).
    const state = new SqliteStore(join(dir, 'out', 'nianbao.sqlite'));
    const done = (state.db.prepare(`SELECT url FROM crawl_fetches WHERE kind = 'article' AND state = 'fetched'`).all() as { url: string }[]).map((r) => new URL(r.url).pathname);
    state.db.close();
    expect(done.length).toBeGreaterThanOrEqual(2);
    expect(done.length).toBeLessThan(TOWNS.length);
    const files = readdirSync(join(dir, 'archive'), { recursive: true, encoding: 'utf8' });
    expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]);

    const before = log.length;
    expect(await run(args)).toBe(0);
    const secondRun = log.slice(before).filter((r) => r.path.includes('/202201/'));
    // What the first run had fetched is asked for conditionally and not sent again.
    for (const p of done) expect(secondRun.find((r) => r.path === p)?.status).toBe(304);
    expect(secondRun.filter((r) => r.status === 200)).toHaveLength(TOWNS.length - done.length);

    const store = new SqliteStore(join(dir, 'out', 'nianbao.sqlite'));
    const names = (store.db.prepare(`SELECT issuer_name n FROM reports ORDER BY n`).all() as { n: string }[]).map((r) => r.n);
    store.db.close();
    expect(names).toEqual(TOWNS.map((t) => `青禾县${t}人民政府`).sort());
  }, 120_000);
});
