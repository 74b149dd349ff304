/**
 * Markdown reports: what MinerU, Marker or an LLM made of a report's PDF. Tables come as GFM pipe
 * tables (Marker, LLMs) or as HTML <table>s with rowspan/colspan inside the markdown (MinerU), and the
 * converters damage them: a table cut into pieces at page breaks with page markers between
 * (`<!-- page 3 -->`, `---`, `Page 3`, `- 3 -`), the header repeated on each piece or replaced by
 * generic names (列1, Column 2), a spanning label repeated in every slot it covered. Here:
 *
 * - pipe tables and embedded HTML tables become model Tables (HTML through the HTML reader's own
 *   table code; pipe cells one slot each, a label repeated over neighbouring slots back into one
 *   spanning cell);
 * - a row of generic column names (or an empty header line) is dropped;
 * - consecutive tables with the same number of columns and only blank lines or page markers between
 *   them are one table when the second continues the first: it starts with data, or repeats the
 *   first's header rows (those are dropped);
 * - everything else is text lines with the markdown syntax taken off (#, **, list bullets, links,
 *   images, HTML tags and comments); page markers and thematic breaks are not text.
 *
 * A row whose label the converter lost stays label-less: nothing here guesses which row it was.
 * Provenance: `line` is the 1-based source line (of the row for pipe tables, of the cell's <td> for
 * HTML tables); a cell's `path` is `table[t]>tr[r]>td[c]` in the source (the t-th table of the file,
 * pieces of a stitched table keep their own t; r counts a pipe table's header line as tr[1]).
 * Page markers are not trusted as page numbers: the document is one page, as for text.
 */
import type { Block, DocumentModel, Table } from '../../model/document.js';
import { layoutRows } from '../../model/document.js';
import { warning, type Message } from '../../model/messages.js';
import { decodeText } from '../decode.js';
import { cleanInline } from '../html.js';
import { htmlTables, tableEnd } from './html-tables.js';
import { inlineText, proseText } from './inline.js';
import { hasPipe, isGenericRow, isPipeLine, pipeCells } from './pipe.js';
import { isSeparatorRow } from './sniff.js';
import { dropRows, rowTexts, stitch } from './stitch.js';

export { looksLikeMarkdown } from './sniff.js';
export { splitPipeRow } from './pipe.js';
/** Lines that mark a page break or a rule: no text, and between two pieces of a table they allow stitching. */
const PAGE_MARKERS = [
  /^\s*<!--\s*(?:page|pagebreak|page[-_ ]break|第\s*\d+\s*页)[\s\S]*?-->\s*$/i,
  /^\s*(?:page|p\.|pg\.?)\s*\d+(?:\s*(?:of|\/)\s*\d+)?\s*$/i,
  /^\s*第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?\s*$/,
  /^\s*[-—–－]\s*\d+\s*[-—–－]\s*$/,
  /^\s*\{\d+\}\s*-{3,}\s*$/, // Marker's paginated output
  /^ {0,3}([-*_])(?:\s*\1){2,}\s*$/, // thematic break
  /^\s*\f\s*$/,
];
const BARE_NUMBER = /^\s*\d{1,3}\s*$/;

type Item =
  | { kind: 'blank' }
  | { kind: 'marker' }
  | { kind: 'text'; text: string; line: number; pageNumber?: boolean }
  | { kind: 'table'; table: Table };

