/**
 * The PDF reader: a PDF's text layer to the document model (lines and tables in reading order,
 * tables stitched across pages, every line and cell with its page and box).
 */
import type { TextContent } from 'pdfjs-dist/types/src/display/api.js';
import type { DocumentModel } from '../../model/document.js';
import { warning } from '../../model/messages.js';
import { IngestError } from '../errors.js';
import { removeFurniture } from './furniture.js';
import { withDeadline } from '../deadline.js';
import { openPdf, toIngestError, type PDFDocumentProxy, type PDFPageProxy } from './load.js';
import { normalizeLine } from '../../text/fold.js';
import { pageText, readPage, textLayerChars, type PageContent } from './page.js';
import { assemble } from './stitch.js';

export interface ReadPdfOptions {
  /** Shown in error messages and warnings. */
  path: string;
  /** Whole-document deadline; IngestError('timeout') when exceeded. */
  timeoutMs?: number;
}

/** A page with less text than this is treated as having no text layer. */
const MIN_PAGE_CHARS = 1;
/** A text-less page with images covering this much of it is a scan. */
const SCAN_COVER = 0.3;

export async function readPdf(data: Uint8Array, opts: ReadPdfOptions): Promise<DocumentModel> {
  const file = opts.path;
  const pdf = openPdf(data, file);
  try {
    const late = `${file}: reading the PDF took longer than ${opts.timeoutMs} ms`;
    return await withDeadline(opts.timeoutMs, late, () => readAll(pdf.ready, file), pdf.close);
  } finally {
    await pdf.close();
  }
}

async function readAll(ready: Promise<PDFDocumentProxy>, file: string): Promise<DocumentModel> {
  const doc = await ready;
  const failed = (err: unknown, n: number): never => {
    if (err instanceof IngestError) throw err;
    const e = toIngestError(err, file);
    throw new IngestError(e.code, `${e.message} (page ${n})`);
  };
  // Text layers first: a scan is recognised without building operator lists, which would decode
  // every page image.
  const proxies: PDFPageProxy[] = [];
  const contents: TextContent[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    try {
      const page = await doc.getPage(n);
      proxies.push(page);
      contents.push(await pageText(page));
    } catch (err) {
      failed(err, n);
    }
  }
  if (contents.every((c) => textLayerChars(c) < MIN_PAGE_CHARS)) {
    throw new IngestError('needs_ocr', `${file}: no text layer on ${contents.length} of ${contents.length} pages; OCR is needed`);
  }

  const pages: PageContent[] = [];
  for (const [i, page] of proxies.entries()) {
    try {
      pages.push(await readPage(page, i + 1, contents[i]));
    } catch (err) {
      failed(err, i + 1);
    } finally {
      page.cleanup();
    }
  }

  const textless = pages.filter((p) => p.chars < MIN_PAGE_CHARS);
  const scanned = textless.filter((p) => p.imageCover >= SCAN_COVER);
  // Half or more of the pages scanned: the report's substance is in the images. A lone scanned page
  // among text pages is usually the sealed signature page, and the text pages are still worth reading.
  if (textless.length === pages.length || scanned.length * 2 >= pages.length) {
    throw new IngestError('needs_ocr', `${file}: no text layer on ${textless.length} of ${pages.length} pages; OCR is needed`);
  }
  const messages = textless.map((p) =>
    scanned.includes(p)
      ? warning('page_scanned', `page ${p.page} has no text layer (an image covers it): OCR would be needed to read it`, { page: p.page })
      : warning('page_no_text', `page ${p.page} has no text`, { page: p.page }),
  );

  removeFurniture(pages);
  const title = await documentTitle(doc);
  return { format: 'pdf', method: 'text', pages: pages.length, ...(title ? { title } : {}), blocks: assemble(pages), messages, ...(scanned.length ? { scannedPages: scanned.map((p) => p.page) } : {}) };
}

/** The Info dictionary's /Title, when it says something (producers often leave it empty). */
async function documentTitle(doc: PDFDocumentProxy): Promise<string | undefined> {
  const meta = await doc.getMetadata().catch(() => undefined);
  const title = (meta?.info as { Title?: unknown } | undefined)?.Title;
  if (typeof title !== 'string') return undefined;
  const clean = normalizeLine(title);
  return clean || undefined;
}

