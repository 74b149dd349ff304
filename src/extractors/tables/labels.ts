/**
 * Tolerant label comparison. Real reports print the official labels with full-width/half-width
 * punctuation, spaces and line breaks inside, "、" vs "，", enumerators or none, and typos.
 */

const CN_NUM = '一二三四五六七八九十';
// Enumerators at the start: "三、", "（一）", "1.", "2、", "(3)" — possibly several ("三（一）").
const LEADING_ENUM = new RegExp(`^(?:[(（][${CN_NUM}\\d]{1,3}[)）]|[${CN_NUM}]{1,3}(?:[、.．,，]|(?=[(（]))|\\d{1,2}[、.．,，)）])`);

/** Typos seen in real reports, fixed before comparison only (the cell text is kept as printed). */
const TYPOS: [RegExp, string][] = [
  [/不子(公开|处理)/g, '不予$1'],
  [/法律行政止公开/g, '法律行政法规禁止公开'],
];

export function normalizeLabel(text: string): string {
  let s = text.normalize('NFKC').replace(/\s+/g, '');
  for (let prev = ''; prev !== s; ) {
    prev = s;
    s = s.replace(LEADING_ENUM, '');
  }
  for (const [re, to] of TYPOS) s = s.replace(re, to);
  return s.replace(/[\p{P}\p{S}]/gu, '');
}

/** Longest common subsequence length: tolerant of a dropped or swapped character. */
function lcs(a: string, b: string): number {
  const prev = new Array(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(prev[j], prev[j - 1]);
      diag = up;
    }
  }
  return prev[b.length];
}

/** Similarity 0..1 of two normalised labels; 1 for an exact match. */
function labelSimilarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  return (2 * lcs(a, b)) / (a.length + b.length);
}

export const MATCH_THRESHOLD = 0.8;

/** Template labels are a fixed, small set: normalise each once, not once per cell compared. */
const templateLabelCache = new Map<string, string>();
function normalizedTemplateLabel(label: string): string {
  let n = templateLabelCache.get(label);
  if (n === undefined) templateLabelCache.set(label, (n = normalizeLabel(label)));
  return n;
}

/** Best score of `cellText` against any of `labels` (raw official labels). */
export function matchScore(cellText: string, labels: string[]): number {
  const cell = normalizeLabel(cellText);
  let best = 0;
  for (const l of labels) best = Math.max(best, labelSimilarity(cell, normalizedTemplateLabel(l)));
  return best;
}

/**
 * Length of the longest of `labels` the cell text ends with, 0 when none: a run-on dump glues a row's
 * label behind the header text before it ("…现行有效件数规章", "…本年处理决定数量行政许可").
 */
export function suffixMatch(cellText: string, labels: string[]): number {
  const cell = normalizeLabel(cellText);
  let best = 0;
  for (const l of labels) {
    const n = normalizedTemplateLabel(l);
    if (n.length >= 2 && n.length > best && cell.endsWith(n)) best = n.length;
  }
  return best;
}

/** True when the normalised text contains the marker (markers are short, distinctive phrases). */
export function containsLabel(haystack: string, marker: string): boolean {
  return normalizeLabel(haystack).includes(normalizeLabel(marker));
}

/**
 * Text dumps glue a row's label cells together: "三、本年度办理结果（一）予以公开", "（三）不予公开1.属于国家秘密".
 * Split before each enumerator that is not at the start, so group and row labels are seen one by one.
 */
const INNER_ENUM = new RegExp(`(?<=.)(?=[（(][${CN_NUM}]{1,2}[)）]|(?<![\\d.．])\\d{1,2}[.．、](?!\\d)|(?<![${CN_NUM}])[${CN_NUM}]{1,2}、)`, 'g');

export function splitLabel(text: string): string[] {
  return text.split(INNER_ENUM).filter((p) => p.trim() !== '');
}
