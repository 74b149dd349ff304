/**
 * The crawl end to end against a fixture portal on 127.0.0.1: a TRS-style 年报 column over two list
 * pages (robots.txt disallows one path), a report page with its tables, a page wrapping its report
 * as a PDF, a 解读 page, an HTML error page served as a .pdf, and a second site that answers with an
 * anti-bot challenge. Asserts the requests the server saw, the dataset, the archive and coverage.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCoverage, runCrawl, type RunCrawlOptions } from '../src/crawl/index.js';
import { lockArchive, LockError } from '../src/crawl/lock.js';
import { SqliteStore } from '../src/dataset/sqlite.js';
import type { ReportRecord } from '../src/model/record.js';

const REPORT_HTML = readFileSync('corpus/generated/html/c_township_2021_hybrid.portal.html');
const REPORT_PDF = readFileSync('corpus/real/002_hongze_district_2023.pdf');

const list = (items: [string, string][], pager: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>
<ul class="list">${items.map(([href, title]) => `<li><a href="${href}" title="${title}">${title}</a><span>2024-01-20</span></li>`).join('')}</ul>
<div class="page"><script>${pager}</script></div></body></html>`;
const wrapper = (title: string, file: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="ArticleTitle" content="${title}"><meta name="PubDate" content="2024-01-20 10:00"><title>${title}</title></head>
<body><div class="TRS_Editor"><p>${title}全文见附件。</p></div><div class="article_attachment"><ul><li><a href="${file}">${title}.pdf</a></li></ul></div></body></html>`;

const PAGES: Record<string, { type: string; body: Buffer }> = {
  '/robots.txt': { type: 'text/plain', body: Buffer.from('User-agent: *\nDisallow: /private/\n') },
  '/col/index.html': {
    type: 'text/html; charset=utf-8',
    body: Buffer.from(list([
      ['./202201/t20220120_1.html', '青禾县石桥镇人民政府2021年政府信息公开工作年度报告'],
      ['./202201/t20220125_2.html', '《青禾县石桥镇2021年政府信息公开工作年度报告》解读'],
      ['/private/202201/t20220130_9.html', '石桥镇2021年政府信息公开工作年度报告（内部稿）'],
    ], 'createPageHTML(2, 0, "index", "html");')),
  },
  '/col/index_1.html': {
    type: 'text/html; charset=utf-8',
    body: Buffer.from(list([
      ['./202401/t20240120_3.html', '洪泽区2023年政府信息公开工作年度报告'],
      ['./202301/t20230120_4.html', '洪泽区2022年政府信息公开工作年度报告'],
    ], 'createPageHTML(2, 1, "index", "html");')),
  },
  '/col/202201/t20220120_1.html': { type: 'text/html; charset=utf-8', body: REPORT_HTML },
  '/col/202201/t20220125_2.html': { type: 'text/html; charset=utf-8', body: Buffer.from(wrapper('《青禾县石桥镇2021年政府信息公开工作年度报告》解读', './jd.pdf')) },
  '/col/202201/jd.pdf': { type: 'application/pdf', body: REPORT_PDF.subarray(0, 2000) },
  '/col/202401/t20240120_3.html': { type: 'text/html; charset=utf-8', body: Buffer.from(wrapper('洪泽区2023年政府信息公开工作年度报告', './P020240120.pdf')) },
  '/col/202401/P020240120.pdf': { type: 'application/pdf', body: REPORT_PDF },
  '/col/202301/t20230120_4.html': { type: 'text/html; charset=utf-8', body: Buffer.from(wrapper('洪泽区2022年政府信息公开工作年度报告', './P020230120.pdf')) },
  '/col/202301/P020230120.pdf': { type: 'text/html; charset=utf-8', body: Buffer.from('<html><body><h1>404 页面不存在</h1></body></html>') },
};

interface Seen {
  path: string;
  status: number;
  ifNoneMatch?: string;
  ua?: string;
}

function portal(pages: typeof PAGES, log: Seen[]): Server {
  return createServer((req: IncomingMessage, res) => {
    const path = new URL(req.url!, 'http://x').pathname;
    const page = pages[path];
    const seen: Seen = { path, status: 404, ifNoneMatch: req.headers['if-none-match'], ua: req.headers['user-agent'] };
    log.push(seen);
    if (!page) return void res.writeHead(404).end('not found');
    const etag = `"${createHash('sha1').update(page.body).digest('hex')}"`;
    if (req.headers['if-none-match'] === etag) return void ((seen.status = 304), res.writeHead(304, { etag }).end());
    seen.status = 200;
    res.writeHead(200, { 'content-type': page.type, etag }).end(page.body);
  });
}

const challenge = (log: Seen[]) =>
  createServer((req, res) => {
    log.push({ path: req.url!, status: 412 });
    if (req.url === '/robots.txt') return void res.writeHead(404).end();
    res.writeHead(412, { 'content-type': 'text/html', 'set-cookie': 'FSSBBIl1UgzbN7N80S=abc' }).end('<html><head><script>$_ts=window["$_ts"];if(!$_ts)$_ts={};$_ts.nsd=7382;</script></head><body></body></html>');
  });

const listen = (s: Server) => new Promise<number>((ok) => s.listen(0, '127.0.0.1', () => ok((s.address() as AddressInfo).port)));

describe('nianbao crawl against a fixture portal', () => {
  const log: Seen[] = [];
  const blockedLog: Seen[] = [];
  const site = portal(PAGES, log);
  const blocked = challenge(blockedLog);
  const dir = mkdtempSync(join(tmpdir(), 'crawl-'));
  let opts: RunCrawlOptions;
  let first: Awaited<ReturnType<typeof runCrawl>>;

  beforeAll(async () => {
    const [a, b] = [await listen(site), await listen(blocked)];
    writeFileSync(join(dir, 'seeds.csv'), `region_code,issuer,url,family\n320813,洪泽区人民政府,http://127.0.0.1:${a}/col/index.html,trs\n350128,平潭综合实验区行政审批局,http://127.0.0.1:${b}/col/index.html,\n`);
    opts = { seeds: join(dir, 'seeds.csv'), archive: join(dir, 'archive'), out: join(dir, 'out'), contact: 'tests@example.org', delayMs: 20, allowPrivate: true };
    first = await runCrawl(opts);
  }, 120_000);

  afterAll(() => {
    site.close();
    blocked.close();
  });

  const records = () => {
    const store = new SqliteStore(join(opts.out, 'nianbao.sqlite'));
    const recs = (store.db.prepare(`SELECT record FROM reports ORDER BY path`).all() as { record: string }[]).map((r) => JSON.parse(r.record) as ReportRecord);
    const fetches = store.db.prepare(`SELECT url, state, reason, report_id FROM crawl_fetches ORDER BY url`).all() as { url: string; state: string; reason: string | null; report_id: string | null }[];
    store.db.close();
    return { recs, fetches };
  };

  it('reads exactly the two reports, each with the URL it came from: the page holding the tables, and the PDF a page wraps', () => {
    const { recs } = records();
    expect(recs.map((r) => [r.issuer.name, r.year, r.template, r.source.format, new URL(r.source.url!).pathname])).toEqual(
      expect.arrayContaining([
        ['青禾县石桥镇人民政府', 2021, '2021', 'html', '/col/202201/t20220120_1.html'],
        ['洪泽区人民政府', 2023, '2021', 'pdf', '/col/202401/P020240120.pdf'],
      ]),
    );
    expect(recs).toHaveLength(2);
    expect(first).toMatchObject({ reportsRead: 2, blocked: 1, failed: 1, companions: 1 });
  });

  it('obeys robots.txt, names itself with a contact, and never reads a 解读 or a fake PDF as a report', () => {
    expect(log.some((r) => r.path.startsWith('/private/'))).toBe(false);
    expect(log.find((r) => r.path === '/col/index.html')?.ua).toMatch(/^nianbao\/\S+ \(\+contact: tests@example\.org\)$/);
    const { fetches } = records();
    const fake = fetches.find((f) => f.url.endsWith('/P020230120.pdf'))!;
    expect([fake.state, fake.reason]).toEqual(['failed', expect.stringMatching(/not a pdf: the server sent an HTML page/)]);
    expect(fetches.find((f) => f.url.endsWith('t20220125_2.html'))?.report_id).toBeNull();
  });

  it('archives every body by its sha256 with a sidecar of where it came from', () => {
    const sha = createHash('sha256').update(REPORT_PDF).digest('hex');
    const file = join(opts.archive, sha.slice(0, 2), `${sha}.pdf`);
    expect(existsSync(file)).toBe(true);
    const side = JSON.parse(readFileSync(`${file}.json`, 'utf8'));
    expect(side.fetches[0]).toMatchObject({ url: expect.stringMatching(/\/col\/202401\/P020240120\.pdf$/), status: 200, contentType: 'application/pdf', seed: { region_code: '320813' } });
    expect(side.fetches[0].parentUrl).toMatch(/t20240120_3\.html$/);
  });

  it('says in coverage which seeds were found and which were blocked, with the evidence', async () => {
    const rows = await runCoverage({ year: 2023, out: opts.out, seeds: opts.seeds });
    expect(rows.map((r) => [r.region_code, r.state])).toEqual([
      ['320813', 'found'],
      ['350128', 'blocked'],
    ]);
    expect(rows[0].url).toMatch(/P020240120\.pdf$/);
    expect(rows[1].reason).toMatch(/challenge|\$_ts/);
    expect(readFileSync(join(opts.out, 'coverage.csv'), 'utf8')).toMatch(/^\uFEFFregion_code,issuer,year,state,report_id,url,reason\n320813,洪泽区人民政府,2023,found,/);
    const missing = await runCoverage({ year: 2019, out: opts.out, seeds: opts.seeds });
    expect(missing[0]).toMatchObject({ state: 'missing', reason: 'no 2019 report among the column\'s articles' });
  });

  it('a second run sends only conditional requests for what it has seen, downloads nothing again and re-reads nothing', async () => {
    const before = log.length;
    const again = await runCrawl(opts);
    const second = log.slice(before);
    expect(second.length).toBeGreaterThan(5);
    expect(second.filter((r) => r.status === 200)).toEqual([]);
    // robots.txt included: it is kept from the last run and asked for with its ETag.
    expect(second.filter((r) => !r.ifNoneMatch)).toEqual([]);
    expect(again).toMatchObject({ reportsRead: 0, fetched: 0 });
    expect(records().recs).toHaveLength(2);
  });

  it('counts a report put into archive/manual/ by hand (the blocked site\'s) as found', async () => {
    mkdirSync(join(opts.archive, 'manual'), { recursive: true });
    copyFileSync('corpus/real/portal-dumps/013_pingtan-shenpiju_2022.txt', join(opts.archive, 'manual', 'shenpiju_2022.txt'));
    const run = await runCrawl(opts);
    expect(run.reportsRead).toBe(1);
    const rows = await runCoverage({ year: 2022, out: opts.out, seeds: opts.seeds });
    expect(rows[1]).toMatchObject({ region_code: '350128', state: 'found', reason: 'put into the archive by hand', url: expect.stringMatching(/manual\/shenpiju_2022\.txt$/) });
  });

  it.skipIf(!process.env.NIANBAO_TEST_PG)('keeps its state and reports in PostgreSQL with --db, and re-crawls conditionally from there', async () => {
    const schema = `t_crawl_${process.pid}`;
    const pgOpts = { ...opts, archive: join(dir, 'archive-pg'), out: join(dir, 'out-pg'), db: process.env.NIANBAO_TEST_PG, schema };
    const admin = new pg.Client({ connectionString: process.env.NIANBAO_TEST_PG });
    await admin.connect();
    try {
      expect(await runCrawl(pgOpts)).toMatchObject({ reportsRead: 2, blocked: 1 });
      expect(await runCrawl(pgOpts)).toMatchObject({ reportsRead: 0, fetched: 0 });
      const rows = await runCoverage({ year: 2023, out: pgOpts.out, seeds: opts.seeds, db: pgOpts.db, schema });
      expect(rows.map((r) => r.state)).toEqual(['found', 'blocked']);
      expect(Number((await admin.query(`SELECT count(*) n FROM ${schema}.crawl_fetches`)).rows[0].n)).toBeGreaterThan(5);
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  });

  it('refuses a second crawl on the same archive while one runs', async () => {
    writeFileSync(join(opts.archive, '.crawl.lock'), '1\n'); // pid 1 is always alive
    await expect(runCrawl(opts)).rejects.toThrow(/another crawl \(pid 1\) is running on/);
    expect(() => lockArchive(opts.archive)).toThrow(LockError);
  });
});
