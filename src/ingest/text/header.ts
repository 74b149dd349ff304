/**
 * The header block crawler archives write above a page's text (`page.txt`):
 *   标题: …  发布时间: …  文号: …  发布机构: …  栏目: …  原文链接: …  本地目录: …
 *   (a note line)
 *   ==================== 正文 ====================
 * What it says about the page goes on the document (title, origin); the header lines are not body text.
 */
import type { Origin } from '../../model/document.js';

const FIELD = /^\s*([\u3400-\u9fff]{2,6})\s*[:：]\s?(.*)$/;
const SEPARATOR = /^\s*[=＝-]{3,}\s*正\s*文\s*[=＝-]{3,}\s*$/;
/** How far down the separator may stand (nine lines in the archives seen; some add a few). */
const MAX_HEADER_LINES = 20;

const ORIGIN_FIELDS: Record<string, keyof Origin> = {
  原文链接: 'url',
  原文地址: 'url',
  链接: 'url',
  发布机构: 'publisher',
  来源: 'publisher',
  发布时间: 'published',
  发布日期: 'published',
  栏目: 'column',
  文号: 'docNumber',
};

export interface CrawlerHeader {
  title?: string;
  origin: Origin;
  /** Lines (0-based) the header takes, separator included: the body starts after them. */
  lines: number;
}

/** The header, when the text opens with one (a 标题: field and a 正文 separator); undefined otherwise. */
export function crawlerHeader(lines: string[]): CrawlerHeader | undefined {
  const sep = lines.slice(0, MAX_HEADER_LINES).findIndex((l) => SEPARATOR.test(l));
  if (sep < 1) return undefined;
  const fields = new Map<string, string>();
  for (const l of lines.slice(0, sep)) {
    const m = FIELD.exec(l);
    if (m && !fields.has(m[1])) fields.set(m[1], m[2].trim());
  }
  if (!fields.has('标题')) return undefined;
  const origin: Origin = {};
  for (const [name, value] of fields) {
    const key = ORIGIN_FIELDS[name];
    if (key && value && origin[key] === undefined) origin[key] = value;
  }
  return { title: fields.get('标题') || undefined, origin, lines: sep + 1 };
}
