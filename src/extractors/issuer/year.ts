/**
 * The calendar year a report covers. Sources, in order of trust:
 * 1. the title ("2020年政府信息公开工作年度报告");
 * 2. the statistics period ("统计期限为2020年1月1日至2020年12月31日");
 * 3. as a last resort, the year that opens the 总体情况 narrative ("2020年，昌乐县…"), with a warning.
 * Publication dates ("2021年1月20日" under the signature) are never used.
 */
import { compactText } from '../../text/fold.js';
import { error, warning, type Message } from '../../model/messages.js';
import { yearFromToken } from './title.js';

const Y = '(\\d{4}|[〇零一二三四五六七八九]{4})';
/** "统计期限为2020年1月1日至2020年12月31日", "统计期限自2024年1月1日起至2024年12月31日止". */
const PERIOD = new RegExp(
  `统计(?:期限|期间|时限|时间|时段|区间)[^。]{0,8}?${Y}年(\\d{1,2})月(\\d{1,2})日[^。\\d]{0,6}?${Y}年(\\d{1,2})月(\\d{1,2})日`,
);
/** "2020年，" / "2020年度，" at the start of a sentence. */
const OPENING_YEAR = new RegExp(`(?:^|[。\\n])${Y}年度?[，,]`);

export interface PeriodYear {
  year: number;
  /** False when the period is not one full calendar year (e.g. "2020年1月1日至2020年6月30日"). */
  fullYear: boolean;
  text: string;
}

/** `text`: the document's lines, each compacted, joined with "\n" (a period may wrap across lines). */
export function yearFromPeriod(text: string): PeriodYear | null {
  const m = PERIOD.exec(compactText(text.replace(/\n/g, '')));
  if (!m) return null;
  const y1 = yearFromToken(m[1]);
  const y2 = yearFromToken(m[4]);
  if (y2 === null) return null;
  const fullYear = y1 === y2 && m[2] === '1' && m[3] === '1' && m[5] === '12' && m[6] === '31';
  return { year: y2, fullYear, text: m[0] };
}

export function yearFromOpening(text: string): number | null {
  const m = OPENING_YEAR.exec(text);
  return m ? yearFromToken(m[1]) : null;
}

export interface YearResult {
  year: number | null;
  messages: Message[];
}

/** Combines the title year with the body's statistics period (`body`: lines compacted, joined with "\n"). */
export function resolveYear(titleYear: number | null, body: string): YearResult {
  const messages: Message[] = [];
  const period = yearFromPeriod(body);
  if (period && !period.fullYear) messages.push(warning('year_partial_period', `year: statistics period is not a calendar year: ${period.text}`, { key: 'year' }));
  if (titleYear !== null) {
    if (period && period.year !== titleYear) {
      messages.push(warning('year_conflict', `year: title says ${titleYear}, statistics period says ${period.year} (${period.text}); kept the title's`, { key: 'year' }));
    }
    return { year: titleYear, messages };
  }
  if (period) return { year: period.year, messages };
  const opening = yearFromOpening(body);
  if (opening !== null) {
    messages.push(warning('year_from_text', `year: no year in the title or statistics period; took ${opening} from the text ("${opening}年，…")`, { key: 'year' }));
    return { year: opening, messages };
  }
  messages.push(error('year_not_found', 'year: not found in the title or a statistics period', { key: 'year' }));
  return { year: null, messages };
}
