/**
 * Before 2019 (domain.md §2, codebook §2.4): no national table. Every row of the report's statistics
 * table is kept (`rows`), and the common indicators are mapped to `legacy.*` keys (labels.ts).
 *
 * Sources, in reading order: tables that kept their grid (HTML/DOCX/PDF) and text that lost it
 * (crawler dumps as lines, or `flat` tables). Returns null when the document has no statistics
 * table of this kind — the caller then knows it is not a pre-2019 report.
 */
import type { DocumentModel } from '../../model/document.js';
import { warning, type Message } from '../../model/messages.js';
import type { CellRecord, Pre2019Row, ReportRecord } from '../../model/record.js';
import { figureTokens } from '../../text/figures.js';
import { rowsFromTable } from './grid.js';
import { rowsFromItems, tokenize, type Item } from './dump.js';
import { coreLabel, PRE2019_KEYS, PRE2019_VALUE_KEYS, TABLE_START, TABLE_STOP } from './labels.js';

export { PRE2019_KEYS, PRE2019_VALUE_KEYS } from './labels.js';

export interface Pre2019Cell {
  key: string;
  value: number | null;
  raw: string;
  page: number | null;
}

export interface Pre2019Result {
  rows: Pre2019Row[];
  /** Every legacy.* key of codebook §2.4; null where no row maps to it or its cell is blank. */
  values: Record<string, number | null>;
  cells: Pre2019Cell[];
  messages: Message[];
}

/** Step: a report before the national tables (2019) has its own statistics table; read when no national table was. */
export function readPre2019(doc: DocumentModel, rec: ReportRecord): void {
  if (rec.template !== 'unknown') return;
  const r = extractPre2019(doc);
  if (!r) return;
  rec.template = 'pre2019';
  rec.legacy = { rows: r.rows };
  rec.values = r.values;
  for (const m of r.messages) rec.issues.push(m);
  // A cell with figures that gave no value (glued columns, a unit not converted) is unreadable, not blank.
  const status = (c: Pre2019Cell): CellRecord['status'] => (c.value !== null ? 'ok' : /\d/.test(c.raw) ? 'unreadable' : 'blank');
  rec.cells = r.cells.map((c): CellRecord => ({ ...c, status: status(c), bbox: null, method: doc.method }));
}

/** Longest line that can still be a table row (labels with notes reach ~60 characters). */
const MAX_ROW_TEXT = 100;
/** Without a "统计表"/"指标名称" marker, a text table needs this many mapped indicators to count. */
const MIN_KEYS_UNMARKED = 2;
/** Rows with a unit a marked table needs before it counts. */
const MIN_UNIT_ROWS = 3;

/**
 * A line is one slot, unless a crawler ran the whole table into it ("六、附表指标名称…主动公开文件数条7392238其中：1.…"):
 * then the text before the table's header, the table as cells, and what follows its end.
 */
function lineSlots(text: string): string[] {
  const start = text.length > MAX_ROW_TEXT ? TABLE_START.exec(text) : null;
  if (!start) return [text];
  // The table's title ("…统计表") stays with the text before it; the header row opens the table.
  const at = start.index + (/^统\s*计\s*表/.test(start[0]) ? start[0].length : 0);
  // Header words letter-spaced ("指 标 名 称") are one word; the table's other spaces part cells.
  const rest = text.slice(at).replace(SPACED_HEADER, (w) => w.replace(/\s+/g, ''));
  const stop = TABLE_STOP.exec(rest);
  const table = stop ? rest.slice(0, stop.index) : rest;
  const cells = table
    .split(/\s+/)
    .flatMap((p) => (/\d/.test(p) ? figureTokens(p) : [p]))
    .flatMap((p) => {
      const header = HEADER_RUN.exec(p)?.[0];
      return header && header !== p ? [header, p.slice(header.length)] : [p];
    });
  return [text.slice(0, at), ...cells, ...(stop ? [rest.slice(stop.index)] : [])].filter((t) => t.trim());
}

const SPACED_HEADER = /指\s*标\s*名\s*称|计\s*量\s*单\s*位|单\s+位|历\s*年\s*累\s*计/g;
/** The header row run into the first label ("指标名称计量单位2017年度历年累计主动公开文件数条"). */
const HEADER_RUN = /^(?:指标名称|统计指标|计量单位|单位|\d{4}年度?|本年度?|历年累计|累计|年末统计|统计数)+/;

interface Group {
  rows: Pre2019Row[];
  thisYearRaw: (string | null)[];
  marked: boolean;
}

type Slot = Item & { barrier?: boolean };

function isStop(s: Slot): boolean {
  return !!s.barrier || TABLE_STOP.test(s.text) || s.text.length > MAX_ROW_TEXT;
}

