/**
 * Opening a PDF with pdf.js, and turning pdf.js's failures into IngestErrors.
 *
 * pdf.js runs its "worker" in this thread under Node (the fake worker), so nothing is fetched
 * over the network: cMaps, standard fonts and the wasm decoders are read from node_modules.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentLoadingTask, PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import { IngestError } from '../errors.js';
import { MAX_PAGES, MAX_PIXELS } from '../limits.js';
import { checkPdfLimits } from './prepass.js';

export { pdfjs };
export type { PDFDocumentProxy };

/**
 * pdf.js's legacy build brings core-js, which on Node 20 (no JSON.rawJSON) replaces JSON.stringify
 * with a JavaScript walk calling back for every value, several times slower: when pdf.js is imported,
 * and again when its worker loads with the first document. Every JSON this process writes afterwards
 * (records, the comparison API's answers) would pay for it, so the engine's own is put back, taken
 * from a fresh V8 context no library has touched. It differs from core-js's only in JSON.rawJSON,
 * which nothing here uses.
 */
const nativeStringify = runInNewContext('JSON.stringify') as typeof JSON.stringify;
const restoreJson = () => {
  if (JSON.stringify !== nativeStringify) JSON.stringify = nativeStringify;
};
restoreJson();
export type PDFPageProxy = Awaited<ReturnType<PDFDocumentProxy['getPage']>>;

let assetDirs: { cMapUrl: string; standardFontDataUrl: string; wasmUrl: string } | undefined;

/** pdf.js wants directories as strings ending in the separator; in Node it reads them as file paths. */
function assets() {
  if (!assetDirs) {
    const require = createRequire(import.meta.url);
    const root = path.dirname(require.resolve('pdfjs-dist/package.json'));
    const dir = (name: string) => path.join(root, name) + path.sep;
    assetDirs = { cMapUrl: dir('cmaps'), standardFontDataUrl: dir('standard_fonts'), wasmUrl: dir('wasm') };
  }
  return assetDirs;
}

export interface OpenedPdf {
  /** Resolves to the parsed document, or rejects with an IngestError. */
  ready: Promise<PDFDocumentProxy>;
  /** Idempotent; releases the document and its fake worker, also while it is still loading. */
  close(): Promise<void>;
}

/**
 * Starts loading the document. The caller must `close()` it (in a finally): a failed or abandoned
 * document otherwise keeps its worker, parsed objects and font caches alive for the life of the process.
 */
export function openPdf(data: Uint8Array, file: string): OpenedPdf {
  if (data.byteLength === 0) throw new IngestError('empty', `${file}: the file is empty`);
  if (!looksLikePdf(data)) throw new IngestError('unsupported_format', `${file}: not a PDF (no %PDF- header)`);
  // Images over the pixel limit and compressed streams that inflate past their cap: refused before pdf.js decodes them.
  checkPdfLimits(data, file);
  const task: PDFDocumentLoadingTask = pdfjs.getDocument({
    // pdf.js may transfer (detach) the buffer it is given; the caller keeps theirs.
    data: data.slice(),
    ...assets(),
    cMapPacked: true,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    // No range/stream requests: the whole file is in memory and nothing may be fetched.
    disableAutoFetch: true,
    disableStream: true,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    // A backstop for images the pre-pass cannot size (inline images, sizes given by reference): pdf.js skips them.
    maxImageSize: MAX_PIXELS,
  });
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= task.destroy().catch(() => undefined));
  const ready = task.promise.then(
    (doc) => {
      restoreJson(); // the worker has loaded by now
      if (doc.numPages > MAX_PAGES) throw new IngestError('too_large', `${file}: ${doc.numPages} pages (limit ${MAX_PAGES}; reports have fewer than 100); not read`);
      return doc;
    },
    (err: unknown) => {
      throw toIngestError(err, file);
    },
  );
  return { ready, close };
}

function looksLikePdf(data: Uint8Array): boolean {
  // The header may follow some junk (the spec tolerates up to 1024 bytes of it).
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.byteLength, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/** Maps a pdf.js exception (by name: they are not exported as classes we can rely on) to an IngestError. */
export function toIngestError(err: unknown, file: string): IngestError {
  if (err instanceof IngestError) return err;
  const e = err as { name?: string; message?: string; code?: number };
  const reason = e?.message ?? String(err);
  if (e?.name === 'PasswordException') {
    const why = e.code === pdfjs.PasswordResponses.INCORRECT_PASSWORD ? 'a password is required' : 'a user password is required';
    return new IngestError('encrypted', `${file}: encrypted, ${why} to open it (${reason})`);
  }
  return new IngestError('corrupt', `${file}: cannot be read by pdf.js: ${reason}`);
}
