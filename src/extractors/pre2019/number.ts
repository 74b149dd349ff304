/**
 * One statistics-table value. Blank, dashes and 无 are "no number" (null), never 0; a cell that has
 * text but no readable number is null too and keeps its text in the row's `raw`.
 */
import { parseArabic } from '../../text/numerals.js';

export const BLANK = /^(?:[—–\-－―/／]+|无|空)?$/;

export function parseCellNumber(text: string): number | null {
  const t = text.replace(/\s+/g, '');
  if (BLANK.test(t)) return null;
  return parseArabic(t.replace(/^＋/, '+').replace(/^－/, '-'));
}
