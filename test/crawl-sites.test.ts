import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readJpage } from '../src/crawl/sites/hanweb.js';
import {
  FAMILIES,
  attachmentFor,
  detectFamily,
  gkmlpt,
  hanweb,
  isWantedReport,
  kind,
  kindOf,
  links,
  parseArticle,
  reportYear,
  trs,
} from '../src/crawl/sites/index.js';
import { readPager } from '../src/crawl/sites/trs.js';

const DIR = join(import.meta.dirname, 'fixtures/portals');
const fixture = (name: string): string => readFileSync(join(DIR, name), 'utf8');

const TRS_LIST = 'https://www.trs-county.gov.cn/zwgk/zfxxgk/fdzdgknr/zfxxgknb/index.html';
const TRS_ARTICLE = 'https://www.trs-county.gov.cn/zwgk/zfxxgk/fdzdgknr/zfxxgknb/202401/t20240120_812345.html';
const HANWEB_COLUMN = 'https://www.hanweb-county.gov.cn/col/col1229/index.html';
const HANWEB_HOST = 'https://www.hanweb-county.gov.cn';
const GKMLPT_PAGE = 'https://www.gkmlpt-city.gov.cn/szfbgs/gkmlpt/annualreport';
const GKMLPT_API = 'https://www.gkmlpt-city.gov.cn/szfbgs/gkmlpt/api/all/2629?page=1&sid=755001';
const LINKS_LIST = 'https://www.links-town.gov.cn/zwgk/ndbg/index.html';

/** The proxy request the jpage script would send for records start…end of the fixture column. */
const proxy = (start: number, end: number): string =>
  `${HANWEB_HOST}/module/web/jpage/dataproxy.jsp?startrecord=${start}&endrecord=${end}&perpage=2` +
  '&col=1&appid=1&webid=12&path=%2F&columnid=1229&sourceContentType=1&unitid=4102' +
  '&webname=%E7%A4%BA%E4%BE%8B%E5%8E%BF%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C&permissiontype=0';

/** The Hanweb column page is GBK, declared only in its <meta>: decoded as a fetcher would. */
function hanwebColumn(): string {
  const bytes = readFileSync(join(DIR, 'hanweb-column.gbk.html'));
  expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
  const head = bytes.subarray(0, 1024).toString('latin1');
  expect(head).toMatch(/<meta http-equiv="Content-Type" content="text\/html; charset=gbk"/);
  return iconv.decode(bytes, 'gbk');
}

describe('TRS lists', () => {
  it('lists the articles, resolved against the list URL, with their dates', () => {
    expect(trs.listPage(TRS_LIST, fixture('trs-list.html')).articles).toEqual([
      {
        url: 'https://www.trs-county.gov.cn/zwgk/zfxxgk/fdzdgknr/zfxxgknb/202401/t20240120_812345.html',
        title: '示例县财政局2023年政府信息公开工作年度报告',
        date: '2024-01-20',
      },
      {
        // The list cut the text ("…政府信息公..."); the title attribute has it whole.
        url: 'https://www.trs-county.gov.cn/zwgk/zfxxgk/fdzdgknr/zfxxgknb/202401/t20240118_812201.html',
        title: '示例县教育局（县体育局）2023年政府信息公开工作年度报告',
        date: '2024-01-18',
      },
      {
        url: 'https://www.trs-county.gov.cn/zwgk/zfxxgk/zcjd/202301/t20230131_790012.html',
        title: '《示例县2022年政府信息公开工作年度报告》解读',
        date: '2023-01-31',
      },
    ]);
  });

  it('generates the other pages from createPageHTML(5, 0, "index", "html"), skipping the inline function definition', () => {
    const base = 'https://www.trs-county.gov.cn/zwgk/zfxxgk/fdzdgknr/zfxxgknb/';
    expect(trs.listPage(TRS_LIST, fixture('trs-list.html')).pages).toEqual([1, 2, 3, 4].map((i) => `${base}index_${i}.html`));
  });

  it('reads the pager in its other forms: div id first, variables, list_N.shtml; never lists the page itself', () => {
    expect(readPager(`<script>createPageHTML('page_div',34, 1,'index','shtml',652);</script>`)).toEqual({ total: 34, current: 1, name: 'index', ext: 'shtml' });
    expect(readPager('<script>var countPage = 3//共多少页\nvar currentPage = 0;\ncreatePageHTML(countPage, currentPage, "list", "shtml");</script>')).toEqual({
      total: 3,
      current: 0,
      name: 'list',
      ext: 'shtml',
    });
    expect(readPager('<script>function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){}</script>')).toBeNull();
    expect(trs.listPage('https://a.gov.cn/nb/index_2.html', '<script>createPageHTML(4, 2, "index", "html");</script>').pages).toEqual([
      'https://a.gov.cn/nb/index.html',
      'https://a.gov.cn/nb/index_1.html',
      'https://a.gov.cn/nb/index_3.html',
    ]);
    // A channel URL without a file name is its folder.
    expect(trs.listPage('https://a.gov.cn/nb', '<script>createPageHTML(3, 0, "list", "shtml");</script>').pages).toEqual([
      'https://a.gov.cn/nb/list_1.shtml',
      'https://a.gov.cn/nb/list_2.shtml',
    ]);
  });

  it('keeps a PDF linked from a list entry, not one from the sidebar', () => {
    const html = '<ul><li><a href="./202401/P020240120123.pdf">示例县审计局2023年报</a> 2024-01-20</li></ul><div class="side"><a href="/zn/P020230101.pdf">政府信息公开指南</a></div>';
    expect(trs.listPage('https://a.gov.cn/nb/', html).articles).toEqual([
      { url: 'https://a.gov.cn/nb/202401/P020240120123.pdf', title: '示例县审计局2023年报', date: '2024-01-20' },
    ]);
  });
});

