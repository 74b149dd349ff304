/**
 * Finding the report's title among the first lines and splitting it into issuer text and year.
 * Titles seen: "昌乐县人民政府 / 2020年政府信息公开工作年度报告" (two lines), "2022年度螅镇政府信息公开
 * 工作年度报告" (year first), "…信息公开工作年度报告" (no 政府), "民政局2020年…" (no place),
 * "…年度报告（2020年度）" (year last).
 */
import { compactText } from '../../text/fold.js';
import { parseChineseNumeral } from '../../text/numerals.js';

export interface Line {
  text: string;
  page: number;
}

/** The phrase that makes a line a report title. */
const REPORT_PHRASE = /(信息公开|政务公开)[^。，,]{0,8}?(年度报告|年报|工作报告|报告)/;
/** Portal furniture that can carry the same phrase: breadcrumbs, metadata rows. */
const NOT_TITLE = /当前位置|首页|>|›|»|索引号|发布机构|发文日期|来源[:：]|浏览次数|点击|^(现将|根据|按照|依据)|如下|[:：]$/;
/** Disclosure stamps printed near the title ("此件公开发布", often in a text box): never part of it. */
const STAMP = /^[（(【\[]?(此件|本件)?(主动|依申请|不予)?公开(发布)?[）)】\]]?$|^[（(【\[]?此件.{0,6}[）)】\]]?$/;
/** Year tokens: "2020年", "2020年度", "（2020年度）", "二〇二〇年". */
const YEAR_TOKEN = /[（(]?(\d{4}|[〇零一二三四五六七八九]{4})\s*年度?[）)]?/g;
/** The tail of a title after the issuer; "政府" is optional because "XX县人民政府信息公开…" shares it. */
const TITLE_TAIL = /(?:的)?(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:的)?(?:年度)?(?:工作)?(?:报告|年报)(?:的(?:公告|通知))?$/;
/** How many lines from the top the title may start at (HTML pages carry some furniture first). */
const TITLE_SEARCH_LINES = 15;
/** Titles and issuer lines are short; longer lines are body text. */
const MAX_TITLE_LINE = 60;

export function yearFromToken(tok: string): number | null {
  const y = /^\d{4}$/.test(tok) ? Number(tok) : parseChineseNumeral(tok);
  return y !== null && y >= 2000 && y <= 2100 ? y : null;
}

function isShortLabel(s: string): boolean {
  return s.length >= 2 && s.length <= 30 && !/[。，,；;：:！？]/.test(s) && !NOT_TITLE.test(s) && !/^\d+$/.test(s);
}

/** Looks like the name of an issuing body (for an issuer printed on the line after the title). */
export function looksLikeOrg(s: string): boolean {
  return isShortLabel(s) && /(政府|局|委员会|委|厅|办公室|办|署|中心|办事处|管委会|管理委员会|乡|镇|街道)$/.test(s);
}

export interface TitleParse {
  /** Title as printed, lines joined. */
  title: string;
  /** What is left of the title once the year and the report phrase are removed (may be ""). */
  issuerText: string;
  year: number | null;
  /** Index (into the lines given) of the title's first and last line. */
  first: number;
  last: number;
}

/** Splits one title string into issuer text and year. */
export function parseTitleText(raw: string): { issuerText: string; year: number | null } {
  const t = compactText(raw).replace(/[《》“”"]/g, '');
  let year: number | null = null;
  for (const m of t.matchAll(YEAR_TOKEN)) {
    year = yearFromToken(m[1]);
    if (year !== null) break;
  }
  let rest = t.replace(YEAR_TOKEN, '').replace(TITLE_TAIL, '').replace(/^关于|关于$|的$/g, '');
  // "XX县人民政府信息公开工作年度报告": the tail took the 政府 of 人民政府.
  if (/人民$/.test(rest)) rest += '政府';
  return { issuerText: rest.trim(), year };
}

/**
 * Finds the title in the first lines: the first short line carrying the report phrase, plus the
 * line before it when that line is a bare issuer name (title split over two lines), or the line
 * after it when the title has no issuer in it and the next line names one.
 */
export function findTitle(lines: Line[]): TitleParse | null {
  const texts = lines.map((l) => compactText(l.text));
  const limit = Math.min(texts.length, TITLE_SEARCH_LINES);
  for (let j = 0; j < limit; j++) {
    const t = texts[j];
    if (!t || t.length > MAX_TITLE_LINE || /[。]/.test(t) || NOT_TITLE.test(t) || !REPORT_PHRASE.test(t)) continue;
    let first = j;
    let last = j;
    let { issuerText, year } = parseTitleText(t);
    let p = j - 1;
    while (p >= 0 && STAMP.test(texts[p])) p--;
    const prev = texts[p];
    if (prev && isShortLabel(prev) && !REPORT_PHRASE.test(prev)) {
      const joined = parseTitleText(prev + t);
      // Only when the line before adds an issuer (not a date, not "附件").
      if (joined.issuerText.length > issuerText.length && !/^附件|^\d/.test(prev)) {
        ({ issuerText, year } = joined);
        first = p;
      }
    }
    const next = texts[j + 1];
    if (!issuerText && next && looksLikeOrg(next)) {
      issuerText = parseTitleText(next).issuerText;
      last = j + 1;
    }
    if (year === null && next && /^[（(]?(\d{4}|[〇零一二三四五六七八九]{4})年度?[）)]?$/.test(next)) {
      year = parseTitleText(next).year;
      last = j + 1;
    }
    return { title: texts.slice(first, last + 1).filter((x) => !STAMP.test(x)).join(''), issuerText, year, first, last };
  }
  return null;
}
