/**
 * HTML reports (portal articles, Word-exported pages). Word exports put one
 * <span> per character; inline text is joined before anything matches, and `&nbsp;` cells are blank.
 */
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { Block, DocumentModel, ReadMethod, SourceFormat } from '../model/document.js';
import { warning, type Message } from '../model/messages.js';
import { layoutRows } from '../model/document.js';
import { decodeText } from './decode.js';
import { checkDepth, checkHtmlNesting } from './limits.js';

const SKIP = new Set(['script', 'style', 'head', 'noscript', 'iframe', 'template', 'select', 'option', 'button', 'input', 'textarea', 'svg', 'object']);
const BLOCK = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'section', 'article', 'header', 'footer',
  'nav', 'main', 'aside', 'blockquote', 'pre', 'center', 'form', 'figure', 'figcaption', 'address', 'tr', 'td', 'th', 'caption', 'body', 'html',
]);
/** Containers portal CMSs put the article in (TRS, Hanweb, common templates); chrome outside is dropped. */
const ARTICLE_CONTAINERS = ['.TRS_Editor', '.TRS_UEDITOR', '#zoom', '.Custom_UnionStyle', '#UCAP-CONTENT', '.article-content', '.xxgk_content', '#content', '.content', 'article'];

const CJK = '\\u3000-\\u303f\\u3400-\\u9fff\\uff00-\\uffef';
const SPACE_NEAR_CJK = new RegExp(`(?<=[${CJK}])[ \\t]+|[ \\t]+(?=[${CJK}])`, 'g');

/** Collapse whitespace the way a browser shows it, then drop the spaces source wrapping put between Chinese characters. */
export function cleanInline(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').replace(SPACE_NEAR_CJK, '').trim();
}

function isElement(n: AnyNode): n is Element {
  return n.type === 'tag' || n.type === 'script' || n.type === 'style';
}

/** Text of a cell, with <br> and block children as line breaks. */
function cellText(el: Element): string {
  const parts: string[] = [];
  const walk = (n: AnyNode) => {
    // Source line breaks are whitespace; only <br> and block edges break a cell's text.
    if (n.type === 'text') parts.push((n as unknown as { data: string }).data.replace(/\n/g, ' '));
    else if (isElement(n)) {
      const tag = n.name.toLowerCase();
      if (SKIP.has(tag)) return;
      if (tag === 'br') return void parts.push('\n');
      const block = BLOCK.has(tag);
      if (block) parts.push('\n');
      n.children.forEach(walk);
      if (block) parts.push('\n');
    }
  };
  el.children.forEach(walk);
  return parts
    .join('')
    .split('\n')
    .map(cleanInline)
    .filter(Boolean)
    .join('\n');
}

function span(el: Element, attr: string): number {
  const n = parseInt(el.attribs?.[attr] ?? '1', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 1000) : 1;
}

/** An <img> met while reading: where its blocks belong (an index into `blocks`), for the OCR step to fill in. */
export interface ImageRef {
  at: number;
  src: string;
  path: string;
  /** The picture itself, when the reader has it (DOCX); otherwise `src` says where it is. */
  bytes?: Uint8Array;
}

export interface HtmlReadOptions {
  format?: SourceFormat;
  method?: ReadMethod;
  messages?: Message[];
  /** When given, every <img> with a src is listed here (tables published as pictures are read by OCR). */
  images?: ImageRef[];
  /** The file, for error messages. */
  path?: string;
}

