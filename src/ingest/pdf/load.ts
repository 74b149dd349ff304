/**
 * Opening a PDF with pdf.js, and turning pdf.js's failures into IngestErrors.
 *
 * pdf.js runs its "worker" in this thread under Node (the fake worker), so nothing is fetched
 * over the network: cMaps, standard fonts and the wasm decoders are read from node_modules.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PDFDocumentLoadingTask, PDFDocumentProxy } from 'pdfjs-dist/types/src/display/api.js';
import { IngestError } from '../errors.js';

export { pdfjs };
export type { PDFDocumentProxy };
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
  });
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= task.destroy().catch(() => undefined));
  const ready = task.promise.catch((err: unknown) => {
    throw toIngestError(err, file);
  });
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
