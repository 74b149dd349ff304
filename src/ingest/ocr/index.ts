/**
 * The OCR reader: scanned PDFs and image files to the document model, with the same tables (rows,
 * columns, spans, stitched across pages) the born-digital PDF reader gives, every cell carrying
 * `method: 'ocr'`, tesseract's confidence and the alternative readings of the cell (which the
 * validate stage weighs against the identities). Also `ocrImageToBlocks` for images inside HTML and DOCX.
 */
import { LOW_CONFIDENCE, type Block, type BBox, type Cell, type DocumentModel, type Provenance, type SourceFormat } from '../../model/document.js';
import { warning, type Message } from '../../model/messages.js';
import { withDeadline } from '../deadline.js';
import { IngestError } from '../errors.js';
import { removeFurniture } from '../pdf/furniture.js';
import { toBBox } from '../pdf/geom.js';
import { toIngestError } from '../pdf/load.js';
import type { PageContent } from '../pdf/page.js';
import { assemble } from '../pdf/stitch.js';
import type { Reading } from './cells.js';
import { ocrPage, type OcrPage } from './page.js';
import { ocrPool, type OcrPool } from './pool.js';
import { decodeImage, openForRender, type PageImage } from './render.js';

export { textLayerLooksGarbled, garbledShare } from './garbled.js';
export { shutdownOcr } from './pool.js';

export interface OcrOptions {
  /** Shown in messages. */
  path: string;
  /** Whole-document deadline: IngestError('timeout'), and the document's queued recognitions are dropped. */
  timeoutMs?: number;
  /** Pages to read (1-based); all by default. */
  pages?: number[];
  /** Read text outside tables (title, narrative): true (default), false, or only on these pages. */
  text?: boolean | number[];
  /** Render at this resolution instead of the scan's own (clamped to 200-400 dpi). */
  dpi?: number;
  pool?: OcrPool;
}


export async function readOcrPdf(data: Uint8Array, opts: OcrOptions): Promise<DocumentModel> {
  // Opened (and its limits checked) before the OCR workers are started.
  const pdf = await openForRender(data, opts.path);
  try {
    const pool = opts.pool ?? ocrPool();
    await pool.ensure(['eng', 'chi_sim']);
    const numbers = (opts.pages ?? Array.from({ length: pdf.numPages }, (_, i) => i + 1)).filter((n) => n >= 1 && n <= pdf.numPages);
    return await withDeadline(opts.timeoutMs, tooLate(opts), async (signal) => {
      const pages: OcrPage[] = [];
      // One page rendered ahead while the previous page's cells are being read.
      let next = numbers.length ? render(pdf.render, numbers[0], opts) : undefined;
      for (const [i, n] of numbers.entries()) {
        const image = await next!;
        next = i + 1 < numbers.length ? render(pdf.render, numbers[i + 1], opts) : undefined;
        next?.catch(() => undefined);
        signal.throwIfAborted();
        pages.push(await ocrPage(image, n, { pool, signal, text: wantsText(opts, n) }));
      }
      return toModel(pages, 'pdf', pdf.numPages, opts.path);
    });
  } finally {
    await pdf.close();
  }
}

/**
 * A text PDF with some scanned pages (the PDF reader lists in `scannedPages` the pages an image
 * covers): those pages are OCR'd and their blocks put in page order among the others.
 * Returns the document unchanged when there is no such page.
 */
export async function ocrScannedPages(data: Uint8Array, doc: DocumentModel, opts: OcrOptions): Promise<DocumentModel> {
  const pages = doc.scannedPages ?? [];
  if (!pages.length) return doc;
  const ocr = await readOcrPdf(data, { ...opts, pages });
  const pageOf = (b: Block) => (b.kind === 'line' ? b.line.prov.page : b.table.prov.page);
  const blocks = [...doc.blocks];
  for (const b of ocr.blocks) {
    const at = blocks.findIndex((x) => pageOf(x) > pageOf(b));
    blocks.splice(at < 0 ? blocks.length : at, 0, b);
  }
  const messages = doc.messages.filter((m) => m.code !== 'page_scanned');
  const s = pages.length > 1;
  messages.push(warning('pages_ocr', `page${s ? 's' : ''} ${pages.join(', ')} had no text layer (an image covers ${s ? 'them' : 'it'}): read by OCR`), ...ocr.messages);
  const { scannedPages: _, ...rest } = doc;
  return { ...rest, blocks, messages };
}

async function render(fn: (n: number, dpi?: number) => Promise<PageImage>, n: number, opts: OcrOptions): Promise<PageImage> {
  try {
    return await fn(n, opts.dpi);
  } catch (e) {
    const err = toIngestError(e, opts.path);
    throw new IngestError(err.code, `${err.message} (rendering page ${n} for OCR)`);
  }
}

export async function readOcrImage(bytes: Uint8Array, opts: OcrOptions): Promise<DocumentModel> {
  return (await ocrImage(bytes, opts)).doc;
}

/** The image's document and its size in pixels. */
async function ocrImage(bytes: Uint8Array, opts: OcrOptions): Promise<{ doc: DocumentModel; w: number; h: number }> {
  const image = await decodeImage(bytes, opts.path);
  const pool = opts.pool ?? ocrPool();
  await pool.ensure(['eng', 'chi_sim']);
  return withDeadline(opts.timeoutMs, tooLate(opts), async (signal) => {
    const page = await ocrPage(image, 1, { pool, signal, text: wantsText(opts, 1) });
    return { doc: toModel([page], 'image', 1, opts.path), w: image.img.width, h: image.img.height };
  });
}

