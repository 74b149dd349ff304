/**
 * Ingest: bytes in, DocumentModel out. The format is sniffed from the content, not the file name:
 * archives are full of PDFs called .html and Word files called .doc.
 */
import { dirname } from 'node:path';
import type { DocumentModel, SourceFormat } from '../model/document.js';
import { readDocx } from './docx.js';
import { IngestError } from './errors.js';
import { warning } from '../model/messages.js';
import { readHtmlBytes, type ImageRef } from './html.js';
import { looksLikeMarkdown, readMarkdown } from './markdown/index.js';
import { readText } from './text/index.js';
import { checkTextSize } from './limits.js';

export { IngestError } from './errors.js';

export interface ReadOptions {
  path: string;
  /** Per-document time limit for readers that can take long (PDF, OCR). */
  timeoutMs?: number;
  /** Charset from an HTTP header or crawler sidecar, when known. */
  charset?: string;
  /** The format, when the caller has sniffed it already (sniffFormat). */
  format?: Sniffed;
}

/** The stream name an encrypted OOXML package is stored under, as written in an OLE2 directory (UTF-16LE). */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

export type Sniffed = SourceFormat | 'unknown';

export function sniffFormat(buf: Uint8Array): Sniffed {
  const head = Buffer.from(buf.subarray(0, 1024));
  if (head.includes('%PDF-')) return 'pdf';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    return Buffer.from(buf).includes('word/') ? 'docx' : 'unknown';
  }
  if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) return 'doc';
  if (head[0] === 0x89 && head.subarray(1, 4).toString('latin1') === 'PNG') return 'image';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image';
  if (head.subarray(0, 4).toString('latin1') === 'GIF8') return 'image';
  if (/^(II\*\0|MM\0\*)/.test(head.subarray(0, 4).toString('latin1'))) return 'image';
  if (head.subarray(0, 5).toString('latin1') === '{\\rtf') return 'unknown';
  // Text: NUL bytes or many control characters mean binary.
  const sample = buf.subarray(0, 4096);
  let control = 0;
  for (const b of sample) if (b === 0 || (b < 9 && b !== 0) || (b > 13 && b < 32 && b !== 27)) control++;
  if (control > sample.length * 0.02) return 'unknown';
  const ascii = head.toString('latin1');
  // Pipe tables, or <table>s inside markdown (MinerU); a file that starts as an HTML document stays HTML.
  if (looksLikeMarkdown(buf)) return 'markdown';
  return /<(?:!doctype\s+html|html|head|body|table|p|div|meta)\b/i.test(ascii) ? 'html' : 'txt';
}

/** Tables published as pictures: OCR'd where the image stood (the OCR modules load only when there are images). */
async function withImages(doc: DocumentModel, images: ImageRef[], opts: { base?: string; timeoutMs?: number }): Promise<DocumentModel> {
  if (!images.length) return doc;
  return (await import('./ocr/embedded.js')).placeImages(doc, images, opts);
}

const TEXT_KIND = { html: 'HTML', txt: 'text', markdown: 'markdown' } as const;

/**
 * A file too big to read, told from its size and first bytes alone (`head`: at least its first 4 KB):
 * an HTML, text or markdown file over the text cap is refused without reading it into memory.
 */
export function refuseBySize(head: Uint8Array, bytes: number, path: string): IngestError | undefined {
  const format = sniffFormat(head);
  if (format !== 'html' && format !== 'txt' && format !== 'markdown') return undefined;
  try {
    checkTextSize(bytes, path, TEXT_KIND[format]);
  } catch (e) {
    return e as IngestError;
  }
  return undefined;
}

/**
 * Lets go of what the readers keep between documents: the OCR workers, whose wasm memory only grows.
 * The next document that needs OCR starts them again (a second or two).
 */
export async function releaseReaders(): Promise<void> {
  await (await import('./ocr/pool.js')).shutdownOcr();
}

export async function readBytes(buf: Uint8Array, opts: ReadOptions): Promise<DocumentModel> {
  if (buf.length === 0) throw new IngestError('empty', `${opts.path}: empty file (0 bytes)`);
  const format = opts.format ?? sniffFormat(buf);
  // Text bodies are held several times over while read (decoded string, parsed tree, lines): capped first.
  if (format === 'html' || format === 'txt' || format === 'markdown') checkTextSize(buf, opts.path, TEXT_KIND[format]);
  switch (format) {
    case 'html': {
      const images: ImageRef[] = [];
      return withImages(readHtmlBytes(buf, { charset: opts.charset, images, path: opts.path }), images, { base: dirname(opts.path), timeoutMs: opts.timeoutMs });
    }
    case 'txt':
      // Markdown without tables is text by content; its name says how to read it.
      return /\.(?:md|markdown)$/i.test(opts.path) ? readMarkdown(buf, opts) : readText(buf, opts);
    case 'markdown':
      return readMarkdown(buf, opts);
    case 'docx': {
      const images: ImageRef[] = [];
      return withImages(await readDocx(buf, opts.path, images), images, { timeoutMs: opts.timeoutMs });
    }
    case 'pdf': {
      const { readPdf } = await import('./pdf/index.js');
      // pdf.js refuses Node Buffers and may detach what it is given: hand it its own copy.
      // A PDF without a usable text layer (a scan, or a text layer that decodes to
      // garbage) goes to the OCR reader.
      let doc: DocumentModel;
      try {
        doc = await readPdf(new Uint8Array(buf), { path: opts.path, timeoutMs: opts.timeoutMs });
      } catch (e) {
        if (!(e instanceof IngestError && e.code === 'needs_ocr')) throw e;
        const { readOcrPdf } = await import('./ocr/index.js');
        return readOcrPdf(new Uint8Array(buf), { path: opts.path, timeoutMs: opts.timeoutMs });
      }
      const { garbledText } = await import('./ocr/garbled.js');
      const garbled = garbledText(doc);
      if (!garbled) {
        // Scanned pages among text pages: OCR'd and put in place.
        if (!doc.scannedPages?.length) return doc;
        return (await import('./ocr/index.js')).ocrScannedPages(new Uint8Array(buf), doc, { path: opts.path, timeoutMs: opts.timeoutMs });
      }
      const { readOcrPdf } = await import('./ocr/index.js');
      const ocr = await readOcrPdf(new Uint8Array(buf), { path: opts.path, timeoutMs: opts.timeoutMs });
      ocr.messages.unshift(warning('text_layer_garbled', `text layer looks garbled (${garbled}); read by OCR instead`));
      return ocr;
    }
    case 'doc':
      // A password-protected DOCX is an OLE2 file too, holding the encrypted package as a stream.
      if (Buffer.from(buf).includes(ENCRYPTED_PACKAGE)) {
        throw new IngestError('encrypted', `${opts.path}: password-protected Office file (encrypted DOCX); it cannot be read without the password`);
      }
      throw new IngestError('unsupported_format', `${opts.path}: legacy Word .doc (OLE2) is not read; convert it first (libreoffice --headless --convert-to docx)`);
    case 'image': {
      // Images (PNG, JPEG, GIF; TIFF is not decoded) go to the OCR reader.
      const { readOcrImage } = await import('./ocr/index.js');
      return readOcrImage(buf, { path: opts.path, timeoutMs: opts.timeoutMs });
    }
    default:
      throw new IngestError('unsupported_format', `${opts.path}: not a PDF, DOCX, HTML or text document (unrecognised binary content)`);
  }
}
