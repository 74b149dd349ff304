/**
 * The readers' ceilings, in one place (issue 14: a small hostile file must not make a worker grow by
 * gigabytes). Every limit is checked BEFORE the work it bounds, from a header, a dictionary or a
 * byte count, and a file over one gets an IngestError whose sentence names the file and the number.
 * The values and why they were chosen: docs/codebook.md, "Reader limits".
 */
import { IngestError } from './errors.js';

const MB = 1024 * 1024;

/** Largest image (width x height) any reader decodes: image files, pictures in DOCX/HTML, images in PDFs. */
export const MAX_PIXELS = 100e6;
/**
 * Most pixels OCR reads of one page (≤ MAX_PIXELS; an A3 page at 400 dpi is 31 megapixels): a PDF
 * page is rendered no larger, and an image file larger than this is not decoded (it cannot be
 * scaled down without decoding it whole).
 */
export const OCR_MAX_PIXELS = 40e6;
/** Largest HTML, text or markdown body read (real reports are under 2 MB; the corpus's largest is 230 KB): the readers take 90 times the body in memory and more than linear time. */
export const MAX_TEXT_BYTES = 4 * MB;
/**
 * Largest HTML file read when most of it is pictures embedded as data: URIs (rich-text editors paste
 * a table's screenshot that way; the pictures go to OCR, not to the text readers): the rest is still
 * held to MAX_TEXT_BYTES.
 */
export const MAX_HTML_BYTES = 32 * MB;
/** Largest XML part of a DOCX (word/document.xml and its relationships), parsed whole (the corpus's largest is 190 KB; Word's XML is ten times its text). */
export const MAX_XML_BYTES = 16 * MB;
/** Largest zip entry inflated (a DOCX's pictures), and all entries of one file together. */
export const MAX_ZIP_ENTRY_BYTES = 256 * MB;
export const MAX_ZIP_TOTAL_BYTES = 512 * MB;
/** Largest inflated/compressed ratio of a zip entry once past ZIP_RATIO_FROM (the corpus's highest is 31). */
export const MAX_ZIP_RATIO = 200;
export const ZIP_RATIO_FROM = 1 * MB;
/** Largest inflated size of one FlateDecode stream of a PDF that is not an image (content, fonts, object and xref streams). */
export const MAX_PDF_STREAM_BYTES = 64 * MB;
/** All such streams of one PDF together. */
export const MAX_PDF_STREAMS_BYTES = 256 * MB;
/** Most pages read from a PDF (reports have fewer than 100). */
export const MAX_PAGES = 1000;
/** Deepest element nesting of an HTML page or DOCX part (real pages: under 50); the readers walk the tree recursively. */
export const MAX_DEPTH = 1000;