/** Text regions holding a table: from a marker line to the first prose, next section or grid table. */
function markedRegions(slots: Slot[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < slots.length; i++) {
    const s = slots[i];
    if (s.barrier || !TABLE_START.test(s.text) || isStop(s)) continue;
    const from = /统计表/.test(s.text) ? i + 1 : i; // the table's title is not a row
    let j = from;
    while (j < slots.length && !isStop(slots[j])) j++;
    out.push([from, j]);
    i = j;
  }
  return out;
}

/** Unmarked text tables: runs where units and numbers keep coming (≥3 of each within 8 lines). */
function unmarkedRegions(slots: Slot[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < slots.length; i++) {
    if (isStop(slots[i])) continue;
    const window: Slot[] = [];
    for (let k = i; k < Math.min(slots.length, i + 8) && !isStop(slots[k]); k++) window.push(slots[k]);
    const toks = tokenize(window);
    if (toks.filter((t) => t.kind === 'unit').length < 3 || toks.filter((t) => t.kind === 'num').length < 3) continue;
    let j = i;
    while (j < slots.length && !isStop(slots[j])) j++;
    out.push([i, j]);
    i = j;
  }
  return out;
}

function mapRows(rows: Pre2019Row[], thisYearRaw: (string | null)[], messages: Message[]) {
  const values: Record<string, number | null> = Object.fromEntries(PRE2019_VALUE_KEYS.map((k) => [k, null]));
  const cells: Pre2019Cell[] = [];
  const done = new Set<string>();
  rows.forEach((row, i) => {
    const own = coreLabel(row.label.split(' / ').pop() ?? '');
    for (const k of PRE2019_KEYS) {
      if (done.has(k.key) || !k.patterns.some((p) => p.test(own))) continue;
      done.add(k.key);
      let value = row.this_year;
      if (value !== null && k.unitFactors) {
        const factor = row.unit ? k.unitFactors[row.unit] : undefined;
        if (factor === undefined) {
          const text = `legacy: ${k.key} row "${row.label}" has unit ${row.unit ?? '(none)'}; ${row.unit ? 'not converted, value left null' : 'taken as 元'}`;
          messages.push(warning('pre2019_unit', text, { key: k.key, page: row.page ?? undefined }));
          if (row.unit) value = null;
        } else {
          value = Math.round(value * factor * 100) / 100;
        }
      }
      values[k.key] = value;
      cells.push({ key: k.key, value, raw: thisYearRaw[i] ?? '', page: row.page });
      break;
    }
  });
  return { values, cells, mapped: done.size };
}

export function extractPre2019(doc: DocumentModel): Pre2019Result | null {
  const groups: { at: number; group: Group }[] = [];
  const slots: Slot[] = [];
  const slotBlock: number[] = [];
  doc.blocks.forEach((b, bi) => {
    if (b.kind === 'line') {
      for (const text of lineSlots(b.line.text)) {
        slots.push({ text, page: b.line.prov.page });
        slotBlock.push(bi);
      }
    } else if (b.table.flat) {
      for (const c of b.table.cells) {
        slots.push({ text: c.text, page: c.prov.page });
        slotBlock.push(bi);
      }
    } else {
      const g = rowsFromTable(b.table);
      if (g) groups.push({ at: bi, group: { rows: g.rows, thisYearRaw: g.thisYearRaw, marked: g.hasHeader } });
      slots.push({ text: '', page: b.table.prov.page, barrier: true });
      slotBlock.push(bi);
    }
  });

  const messages: Message[] = [];
  const marked = markedRegions(slots);
  const regions = marked.length ? marked : unmarkedRegions(slots);
  for (const [from, to] of regions) {
    // Table titles ("2010年政府信息公开工作情况统计表") inside the region are not rows.
    const r = rowsFromItems(slots.slice(from, to).filter((s) => !/统计表/.test(s.text)));
    // A marker with no unit-bearing row after it (the table itself is a grid, or absent) adds nothing.
    if (!r.rows.some((row) => row.unit !== null)) continue;
    for (const m of r.messages) messages.push(m);
    if (r.rows.length) groups.push({ at: slotBlock[from], group: { rows: r.rows, thisYearRaw: r.thisYearRaw, marked: marked.length > 0 } });
  }
  groups.sort((a, b) => a.at - b.at);

  const rows = groups.flatMap((g) => g.group.rows);
  const thisYearRaw = groups.flatMap((g) => g.group.thisYearRaw);
  if (rows.length === 0) return null;
  const { values, cells, mapped } = mapRows(rows, thisYearRaw, messages);
  const unitRows = rows.filter((r) => r.unit !== null).length;
  const isMarked = groups.some((g) => g.group.marked);
  // A few unit-bearing lines in prose or an unrelated table are not a statistics table.
  if (!(mapped >= MIN_KEYS_UNMARKED || (isMarked && unitRows >= MIN_UNIT_ROWS))) return null;
  return { rows, values, cells, messages };
}
