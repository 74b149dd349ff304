/** GFM pipe tables (Marker, LLM conversions), damage included. */
import { isValueText } from '../../text/value.js';
import { cleanText } from './inline.js';

const GENERIC_HEADER = /^(?:列|栏|字段|column|col|field|unnamed:?)\s*[_-]?\s*\d+$/i;


/** Cells of a pipe row: outer pipes off, split on pipes not escaped by a backslash (`\|` is a pipe in the cell). */
export function splitPipeRow(line: string): string[] {
  let s = line.trim();
  if (s.startsWith('|')) s = s.slice(1);
  if (s.endsWith('|') && !s.endsWith('\\|')) s = s.slice(0, -1);
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && s[i + 1] === '|') {
      cur += '|';
      i++;
    } else if (s[i] === '|') {
      cells.push(cur);
      cur = '';
    } else cur += s[i];
  }
  cells.push(cur);
  return cells.map((c) => c.trim());
}

export const hasPipe = (line: string) => /(?<!\\)\|/.test(line);
export const isPipeLine = (line: string) => /^\s*\|/.test(line) && line.trim().length > 1;

interface SourceCell {
  text: string;
  rowSpan: number;
  colSpan: number;
  prov: { page: number; line: number; path: string };
}

/** A generic header row (列1 | 列2, Column 1, Unnamed: 0) or an empty one: not the report's. */
export function isGenericRow(texts: string[]): boolean {
  return texts.every((t) => t.trim() === '' || GENERIC_HEADER.test(t.replace(/\s+/g, ' ').trim()));
}

/** One pipe row's cells; a label repeated over neighbouring slots (a spanning cell spilled by the converter) is one cell again. */
export function pipeCells(line: string, lineNo: number, tableNo: number, rowNo: number): SourceCell[] {
  const out: SourceCell[] = [];
  splitPipeRow(line).forEach((raw, i) => {
    const text = cleanText(raw);
    const prev = out[out.length - 1];
    if (prev && text !== '' && text === prev.text && !isValueText(text)) prev.colSpan += 1;
    else out.push({ text, rowSpan: 1, colSpan: 1, prov: { page: 1, line: lineNo, path: `table[${tableNo}]>tr[${rowNo}]>td[${i + 1}]` } });
  });
  return out;
}
