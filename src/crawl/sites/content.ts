/**
 * Where a portal page keeps its article: the containers the common CMS templates use, most
 * specific first. Chrome outside them (menus, sidebars, footers) carries links and files that are
 * not the article's.
 */
import type { Element } from 'domhandler';
import type { Dom } from './html.js';

export const CONTENT_SELECTORS = [
  '.TRS_Editor',
  '.TRS_UEDITOR',
  '#zoom',
  '.zoom',
  '#UCAP-CONTENT',
  '.article-content',
  '.article_content',
  '.bt_content',
  '.Custom_UnionStyle',
  '.xxgk_content',
  '.article-body',
  '#content',
  '.content',
  'article',
];

/** Blocks near the content that hold its files ("附件：…", gkmlpt's nfw-cms-attachment links). */
export const ATTACHMENT_BLOCKS = [
  '[class*="attach" i]',
  '[id*="attach" i]',
  '[class*="xgfj" i]',
  // 附件 (fj, fujian) blocks by exact name only: Fujian (福建) templates use both as class prefixes.
  '.fujian',
  '#fujian',
  '.fj',
  '#fj',
  '.fjxz',
  '.nfw-cms-attachment',
];

/**
 * The article's container: for the first selector that matches, its match with the most text
 * (a page may repeat a class for a summary box). Undefined when no selector matches.
 */
export function contentElement($: Dom): Element | undefined {
  for (const sel of CONTENT_SELECTORS) {
    const found = $(sel).toArray() as Element[];
    if (!found.length) continue;
    return found.reduce((best, el) => ($(el).text().trim().length > $(best).text().trim().length ? el : best));
  }
  return undefined;
}
