/**
 * A body a crawler flattened onto one line: every paragraph, heading and table cell run together,
 * e.g. `…其他应主动公开的政府信息19条。二、主动公开政府信息情况…规章000行政规范性文件2025第二十条…`.
 * It is cut into sentences (text lines) and, where a stretch holds figures between labels, into flat
 * tables whose cells are the label runs and the numbers: which label is which row, and where glued
 * digits split, is for the table extractor to decide with the template.
 */
import type { Block, Cell } from '../../model/document.js';
import { figureTokens } from '../../text/figures.js';

/** A line this long with sentences and figures in it is a run-on body, not a paragraph. */
export const RUN_ON_CHARS = 300;

const CN = '一二三四五六七八九十';
/** After a sentence's end, and before a section heading ("二、主动公开…", "四、结转下年度…"). */
const PIECE_BREAK = new RegExp(`(?<=[。！？；])|(?<![${CN}])(?=[${CN}]{1,2}、)`, 'u');

/** Before a numbered item in brackets ("（二）部分公开", "(二)主动公开政府信息的主要类别"). */
const ITEM_BREAK = new RegExp(`(?=[（(][${CN}]{1,2}[)）])`, 'u');

/**
 * The body's blocks: sentences as lines, figure stretches as flat tables, all on `line`. Each piece
 * (a sentence, or a section) is cut before its bracketed items; runs of items without clause
 * punctuation are one table when they hold figures, so a table and the prose after it part there.
 */
export function runOnBlocks(text: string, line: number): Block[] {
  const blocks: Block[] = [];
  const emit = (run: string) => {
    const t = run.trim();
    if (!t) return;
    if (!hasFigures(t) || isProse(t)) {
      blocks.push({ kind: 'line', line: { text: t, prov: { page: 1, line } } });
      return;
    }
    const cells: Cell[] = figureTokens(t).map((c, i) => ({ text: c, row: i, col: 0, rowSpan: 1, colSpan: 1, prov: { page: 1, line } }));
    blocks.push({ kind: 'table', table: { cells, rows: cells.length, cols: 1, flat: true, prov: { page: 1, line } } });
  };
  for (const piece of text.split(PIECE_BREAK)) {
    let run = '';
    let runIsProse = false;
    for (const frag of piece.split(ITEM_BREAK)) {
      const prose = isProse(frag);
      if (run && prose !== runIsProse) {
        emit(run);
        run = '';
      }
      run += frag;
      runIsProse = prose;
    }
    emit(run);
  }
  return blocks;
}

/** Clause or sentence punctuation outside brackets and quotes: a sentence, not a row of cells. */
function isProse(text: string): boolean {
  const outside = text.replace(/[（(][^）)]*[）)]/g, '').replace(/[“"][^”"]*[”"]/g, '');
  return /[，,：:；;。！？]/.test(outside);
}

/** A figure that is not a year ("一、2019年工作情况" is a heading, not a table). */
function hasFigures(text: string): boolean {
  return /\d/.test(text.replace(/\d+年/g, ''));
}
