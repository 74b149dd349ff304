/**
 * One article page: its title, the portal-spec metadata, publication date, files, whether the
 * content holds the report's statistics tables, and the content's text. The metadata tags are
 * those of the national government-website specification, which TRS, Hanweb and most other
 * templates emit (<meta name="ArticleTitle" content="…">, PubDate, ColumnName, …).
 */
import type { Element } from 'domhandler';
import { attachmentFor, kindOf, urlFileName } from './attachments.js';
import { ATTACHMENT_BLOCKS, contentElement } from './content.js';
import { dateFromUrl, dateIn } from './dates.js';
import { gkmlptDetail } from './gkmlpt.js';
import { blockText, compact, load, type Dom } from './html.js';
import type { Article, Attachment } from './types.js';
import { absolute, unique } from './url.js';

export const META_NAMES = ['ArticleTitle', 'PubDate', 'ColumnName', 'SiteIDCode', 'ContentSource'] as const;

/**
 * Words only the annual-report statistics tables use (T2–T4 of the 2019 and 2021 templates, and the
 * pre-2019 table); generic words such as 主动公开 also head ordinary catalogue tables.
 */
const TABLE_WORDS = ['行政复议', '行政诉讼', '本年新收', '上年结转', '予以公开', '不予公开', '本年制发件数', '本年处理决定数量', '主动公开政府信息数', '收到申请数'];
/** Where a page prints its date when it has no PubDate meta. */
const DATE_LABEL = /(?:发布|公开|成文|印发)?(?:日期|时间)\s*[:：]\s*([^\s<]{6,24})/;

function metas($: Dom): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of META_NAMES) {
    const value = $(`meta[name="${name}" i]`).attr('content');
    if (value !== undefined && compact(value)) out[name] = compact(value);
  }
  return out;
}

function titleOf($: Dom, meta: Record<string, string>, fallback?: string): string {
  if (meta.ArticleTitle) return meta.ArticleTitle;
  // "<title>报告标题_栏目_站点</title>": the article's own title comes first.
  const head = compact($('title').first().text()).split(/_|\s[-|–]\s/)[0]?.trim();
  if (head) return head;
  return compact($('h1').first().text()) || fallback || '';
}

/**
 * Files linked from the content or from the attachment blocks around it (TRS and Hanweb print
 * "附件" below the content container), or by a link whose text starts with 附件. Without a known
 * container every file link on the page counts.
 */
function attachments($: Dom, url: string, content: Element | undefined): Attachment[] {
  const blocks = ATTACHMENT_BLOCKS.join(',');
  const anchors = ($('a[href]').toArray() as Element[]).filter(
    (a) => !content || $(a).closest(content).length > 0 || $(a).closest(blocks).length > 0 || /^附件/.test(compact($(a).text())),
  );
  const out: Attachment[] = [];
  for (const a of anchors) {
    const href = absolute($(a).attr('href'), url);
    const file = href ? attachmentFor(href, compact($(a).text()) || compact($(a).attr('title'))) : undefined;
    if (file) out.push(file);
  }
  // A report published as scanned pages is a run of images in the content.
  for (const img of content ? ($(content).find('img[src]').toArray() as Element[]) : []) {
    const src = absolute($(img).attr('src'), url);
    if (src && kindOf(urlFileName(src)) === 'image') out.push({ url: src, name: compact($(img).attr('alt')) || urlFileName(src), kind: 'image' });
  }
  return unique(out, (f) => f.url);
}

function hasReportTables($: Dom, scope: Element | undefined): boolean {
  const tables = (scope ? $(scope).find('table') : $('table')).toArray();
  return tables.some((t) => {
    const text = compact($(t).text());
    return TABLE_WORDS.some((w) => text.includes(w));
  });
}

function publishedAt($: Dom, url: string, meta: Record<string, string>): string | undefined {
  return dateIn(meta.PubDate) ?? dateIn(DATE_LABEL.exec(compact($('body').text()).slice(0, 5000))?.[1]) ?? dateFromUrl(url);
}

/** Reads an article page. Never throws: a page without content gives empty text and no files. */
export function parseArticle(url: string, html: string): Article {
  const page = load(html);
  const meta = metas(page);
  const detail = gkmlptDetail(url, html);
  // Where the content is read: the page's container, else gkmlpt's embedded DETAIL record.
  let $ = page;
  let content = contentElement(page);
  let listed: Attachment[] = [];
  if (!content && detail?.content) {
    $ = load(`<div id="gkmlpt-detail">${detail.content}</div>`);
    content = $('#gkmlpt-detail').get(0) as Element | undefined;
    listed = detail.attachments;
  }
  const article: Article = {
    title: titleOf(page, meta, detail?.title),
    metas: meta,
    attachments: unique([...attachments($, url, content), ...listed], (f) => f.url),
    hasTables: hasReportTables($, content),
    bodyText: content ? blockText(content) : '',
  };
  const date = publishedAt(page, url, meta) ?? detail?.publishedAt;
  if (date) article.publishedAt = date;
  return article;
}