describe('Hanweb columns', () => {
  it('lists the records embedded in the column page (titles from the title attribute, dates inside or beside the link)', () => {
    expect(hanweb.listPage(HANWEB_COLUMN, hanwebColumn())).toEqual({
      articles: [
        { url: `${HANWEB_HOST}/art/2024/1/22/art_1229_3310.html`, title: '示例县住房和城乡建设局2023年政府信息公开工作年度报告', date: '2024-01-22' },
        { url: `${HANWEB_HOST}/art/2024/1/20/art_1229_3301.html`, title: '示例县财政局2023年政府信息公开工作年度报告', date: '2024-01-20' },
        { url: `${HANWEB_HOST}/art/2024/1/19/art_1229_3297.html`, title: '一图读懂示例县2023年政府信息公开工作年度报告', date: '2024-01-19' },
        { url: `${HANWEB_HOST}/art/2024/1/18/art_1229_3290.html`, title: '示例县人力资源和社会保障局2023年度政府信息公开工作年度报告', date: '2024-01-18' },
        { url: 'http://zwgk.hanweb-county.gov.cn/art/2023/1/30/art_5521_1201.html', title: '示例县人民政府2022年政府信息公开工作年度报告', date: '2023-01-30' },
        {
          url: `${HANWEB_HOST}/module/download/downfile.jsp?classid=0&filename=2301281033456.pdf`,
          title: '示例县审计局2022年政府信息公开工作年度报告',
          date: '2023-01-28',
        },
      ],
      pages: [],
    });
  });

  it("builds the dataproxy.jsp requests for the later groups from the page's jpage settings", () => {
    // totalRecord 14, perPage 2, groupSize 3: the page holds records 1–6; jpage cuts the last group at 14.
    expect(hanweb.listRequests!(HANWEB_COLUMN, hanwebColumn())).toEqual([proxy(7, 12), proxy(13, 14)]);
    expect(readJpage(hanwebColumn(), HANWEB_COLUMN)).toMatchObject({
      proxy: '/module/web/jpage/dataproxy.jsp',
      totalRecord: 14,
      perPage: 2,
      groupSize: 3,
      params: { webid: '12', columnid: '1229', unitid: '4102', webname: '示例县人民政府', path: '/' },
    });
  });

  it('reads a dataproxy.jsp answer: its records, and the groups after it from <totalrecord>', () => {
    const page = hanweb.listPage(proxy(7, 12), fixture('hanweb-dataproxy.xml'));
    expect(page.articles.map((a) => [a.url.replace(HANWEB_HOST, ''), a.date])).toEqual([
      ['/art/2023/1/20/art_1229_2815.html', '2023-01-20'],
      ['/art/2023/1/18/art_1229_2809.html', '2023-01-18'],
      ['/art/2022/1/25/art_1229_2300.html', '2022-01-25'],
      ['/art/2021/1/29/art_1229_1902.html', '2021-01-29'],
      ['/art/2020/3/2/art_1229_1501.html', '2020-03-02'],
      ['/art/2019/3/1/art_1229_1120.html', '2019-03-01'],
    ]);
    expect(page.pages).toEqual([proxy(13, 14)]);
    expect(hanweb.listRequests!(proxy(7, 12), fixture('hanweb-dataproxy.xml'))).toEqual([]);
    // The last group has nothing after it.
    expect(hanweb.listPage(proxy(13, 14), fixture('hanweb-dataproxy.xml')).pages).toEqual([]);
  });

  it('takes the parameters from the <nextgroup> link when the page has no jpage call, and asks for the next group only', () => {
    const records = Array.from({ length: 45 }, (_, i) => `<record><![CDATA[<li><a href="/art/2024/1/2/art_77_${i}.html">第${i}条</a></li>]]></record>`).join('');
    const html =
      '<div id="55"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/jslib/jquery/jpage/dataproxy.jsp?page=1&appid=1&webid=3&path=/&columnid=77&unitid=55&webname=%25E7%25A4%25BA%25E4%25BE%258B&permissiontype=0"></a>]]></nextgroup>' +
      `<recordset>${records}</recordset></datastore></script></div>`;
    expect(hanweb.listRequests!('https://h.gov.cn/col/col77/index.html', html)).toEqual([
      'https://h.gov.cn/module/jslib/jquery/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15&col=1&appid=1&webid=3&path=%2F&columnid=77&sourceContentType=1&unitid=55&webname=%E7%A4%BA%E4%BE%8B&permissiontype=0',
    ]);
  });

  it('asks for nothing when the embedded group is already the whole column', () => {
    const html =
      '<div id="55"><script type="text/xml"><datastore><recordset><record><![CDATA[<li><a href="/art/2024/1/2/art_77_1.html">一</a></li>]]></record></recordset></datastore></script></div>' +
      "<script>$('#55').jpage({totalRecord:1,perPage:15,groupSize:3,ajaxParam:{columnid:77,unitid:'55',webid:3}});</script>";
    expect(hanweb.listRequests!('https://h.gov.cn/col/col77/index.html', html)).toEqual([]);
  });
});

