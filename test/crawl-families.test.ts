/**
 * The crawl end to end over the site families test/crawl.test.ts does not reach, each on its own
 * fixture server on 127.0.0.1 (port 0), all three crawled at once by one `crawl()`:
 *
 *  - Hanweb (大汉 JCMS): GBK pages whose charset is declared only in <meta> (the XML answer only in
 *    its <?xml encoding?>), a column page with its first group of records in a <datastore> and a jpage
 *    call whose second group comes from /module/web/jpage/dataproxy.jsp; a report page holding the
 *    tables (a corpus report, GBK), a 解读, and a page whose report is a downfile.jsp link answering 302
 *    to the PDF.
 *  - gkmlpt (Guangdong's 政府信息公开目录平台): a shell page with window._CONFIG = {SID, TREE}; the
 *    entries and their attachments come from /gkmlpt/api/all/{cat}?page=N&sid=…, over two API pages.
 *  - Faults: a 503 with Retry-After: 1 then a 200, a redirect loop, a page that never sends headers,
 *    one that trickles past the total time limit, and list links to private addresses (one in scope
 *    through allowHosts, so the fetcher itself must refuse it; one out of scope).
 *
 * Asserts the dataset (exactly these reports: issuer, year, source.url), crawl_fetches (charsets,
 * final URLs, failures with their reasons), and what each server saw: nothing but the requests the
 * families produce, in order, each host's requests at least the per-host delay apart, and no
 * connection anywhere but 127.0.0.1 (undici's diagnostics channels).
 */
import diagnostics_channel from 'node:diagnostics_channel';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Archive } from '../src/crawl/archive.js';
import { crawl, type CrawlSummary } from '../src/crawl/crawl.js';
import { nianbaoUserAgent } from '../src/crawl/net/index.js';
import type { Seed } from '../src/crawl/seeds.js';
import type { FetchRow } from '../src/crawl/state.js';
import { SqliteStore } from '../src/dataset/sqlite.js';
import type { ReportRecord } from '../src/model/record.js';

const DELAY_MS = 150;
/** GBK already, declared only by <meta http-equiv="Content-Type" content="text/html; charset=gb2312">. */
const GBK_REPORT = readFileSync('corpus/generated/html/b_department_2019.gbk.html');
const HONGZE_2024 = readFileSync('corpus/real/003_hongze_district_2024.pdf');
const HUAIAN_2024 = readFileSync('corpus/real/001_huaian_city_2024.pdf');
const HONGZE_2023 = readFileSync('corpus/real/002_hongze_district_2023.pdf');
const WORD_HTML = readFileSync('corpus/generated/html/a_county_2021.word.html');

// ---------------------------------------------------------------- fixture servers

interface Hit {
  /** Path and query, as the request line had them. */
  url: string;
  /** Arrival time (performance.now(), ms). */
  at: number;
  ua?: string;
}

interface Site {
  origin: string;
  hits: Hit[];
  close(): Promise<void>;
}

type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