export function readMarkdown(buf: Uint8Array, opts: { charset?: string } = {}): DocumentModel {
  const decoded = decodeText(buf, { hint: opts.charset });
  const messages: Message[] = decoded.via === 'guessed' ? [warning('charset_guessed', 'markdown encoding not declared and not UTF-8; decoded as GB18030')] : [];
  const lines = decoded.text.split(/\r\n|\r|\n/);
  // The text with \n breaks, and where each line starts in it (an HTML table may run over lines).
  const full = lines.join('\n');
  const lineStart: number[] = [];
  for (let k = 0, at = 0; k < lines.length; at += lines[k].length + 1, k++) lineStart.push(at);
  const items: Item[] = [];
  let tableNo = 0;
  const nextNo = () => ++tableNo;
  let title: string | undefined;
  let images = 0;

  const pushText = (raw: string, lineNo: number) => {
    images += raw.match(/!\[[^\]]*\]\([^)]*\)/g)?.length ?? 0;
    for (const text of proseText(raw).split('\n')) if (text) items.push({ kind: 'text', text, line: lineNo });
  };
  /** Is the last thing before here (blank lines and page markers aside) a table? Then pipe lines here continue it. */
  const afterTable = () => {
    for (let k = items.length - 1; k >= 0; k--) {
      const it = items[k];
      if (it.kind === 'table') return true;
      if (it.kind === 'text' && !it.pageNumber) return false;
    }
    return false;
  };

  let i = 0;
  // YAML front matter: not text; its title is the document's.
  if (/^---\s*$/.test(lines[0] ?? '')) {
    const end = lines.findIndex((l, k) => k > 0 && k < 60 && /^(?:---|\.\.\.)\s*$/.test(l));
    if (end > 0 && lines.slice(1, end).every((l) => l.trim() === '' || /^[\w-]+\s*:/.test(l) || /^\s+/.test(l))) {
      const t = lines.slice(1, end).find((l) => /^title\s*:/i.test(l));
      if (t) title = t.replace(/^title\s*:\s*/i, '').replace(/^["']|["']$/g, '').trim() || undefined;
      i = end + 1;
    }
  }

  let fence: string | null = null;
  while (i < lines.length) {
    const raw = lines[i];
    const lineNo = i + 1;
    // Fenced code: its lines are text as they stand.
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(raw);
    if (fence !== null || f) {
      if (fence === null) fence = f![1][0];
      else if (f && f[1][0] === fence) fence = null;
      else if (raw.trim()) items.push({ kind: 'text', text: cleanInline(raw), line: lineNo });
      i++;
      continue;
    }
    if (raw.trim() === '') {
      items.push({ kind: 'blank' });
      i++;
      continue;
    }
    if (PAGE_MARKERS.some((re) => re.test(raw))) {
      items.push({ kind: 'marker' });
      i++;
      continue;
    }
    // A comment over several lines: nothing to read.
    if (/^\s*<!--/.test(raw) && !raw.includes('-->')) {
      while (i < lines.length && !lines[i].includes('-->')) i++;
      i++;
      continue;
    }
    // An HTML <table> (MinerU puts each on one line, wrapped in <html><body>).
    const open = /<table\b/i.exec(raw);
    if (open) {
      const start = lineStart[i] + open.index;
      let end = tableEnd(full, start);
      if (end < 0) end = full.length;
      const fragment = full.slice(start, end);
      const lastLine = i + (fragment.match(/\n/g)?.length ?? 0);
      const before = raw.slice(0, open.index);
      if (inlineText(before).trim()) pushText(before, lineNo);
      const { tables, lines: cellLines } = htmlTables(fragment, lineNo, nextNo);
      for (const l of cellLines) items.push({ kind: 'text', text: l.text, line: l.prov.line! });
      for (const table of tables) items.push({ kind: 'table', table });
      const after = lines[lastLine].slice(end - lineStart[lastLine]);
      if (inlineText(after).trim()) pushText(after, lastLine + 1);
      i = lastLine + 1;
      continue;
    }
    // A pipe table: a row above a delimiter row, or a run of |-lines (two or more, or one continuing a table).
    const gfm = hasPipe(raw) && i + 1 < lines.length && isSeparatorRow(lines[i + 1]);
    if (gfm || isPipeLine(raw)) {
      let j = i;
      const rows: { line: string; no: number }[] = [];
      let separator = false;
      while (j < lines.length && lines[j].trim() !== '' && (j === i || isSeparatorRow(lines[j]) || isPipeLine(lines[j]) || (gfm && hasPipe(lines[j])))) {
        if (isSeparatorRow(lines[j])) separator = true;
        else rows.push({ line: lines[j], no: j + 1 });
        j++;
      }
      if (separator || rows.length >= 2 || afterTable()) {
        const no = nextNo();
        let grid = rows.map((r, k) => pipeCells(r.line, r.no, no, k + 1));
        if (grid.length && isGenericRow(grid[0].map((c) => c.text))) grid = grid.slice(1);
        if (grid.length) {
          const table = layoutRows(grid, { page: 1, line: grid[0][0]?.prov.line ?? lineNo, path: `table[${no}]` });
          items.push({ kind: 'table', table });
        }
        i = j;
        continue;
      }
    }
    // Setext heading underline (=== under a line): not text. (A --- line is a page marker above.)
    if (/^ {0,3}=+\s*$/.test(raw) && items[items.length - 1]?.kind === 'text') {
      i++;
      continue;
    }
    if (BARE_NUMBER.test(raw)) {
      items.push({ kind: 'text', text: raw.trim(), line: lineNo, pageNumber: true });
      i++;
      continue;
    }
    pushText(raw, lineNo);
    i++;
  }

  // Generic header rows of HTML tables go too; then the pieces of one table are stitched together.
  const blocks: Block[] = [];
  let last: { table: Table; at: number } | undefined;
  let gap: Item[] = [];
  for (const it of items) {
    if (it.kind === 'table') {
      let table = it.table;
      if (table.rows && isGenericRow(rowTexts(table, 0))) table = dropRows(table, 1);
      if (!table.rows) continue;
      const joined = last && gap.every((g) => g.kind !== 'text' || g.pageNumber) ? stitch(last.table, table) : undefined;
      if (joined && last) {
        blocks[last.at] = { kind: 'table', table: joined };
        last.table = joined;
        // Page numbers between the pieces were page furniture.
        blocks.splice(last.at + 1);
      } else {
        blocks.push({ kind: 'table', table });
        last = { table, at: blocks.length - 1 };
      }
      gap = [];
      continue;
    }
    gap.push(it);
    if (it.kind === 'text') blocks.push({ kind: 'line', line: { text: it.text, prov: { page: 1, line: it.line } } });
    if (it.kind === 'text' && !it.pageNumber) last = undefined;
  }
  if (images) messages.push(warning('images_skipped', `${images} picture(s) in the markdown not read (pictures are not OCR'd from markdown)`));
  return { format: 'markdown', method: 'text', pages: 1, ...(title ? { title } : {}), blocks, messages };
}
