/**
 * Hanweb (大汉) JCMS columns, /col/colN/index.html. The column page carries its first group of
 * entries (perPage × groupSize records) in an inline <script type="text/xml"><datastore>, each
 * entry an HTML fragment in a <record> CDATA, and a jpage({...}) call with the paging settings:
 *   $('#4102').jpage({totalRecord:23, groupSize:3, perPage:2, proxyUrl:'/module/web/jpage/dataproxy.jsp',
 *     ajaxParam:{col:1, appid:'1', webid:12, path:'/', columnid:1229, unitid:'4102', webname:'…', permissiontype:0}})
 * Later groups come from dataproxy.jsp?startrecord=N&endrecord=M&perpage=K plus those parameters,
 * an XML <datastore> with <totalrecord>, <totalpage> and the same <record> items. Pages pass the
 * parameters in the jpage call, in the <nextgroup> link (…dataproxy.jsp?page=1&webid=…&columnid=…,
 * webname encoded twice), or both; the call wins.
 */
import type { Element } from 'domhandler';
import { entryDate, linkTitle, load } from './html.js';
import type { ArticleLink, ListPage, SiteFamily } from './types.js';
import { absolute, queryParam, unique } from './url.js';

const DEFAULT_PROXY = '/module/web/jpage/dataproxy.jsp';
/** jpage's own defaults, for a page whose call leaves them out. */
const DEFAULT_PER_PAGE = 15;
const DEFAULT_GROUP_SIZE = 3;
/** No column has more records than this; a larger totalRecord is a template error. */
const MAX_RECORDS = 100_000;
/** The request parameters, in the order the jpage script sends them. */
const PARAM_ORDER = ['col', 'appid', 'webid', 'path', 'columnid', 'sourceContentType', 'unitid', 'webname', 'permissiontype'] as const;
const PARAM_DEFAULTS: Record<string, string> = { col: '1', appid: '1', path: '/', sourceContentType: '1', permissiontype: '0' };
/** Without these two the proxy answers nothing useful. */
const REQUIRED = ['columnid', 'unitid'];

