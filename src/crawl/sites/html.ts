/**
 * Reading markup: loading, link titles, the date printed beside a link, and a content block's
 * text. Source line breaks are whitespace; only <br> and block edges break a line, and spaces that
 * source wrapping put between Chinese characters are dropped (as a browser shows the text).
 */
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { dateIn } from './dates.js';

export type Dom = cheerio.CheerioAPI;

export function load(html: string): Dom {
  return cheerio.load(html);
}

const CJK = '\\u3000-\\u303f\\u3400-\\u9fff\\uff00-\\uffef';
const SPACE_NEAR_CJK = new RegExp(`(?<=[${CJK}])[ \\t]+|[ \\t]+(?=[${CJK}])`, 'g');

/** Whitespace collapsed, spaces next to Chinese characters dropped. */
export function compact(text: string | undefined): string {
  return (text ?? '').replace(/[\s\u00a0\u3000]+/g, ' ').replace(SPACE_NEAR_CJK, '').trim();
}

/** A list cuts long titles ("…年度报…", "...") and keeps the whole one in `title`. */
const CUT = /(?:\.{2,}|…+|。{3,})$/;
/** `title` attributes that name the action, not the entry. */
const GENERIC_TITLE = /^(?:点击|查看|详情|更多|下载|打开|new)/i;
/** An element holding only a date ("2024-01-20", "[2024/1/20]", "2024年1月20日 10:30"). */
const DATE_ONLY = /^[[(（【]?\s*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s*[\])）】]?$/;

/** The first element under `root` whose whole text is a date. */
function dateElement($: Dom, root: Element): Element | undefined {
  return ($(root).find('*').toArray() as Element[]).find((el) => DATE_ONLY.test(compact($(el).text())));
}

/** The link's own text without a date printed inside it (<a><span>title</span><i>2024-01-18</i></a>). */
function ownText($: Dom, a: Element): string {
  const text = compact($(a).text());
  const date = dateElement($, a);
  return date ? compact(text.replace(compact($(date).text()), ' ')) : text;
}

/** The title a link shows: its `title` attribute when that is longer or the text was cut, else the text. */
export function linkTitle($: Dom, a: Element): string {
  const text = ownText($, a);
  const attr = compact($(a).attr('title'));
  if (!attr || GENERIC_TITLE.test(attr)) return text.replace(CUT, '') || attr;
  if (!text || CUT.test(text) || attr.length >= text.length) return attr;
  return text;
}

/** Rows that hold one list entry: the date printed in one belongs to its link. */
const ENTRY = 'li, tr, dd, dt, p';
/** More links than this in one entry, and a date in it may belong to any of them. */
const ENTRY_MAX_LINKS = 2;

/**
 * The date printed with the link: an element inside the link or its list entry holding only a
 * date, else a date written in the entry outside the link's text (a title may itself hold dates).
 */
export function entryDate($: Dom, a: Element): string | undefined {
  const inLink = dateElement($, a);
  if (inLink) return dateIn(compact($(inLink).text()));
  const closest = $(a).closest(ENTRY);
  const entry = closest.length ? closest : $(a).parent();
  if (!entry.length || entry.find('a').length > ENTRY_MAX_LINKS) return undefined;
  const inEntry = dateElement($, entry.get(0) as Element);
  if (inEntry) return dateIn(compact($(inEntry).text()));
  const own = compact($(a).text());
  const text = compact(entry.text());
  return dateIn(own ? text.replace(own, ' ') : text);
}

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'head', 'select', 'option', 'button', 'input', 'textarea', 'iframe']);
const BLOCK = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'section', 'article', 'header', 'footer',
  'nav', 'main', 'aside', 'blockquote', 'pre', 'center', 'form', 'figure', 'figcaption', 'address', 'table', 'tr', 'caption', 'hr',
]);
const CELL = new Set(['td', 'th']);

function isElement(n: AnyNode): n is Element {
  return n.type === 'tag' || n.type === 'script' || n.type === 'style';
}

/** The element's text, one block per line; a table row is one line, its cells separated by a tab. */
export function blockText(el: Element): string {
  const parts: string[] = [];
  let cellDepth = 0;
  const walk = (n: AnyNode): void => {
    if (n.type === 'text') return void parts.push((n as unknown as { data: string }).data.replace(/[\r\n]+/g, ' '));
    if (!isElement(n)) return;
    const tag = n.name.toLowerCase();
    if (SKIP.has(tag)) return;
    // Inside a cell, paragraphs and breaks are spaces: the row stays one line.
    if (tag === 'br') return void parts.push(cellDepth ? ' ' : '\n');
    const cell = CELL.has(tag);
    const mark = cell ? '\t' : BLOCK.has(tag) ? (cellDepth ? ' ' : '\n') : '';
    parts.push(mark);
    if (cell) cellDepth++;
    n.children.forEach(walk);
    if (cell) cellDepth--;
    parts.push(mark);
  };
  el.children.forEach(walk);
  return parts
    .join('')
    .split('\n')
    .map((line) =>
      line
        .split('\t')
        .map(compact)
        .filter(Boolean)
        .join('\t'),
    )
    .filter(Boolean)
    .join('\n');
}
