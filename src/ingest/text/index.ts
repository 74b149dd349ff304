/**
 * Plain-text reports, typically crawler dumps of portal pages. Tables arrive flattened: one cell per
 * tab-led line (a cell's own line breaks continue on short untabbed lines), a label followed by
 * space-separated numbers, or the whole body run together on one line (runon.ts). Row structure is
 * lost, so tables come out `flat`. A crawler's header block (header.ts) gives the title and origin.
 */
import type { Block, Cell, DocumentModel, TextLine } from '../../model/document.js';
import { warning } from '../../model/messages.js';
import { decodeText } from '../decode.js';
import { crawlerHeader } from './header.js';
import { RUN_ON_CHARS, runOnBlocks } from './runon.js';

const HEADING = /^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）])/;
const NUM = String.raw`[+\-－]?\d[\d,.]*(?:万元|万|元)?`;
// A short label (at least two Chinese characters, not a sentence) then numbers, spaced or glued to it.
const LABELLED_ROW = new RegExp(`^([^。；]*[\\u3400-\\u9fff][^。；]*?[^\\d\\s,.+\\-－])?[ \\u3000]*((?:${NUM}[ \\u3000]+)*${NUM})$`);
const MAX_ROW_LINE = 80;
const MAX_CONTINUATION = 20;

interface RawCell {
  text: string;
  line: number;
}

/** Cells of one line, or null when the line is not tabular. */
function lineCells(raw: string, lineNo: number, inTable: boolean): RawCell[] | null {
  if (raw.includes('\t')) {
    // Each tab opens a cell; a leading tab opens the line's first one.
    const parts = raw.split('\t');
    return parts.slice(raw.startsWith('\t') ? 1 : 0).map((t) => ({ text: t.trim(), line: lineNo }));
  }
  const line = raw.trim();
  const m = line.length <= MAX_ROW_LINE ? LABELLED_ROW.exec(line) : null;
  if (!m) return null;
  const label = m[1]?.trim();
  const nums = m[2].trim().split(/[ \u3000]+/);
  if (label && !/[\u3400-\u9fff].*[\u3400-\u9fff]/.test(label)) return null;
  // A bare number is a page number or a stray figure unless we are in a table or it is a long glued run.
  if (!label && !inTable && nums.length < 2 && nums[0].length < 5) return null;
  return [...(label ? [{ text: label, line: lineNo }] : []), ...nums.map((t) => ({ text: t, line: lineNo }))];
}

/** Short header lines just before a table's first row belong to it (glued dumps lose the tabs of header rows). */
function isHeaderLine(text: string): boolean {
  return text.length <= MAX_ROW_LINE && !HEADING.test(text) && !/[。；]/.test(text);
}

export function readText(buf: Uint8Array, opts: { charset?: string } = {}): DocumentModel {
  const decoded = decodeText(buf, { hint: opts.charset });
  const messages = decoded.via === 'guessed' ? [warning('charset_guessed', 'text encoding not declared and not UTF-8; decoded as GB18030')] : [];
  const lines = decoded.text.split(/\r\n|\r|\n/);
  const header = crawlerHeader(lines);
  const blocks: Block[] = [];
  // The header's title opens the text, as the page showed it; the other header lines are not body text.
  if (header?.title) blocks.push({ kind: 'line', line: { text: header.title, prov: { page: 1, line: 1 + lines.findIndex((l) => l.includes(header.title!)) } } });
  let table: RawCell[] | null = null;
  let lastWasTabbed = false;

  const flush = () => {
    if (!table) return;
    const cells: Cell[] = table.map((c, i) => ({ text: c.text, row: i, col: 0, rowSpan: 1, colSpan: 1, prov: { page: 1, line: c.line } }));
    blocks.push({ kind: 'table', table: { cells, rows: cells.length, cols: 1, flat: true, prov: { page: 1, line: table[0]?.line } } });
    table = null;
  };

  const startTable = (firstRow: number): RawCell[] => {
    const pulled: RawCell[] = [];
    while (blocks.length) {
      const last = blocks[blocks.length - 1];
      // Only lines directly above (a blank line between is allowed) are header rows.
      if (last.kind !== 'line' || !isHeaderLine(last.line.text) || last.line.prov.line! < (pulled[0]?.line ?? firstRow) - 2) break;
      pulled.unshift({ text: last.line.text, line: last.line.prov.line! });
      blocks.pop();
    }
    return pulled;
  };

  lines.forEach((raw, idx) => {
    if (header && idx < header.lines) return;
    const lineNo = idx + 1;
    const trimmed = raw.trim();
    // A long line with figures run into labels: a one-line body, or a section some crawler kept whole.
    const runOn = trimmed.length > MAX_ROW_LINE && !raw.includes('\t') ? runOnBlocks(trimmed, lineNo) : [];
    if (trimmed.length > RUN_ON_CHARS || runOn.some((b) => b.kind === 'table')) {
      flush();
      for (const b of runOn) blocks.push(b); // not push(...runOn): a huge body has more blocks than call arguments may be
      return;
    }
    const cells = lineCells(raw, lineNo, table !== null);
    if (cells) {
      table ??= startTable(lineNo);
      table.push(...cells);
      lastWasTabbed = raw.includes('\t');
      return;
    }
    if (table) {
      if (trimmed === '') return;
      if (lastWasTabbed && trimmed.length <= MAX_CONTINUATION && !HEADING.test(trimmed) && table.length) {
        // A tabbed cell's own line break: the text continues the cell.
        table[table.length - 1].text += (table[table.length - 1].text ? '\n' : '') + trimmed;
        return;
      }
      if (!lastWasTabbed && isHeaderLine(trimmed)) {
        table.push({ text: trimmed, line: lineNo });
        return;
      }
      flush();
    }
    if (trimmed) blocks.push({ kind: 'line', line: { text: trimmed, prov: { page: 1, line: lineNo } } satisfies TextLine });
  });
  flush();
  return {
    format: 'txt', method: 'text', pages: 1, blocks, messages,
    ...(header?.title ? { title: header.title } : {}),
    ...(header && Object.keys(header.origin).length ? { origin: header.origin } : {}),
  };
}
