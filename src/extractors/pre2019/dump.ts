/**
 * Rows of a pre-2019 statistics table that lost its structure: crawler text dumps and `flat` tables.
 * Rows come spaced ("主动公开信息数 条 1234 5678"), glued ("（一）主动公开政府信息数条1523"), or one cell
 * per line. All three are read as one token stream: LABEL… UNIT NUMBER [NUMBER], where a new label
 * after a unit or number starts a new row, and an enumerated label ("（二）", "3.", "其中：") after a
 * unit-less label closes the previous one as a group heading.
 */
import type { Pre2019Row } from '../../model/record.js';
import { figureTokens } from '../../text/figures.js';
import { segmentations } from '../../text/segment.js';
import { foldText } from '../../text/fold.js';
import { warning, type Message } from '../../model/messages.js';
import { HEADER_ROLES, UNITS } from './labels.js';
import { BLANK, parseCellNumber } from './number.js';

export interface Item {
  text: string;
  page: number | null;
}

type Kind = 'text' | 'unit' | 'num' | 'blank' | 'header';
interface Tok {
  kind: Kind;
  text: string;
  page: number | null;
}

const UNIT_ALT = UNITS.map((u) => u.replace(/[%]/g, '\\$&')).join('|');
const NUM_SRC = '[-+＋－]?\\d[\\d,]*(?:\\.\\d+)?';
const NUM_RE = new RegExp(`^${NUM_SRC}$`);
/** "（一）主动公开政府信息数条1523": label, unit, number glued. Lazy label: the unit is the last one before the digits. */
const LABEL_UNIT_NUM = new RegExp(`^(.+?)(${UNIT_ALT})(${NUM_SRC})$`);
const UNIT_NUM = new RegExp(`^(${UNIT_ALT})(${NUM_SRC})$`);
const LABEL_UNIT = new RegExp(`^(.+?)(${UNIT_ALT})$`);
const LABEL_NUM = new RegExp(`^(.*[\\u3400-\\u9fff）)][^\\d]*?)(${NUM_SRC})$`);
/** A whole header row glued into one token ("指标名称计量单位本年度历年累计"). */
const GLUED_HEADER = /^(?:指标名称|统计指标|指标|项目|计量单位|单位|本年度|本年|历年累计|累计|统计数|序号|备注)+$/;
const ENUMERATED = /^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．](?!\d)|其中)/;
/** Report furniture around a table that is not a row. */
const NOT_A_ROW = /^(?:填报单位|填报日期|报送单位|制表人?|审核人|单位[:：]|[（(]?\d{4}年度?[）)]?$|附件|附表)/;

function isHeaderWord(t: string): boolean {
  return HEADER_ROLES.some((h) => h.re.test(t)) || GLUED_HEADER.test(t);
}

/** Splits one whitespace-free piece; `next` is the piece after it (a unit glued to a label needs a number next). */
function classify(piece: string, next: string | undefined, page: number | null): Tok[] {
  const tok = (kind: Kind, text: string): Tok => ({ kind, text, page });
  if (isHeaderWord(piece)) return [tok('header', piece)];
  if (NUM_RE.test(piece)) return [tok('num', piece)];
  if (BLANK.test(piece)) return [tok('blank', piece)];
  if (UNITS.includes(piece)) return [tok('unit', piece)];
  let m = UNIT_NUM.exec(piece);
  if (m) return [tok('unit', m[1]), tok('num', m[2])];
  m = LABEL_UNIT_NUM.exec(piece);
  if (m) return [tok('text', m[1]), tok('unit', m[2]), tok('num', m[3])];
  const nextIsValue = next !== undefined && (NUM_RE.test(next) || BLANK.test(next));
  m = LABEL_UNIT.exec(piece);
  if (m && nextIsValue && m[1].length >= 2) return [tok('text', m[1]), tok('unit', m[2])];
  m = LABEL_NUM.exec(piece);
  if (m) return [tok('text', m[1]), tok('num', m[2])];
  return [tok('text', piece)];
}

/** A piece this long with figures inside is several cells run together ("主动公开文件数条7392238其中：1、…"). */
const RUN_TOGETHER = 24;

