/**
 * Figures run together with their labels, as crawler dumps flatten a table:
 * `规章000行政规范性文件2025第二十条…`, `主动公开文件数条7392238其中：1、政府网站公开数条1194652、…`.
 * Shared by the text reader (run-on bodies) and the pre-2019 extractor (statistics tables in a line).
 */

/** A figure, with the unit a cell may print after it ("2笔", "984361元"). */
const NUMBER = /[+\-－]?\d+(?:\.\d+)?(?:万元|元|笔|件|条)?/g;
/** An enumerator's mark: "2.其他法律…", "2、政府公报…" (a decimal point has a digit after it). */
const ENUM_AFTER = /^[.．、](?=[^\d\s])/;

/**
 * A stretch of text whose cells lost their borders, as its cells: text runs and figures, in order.
 * An item number glued behind a row's figures ("00000002.其他法律…") goes to the label it opens: the
 * next number of the list, else its last digit. A date ("2017年历年累计") is text, not a figure.
 */
export function figureTokens(piece: string): string[] {
  const out: string[] = [];
  let text = '';
  let at = 0;
  let lastItem = 0;
  const pushText = () => {
    const t = text.trim();
    if (t) out.push(t);
    text = '';
  };
  const inNote = bracketed(piece);
  for (const m of piece.matchAll(NUMBER)) {
    if (inNote[m.index]) continue; // a note's figures ("（不同渠道…计1条）") stay in its label
    text += piece.slice(at, m.index);
    at = m.index + m[0].length;
    let num = m[0];
    if (/^\d+$/.test(num) && /^[年月日]/.test(piece.slice(at))) {
      text += num;
      continue;
    }
    if (ENUM_AFTER.test(piece.slice(at)) && /^\d+$/.test(num)) {
      const item = itemNumber(num, text.trim() !== '', lastItem);
      lastItem = Number(item);
      num = num.slice(0, num.length - item.length);
      if (num) {
        pushText();
        out.push(num);
      }
      text += item;
      continue;
    }
    pushText();
    out.push(num);
  }
  text += piece.slice(at);
  pushText();
  return out;
}

/** The item number at the end of `digits`: all of them right after a label, else the list's next number, else the last digit. */
function itemNumber(digits: string, afterLabel: boolean, lastItem: number): string {
  if (afterLabel && digits.length <= 2) return digits;
  const next = String(lastItem + 1);
  return lastItem > 0 && digits.length > next.length && digits.endsWith(next) ? next : digits.slice(-1);
}

/** For each position, whether it is inside brackets. */
function bracketed(text: string): boolean[] {
  const out: boolean[] = [];
  let depth = 0;
  for (const ch of text) {
    if (ch === '（' || ch === '(') depth++;
    out.push(depth > 0);
    if ((ch === '）' || ch === ')') && depth > 0) depth--;
    for (let k = 1; k < ch.length; k++) out.push(depth > 0);
  }
  return out;
}
