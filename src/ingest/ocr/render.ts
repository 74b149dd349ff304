/**
 * Page images for OCR: PDF pages rendered by pdf.js onto @napi-rs/canvas (the PDF reader's own
 * loader, so the same cMaps, fonts and no-network settings apply), at the scan's own resolution;
 * and image files (PNG, JPEG, GIF) decoded to the same greyscale form (imagefile.ts says how).
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { IngestError } from '../errors.js';
import { multiply, type Matrix } from '../pdf/geom.js';
import { openPdf, pdfjs, type PDFDocumentProxy, type PDFPageProxy } from '../pdf/load.js';
import { fromRGBA, type Gray } from './image.js';
import { decodePng, isJpeg, isPng, jpegAsPdf, jpegInfo } from './imagefile.js';
import { checkImageHeader, OCR_MAX_PIXELS } from '../limits.js';

export interface PageImage {
  img: Gray;
  /** Pixels per inch of `img`: pixel x / dpi * 72 = PDF points. */
  dpi: number;
  /** Page size in points (as displayed, after /Rotate). */
  widthPt: number;
  heightPt: number;
}

/** Scans are rendered at their own resolution within these bounds (below 200 dpi CJK strokes merge; above 400 only costs time). */
const MIN_DPI = 200;
const MAX_DPI = 400;
/** When a page has no image to take the resolution from (vector art), render at this. */
const DEFAULT_DPI = 300;

export interface RenderablePdf {
  doc: PDFDocumentProxy;
  numPages: number;
  /** Renders page n (1-based) at about its scan resolution, or at `dpi` when given. */
  render(n: number, dpi?: number): Promise<PageImage>;
  close(): Promise<void>;
}

export async function openForRender(data: Uint8Array, file: string): Promise<RenderablePdf> {
  const pdf = openPdf(data, file);
  let doc: PDFDocumentProxy;
  try {
    doc = await pdf.ready;
  } catch (e) {
    await pdf.close();
    throw e;
  }
  return {
    doc,
    numPages: doc.numPages,
    render: async (n, dpi) => {
      const page = await doc.getPage(n);
      try {
        return await renderPage(page, dpi ?? clampDpi(await nativeDpi(page)));
      } finally {
        page.cleanup();
      }
    },
    close: pdf.close,
  };
}

function clampDpi(native: number | undefined): number {
  if (!native) return DEFAULT_DPI;
  return Math.min(MAX_DPI, Math.max(MIN_DPI, Math.round(native)));
}

/** Resolution of the largest image on the page (a scan is one image per page), from its pixel size and drawn size. */
async function nativeDpi(page: PDFPageProxy): Promise<number | undefined> {
  const ops = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE });
  const OPS = pdfjs.OPS;
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const stack: Matrix[] = [];
  let best: { area: number; dpi: number } | undefined;
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(ctm, args as number[]);
    else if (fn === OPS.paintImageXObject || fn === OPS.paintImageMaskXObject) {
      const w = Number(args[1]);
      const h = Number(args[2]);
      // The image fills the unit square of user space: its drawn size is the CTM's column lengths.
      const wPt = Math.hypot(ctm[0], ctm[1]);
      const hPt = Math.hypot(ctm[2], ctm[3]);
      if (!(w > 0 && h > 0 && wPt > 0 && hPt > 0)) continue;
      const area = wPt * hPt;
      if (!best || area > best.area) best = { area, dpi: Math.max(w / (wPt / 72), h / (hPt / 72)) };
    }
  }
  return best?.dpi;
}

async function renderPage(page: PDFPageProxy, dpi: number): Promise<PageImage> {
  const base = page.getViewport({ scale: 1 });
  let scale = dpi / 72;
  // Canvas pixels are capped at what OCR reads (a poster-sized page at 300 dpi would need gigabytes).
  if (base.width * base.height * scale * scale > OCR_MAX_PIXELS) scale = Math.sqrt(OCR_MAX_PIXELS / (base.width * base.height));
  const viewport = page.getViewport({ scale });
  const w = Math.ceil(viewport.width);
  const h = Math.ceil(viewport.height);
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, w, h);
  await page.render({ canvas: canvas as unknown as HTMLCanvasElement, canvasContext: ctx as unknown as CanvasRenderingContext2D, viewport, annotationMode: pdfjs.AnnotationMode.DISABLE }).promise;
  const rgba = ctx.getImageData(0, 0, w, h).data;
  return { img: fromRGBA(rgba, w, h), dpi: scale * 72, widthPt: base.width, heightPt: base.height };
}

