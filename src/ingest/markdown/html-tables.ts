/** HTML <table>s inside markdown (MinerU), read by the HTML reader's own table code. */
import type { Table, TextLine } from '../../model/document.js';
import { readHtml } from '../html.js';

/** The source line of every <td>/<th> of each leaf <table> (one with no table inside), in document order: [table][row][cell]. */
function htmlCellLines(fragment: string, firstLine: number): number[][][] {
  const lineAt = (offset: number) => {
    let n = firstLine;
    for (let i = fragment.indexOf('\n'); i !== -1 && i < offset; i = fragment.indexOf('\n', i + 1)) n++;
    return n;
  };
  const stack: { rows: number[][]; nested: boolean }[] = [];
  const leaves: number[][][] = [];
  for (const m of fragment.matchAll(/<(\/?)(table|tr|td|th)\b/gi)) {
    const [, close, tag] = m;
    const t = tag.toLowerCase();
    const top = stack[stack.length - 1];
    if (t === 'table') {
      if (close) {
        const done = stack.pop();
        if (done && !done.nested) leaves.push(done.rows);
      } else {
        if (top) top.nested = true;
        stack.push({ rows: [], nested: false });
      }
    } else if (!close && top) {
      if (t === 'tr') top.rows.push([]);
      else (top.rows[top.rows.length - 1] ?? (top.rows[0] = [])).push(lineAt(m.index));
    }
  }
  while (stack.length) {
    const done = stack.pop()!;
    if (!done.nested) leaves.push(done.rows);
  }
  return leaves;
}

/** An HTML <table> block read by the HTML reader, renumbered as the file's tables and given source lines. */
export function htmlTables(fragment: string, firstLine: number, nextNo: () => number): { tables: Table[]; lines: TextLine[] } {
  const doc = readHtml(fragment, { format: 'markdown', method: 'text' });
  const cellLines = htmlCellLines(fragment, firstLine);
  const found = doc.blocks.filter((b) => b.kind === 'table');
  const tables: Table[] = [];
  const lines: TextLine[] = [];
  for (const b of doc.blocks) {
    if (b.kind === 'line') {
      lines.push({ text: b.line.text, prov: { page: 1, line: firstLine } });
      continue;
    }
    const no = nextNo();
    const lineMap = found.length === cellLines.length ? cellLines[found.indexOf(b)] : undefined;
    const renumber = (path = '') => path.replace(/^table\[\d+\]/, `table[${no}]`);
    const cells = b.table.cells.map((c) => {
      const m = /tr\[(\d+)\]>td\[(\d+)\]$/.exec(c.prov.path ?? '');
      const line = (m && lineMap?.[Number(m[1]) - 1]?.[Number(m[2]) - 1]) ?? firstLine;
      return { ...c, prov: { page: 1, line, path: renumber(c.prov.path) } };
    });
    tables.push({ ...b.table, cells, prov: { page: 1, line: cells[0]?.prov.line ?? firstLine, path: `table[${no}]` } });
  }
  return { tables, lines };
}

/** End of the <table> opened at or after `from` in `text` (after its matching </table>), or -1. */
export function tableEnd(text: string, from: number): number {
  let depth = 0;
  const re = /<(\/?)table\b[^>]*>/gi;
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return m.index + m[0].length;
  }
  return -1;
}