const RECORD = /<record>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/record>/g;
const MARKERS = [/<datastore>/i, /\/module\/web\/jpage\//i, /\/module\/jslib\/jquery\/jpage\//i, /大汉网络|大汉版通/];

function tag(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>\\s*(?:<!\\[CDATA\\[)?\\s*([^<\\]]*?)\\s*(?:\\]\\]>)?\\s*</${name}>`, 'i').exec(xml)?.[1];
}

/** Decodes until stable: <nextgroup> links carry webname encoded twice (%25E7…). */
function decodeFully(value: string): string {
  let v = value;
  for (let i = 0; i < 3 && /%[0-9a-f]{2}/i.test(v); i++) {
    try {
      v = decodeURIComponent(v);
    } catch {
      break;
    }
  }
  return v;
}

/** The entries of every <record> in the body (column page or proxy answer), resolved against `base`. */
function records(body: string, base: string): ArticleLink[] {
  const out: ArticleLink[] = [];
  for (const m of body.matchAll(RECORD)) {
    const $ = load(m[1]);
    const a = $('a[href]').get(0) as Element | undefined;
    if (!a) continue;
    const url = absolute($(a).attr('href'), base);
    const title = linkTitle($, a);
    if (!url || !title) continue;
    const date = entryDate($, a);
    out.push(date ? { url, title, date } : { url, title });
  }
  return unique(out, (l) => l.url);
}

export interface JpageConfig {
  /** Path (or URL) of the proxy. */
  proxy: string;
  params: Record<string, string>;
  totalRecord?: number;
  perPage: number;
  /** Whether the page stated perPage (else jpage's default was assumed). */
  perPageStated: boolean;
  groupSize: number;
}

/** `key: value` pairs of a JS object literal, loosely: quoted or bare values, no nesting. */
function objectPairs(src: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of src.matchAll(/(\w+)\s*:\s*(?:'([^']*)'|"([^"]*)"|([^,}\s]+))/g)) out[m[1]] = m[2] ?? m[3] ?? m[4];
  return out;
}

function numberSetting(script: string, name: string): number | undefined {
  const m = new RegExp(`\\b${name}\\s*:\\s*['"]?(\\d+)`).exec(script);
  return m ? Number(m[1]) : undefined;
}

/**
 * The paging settings of the column page's first datastore unit; null when it has none. Missing
 * ids fall back to what the markup shows: the unit's <div id> around the datastore, the /col/colN/ URL.
 */
export function readJpage(html: string, url = ''): JpageConfig | null {
  const store = /<datastore>([\s\S]*?)<\/datastore>/.exec(html)?.[1];
  if (!store) return null;
  const nextHref = /<nextgroup>\s*<!\[CDATA\[[\s\S]*?href\s*=\s*["']([^"']+)["']/.exec(store)?.[1]?.replace(/&amp;/g, '&');
  const fromNext: Record<string, string> = {};
  let proxy: string | undefined;
  if (nextHref) {
    const [path, query = ''] = nextHref.split('?');
    proxy = path;
    for (const pair of query.split('&')) {
      const [k, v = ''] = pair.split('=');
      if (k && k !== 'page') fromNext[k] = decodeFully(v);
    }
  }
  const unit = fromNext.unitid;
  // The call for this unit ($('#4102').jpage({...})), else the page's only call.
  const calls = [...html.matchAll(/\$\(\s*['"]#?([\w-]*)['"]\s*\)\s*\.jpage\s*\(\s*\{([\s\S]*?)\}\s*\)/g)];
  const call = calls.find((c) => unit && c[1] === unit) ?? calls[0];
  const script = call?.[2] ?? '';
  const ajax = /ajaxParam\s*:\s*\{([^}]*)\}/.exec(script);
  const fromCall = ajax ? objectPairs(ajax[1]) : {};
  const proxyUrl = /proxyUrl\s*:\s*['"]([^'"]+)['"]/.exec(script)?.[1];
  const fromMarkup: Record<string, string> = {};
  const unitDiv = /<div\s+id\s*=\s*["']?(\d+)["']?[^>]*>\s*<script[^>]*text\/xml/i.exec(html)?.[1];
  if (unitDiv) fromMarkup.unitid = unitDiv;
  const column = /\/col\/col(\d+)\//i.exec(url)?.[1];
  if (column) fromMarkup.columnid = column;
  const params: Record<string, string> = { ...PARAM_DEFAULTS, ...fromMarkup, ...fromNext, ...fromCall };
  const totalRecord = numberSetting(script, 'totalRecord') ?? (Number(tag(store, 'totalrecord')) || undefined);
  return {
    proxy: proxyUrl ?? proxy ?? DEFAULT_PROXY,
    params,
    totalRecord: totalRecord === undefined ? undefined : Math.min(totalRecord, MAX_RECORDS),
    perPage: numberSetting(script, 'perPage') || DEFAULT_PER_PAGE,
    perPageStated: Boolean(numberSetting(script, 'perPage')),
    groupSize: numberSetting(script, 'groupSize') || DEFAULT_GROUP_SIZE,
  };
}

/** One proxy request: records start…end (1-based, inclusive). */
export function dataproxyUrl(base: string, proxy: string, params: Record<string, string>, start: number, end: number, perPage: number): string {
  const query = [`startrecord=${start}`, `endrecord=${end}`, `perpage=${perPage}`];
  const names = [...PARAM_ORDER, ...Object.keys(params).filter((k) => !(PARAM_ORDER as readonly string[]).includes(k))];
  for (const k of names) {
    if (['startrecord', 'endrecord', 'perpage', 'page'].includes(k) || params[k] === undefined) continue;
    query.push(`${k}=${encodeURIComponent(params[k])}`);
  }
  const u = new URL(proxy, base);
  u.search = '';
  u.hash = '';
  return `${u.href}?${query.join('&')}`;
}

/** Groups after record `after`, `step` records each, up to `total` (the last one cut at `total`, as jpage does). */
function groups(after: number, step: number, total: number): [number, number][] {
  const out: [number, number][] = [];
  for (let start = after + 1; start <= total && step > 0; start += step) out.push([start, Math.min(start + step - 1, total)]);
  return out;
}

function isProxyAnswer(url: string): boolean {
  return /dataproxy\.jsp/i.test(url);
}

/** The proxy requests that fetch the column's records past those embedded in the page. */
function requestsFromPage(url: string, html: string): string[] {
  const cfg = readJpage(html, url);
  if (!cfg || REQUIRED.some((k) => !cfg.params[k])) return [];
  const embedded = records(html, url).length;
  const step = cfg.perPage * cfg.groupSize;
  if (embedded === 0) return [];
  if (cfg.totalRecord === undefined) {
    // A first group shorter than the page says a group is holds the whole column.
    if (cfg.perPageStated && embedded < step) return [];
    // Otherwise ask for the next group only; its answer's <totalrecord> gives the rest.
  }
  const total = cfg.totalRecord ?? embedded + step;
  return groups(embedded, step, total).map(([s, e]) => dataproxyUrl(url, cfg.proxy, cfg.params, s, e, cfg.perPage));
}

/** The groups after this proxy answer, read from its <totalrecord> and the request's own range. */
function requestsFromAnswer(url: string, xml: string): string[] {
  const total = Number(tag(xml, 'totalrecord'));
  const start = Number(queryParam(url, 'startrecord'));
  const end = Number(queryParam(url, 'endrecord'));
  const perPage = Number(queryParam(url, 'perpage')) || DEFAULT_PER_PAGE;
  if (!(total > 0) || !(start > 0) || !(end >= start)) return [];
  const params: Record<string, string> = {};
  try {
    new URL(url).searchParams.forEach((v, k) => (params[k] = v));
  } catch {
    return [];
  }
  return groups(end, end - start + 1, Math.min(total, MAX_RECORDS)).map(([s, e]) => dataproxyUrl(url, url, params, s, e, perPage));
}

export const hanweb: SiteFamily = {
  id: 'hanweb',
  detect(url, html) {
    return isProxyAnswer(url) || /\/col\/col\d+\//i.test(url) || MARKERS.some((re) => re.test(html));
  },
  listPage(url, body): ListPage {
    // A proxy answer's remaining groups are pages; a column page's come from listRequests.
    const pages = isProxyAnswer(url) ? requestsFromAnswer(url, body) : [];
    return { articles: records(body, url), pages };
  },
  listRequests(url, body) {
    if (isProxyAnswer(url)) return [];
    try {
      return requestsFromPage(url, body);
    } catch {
      return [];
    }
  },
};
