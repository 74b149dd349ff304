/** Downloads made in the browser: tables as CSV (UTF-8 with a BOM, so that Excel reads the Chinese), charts as PNG/SVG. */
import { flash, h } from './dom.js';

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  // A leading = + - @ would be a formula in a spreadsheet: quoted with a ' before it (report text is untrusted).
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function toCsv(rows: unknown[][]): string {
  return `\ufeff${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export function download(name: string, data: Blob | string): void {
  const href = typeof data === 'string' ? data : URL.createObjectURL(data);
  const a = h('a', { href, download: name, class: 'hidden' });
  document.body.appendChild(a);
  a.click();
  a.remove();
  if (typeof data !== 'string') setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export function downloadCsv(name: string, rows: unknown[][]): void {
  download(name, new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' }));
}

export async function copyPermalink(): Promise<void> {
  const url = location.href;
  try {
    await navigator.clipboard.writeText(url);
    flash(`已复制链接 Link copied: ${url}`);
  } catch {
    flash(`链接 Link: ${url}`);
  }
}

/** A file name part from a region name or code (no path separators, nothing odd). */
export const fileSafe = (s: string) => s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60);
