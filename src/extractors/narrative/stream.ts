/**
 * The narrative as one searchable string. PDF lines break mid-sentence ("…各类政\n府信息 5500 余条"),
 * so lines are glued back together; page footers ("-1-") that sit between them are dropped; each
 * character keeps the page it came from. Tables are not part of the narrative.
 */
import type { DocumentModel } from '../../model/document.js';
import { compactText, isPageFooter } from '../../text/fold.js';

export interface TextStream {
  text: string;
  /** starts[i] is the offset where the i-th glued line begins; pages[i] its page. */
  starts: number[];
  pages: number[];
}

/** A line ending in one of these closes its sentence; otherwise the next line continues it. */
const SENTENCE_END = /[。！？!?；;：:]$/;
/** Headings start a new sentence even when the previous line did not end one. */
const HEADING = /^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.、．](?!\d))/;
/** A heading that is a line of its own ("五、因政府信息公开申请行政复议、提起行政诉讼的情况") also ends its
 * sentence; a PDF line that starts with a heading and runs on into the paragraph ("（一）主动公开情况。2024年，
 * 市政府…") does not — it has clause punctuation. */
const MAX_HEADING_LINE = 40;
function isHeadingLine(t: string): boolean {
  return HEADING.test(t) && t.length <= MAX_HEADING_LINE && !/[，,。；;]/.test(t);
}

export function buildStream(doc: DocumentModel): TextStream {
  const starts: number[] = [];
  const pages: number[] = [];
  let text = '';
  let prevHeading = false;
  for (const block of doc.blocks) {
    if (block.kind !== 'line') continue;
    const t = compactText(block.line.text);
    if (!t || isPageFooter(t)) continue;
    if (text && (SENTENCE_END.test(text) || HEADING.test(t) || prevHeading)) text += '\n';
    prevHeading = isHeadingLine(t);
    starts.push(text.length);
    pages.push(block.line.prov.page);
    text += t;
  }
  return { text, starts, pages };
}

export function pageAt(s: TextStream, offset: number): number | null {
  let lo = 0;
  let hi = s.starts.length - 1;
  if (hi < 0) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (s.starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return s.pages[lo];
}

/** Clause delimiters: the text reported for a statement is the clause around it. */
const CLAUSE_BREAK = /[，,；;。！？!?\n]/;
/** Sentence delimiters: the span a metric's `context` pattern must be found in. */
const SENTENCE_BREAK = /[。！？!?\n]/;

function spanAround(text: string, from: number, to: number, brk: RegExp): [number, number] {
  let a = from;
  while (a > 0 && !brk.test(text[a - 1])) a--;
  let b = to;
  while (b < text.length && !brk.test(text[b])) b++;
  return [a, b];
}

export function clauseAround(text: string, from: number, to: number): string {
  const [a, b] = spanAround(text, from, to, CLAUSE_BREAK);
  return text.slice(a, b).trim();
}

export function sentenceAround(text: string, from: number, to: number): string {
  const [a, b] = spanAround(text, from, to, SENTENCE_BREAK);
  return text.slice(a, b);
}
