/**
 * Page furniture: page numbers ("- 4 -", "— 5 —", "第 3 页", "3/6") and running headers/footers.
 * They sit in the top or bottom margin; left in place they would split a table that continues on
 * the next page and pollute the narrative.
 */
import type { PageContent } from './page.js';

/** Fraction of the page height counted as top / bottom margin. */
const MARGIN = 0.1;

const PAGE_NUMBER = [
  /^[-—–－―~～·•\s]*\d{1,4}[-—–－―~～·•\s]*$/u,
  /^[-—–－―\s]*第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?[-—–－―\s]*$/u,
  /^[-—–－―\s]*(共\s*\d{1,4}\s*页\s*)?第\s*\d{1,4}\s*页[-—–－―\s]*$/u,
  /^\d{1,4}\s*[/／]\s*\d{1,4}$/u,
  /^page\s*\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/iu,
];

export function isPageNumber(text: string): boolean {
  const t = text.trim();
  return PAGE_NUMBER.some((re) => re.test(t));
}

/** Removes page numbers and running headers/footers from every page's lines, in place. */
export function removeFurniture(pages: PageContent[]): void {
  const inMargin = (p: PageContent, y0: number, y1: number) => y1 < p.height * MARGIN || y0 > p.height * (1 - MARGIN);
  // Running text: the same margin line (digits ignored) on at least 3 pages and half of them.
  const counts = new Map<string, number>();
  for (const p of pages) {
    const seen = new Set<string>();
    for (const l of p.lines) {
      if (!inMargin(p, l.rect.y0, l.rect.y1)) continue;
      const key = l.text.replace(/\d+/g, '#');
      if (!seen.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
      seen.add(key);
    }
  }
  const running = new Set([...counts].filter(([, n]) => n >= 3 && n >= pages.length / 2).map(([k]) => k));
  for (const p of pages) {
    p.lines = p.lines.filter((l) => {
      if (!inMargin(p, l.rect.y0, l.rect.y1)) return true;
      return !isPageNumber(l.text) && !running.has(l.text.replace(/\d+/g, '#'));
    });
  }
}