/** Assumed resolution of an image file that does not state one (screenshots and web images: 96 dpi CSS px at scale 2 is about this). */
const IMAGE_DEFAULT_DPI = 150;

/**
 * Decodes PNG / JPEG / GIF bytes to a page image. PNG and JPEG never reach native decoders (see
 * imagefile.ts: they crash the process on malformed headers); GIF, which portals still use for
 * tables, goes to @napi-rs/canvas once its header is known to be sound.
 */
export async function decodeImage(bytes: Uint8Array, file: string): Promise<PageImage> {
  const magic = Buffer.from(bytes.subarray(0, 6)).toString('latin1');
  if (magic.startsWith('II*\0') || magic.startsWith('MM\0*')) {
    throw new IngestError('unsupported_format', `${file}: TIFF images are not decoded here; convert to PNG (or wrap in a PDF: img2pdf) first`);
  }
  // Its size from its header, before anything is decoded (the decoders below rely on this check).
  checkImageHeader(bytes, file, 'the image', OCR_MAX_PIXELS);
  let img: Gray;
  // A PNG signature cut short still goes to the PNG decoder, to be reported as the corrupt PNG it is.
  if (isPng(bytes) || magic.startsWith('\x89PNG')) img = decodePng(bytes, file, OCR_MAX_PIXELS);
  else if (isJpeg(bytes)) img = await decodeJpeg(bytes, file);
  else if (magic === 'GIF87a' || magic === 'GIF89a') img = await decodeGif(bytes, file);
  else throw new IngestError('unsupported_format', `${file}: not a PNG, JPEG or GIF image`);
  const dpi = statedDpi(bytes) ?? IMAGE_DEFAULT_DPI;
  return { img, dpi, widthPt: (img.width / dpi) * 72, heightPt: (img.height / dpi) * 72 };
}

async function decodeJpeg(bytes: Uint8Array, file: string): Promise<Gray> {
  const info = jpegInfo(bytes, file);
  const pdf = await openForRender(jpegAsPdf(bytes, info), file).catch((e: unknown) => {
    throw new IngestError('corrupt', `${file}: cannot decode the image (${(e as Error).message})`);
  });
  try {
    // One point per pixel: rendered at 72 dpi the canvas is the image, pixel for pixel.
    return (await pdf.render(1, 72)).img;
  } catch (e) {
    throw new IngestError('corrupt', `${file}: cannot decode the image (${(e as Error).message})`);
  } finally {
    await pdf.close();
  }
}

async function decodeGif(bytes: Uint8Array, file: string): Promise<Gray> {
  const w = bytes.length >= 10 ? bytes[6] | (bytes[7] << 8) : 0;
  const h = bytes.length >= 10 ? bytes[8] | (bytes[9] << 8) : 0;
  if (!w || !h || bytes.length < 30) throw new IngestError('corrupt', `${file}: cannot decode the image (malformed GIF header)`);
  let image: Awaited<ReturnType<typeof loadImage>>;
  try {
    image = await loadImage(Buffer.from(bytes));
  } catch (e) {
    throw new IngestError('corrupt', `${file}: cannot decode the image (${(e as Error).message})`);
  }
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, image.width, image.height);
  ctx.drawImage(image, 0, 0);
  return fromRGBA(ctx.getImageData(0, 0, image.width, image.height).data, image.width, image.height);
}

/** The resolution a PNG (pHYs) or JPEG (JFIF density) states, when plausible. */
function statedDpi(b: Uint8Array): number | undefined {
  const plausible = (d: number) => (d >= 72 && d <= 1200 ? d : undefined);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b[0] === 0x89 && b[1] === 0x50) {
    for (let p = 8; p + 12 <= b.length; ) {
      const len = view.getUint32(p);
      const type = String.fromCharCode(b[p + 4], b[p + 5], b[p + 6], b[p + 7]);
      if (type === 'pHYs' && len >= 9 && b[p + 16] === 1) return plausible(Math.round(view.getUint32(p + 8) * 0.0254));
      if (type === 'IDAT') break;
      p += 12 + len;
    }
    return undefined;
  }
  if (b[0] === 0xff && b[1] === 0xd8 && b.length > 18 && String.fromCharCode(b[6], b[7], b[8], b[9]) === 'JFIF') {
    const units = b[13];
    const x = view.getUint16(14);
    if (units === 1) return plausible(x);
    if (units === 2) return plausible(Math.round(x * 2.54));
  }
  return undefined;
}