describe('gkmlpt', () => {
  it('builds the API request from the SID and the category in the URL fragment', () => {
    expect(gkmlpt.listRequests!(`${GKMLPT_PAGE}#2629`, fixture('gkmlpt-annualreport.html'))).toEqual([GKMLPT_API]);
  });

  it('without a fragment, requests every annual-report category of the TREE (not jump_url links, not category 0)', () => {
    expect(gkmlpt.listRequests!(GKMLPT_PAGE, fixture('gkmlpt-annualreport.html'))).toEqual([
      GKMLPT_API,
      'https://www.gkmlpt-city.gov.cn/szfbgs/gkmlpt/api/all/2633?page=1&sid=755001',
    ]);
    expect(gkmlpt.listPage(GKMLPT_PAGE, fixture('gkmlpt-annualreport.html'))).toEqual({ articles: [], pages: [] });
  });

  it('reads the API answer: articles with their attachments and China-time dates, and the other pages', () => {
    expect(gkmlpt.listPage(GKMLPT_API, fixture('gkmlpt-api.json'))).toEqual({
      articles: [
        {
          url: 'https://www.gkmlpt-city.gov.cn/szfbgs/gkmlpt/content/0/963/post_963149.html',
          title: '示例市人民政府办公室2023年政府信息公开工作年度报告',
          date: '2024-01-20',
          attachments: [
            {
              url: 'https://www.gkmlpt-city.gov.cn/szfbgs/attachment/0/88/88389/963149.pdf',
              name: '示例市人民政府办公室2023年政府信息公开工作年度报告.pdf',
              kind: 'pdf',
            },
          ],
        },
        {
          url: 'https://www.gkmlpt-city.gov.cn/szfbgs/gkmlpt/content/0/961/post_961002.html',
          title: '一图读懂示例市人民政府办公室2023年政府信息公开工作年度报告',
          date: '2024-01-15',
          attachments: [{ url: 'https://www.gkmlpt-city.gov.cn/szfbgs/attachment/0/88/88301/961002.jpg', name: '一图读懂.jpg', kind: 'image' }],
        },
        {
          // first_publish_time 1675096200 is 2023-01-30 16:30 UTC, already the 31st in China.
          url: 'https://www.gkmlpt-city.gov.cn/szfbgs/gkmlpt/content/0/801/post_801177.html',
          title: '示例市人民政府办公室2022年政府信息公开工作年度报告',
          date: '2023-01-31',
        },
      ],
      pages: [
        'https://www.gkmlpt-city.gov.cn/szfbgs/gkmlpt/api/all/2629?page=2&sid=755001',
        'https://www.gkmlpt-city.gov.cn/szfbgs/gkmlpt/api/all/2629?page=3&sid=755001',
      ],
    });
  });

  it('names no pages from a later page, and reads a broken answer as empty', () => {
    const later = gkmlpt.listPage(GKMLPT_API.replace('page=1', 'page=2'), '{"total":9,"articles":[{"title":"t","url":"/gkmlpt/content/1.html","created_at":"2024-01-02 10:00:00"}]}');
    expect(later).toEqual({ articles: [{ url: 'https://www.gkmlpt-city.gov.cn/gkmlpt/content/1.html', title: 't', date: '2024-01-02' }], pages: [] });
    expect(gkmlpt.listPage(GKMLPT_API, '<html>502 Bad Gateway</html>')).toEqual({ articles: [], pages: [] });
  });
});

