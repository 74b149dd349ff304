/**
 * Reading one cell's text as a value, for the readers (OCR weighs its readings with it) and the
 * extractors alike. Blank, dash and slash stay null with their status; a blank is never a zero.
 * Units and notes in the cell are kept in `raw`.
 */
import type { ValueStatus } from '../model/record.js';

export interface ParsedValue {
  value: number | null;
  status: ValueStatus;
  /** Unit printed inside the cell, if any. */
  unit?: '万元' | '元';
  note?: string;
}

const DASHES = /^[-－—–_~～一]+$|^[/／\\]+$|^无$|^空$|^NA$|^N\/A$/i;
// A number, optionally signed and with thousands separators; then an optional unit; then an optional note.
const NUMBER = /^([+\-＋－]?)\s*(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万元|万|元|件|条|个|项|次|人|篇|笔)?\s*([(（].*[)）])?$/;

function cleanCellText(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u00a0\u3000]+/g, '').trim();
}

export function parseValue(text: string): ParsedValue {
  const s = cleanCellText(text);
  if (s === '') return { value: null, status: 'blank' };
  if (DASHES.test(s)) return { value: null, status: 'not_applicable' };
  const m = NUMBER.exec(s);
  if (!m) return { value: null, status: 'unreadable' };
  const [, sign, int, frac = '', unitText, note] = m;
  const n = Number(int.replace(/,/g, '') + frac) * (sign === '-' || sign === '－' ? -1 : 1);
  const unit = unitText === '万' || unitText === '万元' ? '万元' : unitText === '元' ? '元' : undefined;
  return { value: n, status: 'ok', unit, note: note || undefined };
}

/** Is this cell a value slot (number, blank, dash) rather than a label? */
export function isValueText(text: string): boolean {
  return parseValue(text).status !== 'unreadable';
}

/** Convert a money value to the key's unit. `assumed` is the unit when neither cell nor header says. */
export function toKeyUnit(value: number, cellUnit: '万元' | '元' | undefined, keyUnit: '10k_yuan' | 'yuan', headerUnit?: '万元' | '元'): number {
  const from = cellUnit ?? headerUnit ?? (keyUnit === '10k_yuan' ? '万元' : '元');
  let v = value;
  if (from === '元' && keyUnit === '10k_yuan') v = value / 10000;
  if (from === '万元' && keyUnit === 'yuan') v = value * 10000;
  return Math.round(v * 1e6) / 1e6;
}
