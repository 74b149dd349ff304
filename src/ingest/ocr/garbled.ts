/**
 * Text layers that are there but say nothing: fonts whose ToUnicode maps glyphs to the wrong code
 * points give strings of rare ideographs, symbols and Latin-1 debris. Report text is overwhelmingly
 * ASCII, CJK punctuation and the 6,763 hanzi of GB2312 (its first level alone, the 3,755 most common,
 * covers nearly all of it); a page where most characters fall outside that is garbage, and needs
 * OCR as much as a scan does.
 */
import iconv from 'iconv-lite';
import type { DocumentModel } from '../../model/document.js';

/** Share of non-space characters outside ASCII, CJK punctuation / full-width forms and GB2312 hanzi. */
export function garbledShare(text: string): number {
  let total = 0;
  let odd = 0;
  for (const ch of text) {
    if (/\s/u.test(ch)) continue;
    total++;
    if (!expected(ch)) odd++;
  }
  return total ? odd / total : 0;
}

function expected(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if (cp >= 0x20 && cp < 0x7f) return true;
  // CJK symbols and punctuation, full-width forms, general punctuation (quotes, dashes, bullets).
  if ((cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff00 && cp <= 0xffef) || (cp >= 0x2010 && cp <= 0x206f)) return true;
  // Kangxi radicals and the supplement are what some fonts map hanzi to; the PDF reader folds them.
  if (cp >= 0x2e80 && cp <= 0x2fdf) return true;
  if (cp < 0x3400 || cp > 0x9fff) return false;
  const b = iconv.encode(ch, 'gb2312');
  // GB2312 hanzi rows: lead bytes 0xB0-0xF7 (GBK's extensions use other lead/trail ranges).
  return b.length === 2 && b[0] >= 0xb0 && b[0] <= 0xf7 && b[1] >= 0xa1;
}

/** Share of non-space characters that are hanzi. */
function hanziShare(text: string): number {
  const chars = [...text.replace(/\s/gu, '')];
  return chars.length ? chars.filter((c) => /[\u3400-\u9fff]/u.test(c)).length / chars.length : 0;
}

/**
 * Enough text to judge (50 characters) and more than half of it unexpected; or a long text layer
 * with almost no hanzi at all: these reports are Chinese, and a layer of Latin letters over them is
 * a failed OCR someone else ran (an English model over Chinese scans gives exactly that).
 */
export function textLayerLooksGarbled(text: string): boolean {
  const n = [...text.replace(/\s/gu, '')].length;
  return (n >= 50 && garbledShare(text) > 0.5) || (n >= 200 && hanziShare(text) < 0.1);
}

/**
 * Whether a document read from a text layer is garbage: its lines and cell texts together are
 * judged; returns a short description (for the warning) or undefined.
 */
export function garbledText(doc: DocumentModel): string | undefined {
  const text = doc.blocks.map((b) => (b.kind === 'line' ? b.line.text : b.table.cells.map((c) => c.text).join(' '))).join('\n');
  if (!textLayerLooksGarbled(text)) return undefined;
  const odd = garbledShare(text);
  return odd > 0.5
    ? `${Math.round(odd * 100)}% of its characters are outside common Chinese and ASCII`
    : `only ${Math.round(hanziShare(text) * 100)}% of its characters are hanzi`;
}