/** Bytes as people say them: "256 MB", "1.5 MB", "800 KB". */
export function size(bytes: number): string {
  if (bytes >= MB) return `${+(bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

const megapixels = (n: number) => `${+(n / 1e6).toFixed(1)} megapixels`;

/** IngestError('too_large') when a `what` ("the image", "the image (object 7)") of w x h pixels is over `limit`. */
export function checkPixels(w: number, h: number, file: string, what = 'the image', limit = MAX_PIXELS): void {
  if (w * h > limit) {
    const purpose = limit === OCR_MAX_PIXELS ? ' for OCR' : '';
    throw new IngestError('too_large', `${file}: ${what} is ${w} x ${h} pixels (limit ${megapixels(limit)}${purpose}); not decoded`);
  }
}

const EMBEDDED_PICTURE = /data:image\/[\w.+-]+;base64,[A-Za-z0-9+/=\s]+/g;

/** Bytes of an HTML body that are pictures embedded as data: URIs. */
function embeddedPictureBytes(buf: Uint8Array): number {
  let n = 0;
  for (const m of Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString('latin1').matchAll(EMBEDDED_PICTURE)) n += m[0].length;
  return n;
}

/** The most bytes a file of this format may have at all (HTML: pictures included). */
export const maxBodyBytes = (kind: string): number => (kind === 'HTML' ? MAX_HTML_BYTES : MAX_TEXT_BYTES);

/**
 * IngestError('too_large') for a `kind` (HTML, text, markdown) body over its cap; `body` is the bytes,
 * or only their count when the file is refused before being read (then only the whole-file cap applies).
 */
export function checkTextSize(body: Uint8Array | number, file: string, kind: string): void {
  const bytes = typeof body === 'number' ? body : body.length;
  const cap = maxBodyBytes(kind);
  if (bytes > cap) {
    throw new IngestError('too_large', `${file}: ${size(bytes)} of ${kind} (${bytes} bytes) is over the limit of ${size(cap)}; not read`);
  }
  if (bytes <= MAX_TEXT_BYTES || typeof body === 'number') return;
  const text = kind === 'HTML' ? bytes - embeddedPictureBytes(body) : bytes;
  if (text > MAX_TEXT_BYTES) {
    const besides = kind === 'HTML' ? ' besides its embedded pictures' : '';
    throw new IngestError('too_large', `${file}: ${size(text)} of ${kind}${besides} (${text} bytes) is over the limit of ${size(MAX_TEXT_BYTES)} for HTML, text and markdown; not read`);
  }
}

/** A parsed tree's node, as htmlparser2/domhandler make them (text nodes have no children). */
interface TreeNode {
  children?: unknown[];
}

/** IngestError('too_large') when elements nest deeper than MAX_DEPTH (counted without recursion). */
export function checkDepth(root: TreeNode, file: string, what: string): void {
  const stack: [TreeNode, number][] = [[root, 0]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    if (d > MAX_DEPTH) throw new IngestError('too_large', `${file}: ${what} nests elements more than ${MAX_DEPTH} deep; not read`);
    for (const c of (n.children ?? []) as TreeNode[]) if (c.children?.length) stack.push([c, d + 1]);
  }
}

/** Elements that never hold others (void) or that the parser closes when a sibling opens: they add no depth. */
const FLAT = new Set('area base br col embed hr img input link meta param source track wbr p li dt dd tr td th option optgroup thead tbody tfoot rt rp'.split(' '));
const TAG = /<!--[\s\S]*?(?:-->|$)|<(script|style|textarea)\b[\s\S]*?(?:<\/\1\s*>|$)|<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g;

/**
 * IngestError('too_large') when an HTML page's tags nest deeper than MAX_DEPTH, told from the tags
 * before the page is parsed: the parser matches each closing tag against the open ones, so a page
 * nested 100,000 deep takes it minutes. The count follows the parser (a closing tag closes what was
 * opened inside its element; one that matches nothing open is ignored) and never holds more than
 * MAX_DEPTH names, so it costs one pass.
 */
export function checkHtmlNesting(html: string, file: string): void {
  const open: string[] = [];
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    const name = m[3]?.toLowerCase();
    if (!name || FLAT.has(name)) continue;
    if (m[2]) {
      const at = open.lastIndexOf(name);
      if (at >= 0) open.length = at;
    } else if (!m[4]) {
      open.push(name);
      if (open.length > MAX_DEPTH) throw new IngestError('too_large', `${file}: the HTML nests elements more than ${MAX_DEPTH} deep; not read`);
    }
  }
}

// ---- image headers -----------------------------------------------------------------------------

/** Width and height from an image's header (PNG, JPEG, GIF, BMP, TIFF, WebP, JPEG 2000), without decoding; undefined when not recognised. */
export function imageSize(b: Uint8Array): { w: number; h: number; type: string } | undefined {
  if (b.length < 10) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const ascii = (at: number, n: number) => String.fromCharCode(...b.subarray(at, at + n));
  // A PNG's size is its IHDR chunk's, which must come first: bytes that only start like a PNG are left to the decoder (corrupt).
  if (b[0] === 0x89 && ascii(1, 3) === 'PNG') return b.length >= 24 && ascii(12, 4) === 'IHDR' ? { w: v.getUint32(16), h: v.getUint32(20), type: 'PNG' } : undefined;
  if (ascii(0, 4) === 'GIF8') return { w: v.getUint16(6, true), h: v.getUint16(8, true), type: 'GIF' };
  if (b[0] === 0xff && b[1] === 0xd8) {
    const f = jpegFrame(b);
    return 'error' in f ? undefined : { w: f.w, h: f.h, type: 'JPEG' };
  }
  if (ascii(0, 2) === 'BM' && b.length >= 26) return { w: Math.abs(v.getInt32(18, true)), h: Math.abs(v.getInt32(22, true)), type: 'BMP' };
  if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP' && b.length >= 30) {
    const kind = ascii(12, 4);
    if (kind === 'VP8X') return { w: 1 + (b[24] | (b[25] << 8) | (b[26] << 16)), h: 1 + (b[27] | (b[28] << 8) | (b[29] << 16)), type: 'WebP' };
    if (kind === 'VP8 ') return { w: v.getUint16(26, true) & 0x3fff, h: v.getUint16(28, true) & 0x3fff, type: 'WebP' };
    if (kind === 'VP8L') return { w: 1 + (v.getUint16(21, true) & 0x3fff), h: 1 + ((v.getUint32(21, true) >> 14) & 0x3fff), type: 'WebP' };
  }
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') {
    const t = tiffSize(v);
    return t && { ...t, type: 'TIFF' };
  }
  const jpx = jpxSize(b);
  if (jpx) return { ...jpx, type: 'JPEG 2000' };
  return undefined;
}

/** A JPEG's frame header (SOF): size and components, or why the markers before it do not hold together. */
export function jpegFrame(b: Uint8Array): { w: number; h: number; components: number } | { error: string } {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let p = 2; p + 4 <= b.length; ) {
    if (b[p] !== 0xff) return { error: 'malformed JPEG markers' };
    const marker = b[p + 1];
    if (marker === 0xff) {
      p++;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      p += 2;
      continue;
    }
    const len = v.getUint16(p + 2);
    if (len < 2 || p + 2 + len > b.length) return { error: 'truncated JPEG header' };
    // SOF0-15 except DHT (C4), JPG (C8), DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (len < 8) return { error: 'bad JPEG frame header' };
      return { h: v.getUint16(p + 5), w: v.getUint16(p + 7), components: b[p + 9] };
    }
    if (marker === 0xda || marker === 0xd9) break;
    p += 2 + len;
  }
  return { error: 'no JPEG frame header' };
}

/** A JPEG 2000 codestream's (or JP2 file's) image size from its SIZ marker. */
export function jpxSize(b: Uint8Array): { w: number; h: number } | undefined {
  // A raw codestream starts SOC (FF4F) SIZ (FF51); a JP2 file wraps it in boxes: find the SIZ in the first bytes.
  const end = Math.min(b.length - 18, 4096);
  for (let p = 0; p < end; p++) {
    if (b[p] === 0xff && b[p + 1] === 0x4f && b[p + 2] === 0xff && b[p + 3] === 0x51) {
      const v = new DataView(b.buffer, b.byteOffset + p + 4, 18 + 4);
      // Lsiz(2) Rsiz(2) Xsiz(4) Ysiz(4) XOsiz(4) YOsiz(4)
      const w = v.getUint32(4) - v.getUint32(12);
      const h = v.getUint32(8) - v.getUint32(16);
      return { w: Math.max(0, w), h: Math.max(0, h) };
    }
  }
  return undefined;
}

/** The first image's size from a TIFF's first IFD (tags 256 ImageWidth, 257 ImageLength). */
function tiffSize(v: DataView): { w: number; h: number } | undefined {
  const le = v.getUint8(0) === 0x49;
  const at = v.getUint32(4, le);
  if (at + 2 > v.byteLength) return undefined;
  const n = v.getUint16(at, le);
  let w: number | undefined;
  let h: number | undefined;
  for (let i = 0; i < n && at + 2 + i * 12 + 12 <= v.byteLength; i++) {
    const e = at + 2 + i * 12;
    const tag = v.getUint16(e, le);
    const type = v.getUint16(e + 2, le);
    const value = type === 3 ? v.getUint16(e + 8, le) : v.getUint32(e + 8, le);
    if (tag === 256) w = value;
    else if (tag === 257) h = value;
  }
  return w !== undefined && h !== undefined ? { w, h } : undefined;
}

/** IngestError('too_large') when an image's header claims more than `limit` pixels. */
export function checkImageHeader(b: Uint8Array, file: string, what = 'the image', limit = MAX_PIXELS): void {
  const s = imageSize(b);
  if (s) checkPixels(s.w, s.h, file, `${what} (${s.type})`, limit);
}