describe('generic link lists', () => {
  it('keeps report and companion links that state a year, and follows year folders and 汇总 pages', () => {
    expect(links.listPage(LINKS_LIST, fixture('links-list.html'))).toEqual({
      articles: [
        { url: 'https://www.links-town.gov.cn/zwgk/ndbg/content_5012.html', title: '示例镇2023年政府信息公开工作年度报告', date: '2024-01-25' },
        { url: 'https://www.links-town.gov.cn/zwgk/zcjd/content_5013.html', title: '《示例镇2023年政府信息公开工作年度报告》解读', date: '2024-01-25' },
        { url: 'https://www.links-town.gov.cn/uploadfile/2023/0130/20230130101530512.pdf', title: '示例镇2022年度政府信息公开年报', date: '2023-01-30' },
        { url: 'https://www.links-town.gov.cn/zwgk/ndbg/content_3377.html', title: '关于示例镇2021年政府信息公开工作的年度报告', date: '2022-01-28' },
      ],
      // Not: the report without a year, the notice, the 政府工作报告, another topic's 年度报告,
      // the menus, nor another site's year folder.
      pages: [
        'https://www.links-town.gov.cn/zwgk/ndbg/hz2022/index.html',
        'https://www.links-town.gov.cn/zwgk/ndbg/nb_2020n/',
        'https://www.links-town.gov.cn/zwgk/ndbg/2019nb/index.html',
      ],
    });
  });

  it('classifies what it kept: the 解读 is a companion, the rest are reports of their years', () => {
    const kept = links.listPage(LINKS_LIST, fixture('links-list.html')).articles;
    expect(kept.map((a) => [kind(a.title), reportYear(a.title)])).toEqual([
      ['report', 2023],
      ['companion', 2023],
      ['report', 2022],
      ['report', 2021],
    ]);
    expect(kept.filter((a) => isWantedReport(a.title, [2022, 2023])).map((a) => reportYear(a.title))).toEqual([2023, 2022]);
  });

  it("lists a 汇总 page's units, titled with the unit and the page's title (not the chrome's links)", () => {
    const page = links.listPage('https://www.links-town.gov.cn/zwgk/ndbg/hz2022/index.html', fixture('links-summary.html'));
    const suffix = '（2022年度各村（社区）政府信息公开工作年度报告汇总）';
    expect(page).toEqual({
      articles: [
        { url: 'https://www.links-town.gov.cn/uploadfile/2023/0130/dongfeng2022.pdf', title: `东风村村民委员会${suffix}` },
        { url: 'https://www.links-town.gov.cn/uploadfile/2023/0130/xinhe2022.docx', title: `新河社区居民委员会${suffix}` },
        { url: 'https://www.links-town.gov.cn/uploadfile/2023/0130/hongqi2022.wps', title: `红旗村${suffix}` },
        { url: 'https://www.links-town.gov.cn/zwgk/ndbg/content_3401.html', title: `示例镇卫生院${suffix}` },
      ],
      pages: [],
    });
    expect(page.articles.every((a) => kind(a.title) === 'report' && reportYear(a.title) === 2022)).toBe(true);
  });
});

