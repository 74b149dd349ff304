/** Is it markdown? Decided from the content, before any reader runs. */
import { splitPipeRow } from './pipe.js';

/** Bytes looked at when sniffing: tables come after pages of prose, so more than a header. */
const SNIFF_BYTES = 4 * 1024 * 1024;

/**
 * A file whose first tag (after comments and whitespace) opens an HTML document is HTML, whatever follows;
 * but not MinerU's one-line `<html><body><table>…</table></body></html>`, which can open a markdown file.
 */
function startsAsHtml(text: string): boolean {
  const s = text.replace(/^(?:\s|<!--[\s\S]*?-->)*/, '');
  if (/^<html><body><table[^\n]*<\/table><\/body><\/html>[ \t]*\r?\n/i.test(s)) return false;
  return /^<(?:!doctype\s+html|\?xml|html|head|body|meta|title|link|script|style)\b/i.test(s);
}

const SEPARATOR_CELL = /^\s*:?-+:?\s*$/;

/** `|---|:--:|`, `--- | ---`: a GFM delimiter row (needs a pipe, so a lone `---` is a thematic break). */
export function isSeparatorRow(line: string): boolean {
  if (!line.includes('|') || !line.includes('-')) return false;
  const cells = splitPipeRow(line);
  return cells.length > 0 && cells.every((c) => SEPARATOR_CELL.test(c)) && /-{3,}|(?:\|\s*:?-+:?\s*){2,}/.test(line);
}

/**
 * Markdown by content: a pipe table (a `| … |` line above a `|---|` delimiter row), or an HTML
 * <table> inside markdown (with a `#` heading, an image or bold text around it). A file that starts as
 * an HTML document stays HTML; plain text without pipe tables stays text.
 */
export function looksLikeMarkdown(buf: Uint8Array): boolean {
  let text = Buffer.from(buf.subarray(0, SNIFF_BYTES)).toString('latin1');
  if (text.startsWith('\xef\xbb\xbf')) text = text.slice(3);
  if (startsAsHtml(text)) return false;
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 1; i < lines.length; i++) {
    if (lines[i - 1].includes('|') && lines[i - 1].trim() !== '' && isSeparatorRow(lines[i])) return true;
  }
  return /<table\b/i.test(text) && /^ {0,3}#{1,6}[ \t]+\S|!\[[^\]]*\]\(|\*\*\S/m.test(text);
}
