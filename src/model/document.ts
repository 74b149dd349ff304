/**
 * The one document model every reader produces and every later stage reads.
 * Nothing downstream of ingest knows which file format a document came from:
 * it sees text lines and tables in reading order, each carrying its provenance.
 */
import type { Message } from './messages.js';
import type { Method, SourceFormat } from './record.js';

export type { SourceFormat } from './record.js';
/** How a value was read; the record's cells[].method. */
export type ReadMethod = Method;

/** [x0, y0, x1, y1] in PDF points, origin at the page's top-left corner. */
export type BBox = [number, number, number, number];

/** Where a piece of text came from, precise enough to show a reader the source. */
export interface Provenance {
  /** 1-based page number (HTML, DOCX and plain text are one page). */
  page: number;
  /** Box on the page, for PDF and OCR. */
  bbox?: BBox;
  /** CSS-like path to the element, for HTML and DOCX (e.g. "table[2]>tr[5]>td[3]"). */
  path?: string;
  /** 1-based line number in the decoded text, for plain text. */
  line?: number;
}

export interface TextLine {
  text: string;
  prov: Provenance;
}

export interface Cell {
  /** Cell text with whitespace runs kept as single spaces; line breaks inside a cell become "\n". */
  text: string;
  /** Top-left slot of the cell in the grid (0-based). */
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  prov: Provenance;
  /** Set by OCR: the engine's confidence 0..100, and the method when it differs from the document's. */
  confidence?: number;
  method?: ReadMethod;
  /** Set by OCR: other readings of the cell that parse to a different value, best first. */
  alternatives?: Alternative[];
}

/** OCR confidence (0..100) below which a cell's reading is flagged: the reader warns, the comparison page marks it. */
export const LOW_CONFIDENCE = 60;

export interface Alternative {
  text: string;
  /** The engine's confidence 0..100. */
  confidence: number;
}

export interface Table {
  /**
   * Cells in reading order (row-major), each once, with its spans.
   * When `flat` is true the source lost the row structure (text dumps): every cell is its own
   * "row" (row = sequence index, col = 0) and consumers must rely on order, not geometry.
   */
  cells: Cell[];
  rows: number;
  cols: number;
  flat?: boolean;
  prov: Provenance;
}

export type Block = { kind: 'line'; line: TextLine } | { kind: 'table'; table: Table };

export interface DocumentModel {
  format: SourceFormat;
  method: ReadMethod;
  pages: number;
  /** The document's own title where the format carries one (HTML <title>/ArticleTitle, PDF or DOCX metadata, a crawler header). */
  title?: string;
  /** Where the document says it came from (a crawler's header block, a portal page's metas). */
  origin?: Origin;
  /** Lines and tables in reading order; tables continued across pages are already stitched. */
  blocks: Block[];
  /** What the readers have to say about the document (e.g. charset guessed), as coded messages. */
  messages: Message[];
  /** Pages that are an image with no text layer among text pages (PDF): for the OCR reader to fill in. */
  scannedPages?: number[];
}

export interface Origin {
  /** The page's address as the crawler recorded it. */
  url?: string;
  /** 发布机构 / 来源 as printed. */
  publisher?: string;
  /** 发布时间 as printed (a date, sometimes with a time). */
  published?: string;
  /** The portal column (栏目) it was listed in. */
  column?: string;
  /** 文号, the document number. */
  docNumber?: string;
}

/** Slots of a table with spans resolved: grid[r][c] is the cell covering that slot, or undefined. */
export function toGrid(table: Table): (Cell | undefined)[][] {
  const grid: (Cell | undefined)[][] = Array.from({ length: table.rows }, () => new Array(table.cols).fill(undefined));
  for (const cell of table.cells) {
    for (let r = cell.row; r < Math.min(table.rows, cell.row + cell.rowSpan); r++) {
      for (let c = cell.col; c < Math.min(table.cols, cell.col + cell.colSpan); c++) grid[r][c] = cell;
    }
  }
  return grid;
}

export function textLines(doc: DocumentModel): TextLine[] {
  return doc.blocks.flatMap((b) => (b.kind === 'line' ? [b.line] : []));
}

export function tables(doc: DocumentModel): Table[] {
  return doc.blocks.flatMap((b) => (b.kind === 'table' ? [b.table] : []));
}

/** Places cells given as rows of {text, rowSpan, colSpan} into grid slots, as browsers do for HTML tables. */
export function layoutRows<T extends { text: string; rowSpan: number; colSpan: number; prov: Provenance }>(
  rows: T[][],
  tableProv: Provenance,
): Table {
  const occupied: boolean[][] = [];
  const cells: Cell[] = [];
  let cols = 0;
  rows.forEach((row, r) => {
    occupied[r] ??= [];
    let c = 0;
    for (const src of row) {
      while (occupied[r][c]) c++;
      const rowSpan = Math.max(1, Math.min(src.rowSpan, rows.length - r));
      const colSpan = Math.max(1, src.colSpan);
      for (let dr = 0; dr < rowSpan; dr++) {
        occupied[r + dr] ??= [];
        for (let dc = 0; dc < colSpan; dc++) occupied[r + dr][c + dc] = true;
      }
      cells.push({ text: src.text, row: r, col: c, rowSpan, colSpan, prov: src.prov });
      c += colSpan;
      cols = Math.max(cols, c);
    }
  });
  return { cells, rows: rows.length, cols, prov: tableProv };
}