describe('article pages', () => {
  it('reads a TRS article: metas, title, date, the PDF below the content and the image in it, the statistics table', () => {
    const article = parseArticle(TRS_ARTICLE, fixture('trs-article.html'));
    expect(article).toMatchObject({
      title: '示例县财政局2023年政府信息公开工作年度报告',
      metas: {
        ArticleTitle: '示例县财政局2023年政府信息公开工作年度报告',
        PubDate: '2024-01-20 15:17',
        ColumnName: '政府信息公开年报',
        SiteIDCode: '3500000001',
        ContentSource: '县财政局',
      },
      publishedAt: '2024-01-20',
      hasTables: true,
      // The sidebar's 政府信息公开指南.pdf and the header logo are not the article's.
      attachments: [
        {
          url: 'https://www.trs-county.gov.cn/zwgk/zfxxgk/fdzdgknr/zfxxgknb/202401/P020240120512345678901.pdf',
          name: '示例县财政局2023年政府信息公开工作年度报告.pdf',
          kind: 'pdf',
        },
        { url: 'https://www.trs-county.gov.cn/zwgk/zfxxgk/fdzdgknr/zfxxgknb/202401/W020240120512345678902.png', name: '公章', kind: 'image' },
      ],
    });
    expect(Object.keys(article.metas)).toEqual(['ArticleTitle', 'PubDate', 'ColumnName', 'SiteIDCode', 'ContentSource']);
    expect(article.bodyText.split('\n')).toEqual([
      '根据《中华人民共和国政府信息公开条例》要求，编制本报告。本报告中所列数据的统计期限为2023年1月1日至2023年12月31日。',
      '一、总体情况',
      '2023年，县财政局主动公开政府信息126条。',
      '四、政府信息公开行政复议、行政诉讼情况',
      '行政复议\t行政诉讼',
      '结果维持\t结果纠正\t其他结果\t尚未审结\t总计',
      '1\t0\t0\t0\t1',
    ]);
  });

  it("reads a Hanweb article: downfile.jsp links are attachments, kind from their filename; a contact table is no statistics table", () => {
    const article = parseArticle('https://www.hanweb-county.gov.cn/art/2023/1/28/art_1229_3280.html', fixture('hanweb-article.html'));
    expect(article).toMatchObject({ title: '示例县审计局2022年政府信息公开工作年度报告', publishedAt: '2023-01-28', hasTables: false });
    expect(article.attachments).toEqual([
      {
        url: `${HANWEB_HOST}/module/download/downfile.jsp?classid=0&filename=2301281033456.pdf`,
        name: '示例县审计局2022年政府信息公开工作年度报告.pdf',
        kind: 'pdf',
      },
      // A link without text is named by its file.
      { url: `${HANWEB_HOST}/module/download/downfile.jsp?classid=0&filename=2301281033789.docx`, name: '2301281033789.docx', kind: 'docx' },
    ]);
  });

  it('falls back to <title> (before its site suffix), the h1, a printed date, the URL date', () => {
    const html =
      '<html><head><title>XX镇2021年政府信息公开工作年度报告_年报_XX镇</title></head><body><div id="zoom"><p>正文</p><a href="fj.xlsx">附表</a><a href="scan.wps">报告</a><a href="a.doc">旧版</a><a href="/index.html">首页</a></div></body></html>';
    const article = parseArticle('https://z.gov.cn/nb/202202/t20220215_1.html', html);
    expect(article).toEqual({
      title: 'XX镇2021年政府信息公开工作年度报告',
      metas: {},
      publishedAt: '2022-02-15',
      attachments: [
        { url: 'https://z.gov.cn/nb/202202/fj.xlsx', name: '附表', kind: 'xlsx' },
        { url: 'https://z.gov.cn/nb/202202/scan.wps', name: '报告', kind: 'wps' },
        { url: 'https://z.gov.cn/nb/202202/a.doc', name: '旧版', kind: 'doc' },
      ],
      hasTables: false,
      bodyText: '正文\n附表报告旧版首页',
    });
    expect(parseArticle('https://z.gov.cn/a.html', '<html><body><h1>标题</h1><p>发布日期：2021年3月5日</p></body></html>')).toMatchObject({
      title: '标题',
      publishedAt: '2021-03-05',
      bodyText: '',
    });
  });
});