/** An image this large (pixels, both sides) is a scanned page: its text is kept even when it holds no table. */
const PAGE_SIDE = 1000;

/**
 * OCR of an image found inside an HTML page or a DOCX: its tables (and text) as blocks, to be put
 * where the image stood. Cells carry method 'ocr' and their confidence; every block gets
 * `prov.page` and `prov.path` from `prov` (the image's place in the page), and boxes in points of
 * the image (at its stated resolution, 150 dpi when it states none). Text lines are kept when the
 * image holds a table (captions, notes) or is page-sized (a scanned page); a picture without a
 * table (logo, photo, seal) yields no blocks, only a warning.
 */
export async function ocrImageToBlocks(
  bytes: Uint8Array,
  prov: Provenance,
  opts: { pool?: OcrPool; timeoutMs?: number } = {},
): Promise<{ blocks: Block[]; messages: Message[] }> {
  const label = prov.path ?? 'image';
  const { doc, ...size } = await ocrImage(bytes, { path: label, pool: opts.pool, timeoutMs: opts.timeoutMs });
  const hasTable = doc.blocks.some((b) => b.kind === 'table');
  const keepLines = hasTable || (size.w >= PAGE_SIDE && size.h >= PAGE_SIDE);
  const withProv = (p: Provenance): Provenance => ({ ...p, page: prov.page, ...(prov.path ? { path: prov.path } : {}) });
  const blocks: Block[] = [];
  for (const b of doc.blocks) {
    if (b.kind === 'line') {
      if (keepLines) blocks.push({ kind: 'line', line: { ...b.line, prov: withProv(b.line.prov) } });
      continue;
    }
    const cells = b.table.cells.map((c) => ({ ...c, prov: withProv(c.prov) }));
    blocks.push({ kind: 'table', table: { ...b.table, prov: withProv(b.table.prov), cells } });
  }
  const messages = doc.messages.filter((m) => m.code !== 'ocr_no_table').map((m) => ({ ...m, message: `${label}: ${m.message}` }));
  if (!hasTable) messages.push(warning('image_no_table', `${label}: image OCR'd, no ruled table in it${keepLines ? '; its text kept' : '; nothing taken from it'}`));
  return { blocks, messages };
}

const tooLate = (opts: OcrOptions) => `${opts.path}: OCR took longer than ${opts.timeoutMs} ms`;

function wantsText(opts: OcrOptions, n: number): boolean {
  return opts.text === undefined || opts.text === true || (Array.isArray(opts.text) && opts.text.includes(n));
}

// ---- pages to the model -------------------------------------------------------------------------

function toModel(pages: OcrPage[], format: SourceFormat, numPages: number, file: string): DocumentModel {
  const contents: PageContent[] = pages.map((p) => ({
    page: p.page,
    width: p.width,
    height: p.height,
    lines: p.lines,
    tables: p.tables,
    chars: 0,
    imageCover: 1,
  }));
  removeFurniture(contents);
  const byPage = new Map(pages.map((p) => [p.page, p]));
  // Stitching keeps each cell's box (on the deskewed page), so the box finds the cell's reading.
  const readingOf = new Map<string, Reading>();
  for (const p of pages) for (const [cell, r] of p.readings) readingOf.set(`${p.page}|${toBBox(cell.rect).join(',')}`, r);

  const readings: { cell: Cell; reading: Reading }[] = [];
  const blocks = assemble(contents).map((b): Block => {
    if (b.kind === 'line') {
      const p = byPage.get(b.line.prov.page)!;
      return { kind: 'line', line: { ...b.line, prov: { page: p.page, bbox: scanBox(p, b.line.prov.bbox!) } } };
    }
    const p = byPage.get(b.table.prov.page)!;
    const cells: Cell[] = b.table.cells.map((c) => {
      const r = readingOf.get(`${c.prov.page}|${c.prov.bbox!.join(',')}`);
      const cell: Cell = { ...c, prov: { page: c.prov.page, bbox: scanBox(byPage.get(c.prov.page)!, c.prov.bbox!) }, method: 'ocr', confidence: r?.confidence ?? 0 };
      if (r?.alternatives.length) cell.alternatives = r.alternatives;
      if (r) readings.push({ cell, reading: r });
      return cell;
    });
    return { kind: 'table', table: { ...b.table, cells, prov: { page: p.page, bbox: scanBox(p, b.table.prov.bbox!) } } };
  });

  const messages: Message[] = [];
  const low = readings.filter((x) => x.reading.kind !== 'blank' && x.reading.confidence < LOW_CONFIDENCE);
  if (low.length) {
    const list = low.slice(0, 8).map((x) => `page ${x.cell.prov.page} "${x.cell.text}" (${x.reading.confidence})`);
    const text = `ocr: ${low.length} table cell(s) read with confidence below ${LOW_CONFIDENCE}: ${list.join(', ')}${low.length > 8 ? ', …' : ''}`;
    messages.push(warning('ocr_low_confidence', text, { page: low[0].cell.prov.page }));
  }
  if (!blocks.some((b) => b.kind === 'table')) messages.push(warning('ocr_no_table', `ocr: no ruled table found on the ${pages.length} page(s) read (${file})`));
  return { format, method: 'ocr', pages: numPages, blocks, messages };
}

function scanBox(p: OcrPage, b: BBox): BBox {
  return toBBox(p.toScan({ x0: b[0], y0: b[1], x1: b[2], y1: b[3] }));
}

