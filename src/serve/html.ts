/**
 * The one place the server writes HTML from report text: the source table view of /api/source.
 * Report text is hostile until proven otherwise (a portal page can carry anything), so every cell's
 * text is escaped here, and the markup uses no inline script or style (the CSP forbids both): the
 * highlighted cell is marked by a class and an id for the client's stylesheet.
 */
import type { Cell, Table } from '../model/document.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or attribute value: & < > " ' escaped. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** A table as `<table>` markup, cells with their spans, `hit` marked `class="nb-hit" id="nb-hit"`; line breaks in a cell become <br>. */
export function tableHtml(table: Table, hit?: Cell): string {
  const rows: string[][] = Array.from({ length: table.rows }, () => []);
  for (const c of table.cells) {
    const attrs = [
      c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : '',
      c.colSpan > 1 ? ` colspan="${c.colSpan}"` : '',
      ` data-row="${c.row}" data-col="${c.col}"`,
      c === hit ? ' class="nb-hit" id="nb-hit"' : '',
    ].join('');
    (rows[c.row] ??= []).push(`<td${attrs}>${c.text.split('\n').map(escapeHtml).join('<br>')}</td>`);
  }
  return `<table class="nb-source">\n${rows.map((r) => `<tr>${r.join('')}</tr>`).join('\n')}\n</table>`;
}