describe('report titles', () => {
  it.each([
    ['平潭综合实验区行政审批局2023年政府信息公开工作年度报告', 'report', 2023],
    ['2023年度政府信息公开年报', 'report', 2023],
    ['关于2019年政府信息公开工作的年度报告', 'report', 2019],
    ['XX局政府信息公开工作年度报告（2022年度）', 'report', 2022],
    ['二〇二〇年XX县政府信息公开工作年度报告', 'report', 2020],
    ['２０２１年XX镇政府信息公开工作年度报告', 'report', 2021],
    ['XX县2022政府信息公开年报', 'report', 2022],
    ['XX县2022年政府信息公开工作年度报告（2023年3月修订）', 'report', 2022],
    ['XX局2023年报', 'report', 2023],
    ['《XX县2023年政府信息公开工作年度报告》解读', 'companion', 2023],
    ['图解：XX县2023年政府信息公开工作年度报告', 'companion', 2023],
    ['一图读懂XX县2023年政务公开年报', 'companion', 2023],
    ['《XX县2022年政府信息公开工作年度报告》政策解读', 'companion', 2022],
    ['关于做好2023年政府信息公开工作年度报告编制发布工作的通知', 'other', 2023],
    ['2023年XX县政府工作报告', 'other', 2023],
    ['XX市场监管局关于开展2023年度企业年报工作的通知', 'other', 2023],
    ['2023年度企业年报', 'other', 2023],
    ['示例镇2023年法治政府建设年度报告', 'other', 2023],
    ['关于XX政策的解读', 'other', null],
    ['XX县政府信息公开工作年度报告', 'report', null],
  ])('%s → %s, %s', (title, k, year) => {
    expect(kind(title)).toBe(k);
    expect(reportYear(title)).toBe(year);
  });

  it('wants a report of the given years only, never a companion', () => {
    expect(isWantedReport('XX县2022年政府信息公开工作年度报告', [2022])).toBe(true);
    expect(isWantedReport('XX县2022年政府信息公开工作年度报告', [2023])).toBe(false);
    expect(isWantedReport('XX县政府信息公开工作年度报告')).toBe(false);
    expect(isWantedReport('《XX县2022年政府信息公开工作年度报告》解读')).toBe(false);
  });
});

describe('attachments', () => {
  it.each([
    ['https://a.gov.cn/P020240120.pdf', 'pdf'],
    ['https://a.gov.cn/a.DOCX', 'docx'],
    ['https://a.gov.cn/a.doc', 'doc'],
    ['https://a.gov.cn/a.wps', 'wps'],
    ['https://a.gov.cn/a.xls', 'xls'],
    ['https://a.gov.cn/a.xlsx', 'xlsx'],
    ['https://a.gov.cn/a.jpeg', 'image'],
    ['https://a.gov.cn/a.ofd', 'other'],
    ['https://a.gov.cn/module/download/downfile.jsp?classid=0&filename=2401.pdf', 'pdf'],
  ])('%s is a %s', (url, k) => {
    expect(attachmentFor(url, '')?.kind).toBe(k);
  });

  it('a page is no attachment; a servlet link without an extension takes the kind from its text', () => {
    expect(attachmentFor('https://a.gov.cn/art/2024/1/2/art_1_2.html', '报告')).toBeUndefined();
    expect(attachmentFor('https://a.gov.cn/module/download/downfile.jsp?classid=0&filename=abc', 'XX年报.pdf')).toEqual({
      url: 'https://a.gov.cn/module/download/downfile.jsp?classid=0&filename=abc',
      name: 'XX年报.pdf',
      kind: 'pdf',
    });
    expect(kindOf('scan.TIF')).toBe('image');
  });
});

describe('detectFamily', () => {
  it('recognises each fixture, lets the seed name the family, and falls back to links', () => {
    expect(FAMILIES.map((f) => f.id)).toEqual(['gkmlpt', 'hanweb', 'trs', 'links']);
    expect(detectFamily(TRS_LIST, fixture('trs-list.html')).id).toBe('trs');
    expect(detectFamily(HANWEB_COLUMN, hanwebColumn()).id).toBe('hanweb');
    expect(detectFamily(proxy(7, 12), fixture('hanweb-dataproxy.xml')).id).toBe('hanweb');
    expect(detectFamily(`${GKMLPT_PAGE}#2629`, fixture('gkmlpt-annualreport.html')).id).toBe('gkmlpt');
    expect(detectFamily(GKMLPT_API, fixture('gkmlpt-api.json')).id).toBe('gkmlpt');
    expect(detectFamily(LINKS_LIST, fixture('links-list.html')).id).toBe('links');
    expect(detectFamily(LINKS_LIST, fixture('links-list.html'), 'trs').id).toBe('trs');
    expect(detectFamily(TRS_LIST, fixture('trs-list.html'), 'links').id).toBe('links');
  });
});