export function tokenize(items: Item[]): Tok[] {
  const pieces: { text: string; page: number | null }[] = [];
  for (const it of items) {
    for (const p of foldText(it.text).split(/\s+/)) {
      if (!p) continue;
      for (const q of p.length > RUN_TOGETHER && /\d/.test(p) ? figureTokens(p) : [p]) pieces.push({ text: q, page: it.page });
    }
  }
  return pieces.flatMap((p, i) => classify(p.text, pieces[i + 1]?.text, p.page));
}

interface Building {
  label: string;
  unit: string | null;
  nums: string[];
  raw: string[];
  page: number | null;
}

export interface DumpResult {
  rows: Pre2019Row[];
  /** Raw text of each row's this-year value (for cells[].raw). */
  thisYearRaw: (string | null)[];
  messages: Message[];
}

export function rowsFromItems(items: Item[]): DumpResult {
  const toks = tokenize(items);
  const built: Building[] = [];
  let cur: Building | null = null;
  let cumulativeColumn = false;
  const flush = () => {
    if (cur && (cur.label || cur.nums.length || cur.unit)) built.push(cur);
    cur = null;
  };
  const start = (page: number | null): Building => ({ label: '', unit: null, nums: [], raw: [], page });
  for (const t of toks) {
    if (t.kind === 'header') {
      if (/累计/.test(t.text)) cumulativeColumn = true;
      flush();
      continue;
    }
    if (t.kind === 'text') {
      const c = cur as Building | null;
      if (c && (c.unit !== null || c.nums.length)) flush();
      else if (c && c.label && ENUMERATED.test(t.text)) flush();
      cur ??= start(t.page);
      cur.label += t.text;
    } else if (t.kind === 'unit') {
      const c = cur as Building | null;
      if (c && (c.unit !== null || c.nums.length)) flush();
      cur ??= start(t.page);
      cur.unit = t.text;
    } else {
      cur ??= start(t.page);
      cur.nums.push(t.text);
    }
    cur.raw.push(t.text);
  }
  flush();

  const withUnit = built.filter((b) => b.unit !== null);
  const twoNumbers = withUnit.filter((b) => b.nums.length >= 2).length;
  const oneNumber = withUnit.filter((b) => b.nums.length === 1).length;
  const cols = cumulativeColumn || twoNumbers > 0 ? 2 : 1;
  // Two value columns but (almost) every row shows one token: the dump glued 本年度 and 历年累计
  // ("12345678" = 1234|5678). A row is read only where one cut has this year within the
  // cumulative count ("00" = 0|0); elsewhere nothing says where to cut, and neither value is read.
  const glued = cols === 2 && oneNumber > twoNumbers;
  const messages: Message[] = [];
  if (glued) messages.push(warning('pre2019_glued', 'legacy: 本年度 and 历年累计 appear glued into one number in most rows; values are read only where one cut fits (raw kept)'));
  const rows: Pre2019Row[] = [];
  const thisYearRaw: (string | null)[] = [];
  for (const b of built) {
    if (!b.label && b.nums.length === 0) continue;
    if (NOT_A_ROW.test(b.label) && b.nums.length === 0) continue;
    const single = b.nums.length === 1 && cols === 2;
    const cut = single && glued ? onlyCut(b.nums[0]) : undefined;
    if (b.nums.length > cols) {
      const text = `legacy: row "${b.label}" has ${b.nums.length} numbers for ${cols} column(s): ${b.nums.join(' ')}`;
      messages.push(warning('pre2019_extra_numbers', text, { page: b.page ?? undefined, detail: b.nums.join(' ') }));
    }
    rows.push({
      label: b.label,
      unit: b.unit,
      this_year: single && glued ? (cut?.[0] ?? null) : b.nums.length === 0 ? null : parseCellNumber(b.nums[0]),
      cumulative: single && glued ? (cut?.[1] ?? null) : cols === 2 && b.nums.length >= 2 ? parseCellNumber(b.nums[1]) : null,
      raw: b.raw,
      page: b.page,
    });
    thisYearRaw.push(b.nums[0] ?? null);
  }
  return { rows, thisYearRaw, messages };
}

/** The one cut of glued 本年度|历年累计 digits with this year no more than the cumulative count; undefined when none or several. */
function onlyCut(digits: string): [number, number] | undefined {
  if (!/^\d+$/.test(digits)) return undefined;
  const fits = segmentations([digits], 2).filter(([year, total]) => year <= total);
  return fits.length === 1 ? (fits[0] as [number, number]) : undefined;
}
