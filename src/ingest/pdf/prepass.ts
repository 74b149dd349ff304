/**
 * A pass over a PDF's raw bytes before pdf.js sees them, for what pdf.js would otherwise decode
 * without a ceiling (issue 14):
 *
 * - every image XObject's size, from its dictionary (/Width /Height, whatever its filter: JPEG,
 *   JPEG 2000, JBIG2, CCITT, Flate) and, where the encoded data states its own, from that too (a
 *   JPEG's SOF, a JPEG 2000 codestream's SIZ, a JBIG2 page information segment: the decoders
 *   allocate by those, whatever the dictionary says): over MAX_PIXELS is IngestError('too_large');
 * - every other FlateDecode stream (content streams, fonts, object and cross-reference streams)
 *   inflated with zlib under a cap (MAX_PDF_STREAM_BYTES each, MAX_PDF_STREAMS_BYTES together):
 *   past it is IngestError('decompression_limit'). Images need no such check: pdf.js reads only the
 *   bytes their (checked) size needs.
 *
 * Streams are found by their `stream` keyword, not through the cross-reference table, so a damaged
 * table hides none. Inline images (inside content streams) are bounded by pdf.js's maxImageSize.
 */
import { inflateSync, constants } from 'node:zlib';
import { IngestError } from '../errors.js';
import { checkPixels, jpegFrame, jpxSize, MAX_PDF_STREAM_BYTES, MAX_PDF_STREAMS_BYTES, size } from '../limits.js';

/** How far before a `stream` keyword its dictionary is looked for. */
const DICT_WINDOW = 8192;

export function checkPdfLimits(data: Uint8Array, file: string): void {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let total = 0;
  for (let pos = 0; ; ) {
    const at = buf.indexOf('stream', pos, 'latin1');
    if (at < 0) return;
    pos = at + 6;
    // `endstream`, or `stream` inside a name or a string: not the start of a stream's data.
    const next = buf[at + 6];
    if (next !== 0x0a && next !== 0x0d) continue;
    if (at >= 3 && buf.toString('latin1', at - 3, at) === 'end') continue;
    const start = at + 6 + (next === 0x0d && buf[at + 7] === 0x0a ? 2 : 1);
    const endAt = buf.indexOf('endstream', start, 'latin1');
    const end = endAt < 0 ? buf.length : endAt;
    pos = end;
    const windowStart = Math.max(0, at - DICT_WINDOW);
    const before = buf.toString('latin1', windowStart, at);
    const objAt = before.lastIndexOf(' obj');
    const dict = objAt < 0 ? before : before.slice(objAt);
    const head = objAt < 0 ? '' : before.slice(Math.max(0, objAt - 24), objAt + 4);
    const obj = /(\d+)\s+(\d+)\s+obj$/.exec(head)?.[1];
    const stream = buf.subarray(start, end);
    const filters = [...(/\/Filter\s*(\[[^\]]*\]|\/\w+)/.exec(dict)?.[1] ?? '').matchAll(/\/(\w+)/g)].map((m) => m[1]);
    if (/\/Subtype\s*\/Image\b/.test(dict)) {
      checkImage(dict, filters, stream, file, obj);
      continue;
    }
    if (filters[0] !== 'FlateDecode' && filters[0] !== 'Fl') continue;
    const cap = Math.min(MAX_PDF_STREAM_BYTES, MAX_PDF_STREAMS_BYTES - total);
    try {
      total += inflateSync(stream, { maxOutputLength: Math.max(1, cap), finishFlush: constants.Z_SYNC_FLUSH }).length;
    } catch (e) {
      if ((e as { code?: string }).code !== 'ERR_BUFFER_TOO_LARGE') continue; // damaged data: pdf.js has its own ways with it
      const what = obj ? `a compressed stream (object ${obj})` : 'a compressed stream';
      if (cap < MAX_PDF_STREAM_BYTES) throw new IngestError('decompression_limit', `${file}: its compressed streams inflate past ${size(MAX_PDF_STREAMS_BYTES)} together (limit ${size(MAX_PDF_STREAMS_BYTES)}); not read`);
      throw new IngestError('decompression_limit', `${file}: ${what} inflates past ${size(MAX_PDF_STREAM_BYTES)} (limit ${size(MAX_PDF_STREAM_BYTES)} a stream; ${size(stream.length)} compressed); not read`);
    }
  }
}

function checkImage(dict: string, filters: string[], stream: Uint8Array, file: string, obj: string | undefined): void {
  const what = `an image${obj ? ` (object ${obj})` : ''}`;
  const num = (key: string) => Number(new RegExp(`/${key}\\s+(\\d+)(?![\\d.]*\\s+\\d+\\s+R)`).exec(dict)?.[1] ?? 0);
  checkPixels(num('Width'), num('Height'), file, what);
  // The encoded data's own size, where it has one and is the first thing decoded.
  const first = filters[0];
  let own: { w: number; h: number } | undefined;
  if (first === 'DCTDecode') {
    const f = jpegFrame(stream);
    if (!('error' in f)) own = f;
  }
  else if (first === 'JPXDecode') own = jpxSize(stream);
  else if (first === 'JBIG2Decode') own = jbig2PageSize(stream);
  else if (first === 'CCITTFaxDecode') own = { w: Number(/\/Columns\s+(\d+)/.exec(dict)?.[1] ?? 0), h: Number(/\/Rows\s+(\d+)/.exec(dict)?.[1] ?? 0) };
  if (own) checkPixels(own.w, own.h, file, `${what} (${first.replace('Decode', '')} data)`);
}

/** The page size in an embedded JBIG2 stream's page information segment (type 48), when one comes first. */
function jbig2PageSize(b: Uint8Array): { w: number; h: number } | undefined {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let p = 0;
  for (let seg = 0; seg < 16 && p + 11 <= b.length; seg++) {
    const number = v.getUint32(p);
    const flags = b[p + 4];
    p += 5;
    let count = b[p] >> 5;
    if (count === 7) {
      count = v.getUint32(p) & 0x1fffffff;
      p += 4 + Math.ceil((count + 1) / 8);
    } else p += 1;
    p += count * (number <= 256 ? 1 : number <= 65536 ? 2 : 4);
    p += flags & 0x40 ? 4 : 1;
    if (p + 4 > b.length) return undefined;
    const length = v.getUint32(p);
    p += 4;
    // A striped page's height may be left unknown (0xffffffff): the dictionary's then stands.
    if ((flags & 0x3f) === 48) return p + 8 <= b.length && v.getUint32(p + 4) !== 0xffffffff ? { w: v.getUint32(p), h: v.getUint32(p + 4) } : undefined;
    if (length === 0xffffffff) return undefined;
    p += length;
  }
  return undefined;
}
