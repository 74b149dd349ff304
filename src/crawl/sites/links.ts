/**
 * Any other list: a page of links, most of them not reports. Kept are links whose title is an
 * annual report (or a companion of one) stating its year; followed are year sub-folders
 * (nb_2022n/, 2022nb/, a link reading just "2022年") and 年报汇总 pages. A 汇总 page itself (one
 * report title, then one file or page per unit: "市财政局", "市教育局") yields each unit's link, titled
 * with the unit and the page's title so that the year and the report phrase travel with it.
 */
import type { Element } from 'domhandler';
import { isDocumentUrl } from './attachments.js';
import { contentElement } from './content.js';
import { compact, entryDate, linkTitle, load, type Dom } from './html.js';
import { kind, reportYear } from './report.js';
import type { ArticleLink, ListPage, SiteFamily } from './types.js';
import { absolute, unique } from './url.js';

/** Folder names portals give a year of reports. */
const YEAR_FOLDER = /\/(?:nb_?(?:19|20)\d{2}n?|(?:19|20)\d{2}(?:nb|nd|n))\/(?:index(?:_\d+)?\.s?html?)?$/i;
/** A link reading only a year: "2022", "2022年", "2022年度", "2022年度年报". */
const YEAR_LABEL = /^(?:19|20)\d{2}\s*(?:年度?)?(?:政府信息公开)?(?:工作)?(?:年度报告|年报)?$/;
/** Titles of pages gathering many units' reports. */
const SUMMARY = /汇总|合集|各(?:单位|部门|乡镇|镇街|街镇|县区|区县|县市区|镇)|部门(?:及|和)?(?:乡镇|街道)?(?:政府信息公开)?(?:工作)?年度报告/;
/** With this many unit files a report page is a summary whatever its title says. */
const SUMMARY_MIN_FILES = 3;
/** A file name's extension left in a link text ("红旗村.wps"). */
const FILE_EXT = /\.[a-z0-9]{2,5}$/i;
/** How the bodies that publish reports end their names. */
const ORG_NAME = /(?:政府|局|委员会|委|厅|办公室|办|署|中心|办事处|管委会|管理委员会|街道|镇|乡|院|所|站|队|馆|会|社|处)$/;

function sameHost(a: string, b: string): boolean {
  try {
    return new URL(a).host === new URL(b).host;
  } catch {
    return false;
  }
}

function looksLikeOrg(text: string): boolean {
  return text.length >= 2 && text.length <= 30 && !/[。，,；;：:！？、]/.test(text) && ORG_NAME.test(text);
}

/** The page's own title: the portal-spec meta, the h1, or the <title> before its site suffix. */
export function pageTitle($: Dom): string {
  const meta = compact($('meta[name="ArticleTitle" i]').attr('content'));
  if (meta) return meta;
  const h1 = compact($('h1').first().text());
  if (h1) return h1;
  return compact($('title').first().text()).split(/_|\s[-|]\s/)[0]?.trim() ?? '';
}

function isYearFolder(href: string, title: string): boolean {
  let path = '';
  try {
    path = new URL(href).pathname;
  } catch {
    return false;
  }
  return YEAR_FOLDER.test(path) || (YEAR_LABEL.test(title) && !isDocumentUrl(href));
}

interface Found {
  articles: ArticleLink[];
  pages: string[];
  /** Links that are no report title themselves but may be a unit's report on a 汇总 page. */
  units: { link: ArticleLink; document: boolean }[];
}

function scan($: Dom, url: string, scope: Element | undefined): Found {
  const found: Found = { articles: [], pages: [], units: [] };
  const anchors = (scope ? $(scope).find('a[href]') : $('a[href]')).toArray() as Element[];
  for (const a of anchors) {
    const href = absolute($(a).attr('href'), url);
    const title = linkTitle($, a);
    if (!href || !title || href === url) continue;
    const date = entryDate($, a);
    const link: ArticleLink = date ? { url: href, title, date } : { url: href, title };
    if (isYearFolder(href, title)) {
      if (sameHost(href, url)) found.pages.push(href);
      continue;
    }
    const k = kind(title);
    if (k === 'other') {
      const document = isDocumentUrl(href);
      if (document || looksLikeOrg(title.replace(FILE_EXT, ''))) found.units.push({ link, document });
      continue;
    }
    if (reportYear(title) === null) continue;
    if (k === 'report' && SUMMARY.test(title) && !isDocumentUrl(href)) {
      if (sameHost(href, url)) found.pages.push(href);
      continue;
    }
    found.articles.push(link);
  }
  return found;
}

function listLinks(url: string, html: string): ListPage {
  const $ = load(html);
  const found = scan($, url, undefined);
  const title = pageTitle($);
  const ownYear = kind(title) === 'report' ? reportYear(title) : null;
  if (ownYear !== null) {
    // A summary page: its units are the content's unit links, not the chrome's (the site logo links
    // "XX县人民政府"); without a known content block only files count.
    const content = contentElement($);
    const units = content ? scan($, url, content).units : found.units.filter((u) => u.document);
    const files = units.filter((u) => u.document).length;
    if (SUMMARY.test(title) || files >= SUMMARY_MIN_FILES) {
      for (const { link } of units) found.articles.push({ ...link, title: `${link.title.replace(FILE_EXT, '')}（${title}）` });
    }
  }
  return { articles: unique(found.articles, (l) => l.url), pages: unique(found.pages, (p) => p) };
}

export const links: SiteFamily = {
  id: 'links',
  /** The fallback family: any page is a page of links. */
  detect: () => true,
  listPage(url, body) {
    return listLinks(url, body);
  },
};
