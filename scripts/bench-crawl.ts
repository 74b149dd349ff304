/**
 * The crawl's part of `npm run bench` (also on its own: node dist/scripts/bench-crawl.js): a fixture
 * portal of BENCH_HOSTS hosts (default 100) x BENCH_REPORTS report pages (default 10) on 127.0.0.1,
 * crawled with --delay 0.2 and every host at once. Prints the wall time against the politeness floor
 * (the busiest host's requests x the delay), the peak RSS, and the re-crawl's requests and bytes
 * against the first crawl's (target: only conditional requests, under 2% of the bytes).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { runCrawl } from '../src/crawl/index.js';
import { projectRoot } from '../src/util/paths.js';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 100);
const REPORTS = Number(process.env.BENCH_REPORTS ?? 10);
const DELAY_S = 0.2;
const REPORT = readFileSync(join(projectRoot(), 'corpus/generated/html/c_township_2021_hybrid.portal.html'), 'utf8');

interface Tally {
  requests: number;
  conditional: number;
  bytes: number;
}

/** One fixture host; requests are counted into whatever tally is current (first crawl, then re-crawl). */
function host(h: number, tally: () => Tally): Server {
  const pages = new Map<string, string>([['/robots.txt', 'User-agent: *\nAllow: /\n']]);
  const items = Array.from({ length: REPORTS }, (_, i) => `<li><a href="./2024/t2024010${i % 10}_${h}_${i}.html" title="第${h}区第${i}镇2023年政府信息公开工作年度报告">${i}</a><span>2024-01-20</span></li>`);
  pages.set('/col/index.html', `<html><head><meta charset="utf-8"><title>年报</title></head><body><ul class="list">${items.join('')}</ul></body></html>`);
  // Each page its own bytes (another town), so each is a report of its own.
  for (let i = 0; i < REPORTS; i++) pages.set(`/col/2024/t2024010${i % 10}_${h}_${i}.html`, REPORT.replaceAll('石桥镇', `第${h}区第${i}镇`).replaceAll('2021年', '2023年'));
  return createServer((req, res) => {
    const body = pages.get(new URL(req.url!, 'http://x').pathname);
    const t = tally();
    t.requests++;
    if (req.headers['if-none-match'] || req.headers['if-modified-since']) t.conditional++;
    if (!body) return void res.writeHead(404).end();
    const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    const buf = Buffer.from(body);
    t.bytes += buf.length;
    res.writeHead(200, { etag, 'content-type': 'text/html; charset=utf-8' }).end(buf);
  });
}

export async function benchCrawl(): Promise<void> {
  const first: Tally = { requests: 0, conditional: 0, bytes: 0 };
  let current = first;
  const servers: Server[] = [];
  const ports: number[] = [];
  for (let h = 0; h < HOSTS; h++) {
    const s = host(h, () => current);
    servers.push(s);
    ports.push(await new Promise<number>((ok) => s.listen(0, '127.0.0.1', () => ok((s.address() as AddressInfo).port))));
  }
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-crawl-'));
  writeFileSync(join(dir, 'seeds.csv'), `region_code,issuer,url,family\n${ports.map((p, h) => `,第${h}区,http://127.0.0.1:${p}/col/index.html,trs`).join('\n')}\n`);
  const opts = { seeds: join(dir, 'seeds.csv'), archive: join(dir, 'archive'), out: join(dir, 'out'), contact: 'bench@example.org', delayMs: DELAY_S * 1000, hosts: HOSTS, allowPrivate: true, jobs: availableParallelism() };

  const t0 = performance.now();
  const s1 = await runCrawl(opts);
  const seconds = (performance.now() - t0) / 1000;
  const rssMb = process.resourceUsage().maxRSS / 1024;
  // Every host answers robots.txt, its list page and its report pages; the busiest host sets the floor.
  const perHost = 2 + REPORTS;
  const floor = (perHost - 1) * DELAY_S;

  const second: Tally = { requests: 0, conditional: 0, bytes: 0 };
  current = second;
  const t1 = performance.now();
  const s2 = await runCrawl(opts);
  const seconds2 = (performance.now() - t1) / 1000;
  for (const s of servers) s.close();

  console.log(`\ncrawl: ${HOSTS} hosts x ${REPORTS} reports on 127.0.0.1, --delay ${DELAY_S}, all hosts at once`);
  console.log(`  first crawl:  ${seconds.toFixed(1)} s for ${first.requests} requests (${(first.bytes / 1e6).toFixed(1)} MB), ${s1.reportsRead} reports read; politeness floor ${floor.toFixed(1)} s (${perHost} requests on the busiest host x ${DELAY_S} s)`);
  console.log(`  peak RSS:     ${rssMb.toFixed(0)} MB (this process: the ${HOSTS} fixture servers and the crawl; the reports are read in ${availableParallelism()} worker processes)`);
  console.log(`  re-crawl:     ${seconds2.toFixed(1)} s, ${second.requests} requests of which ${second.conditional} conditional, ${(second.bytes / 1e3).toFixed(1)} kB = ${((100 * second.bytes) / Math.max(1, first.bytes)).toFixed(2)}% of the first crawl's bytes; ${s2.reportsRead} reports re-read`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCrawl();