/** A server on 127.0.0.1 answering `routes` by path (404 otherwise, robots.txt included), logging every request. */
async function site(routes: (origin: string) => Record<string, Route>): Promise<Site> {
  const hits: Hit[] = [];
  let table: Record<string, Route> = {};
  const server = createServer((req, res) => {
    hits.push({ url: req.url ?? '', at: performance.now(), ua: req.headers['user-agent'] });
    const url = new URL(req.url ?? '/', 'http://fixture');
    const route = table[url.pathname];
    if (!route) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    route(req, res, url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  table = routes(origin);
  return {
    origin,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const send = (type: string, body: string | Buffer): Route => (_req, res) => void res.writeHead(200, { 'content-type': type }).end(body);
const gbk = (text: string) => iconv.encode(text, 'gbk');

// ---------------------------------------------------------------- Hanweb (GBK, meta-only charset)

const HANWEB_SITE = '澄州市人民政府';
const HANWEB_RECORDS = [
  ['/art/2021/1/20/art_123_1001.html', '澄州市市场监督管理局2020年政府信息公开工作年度报告', '2021-01-20'],
  ['/art/2021/1/22/art_123_1002.html', '《澄州市市场监督管理局2020年政府信息公开工作年度报告》解读', '2021-01-22'],
  ['/art/2021/1/5/art_123_0999.html', '澄州市市场监督管理局关于公布2021年重点工作的通知', '2021-01-05'],
  ['/art/2020/12/1/art_123_0950.html', '澄州市市场监督管理局2021年政务公开工作要点', '2020-12-01'],
];
/** The second group, only in the dataproxy.jsp answer. */
const HANWEB_PROXY_RECORDS = [
  ['/art/2025/1/20/art_123_2001.html', '淮安市洪泽区人民政府2024年政府信息公开工作年度报告', '2025-01-20'],
  ['/art/2025/1/10/art_123_1990.html', '关于做好2024年政府信息公开工作年度报告编制工作的通知', '2025-01-10'],
];
const records = (rows: string[][]) =>
  rows.map(([href, title, date]) => `<record><![CDATA[\n<li><a href="${href}" title="${title}" target="_blank">${title}</a><span>${date}</span></li>]]></record>`).join('\n');
const twice = (s: string) => encodeURIComponent(encodeURIComponent(s));

const hanwebColumn = () => `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<meta name="SiteName" content="${HANWEB_SITE}" />
<meta name="ColumnName" content="政府信息公开年报" />
<title>${HANWEB_SITE} 政府信息公开年报</title>
<script language="javascript" src="/module/jslib/jquery/jpage/jquery.jpage.js"></script>
</head><body>
<div class="top"><a href="/index.html">首页</a> <a href="/col/col100/index.html">政府信息公开</a></div>
<div class="main-list"><div id="4102"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=12&path=/&columnid=123&unitid=4102&webname=${twice(HANWEB_SITE)}&permissiontype=0"></a>]]></nextgroup>
<recordset>
${records(HANWEB_RECORDS)}
</recordset></datastore></script>
<script type="text/javascript">$(function(){$('#4102').jpage({themeName:'default',showMode:'full',totalRecord:6,openCookies:false,dataBefore:'<ul class="list">',dataStore:dataStore,dataAfter:'</ul>',groupSize:2,proxyUrl:'/module/web/jpage/dataproxy.jsp',perPage:2,barPosition:'bottom',ajaxParam:{col:1,appid:'1',webid:12,path:'/',columnid:123,unitid:'4102',webname:'${HANWEB_SITE}',permissiontype:0}});});</script>
</div></div>
<div class="bottom">主办：${HANWEB_SITE}办公室 Produced By 大汉网络 大汉版通发布系统</div>
</body></html>`;

const hanwebProxy = () => `<?xml version="1.0" encoding="gbk"?>
<datastore>
<totalrecord>6</totalrecord>
<totalpage>3</totalpage>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=3&appid=1&webid=12&path=/&columnid=123&unitid=4102&webname=${twice(HANWEB_SITE)}&permissiontype=0"></a>]]></nextgroup>
<recordset>
${records(HANWEB_PROXY_RECORDS)}
</recordset>
</datastore>`;

const hanwebArticle = (title: string, date: string, body: string) => `<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />
<meta name="SiteName" content="${HANWEB_SITE}" />
<meta name="ArticleTitle" content="${title}" />
<meta name="PubDate" content="${date} 09:30" />
<title>${title}</title></head><body>
<div class="top"><a href="/index.html">首页</a></div>
<table width="100%" class="article"><tr><td class="title">${title}</td></tr>
<tr><td><div id="zoom">${body}</div></td></tr></table>
<div class="bottom">Produced By 大汉网络 大汉版通发布系统</div>
</body></html>`;

const DOWNFILE = '/module/download/downfile.jsp?classid=0&filename=2501201033456.pdf';
const HANWEB_PDF = '/picture/0/2501201033456.pdf';

const hanwebRoutes = (): Record<string, Route> => ({
  '/col/col123/index.html': send('text/html', gbk(hanwebColumn())),
  '/module/web/jpage/dataproxy.jsp': (_req, res, url) => {
    // Only the group after the embedded one exists; anything else is the family asking wrongly.
    const q = url.searchParams;
    if (q.get('startrecord') !== '5' || q.get('columnid') !== '123' || q.get('unitid') !== '4102') return void res.writeHead(400).end();
    res.writeHead(200, { 'content-type': 'text/xml' }).end(gbk(hanwebProxy()));
  },
  '/art/2021/1/20/art_123_1001.html': send('text/html', GBK_REPORT),
  '/art/2021/1/22/art_123_1002.html': send('text/html', gbk(hanwebArticle(HANWEB_RECORDS[1][1], '2021-01-22', '<p>一、报告的主要内容……（解读，不是报告）</p>'))),
  '/art/2025/1/20/art_123_2001.html': send(
    'text/html',
    gbk(hanwebArticle(HANWEB_PROXY_RECORDS[0][1], '2025-01-20', `<p>${HANWEB_PROXY_RECORDS[0][1]}全文见附件。</p><p>附件：<a href="${DOWNFILE.replace(/&/g, '&amp;')}">${HANWEB_PROXY_RECORDS[0][1]}.pdf</a></p>`)),
  ),
  '/module/download/downfile.jsp': (_req, res, url) => {
    if (url.searchParams.get('filename') !== '2501201033456.pdf') return void res.writeHead(404).end();
    res.writeHead(302, { location: HANWEB_PDF }).end();
  },
  [HANWEB_PDF]: send('application/pdf', HONGZE_2024),
});

// ---------------------------------------------------------------- gkmlpt (JSON API, two pages)

const GK_TREE = [
  { id: 2620, name: '政府信息公开指南', parent: 0, post_count: 1, jump_url: '', children: [] },
  { id: 2629, name: '政府信息公开年报', parent: 0, post_count: 4, jump_url: '', children: [] },
  { id: 2640, name: '年报（旧版）', parent: 0, post_count: 0, jump_url: 'http://10.0.0.1/xxgk/nb/', children: [] },
];
const gkShell = () => `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>政府信息公开年报 - 淮安市人民政府</title></head>
<body><noscript><strong>请开启浏览器的 JavaScript 功能以浏览本页面。</strong></noscript><div id="app"></div>
<script>
    window._CONFIG = {
        SID: '755001',
        SITE_NAME: '淮安市人民政府',
        TREE: ${JSON.stringify(GK_TREE)},
        IS_MOBILE: false,
        LIST_PAGE_SIZE: 2
    };
</script></body></html>`;

const GK_POSTS = {
  huaian: '/gkmlpt/content/0/963/post_963149.html',
  picture: '/gkmlpt/content/0/961/post_961002.html',
  hongze: '/gkmlpt/content/0/801/post_801177.html',
  notice: '/gkmlpt/content/0/800/post_800001.html',
};
const GK_FILES = { huaian: '/attachment/0/88/88389/963149.pdf', hongze: '/attachment/0/80/80117/801177.pdf', picture: '/attachment/0/88/88301/961002.jpg' };

const gkApi = (origin: string, page: number) =>
  JSON.stringify({
    classify: { id: 2629, name: '政府信息公开年报', post_count: 4 },
    total: 4,
    articles:
      page === 1
        ? [
            {
              id: 963149, title: '淮安市人民政府2024年政府信息公开工作年度报告', url: `${origin}${GK_POSTS.huaian}`, first_publish_time: 1737338400,
              // An absolute attachment URL on the same server, as the platform writes them.
              attachment: [{ id: 88389, name: '淮安市人民政府2024年政府信息公开工作年度报告.pdf', url: `${origin}${GK_FILES.huaian}` }],
            },
            {
              id: 961002, title: '一图读懂淮安市人民政府2024年政府信息公开工作年度报告', url: `${origin}${GK_POSTS.picture}`, first_publish_time: 1737252000,
              attachment: [{ id: 88301, name: '一图读懂.jpg', url: GK_FILES.picture }],
            },
          ]
        : [
            {
              id: 801177, title: '洪泽区人民政府2023年政府信息公开工作年度报告', url: `${origin}${GK_POSTS.hongze}`, first_publish_time: 1706659200,
              // A relative one, and a name that does not say the kind: the URL does.
              attachment: [{ id: 80117, name: '年度报告全文', url: GK_FILES.hongze }],
            },
            { id: 800001, title: '淮安市人民政府关于印发2024年政务公开工作要点的通知', url: `${origin}${GK_POSTS.notice}`, first_publish_time: 1706000000, attachment: [] },
          ],
  });

/** An article page as the server renders it: the text only, the files are in the API's entry. */
const gkPost = (title: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="ArticleTitle" content="${title}"><title>${title}</title></head>
<body><div class="article-content"><h1>${title}</h1><p>全文见附件。</p></div></body></html>`;
/** An article page as the platform's script renders it: nothing but the record in window._CONFIG.DETAIL. */
const gkDetail = (title: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title></head>
<body><div id="app"></div><script>
    window._CONFIG = { SID: '755001', DETAIL: ${JSON.stringify({ id: 801177, title, content: '<p>全文见附件。</p>', first_publish_time: 1706659200, attachment: [] })} };
</script><script src="/gkmlpt/gkml/pc/js/app.8d1e4b22.js"></script></body></html>`;

const gkRoutes = (origin: string): Record<string, Route> => ({
  '/gkmlpt/annualreport': send('text/html; charset=utf-8', gkShell()),
  '/gkmlpt/api/all/2629': (_req, res, url) => {
    const page = Number(url.searchParams.get('page'));
    if (url.searchParams.get('sid') !== '755001' || (page !== 1 && page !== 2)) return void res.writeHead(400).end();
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(gkApi(origin, page));
  },
  [GK_POSTS.huaian]: send('text/html; charset=utf-8', gkPost('淮安市人民政府2024年政府信息公开工作年度报告')),
  [GK_POSTS.picture]: send('text/html; charset=utf-8', gkPost('一图读懂淮安市人民政府2024年政府信息公开工作年度报告')),
  [GK_POSTS.hongze]: send('text/html; charset=utf-8', gkDetail('洪泽区人民政府2023年政府信息公开工作年度报告')),
  [GK_FILES.huaian]: send('application/pdf', HUAIAN_2024),
  [GK_FILES.hongze]: send('application/pdf', HONGZE_2023),
  [GK_FILES.picture]: send('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9])),
});

// ---------------------------------------------------------------- faults

const FAULT_LINKS = [
  ['retry.html', '青禾县人民政府2022年政府信息公开工作年度报告'],
  ['loop-a.html', '青禾县人民政府2021年政府信息公开工作年度报告'],
  ['slow.html', '青禾县人民政府2020年政府信息公开工作年度报告'],
  ['trickle.html', '青禾县人民政府2019年政府信息公开工作年度报告'],
  // In scope through allowHosts: the fetcher must refuse it. Out of scope: the crawl must drop it.
  ['http://169.254.169.254/latest/meta-data', '青禾县人民政府2018年政府信息公开工作年度报告'],
  ['http://10.0.0.1/x.html', '青禾县人民政府2017年政府信息公开工作年度报告'],
  ['/index.html', '首页'],
];
const faultList = () => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报_青禾县人民政府</title></head><body>
<ul class="list">${FAULT_LINKS.map(([href, title]) => `<li><a href="${href}">${title}</a><span>2023-01-20</span></li>`).join('')}</ul></body></html>`;

/** Handlers that keep a response open, stopped when the test closes the server. */
const pending = new Set<() => void>();

const faultRoutes = (): Record<string, Route> => {
  let retried = 0;
  return {
    '/xxgk/nb/index.html': send('text/html; charset=utf-8', faultList()),
    '/xxgk/nb/retry.html': (_req, res) => {
      if (retried++ === 0) return void res.writeHead(503, { 'retry-after': '1', 'content-type': 'text/plain' }).end('busy, come back in a second');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(WORD_HTML);
    },
    '/xxgk/nb/loop-a.html': (_req, res) => void res.writeHead(302, { location: 'loop-b.html' }).end(),
    '/xxgk/nb/loop-b.html': (_req, res) => void res.writeHead(302, { location: '/xxgk/nb/loop-a.html' }).end(),
    // Never answers: the headers timeout.
    '/xxgk/nb/slow.html': (_req, res) => {
      const t = setTimeout(() => res.writeHead(200).end('too late'), 15_000);
      const stop = () => clearTimeout(t);
      pending.add(stop);
      res.on('close', stop);
    },
    // Headers at once, then a chunk every 200 ms for ever: only the total time limit ends it.
    '/xxgk/nb/trickle.html': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.write('<html><body>');
      const t = setInterval(() => res.write('<p>…</p>'), 200);
      const stop = () => clearInterval(t);
      pending.add(stop);
      res.on('close', stop);
    },
  };
};

// ---------------------------------------------------------------- the crawl

describe('crawl over the Hanweb and gkmlpt families, and a site of faults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crawl-families-'));
  let hanweb: Site;
  let gk: Site;
  let faults: Site;
  let store: SqliteStore;
  let summary: CrawlSummary;
  let seconds = 0;
  const lines: string[] = [];
  /** Hosts undici was about to connect to, and did connect to. */
  const connecting: string[] = [];
  const connected: string[] = [];
  const onBefore = (m: unknown) => connecting.push((m as { connectParams: { hostname: string } }).connectParams.hostname);
  const onConnected = (m: unknown) => connected.push((m as { connectParams: { hostname: string } }).connectParams.hostname);

  beforeAll(async () => {
    [hanweb, gk, faults] = await Promise.all([site(hanwebRoutes), site(gkRoutes), site(faultRoutes)]);
    const seeds: Seed[] = [
      { region_code: '320800', issuer: HANWEB_SITE, url: `${hanweb.origin}/col/col123/index.html`, line: 2 },
      { region_code: '320800', issuer: '淮安市人民政府', url: `${gk.origin}/gkmlpt/annualreport`, line: 3 },
      { region_code: '330000', issuer: '青禾县人民政府', url: `${faults.origin}/xxgk/nb/index.html`, line: 4 },
    ];
    store = new SqliteStore(join(dir, 'nianbao.sqlite'));
    diagnostics_channel.subscribe('undici:client:beforeConnect', onBefore);
    diagnostics_channel.subscribe('undici:client:connected', onConnected);
    const t0 = performance.now();
    try {
      summary = await crawl(seeds, new Archive(join(dir, 'archive')), store, {
        userAgent: nianbaoUserAgent('tests@example.org'),
        delayMs: DELAY_MS,
        retryBaseMs: 100,
        maxAttempts: 3,
        headersTimeoutMs: 500,
        totalTimeoutMs: 2500,
        // Loopback only, by exception: every other private address stays refused.
        allowAddresses: ['127.0.0.1'],
        allowHosts: ['169.254.169.254'],
        log: (line) => lines.push(line),
      });
    } finally {
      seconds = (performance.now() - t0) / 1000;
      diagnostics_channel.unsubscribe('undici:client:beforeConnect', onBefore);
      diagnostics_channel.unsubscribe('undici:client:connected', onConnected);
    }
  }, 60_000);

  afterAll(async () => {
    for (const stop of pending) stop();
    await Promise.all([hanweb, gk, faults].filter(Boolean).map((s) => s.close()));
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const recs = () => (store.db.prepare(`SELECT record FROM reports`).all() as { record: string }[]).map((r) => JSON.parse(r.record) as ReportRecord);
  const fetchRow = (url: string) => store.db.prepare(`SELECT * FROM crawl_fetches WHERE url = ?`).get(url) as FetchRow | undefined;
  const paths = (s: Site) => s.hits.map((h) => h.url);

  it('reads exactly the expected reports, each with the URL it was read from', () => {
    const got = recs()
      .map((r) => [r.issuer.name, r.year, r.source.url])
      .sort((a, b) => String(a[2]).localeCompare(String(b[2])));
    const want = [
      ['澄州市市场监督管理局', 2020, `${hanweb.origin}/art/2021/1/20/art_123_1001.html`],
      ['淮安市洪泽区人民政府', 2024, `${hanweb.origin}${HANWEB_PDF}`],
      ['淮安市人民政府', 2024, `${gk.origin}${GK_FILES.huaian}`],
      ['洪泽区人民政府', 2023, `${gk.origin}${GK_FILES.hongze}`],
      ['青禾县人民政府', 2022, `${faults.origin}/xxgk/nb/retry.html`],
    ].sort((a, b) => String(a[2]).localeCompare(String(b[2])));
    expect(got).toEqual(want);
    expect(summary).toMatchObject({ seeds: 3, reportsRead: 5, reportsKnown: 0, companions: 2, blocked: 0, failed: 4, active: 0 });
    expect(seconds).toBeLessThan(20);
  });

  it('Hanweb: reads the GBK column, its dataproxy.jsp group, the GBK report page, and the PDF behind downfile.jsp', () => {
    // The list titles were decoded right (they are what crawl_fetches keeps), from the page and from the XML.
    const report = fetchRow(`${hanweb.origin}/art/2021/1/20/art_123_1001.html`)!;
    expect(report).toMatchObject({ state: 'fetched', kind: 'article', charset: 'gbk', title: '澄州市市场监督管理局2020年政府信息公开工作年度报告', year: 2020, role: 'report' });
    expect(report.report_id).toMatch(/^[0-9a-f]{64}$/);
    expect(fetchRow(`${hanweb.origin}/col/col123/index.html`)).toMatchObject({ state: 'fetched', kind: 'list', charset: 'gbk' });
    const proxy = (store.db.prepare(`SELECT * FROM crawl_fetches WHERE url LIKE '%dataproxy.jsp%'`).all() as FetchRow[]).map((r) => [r.state, r.charset, new URL(r.url).searchParams.get('webname')]);
    expect(proxy).toEqual([['fetched', 'gbk', HANWEB_SITE]]);
    expect(fetchRow(`${hanweb.origin}/art/2025/1/20/art_123_2001.html`)).toMatchObject({ title: HANWEB_PROXY_RECORDS[0][1], year: 2024, report_id: null });
    // The 302: asked for the servlet, read from where it led; the page that links it is its parent.
    const file = fetchRow(`${hanweb.origin}${DOWNFILE}`)!;
    expect(file).toMatchObject({ state: 'fetched', kind: 'attachment', http_status: 200, final_url: `${hanweb.origin}${HANWEB_PDF}`, content_type: 'application/pdf', parent_url: `${hanweb.origin}/art/2025/1/20/art_123_2001.html` });
    expect(file.report_id).toMatch(/^[0-9a-f]{64}$/);
    const archived = join(dir, 'archive', file.sha256!.slice(0, 2), `${file.sha256}.pdf`);
    expect(existsSync(archived)).toBe(true);
    expect(JSON.parse(readFileSync(`${archived}.json`, 'utf8')).fetches[0]).toMatchObject({ url: `${hanweb.origin}${DOWNFILE}`, finalUrl: `${hanweb.origin}${HANWEB_PDF}` });
    // The 解读 is archived, never read as a report.
    expect(fetchRow(`${hanweb.origin}/art/2021/1/22/art_123_1002.html`)).toMatchObject({ state: 'fetched', role: 'companion', report_id: null });
  });

  it('gkmlpt: lists from the API over two pages and reads the attachments the API names', () => {
    const api = (page: number) => `${gk.origin}/gkmlpt/api/all/2629?page=${page}&sid=755001`;
    expect([fetchRow(api(1))?.state, fetchRow(api(2))?.state]).toEqual(['fetched', 'fetched']);
    for (const [file, post] of [[GK_FILES.huaian, GK_POSTS.huaian], [GK_FILES.hongze, GK_POSTS.hongze]]) {
      expect(fetchRow(`${gk.origin}${file}`)).toMatchObject({ state: 'fetched', kind: 'attachment', parent_url: `${gk.origin}${post}`, report_id: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
    // The 一图读懂's page and its picture are archived as a companion's, never read as a report.
    expect(fetchRow(`${gk.origin}${GK_POSTS.picture}`)).toMatchObject({ role: 'companion', report_id: null });
    expect(fetchRow(`${gk.origin}${GK_FILES.picture}`)).toMatchObject({ state: 'fetched', kind: 'attachment', report_id: null, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('faults: the 503 is retried after its Retry-After; the loop and the timeouts are failures with their reasons', () => {
    const retry = faults.hits.filter((h) => h.url === '/xxgk/nb/retry.html');
    expect(retry).toHaveLength(2);
    expect(retry[1].at - retry[0].at).toBeGreaterThanOrEqual(990);
    expect(fetchRow(`${faults.origin}/xxgk/nb/retry.html`)).toMatchObject({ state: 'fetched', http_status: 200, report_id: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const failed = (store.db.prepare(`SELECT url, state, kind, reason FROM crawl_fetches WHERE state <> 'fetched' ORDER BY url`).all() as FetchRow[]).map((r) => [r.url, r.state, r.reason]);
    expect(failed).toEqual([
      [`${faults.origin}/xxgk/nb/loop-a.html`, 'failed', expect.stringMatching(/^redirect_loop: .*loop-b\.html redirects back to .*loop-a\.html/)],
      [`${faults.origin}/xxgk/nb/slow.html`, 'failed', expect.stringMatching(/^timeout: .*sent no response headers in time/)],
      [`${faults.origin}/xxgk/nb/trickle.html`, 'failed', expect.stringMatching(/^timeout: .*took longer than 2500 ms in all/)],
      ['http://169.254.169.254/latest/meta-data', 'failed', expect.stringMatching(/^refused_address: .*169\.254\.169\.254.*linkLocal/)],
    ]);
    // The out-of-scope private link never became a fetch at all.
    expect(fetchRow('http://10.0.0.1/x.html')).toBeUndefined();
    expect(lines.filter((l) => l.startsWith('failed'))).toHaveLength(4);
  });

  it('sends each server only the requests its family produces, in order, politely, and connects nowhere else', () => {
    const q = (u: string) => Object.fromEntries(new URL(u, 'http://x').searchParams);
    const hw = paths(hanweb);
    expect(hw.map((u) => u.split('?')[0])).toEqual([
      '/robots.txt',
      '/col/col123/index.html',
      '/module/web/jpage/dataproxy.jsp',
      '/art/2021/1/20/art_123_1001.html',
      '/art/2021/1/22/art_123_1002.html',
      '/art/2025/1/20/art_123_2001.html',
      '/module/download/downfile.jsp',
      HANWEB_PDF,
    ]);
    expect(q(hw[2])).toMatchObject({ startrecord: '5', endrecord: '6', perpage: '2', columnid: '123', unitid: '4102', webid: '12', webname: HANWEB_SITE });
    expect(hw[6]).toBe(DOWNFILE);
    expect(paths(gk)).toEqual([
      '/robots.txt',
      '/gkmlpt/annualreport',
      '/gkmlpt/api/all/2629?page=1&sid=755001',
      '/gkmlpt/api/all/2629?page=2&sid=755001',
      GK_POSTS.huaian,
      GK_FILES.huaian,
      GK_POSTS.picture,
      GK_FILES.picture,
      GK_POSTS.hongze,
      GK_FILES.hongze,
    ]);
    expect(paths(faults)).toEqual([
      '/robots.txt',
      '/xxgk/nb/index.html',
      '/xxgk/nb/retry.html',
      '/xxgk/nb/retry.html',
      '/xxgk/nb/loop-a.html',
      '/xxgk/nb/loop-b.html',
      '/xxgk/nb/slow.html',
      '/xxgk/nb/trickle.html',
    ]);
    for (const s of [hanweb, gk, faults]) {
      // A request starts no sooner than DELAY_MS after the previous one ended, so arrivals are at least that far apart.
      const gaps = s.hits.slice(1).map((h, i) => h.at - s.hits[i].at);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(DELAY_MS - 5);
      expect(s.hits.every((h) => h.ua?.startsWith('nianbao/'))).toBe(true);
    }
    expect(connecting.length).toBeGreaterThan(0);
    expect(connecting.every((h) => h === '127.0.0.1')).toBe(true);
    expect(connected.every((h) => h === '127.0.0.1')).toBe(true);
  });
});
