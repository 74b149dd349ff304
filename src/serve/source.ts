/**
 * GET /api/source/:report_id/:key: where a value came from, so a reader can check it against the
 * document: the cell's provenance from the record, the identities it takes part in with their
 * results, and the document itself: the PDF page as an image (page-image.ts), or for web pages,
 * Word files and text the table rebuilt from the document model with the cell highlighted.
 *
 * The file read is the one the dataset's record names (source.path), never a path from the request,
 * and its content is checked against the report id: a file changed since extraction is said to be.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { Store } from '../dataset/store.js';
import { tables, type Cell, type Table } from '../model/document.js';
import type { CellRecord, ReportRecord } from '../model/record.js';
import { checksInvolving, type KeyCheck } from './checks.js';
import { listCorrections, type Correction } from './corrections.js';
import { tableHtml } from './html.js';
import { PAGE_DPI } from './page-image.js';

export async function recordOf(store: Store, reportId: string): Promise<ReportRecord | undefined> {
  const [row] = await store.query<{ record: string }>(`SELECT record FROM reports WHERE report_id = ?`, [reportId]);
  return row ? (JSON.parse(row.record) as ReportRecord) : undefined;
}

/** The record's source path, relative ones taken from `root` (the folder extract ran in). */
export const sourceFile = (rec: ReportRecord, root: string) => (isAbsolute(rec.source.path) ? rec.source.path : resolve(root, rec.source.path));

/** The source file's bytes, and whether they are still the content the report was read from. */
export async function readSource(rec: ReportRecord, root: string): Promise<{ bytes: Uint8Array; file: string; same: boolean } | { error: string }> {
  const file = sourceFile(rec, root);
  try {
    const bytes = await readFile(file);
    return { bytes, file, same: createHash('sha256').update(bytes).digest('hex') === rec.source.sha256 };
  } catch (e) {
    return { error: `the source file ${rec.source.path} cannot be read here (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
}

export type SourceView =
  | { kind: 'pdf'; page: number; image_url: string; dpi: number; bbox: CellRecord['bbox'] }
  | { kind: 'table'; html: string; cells: { text: string; row: number; col: number; rowSpan: number; colSpan: number; hit: boolean }[]; hit_text: string; stale: boolean }
  | { kind: 'none'; reason: string };

export interface SourceAnswer {
  report_id: string;
  key: string;
  value: number | null;
  status: string;
  cell: CellRecord | null;
  source: { path: string; format: string; url: string | null; pages: number | null };
  issuer_name: string | null;
  year: number | null;
  template: string;
  checks: KeyCheck[];
  corrections: Correction[];
  view: SourceView;
}

/** The cell of the document model the record's cell was read from: same DOM path, or same line (and text, of several on a line). */
function findCell(doc: Table[], cell: CellRecord): { table: Table; cell: Cell } | undefined {
  const candidates: { table: Table; cell: Cell }[] = [];
  for (const table of doc) {
    for (const c of table.cells) {
      if (cell.path ? c.prov.path === cell.path : cell.line != null && c.prov.line === cell.line) candidates.push({ table, cell: c });
    }
  }
  return candidates.find((x) => x.cell.text.trim() === cell.raw.trim()) ?? candidates.find((x) => x.cell.text.includes(cell.raw.trim())) ?? candidates[0];
}

async function tableView(rec: ReportRecord, cell: CellRecord, root: string): Promise<SourceView> {
  const src = await readSource(rec, root);
  if ('error' in src) return { kind: 'none', reason: src.error };
  // The readers (pdf.js among them) are loaded on the first source table asked for, not with the server.
  const { readBytes } = await import('../ingest/index.js');
  const doc = await readBytes(src.bytes, { path: src.file });
  const found = findCell(tables(doc), cell);
  if (!found) return { kind: 'none', reason: `no table cell at ${cell.path ?? `line ${cell.line}`} in ${rec.source.path}` };
  return {
    kind: 'table',
    html: tableHtml(found.table, found.cell),
    cells: found.table.cells.map((c) => ({ text: c.text, row: c.row, col: c.col, rowSpan: c.rowSpan, colSpan: c.colSpan, hit: c === found.cell })),
    hit_text: found.cell.text,
    stale: !src.same,
  };
}

export async function sourceOf(store: Store, reportId: string, key: string, root: string): Promise<SourceAnswer | undefined> {
  const rec = await recordOf(store, reportId);
  if (!rec || !(key in rec.values)) return undefined;
  // The last cell read for a key is the one its value came from (keyStatuses in model/record.ts).
  const cell = rec.cells.filter((c) => c.key === key).pop() ?? null;
  let view: SourceView;
  if (!cell) view = { kind: 'none', reason: 'the report did not print this key' };
  else if (rec.source.format === 'pdf' || rec.source.format === 'image') {
    view =
      rec.source.format === 'pdf' && cell.page !== null
        ? { kind: 'pdf', page: cell.page, image_url: `/api/page/${reportId}/${cell.page}.png`, dpi: PAGE_DPI, bbox: cell.bbox }
        : { kind: 'none', reason: 'no page image for this source' };
  } else if (cell.derivation && !cell.path && cell.line == null) view = { kind: 'none', reason: `derived, not read from one cell: ${cell.derivation}` };
  else view = await tableView(rec, cell, root);
  return {
    report_id: reportId,
    key,
    value: rec.values[key],
    status: cell?.status ?? 'absent',
    cell,
    source: { path: rec.source.path, format: rec.source.format, url: rec.source.url ?? null, pages: rec.source.pages },
    issuer_name: rec.issuer.name,
    year: rec.year,
    template: rec.template,
    checks: checksInvolving(key, rec.template, rec.checks),
    corrections: (await listCorrections(store, { reportId, all: true })).filter((c) => c.key === key),
    view,
  };
}
