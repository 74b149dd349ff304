/**
 * Recognising an annual report from its title alone (list entries have nothing else), and the
 * year it covers. Titles seen: "平潭…2023年政府信息公开工作年度报告", "2023年度政府信息公开年报",
 * "关于2019年政府信息公开工作的年度报告", "…工作年度报告（2022年度）", "二〇二〇年…".
 * Companions (解读, 图解, 一图读懂 of a report) name the report in their title, so they are told
 * apart first: a companion is never the report.
 */

export type ReportKind = 'report' | 'companion' | 'other';

/** The phrase that makes a title an open-government-information annual report. */
const REPORT_PHRASE = /(?:信息公开|政务公开)[^，,。；;]{0,12}?(?:年度报告|年报|年度工作报告)/;
/** Markers of a companion piece; checked before the report phrase. */
const COMPANION = /解读|图解|一图(?:读懂|看懂|速览|了解)|图说|读懂|动漫|视频/;
/** Titles that carry the phrase but are about reports, not reports (notices to compile them, reviews of them). */
const ABOUT_REPORTS = [
  /(?:做好|报送|编制|编写|提交|开展|填报|上报|审核).{0,16}(?:年度报告|年报)/,
  /(?:年度报告|年报).{0,12}(?:通知|通报|考核|评估|评议|检查|点评|情况的?报告|编制工作)/,
  /(?:年度报告|年报)(?:编制|发布)?(?:格式|模板|指引|范本)/,
];

const DIGIT = '〇零一二三四五六七八九';
/**
 * A bare "issuer + year + 年报" title ("XX局2023年报", "XX镇2023年度报告"), as 年报 columns list
 * them: a report although the 信息公开 words are missing, when nothing but a body's name precedes the year.
 */
const BARE_REPORT = new RegExp(
  `^(?:关于)?(?:[\\u4e00-\\u9fa5A-Za-z（）()]{0,30}(?:政府|局|委员会|委|厅|办公室|办|署|中心|办事处|管委会|街道|镇|乡|院|所|站|队|馆|会|社|处|县|区|市))?` +
    `(?:\\d{4}|[${DIGIT}]{4})年?度?(?:工作)?(?:年报|年度报告)$`,
);
/** "2023年", "2023年度", "二〇二〇年" — not "2023年1月" (a date), nor a year inside a longer number. */
const YEAR = new RegExp(`(?<![\\d${DIGIT}])(\\d{4}|[${DIGIT}]{4})\\s*年(?!\\s*\\d{1,2}\\s*月)(?:度)?`, 'g');
/** A bare year right before the report words ("2022政府信息公开年报"). */
const BARE_YEAR = /(?<!\d)(\d{4})(?=\s*(?:年度)?(?:政府|政务|信息公开))/g;

function toAscii(s: string): string {
  // Full-width digits ("２０２３") and ideographic spaces appear in pasted titles.
  return s.replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000]+/g, '');
}

/** 〇 and 零 are both 0; 一…九 follow. */
const digitValue = (c: string): number => Math.max(0, DIGIT.indexOf(c) - 1);

function yearValue(tok: string): number | null {
  const y = /^\d{4}$/.test(tok) ? Number(tok) : Number([...tok].map(digitValue).join(''));
  return y >= 2000 && y <= 2100 ? y : null;
}

interface Found {
  year: number;
  at: number;
}

function years(title: string): Found[] {
  const found: Found[] = [];
  for (const re of [YEAR, BARE_YEAR]) {
    for (const m of title.matchAll(re)) {
      const year = yearValue(m[1]);
      if (year !== null) found.push({ year, at: m.index ?? 0 });
    }
  }
  return found.sort((a, b) => a.at - b.at);
}

/**
 * The year a report title covers: the last year written before the report phrase (the year the
 * report is about precedes it), else the first one after it ("…年度报告（2022年度）"), else the first.
 */
export function reportYear(title: string): number | null {
  const t = toAscii(title);
  const all = years(t);
  if (!all.length) return null;
  const phrase = REPORT_PHRASE.exec(t);
  if (!phrase) return all[0].year;
  const before = all.filter((f) => f.at < phrase.index);
  if (before.length) return before[before.length - 1].year;
  return all[0].year;
}

/** What a title is: the report itself, a companion of one (解读, 图解, …), or something else. */
export function kind(title: string): ReportKind {
  const t = toAscii(title);
  if (!REPORT_PHRASE.test(t) && !/年报|年度报告/.test(t)) return 'other';
  if (COMPANION.test(t)) return 'companion';
  if (ABOUT_REPORTS.some((re) => re.test(t))) return 'other';
  return REPORT_PHRASE.test(t) || BARE_REPORT.test(t.replace(/\.[a-z0-9]{2,5}$/i, '')) ? 'report' : 'other';
}

/** A report of one of `years` (any year when none are given, but a year it must state). */
export function isWantedReport(title: string, years?: readonly number[]): boolean {
  if (kind(title) !== 'report') return false;
  const y = reportYear(title);
  return y !== null && (!years || years.length === 0 || years.includes(y));
}