export function readHtml(html: string, opts: HtmlReadOptions = {}): DocumentModel {
  checkHtmlNesting(html, opts.path ?? 'HTML');
  // htmlparser2 (not parse5): several times faster on Word's bloated markup, and as forgiving.
  const $ = cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true } });
  // The walks below recurse: a page nested thousands deep would overflow the stack.
  checkDepth($.root()[0], opts.path ?? 'HTML', 'the HTML');
  const blocks: Block[] = [];
  let tableNo = 0;
  let buffer = '';
  let bufferPath = '';

  const flush = () => {
    for (const part of buffer.split('\n')) {
      const text = cleanInline(part);
      if (text) blocks.push({ kind: 'line', line: { text, prov: { page: 1, path: bufferPath } } });
    }
    buffer = '';
  };

  const ownRows = (table: Element): Element[] =>
    $(table)
      .find('tr')
      .toArray()
      .filter((tr) => $(tr).closest('table')[0] === table);

  const emitTable = (table: Element) => {
    tableNo += 1;
    const rows = ownRows(table).map((tr, r) =>
      $(tr)
        .children('td,th')
        .toArray()
        .map((td, c) => ({
          text: cellText(td),
          rowSpan: span(td, 'rowspan'),
          colSpan: span(td, 'colspan'),
          prov: { page: 1, path: `table[${tableNo}]>tr[${r + 1}]>td[${c + 1}]` },
        })),
    );
    if (rows.length === 0) return;
    blocks.push({ kind: 'table', table: layoutRows(rows, { page: 1, path: `table[${tableNo}]` }) });
  };

  const walk = (n: AnyNode, path: string) => {
    if (n.type === 'text') {
      if (!buffer) bufferPath = path;
      buffer += (n as unknown as { data: string }).data.replace(/\n/g, ' ');
      return;
    }
    // A fragment has no <body>: its root document stands in for it.
    if (n.type === 'root') return void (n as unknown as Element).children.forEach((c, i) => walk(c, `${path}>${i + 1}`));
    if (!isElement(n)) return;
    const tag = n.name.toLowerCase();
    if (SKIP.has(tag)) return;
    if (tag === 'br') return void (buffer += '\n');
    if (tag === 'img') {
      flush();
      const src = (n.attribs?.src ?? '').trim();
      if (src) opts.images?.push({ at: blocks.length, src, path });
      return;
    }
    if (tag === 'table') {
      flush();
      // Layout tables that hold other tables are containers, not data.
      if ($(n).find('table').length) n.children.forEach((c) => walk(c, `${path}>table`));
      else emitTable(n);
      return;
    }
    const block = BLOCK.has(tag);
    if (block) flush();
    let i = 0;
    for (const c of n.children) walk(c, isElement(c) ? `${path}>${c.name}[${++i}]` : path);
    if (block) flush();
  };

  const root = pickArticle($);
  const title = cleanInline($('meta[name="ArticleTitle"]').attr('content') ?? $('title').first().text()) || undefined;
  if (root.container && title) blocks.push({ kind: 'line', line: { text: title, prov: { page: 1, path: 'head>title' } } });
  walk(root.el, root.path);
  flush();
  return { format: opts.format ?? 'html', method: opts.method ?? 'html', pages: 1, title, blocks, messages: opts.messages ?? [] };
}

function pickArticle($: cheerio.CheerioAPI): { el: Element; path: string; container: boolean } {
  let best: Element | undefined;
  let bestSel = '';
  let bestLen = 0;
  for (const sel of ARTICLE_CONTAINERS) {
    for (const el of $(sel).toArray() as Element[]) {
      const len = $(el).text().length;
      if (len > bestLen) [best, bestSel, bestLen] = [el, sel, len];
    }
  }
  const body = ($('body')[0] ?? $.root()[0]) as Element;
  // A container holding most of the page's text is the article; a tiny one is a false match.
  if (best && bestLen > 0.3 * $(body).text().length) return { el: best, path: bestSel, container: true };
  return { el: body, path: 'body', container: false };
}

export function readHtmlBytes(buf: Uint8Array, opts: { charset?: string; images?: ImageRef[]; path?: string } = {}): DocumentModel {
  const d = decodeText(buf, { hint: opts.charset, html: true });
  const messages = d.via === 'guessed' ? [warning('charset_guessed', 'HTML charset not declared and bytes are not UTF-8; decoded as GB18030')] : [];
  return readHtml(d.text, { messages, images: opts.images, path: opts.path });
}
