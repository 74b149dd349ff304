/**
 * TRS WCM static lists: a channel is a folder of index.html, index_1.html, … (or list_N, .shtml),
 * and articles live in month folders as ./YYYYMM/tYYYYMMDD_ID.html. The page count is read from the
 * pager call the template writes, createPageHTML(total, current, "index", "html"), never by
 * following "下一页": every page URL is known from the first page, and a broken pager link cannot
 * stop the crawl early. Some templates name the pager's div first and the record count last:
 * createPageHTML('page_div', 34, 1, 'index', 'shtml', 652); some pass variables (countPage).
 */
import type { Element } from 'domhandler';
import { isDocumentUrl } from './attachments.js';
import { dateFromUrl } from './dates.js';
import { entryDate, linkTitle, load } from './html.js';
import type { ArticleLink, ListPage, SiteFamily } from './types.js';
import { absolute, unique } from './url.js';

/** A TRS article file name: t + publication date + _ + document id. */
const ARTICLE_FILE = /\/t(?:19|20)\d{6}_\d+(?:_\d+)?\.s?html?$/i;
/** The pager call; the same name also opens the function's definition, which many templates inline. */
const PAGER_CALL = /(\bfunction\s+)?createPageHTML\s*\(([^)]*)\)/g;
/** A channel never has more pages than this; a larger count is a template error. */
const MAX_PAGES = 1000;
/** Entries a file link must sit in to count as a list entry (not a sidebar "指南.pdf"). */
const LIST_ENTRY = 'li, tr, dd';

export interface Pager {
  total: number;
  current: number;
  name: string;
  ext: string;
}

/** Resolves an argument: a literal, or a variable assigned earlier in the page (var countPage = 5). */
function argValue(arg: string, html: string): string {
  const a = arg.trim();
  const quoted = /^(['"])(.*)\1$/.exec(a);
  if (quoted) return quoted[2];
  if (/^\d+$/.test(a)) return a;
  if (/^[A-Za-z_$][\w$]*$/.test(a)) {
    const m = new RegExp(`\\b${a.replace(/\$/g, '\\$')}\\s*=\\s*(['"]?)([\\w.]+)\\1`).exec(html);
    if (m) return m[2];
  }
  return a;
}

/** The pager call's arguments, in either argument order; null when the page has no pager call. */
export function readPager(html: string): Pager | null {
  for (const call of html.matchAll(PAGER_CALL)) {
    if (call[1]) continue; // the definition: function createPageHTML(_nPageCount, …)
    const pager = pagerFromArgs(call[2].split(',').map((a) => argValue(a, html)));
    if (pager) return pager;
  }
  return null;
}

function pagerFromArgs(args: string[]): Pager | null {
  // With a div id first the numbers start at the second argument.
  const numbers = args.map((a, i) => ({ a, i })).filter(({ a }) => /^\d+$/.test(a));
  if (numbers.length < 2) return null;
  const [totalArg, currentArg] = numbers;
  const words = args.slice(currentArg.i + 1).filter((a) => /^[\w-]+$/.test(a) && !/^\d+$/.test(a));
  const total = Math.min(Number(totalArg.a), MAX_PAGES);
  return { total, current: Number(currentArg.a), name: words[0] ?? 'index', ext: words[1] ?? 'html' };
}

/** A channel URL without a file name is the folder (TRS channels are folders). */
function folderOf(url: string): string {
  const u = new URL(url);
  u.search = '';
  u.hash = '';
  const last = u.pathname.slice(u.pathname.lastIndexOf('/') + 1);
  if (last && !last.includes('.')) u.pathname += '/';
  return new URL('.', u).href;
}

/**
 * Every page of the channel but the one at `url`: name.ext, name_1.ext, …, name_{total-1}.ext.
 * The page at a folder URL is the one the pager call says is current.
 */
export function pagerUrls(url: string, pager: Pager): string[] {
  const folder = folderOf(url);
  const file = (i: number): string => new URL(i === 0 ? `${pager.name}.${pager.ext}` : `${pager.name}_${i}.${pager.ext}`, folder).href;
  const self = new URL(url);
  self.hash = '';
  self.search = '';
  const isFolder = self.href === folder || `${self.href}/` === folder;
  const here = isFolder ? (pager.current < pager.total ? file(pager.current) : folder) : self.href;
  const pages: string[] = [];
  for (let i = 0; i < pager.total; i++) if (file(i) !== here) pages.push(file(i));
  return pages;
}

function isArticleUrl(url: string): boolean {
  try {
    return ARTICLE_FILE.test(new URL(url).pathname);
  } catch {
    return false;
  }
}

function listArticles(url: string, html: string): ArticleLink[] {
  const $ = load(html);
  const out: ArticleLink[] = [];
  $('a[href]').each((_, el) => {
    const a = el as Element;
    const href = absolute($(a).attr('href'), url);
    if (!href) return;
    // Report columns often link the PDF itself from the list entry.
    const file = isDocumentUrl(href) && $(a).closest(LIST_ENTRY).length > 0;
    if (!isArticleUrl(href) && !file) return;
    const title = linkTitle($, a);
    if (!title) return;
    const date = entryDate($, a) ?? dateFromUrl(href);
    out.push(date ? { url: href, title, date } : { url: href, title });
  });
  return unique(out, (l) => l.url);
}

export const trs: SiteFamily = {
  id: 'trs',
  detect(url, html) {
    if (readPager(html)) return true;
    // A TRS channel without a pager still lists t-date articles.
    let n = 0;
    for (const m of html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)) {
      const href = absolute(m[1], url);
      if (href && isArticleUrl(href) && ++n >= 2) return true;
    }
    return false;
  },
  listPage(url, body): ListPage {
    const pager = readPager(body);
    let pages: string[] = [];
    try {
      pages = pager ? pagerUrls(url, pager) : [];
    } catch {
      // An unparsable list URL has no pages beside it.
    }
    return { articles: listArticles(url, body), pages };
  },
};
