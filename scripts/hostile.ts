/**
 * Hostile input files, made at test time (issue 14: a ceiling on memory for every reader). Each is
 * small on disk or built in memory in a second or two, and without the readers' limits would make one
 * worker grow by gigabytes: decompression bombs, images whose headers claim billions of pixels, huge
 * text bodies, deep nesting, absurd page counts. Nothing here is committed as a big file.
 *
 * API (stable: used by test/reader-limits*.test.ts, the end-to-end memory-ceiling test and `npm run bench`):
 *
 *   HOSTILE: readonly HostileSpec[]
 *       every file of the set: { name, code, description, big, make }, where `code` is the MessageCode
 *       the record must carry (null: the file is read and simply is not a report), `big` marks the files
 *       that are large on disk (written as a stream, over 30 MB) and `make(path)` writes the file.
 *   writeHostileSet(dir, { big = true, only? }): Promise<HostileEntry[]>
 *       writes the set into `dir` (created if missing) and returns the manifest: the specs' fields
 *       without `make`, plus `path` and `bytes`. `big: false` leaves out the large files; `only` picks
 *       files by name.
 *   one function per file, each returning the file's bytes (or, for the large text files, writing
 *       them to a path): pdfJpegBomb, pdfFlateBomb, pdfJpxBomb, pdfCcittBomb (= pdfTiffOrCcittBomb),
 *       pdfJbig2Bomb, pdfObjectStreamBomb, pdf10000Pages, pngBomb, pngIdatBomb, jpegBomb, gifBomb,
 *       docxInflateBomb, docxXmlOverCap, deepHtml, html200MB(path), text100MBOneLine(path),
 *       markdown40MB(path).
 *
 * Usage:
 *   npx tsx scripts/hostile.ts DIR [--small]   writes the set (and manifest.json) into DIR
 *   node dist/scripts/hostile.js --read FILE   reads FILE through the pipeline (processFile) and prints
 *       one JSON line: { file, code, message, maxRssMB, seconds } (the record's first error, the
 *       process's peak resident memory); the memory tests run each hostile file so.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { constants, deflateRawSync } from 'node:zlib';
import type { MessageCode } from '../src/model/messages.js';

export interface HostileSpec {
  /** File name in the set. */
  name: string;
  /** The record's error code, or null when the file reads and is simply not a report. */
  code: MessageCode | null;
  description: string;
  /** Large on disk (tens or hundreds of MB, written as a stream). */
  big: boolean;
  make(file: string): Promise<void>;
}

export interface HostileEntry extends Omit<HostileSpec, 'make'> {
  path: string;
  bytes: number;
}

const MB = 1024 * 1024;

// ---- deflate bombs without deflating gigabytes ---------------------------------------------------

/**
 * Raw deflate data for `prefix`, then `copies` x `unitBytes` bytes of `fill`, then `suffix`: the
 * unit is compressed once and its sync-flushed blocks repeated (each copy refers only to its own
 * output), so a gigabyte costs a millisecond to make. `final`: end with a final block.
 */
function deflateRepeat(prefix: string | Uint8Array, fill: number, unitBytes: number, copies: number, suffix: string | Uint8Array = ''): Buffer {
  const flush = { level: 9, finishFlush: constants.Z_SYNC_FLUSH };
  const unit = deflateRawSync(Buffer.alloc(unitBytes, fill), flush);
  const parts = [deflateRawSync(Buffer.from(prefix), flush)];
  for (let i = 0; i < copies; i++) parts.push(unit);
  parts.push(deflateRawSync(Buffer.from(suffix)));
  return Buffer.concat(parts);
}

/** A zlib stream (what /FlateDecode and PNG's IDAT hold) around raw deflate data; the checksum is not computed (readers stop long before it). */
function zlibWrap(raw: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x78, 0xda]), raw, Buffer.alloc(4)]);
}

// ---- a minimal PDF writer ------------------------------------------------------------------------

type Obj = string | { dict: string; data: Uint8Array };

function pdf(objects: Obj[]): Uint8Array {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let size = parts[0].length;
  const offsets: number[] = [];
  const push = (b: Buffer) => {
    parts.push(b);
    size += b.length;
  };
  objects.forEach((o, i) => {
    offsets.push(size);
    if (typeof o === 'string') push(Buffer.from(`${i + 1} 0 obj\n${o}\nendobj\n`, 'latin1'));
    else {
      push(Buffer.from(`${i + 1} 0 obj\n<< ${o.dict} /Length ${o.data.length} >>\nstream\n`, 'latin1'));
      push(Buffer.from(o.data));
      push(Buffer.from('\nendstream\nendobj\n', 'latin1'));
    }
  });
  const xref = size;
  const rows = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  push(Buffer.from(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${rows}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}

/** One A4 page drawing image object 5 full-page, with a line of text. */
function imagePagePdf(image: { dict: string; data: Uint8Array }): Uint8Array {
  const content = 'BT /F1 12 Tf 72 800 Td (A page with one image) Tj ET q 595 0 0 842 0 0 cm /Im0 Do Q';
  return pdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>',
    { dict: '', data: Buffer.from(content, 'latin1') },
    { dict: `/Type /XObject /Subtype /Image ${image.dict}`, data: image.data },
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]);
}

/** A JPEG whose frame header (SOF0) claims w x h pixels, three components; the scan data is a few bytes. */
function jpegClaiming(w: number, h: number): Uint8Array {
  const u16 = (n: number) => [n >> 8, n & 255];
  const dqt = [0xff, 0xdb, 0, 67, 0, ...new Array(64).fill(1)];
  const sof = [0xff, 0xc0, 0, 17, 8, ...u16(h), ...u16(w), 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0];
  const dht = [0xff, 0xc4, 0, 20, 0x00, 1, ...new Array(15).fill(0), 0];
  const sos = [0xff, 0xda, 0, 12, 3, 1, 0, 2, 0, 3, 0, 0, 63, 0];
  const app0 = [0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 1, 0, 72, 0, 72, 0, 0];
  return new Uint8Array([0xff, 0xd8, ...app0, ...dqt, ...sof, ...dht, ...sos, ...new Array(64).fill(0), 0xff, 0xd9]);
}

/** A PDF page whose image is a JPEG of 60000 x 60000 pixels (dictionary and SOF agree): 3.6 gigapixels. */
export function pdfJpegBomb(): Uint8Array {
  return imagePagePdf({ dict: '/Width 60000 /Height 60000 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode', data: jpegClaiming(60000, 60000) });
}

/** A PDF whose page content stream is a flate bomb: 1 MB inflating to 1 GB (spaces, valid content). */
export function pdfFlateBomb(gigabytes = 1): Uint8Array {
  const data = zlibWrap(deflateRepeat('BT /F1 12 Tf 72 800 Td (flate bomb) Tj ET\n', 0x20, 16 * MB, 64 * gigabytes, '\n'));
  return pdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    { dict: '/Filter /FlateDecode', data },
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]);
}

/**
 * A PDF whose objects sit in an object stream (/Type /ObjStm) that inflates to 1 GB: the page's
 * font dictionary first, then spaces.
 */
export function pdfObjectStreamBomb(): Uint8Array {
  const first = '6 0 ';
  const body = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
  const data = zlibWrap(deflateRepeat(first + body, 0x20, 16 * MB, 64));
  return pdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >> /Contents 4 0 R >>',
    { dict: '', data: Buffer.from('BT /F1 12 Tf 72 800 Td (object stream bomb) Tj ET', 'latin1') },
    { dict: `/Type /ObjStm /N 1 /First ${first.length} /Filter /FlateDecode`, data },
  ]);
}

/** A PDF image in JPEG 2000 whose codestream (SIZ) says 60000 x 60000 while the dictionary says 100 x 100. */
export function pdfJpxBomb(): Uint8Array {
  const u16 = (n: number) => [n >> 8, n & 255];
  const u32 = (n: number) => [n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255];
  const siz = [0xff, 0x51, ...u16(41), 0, 0, ...u32(60000), ...u32(60000), ...u32(0), ...u32(0), ...u32(60000), ...u32(60000), ...u32(0), ...u32(0), ...u16(1), 7, 1, 1];
  const cod = [0xff, 0x52, 0, 12, 0, 0, 0, 1, 0, 5, 4, 4, 0, 0];
  const qcd = [0xff, 0x5c, 0, 4, 0x40, 0x48];
  const sot = [0xff, 0x90, 0, 10, 0, 0, ...u32(14 + 2 + 16), 0, 1];
  const data = new Uint8Array([0xff, 0x4f, ...siz, ...cod, ...qcd, ...sot, 0xff, 0x93, ...new Array(16).fill(0), 0xff, 0xd9]);
  return imagePagePdf({ dict: '/Width 100 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /JPXDecode', data });
}

/** A PDF image in CCITT G4 (TIFF's fax compression) claiming 100000 x 100000 pixels; the data is 64 bytes. */
export function pdfCcittBomb(): Uint8Array {
  return imagePagePdf({
    dict: '/Width 100000 /Height 100000 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns 100000 /Rows 100000 /BlackIs1 false >>',
    data: new Uint8Array(64),
  });
}
export const pdfTiffOrCcittBomb = pdfCcittBomb;

/** A PDF image in JBIG2 whose page information segment says 60000 x 60000 while the dictionary says 100 x 100. */
export function pdfJbig2Bomb(): Uint8Array {
  const u32 = (n: number) => [n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255];
  const pageInfo = [...u32(0), 48, 0, 1, ...u32(19), ...u32(60000), ...u32(60000), ...u32(0), ...u32(0), 0, 0, 0];
  const endOfPage = [...u32(1), 49, 0, 1, ...u32(0)];
  return imagePagePdf({ dict: '/Width 100 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /JBIG2Decode', data: new Uint8Array([...pageInfo, ...endOfPage]) });
}

/** A PDF of 10,000 pages (all sharing one small content stream): about 1 MB. */
export function pdf10000Pages(pages = 10_000): Uint8Array {
  const objects: Obj[] = ['<< /Type /Catalog /Pages 2 0 R >>', '', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>', { dict: '', data: Buffer.from('BT /F1 12 Tf 72 800 Td (One of very many pages) Tj ET', 'latin1') }];
  const kids: string[] = [];
  for (let i = 0; i < pages; i++) {
    objects.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>');
    kids.push(`${objects.length} 0 R`);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`;
  return pdf(objects);
}

// ---- images -------------------------------------------------------------------------------------

function crc32(b: Uint8Array): number {
  let c = ~0;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])));
  return Buffer.concat([head, data, crc]);
}

function png(w: number, h: number, depth: number, colorType: number, idat: Buffer): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([depth, colorType, 0, 0, 0], 8);
  return new Uint8Array(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', ihdr), pngChunk('IDAT', idat), pngChunk('IEND', new Uint8Array())]));
}

/** The classic PNG bomb: 50000 x 50000 black-and-white pixels (2.5 gigapixels, 10 GB as RGBA) in ~300 KB. */
export function pngBomb(): Uint8Array {
  const rowBytes = 1 + 50000 / 8;
  return png(50000, 50000, 1, 0, zlibWrap(deflateRepeat('', 0, rowBytes * 500, 100)));
}

/** A PNG of a plausible 2000 x 2000 grey pixels whose image data inflates to 1 GB (the IHDR check passes). */
export function pngIdatBomb(): Uint8Array {
  return png(2000, 2000, 8, 0, zlibWrap(deflateRepeat('', 0, 16 * MB, 64)));
}

/** A JPEG file whose frame header claims 60000 x 60000 pixels. */
export function jpegBomb(): Uint8Array {
  return jpegClaiming(60000, 60000);
}

/** A GIF whose screen and image claim 65535 x 65535 pixels. */
export function gifBomb(): Uint8Array {
  const head = Buffer.from('GIF89a', 'latin1');
  const screen = Buffer.from([0xff, 0xff, 0xff, 0xff, 0x80, 0, 0, 0, 0, 0, 255, 255, 255]);
  const image = Buffer.from([0x2c, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 2, 2, 0x4c, 0x01, 0, 0x3b]);
  return new Uint8Array(Buffer.concat([head, screen, image, Buffer.alloc(16)]));
}

// ---- DOCX ----------------------------------------------------------------------------------------

/** A zip of deflated entries, given as raw deflate data with their inflated size (CRC left 0: readers stop first). */
function zip(entries: { name: string; raw: Buffer; size: number }[]): Uint8Array {
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(8, 8);
    h.writeUInt32LE(e.raw.length, 18);
    h.writeUInt32LE(Math.min(e.size, 0xffffffff), 22);
    h.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(e.raw.length, 20);
    c.writeUInt32LE(Math.min(e.size, 0xffffffff), 24);
    c.writeUInt16LE(name.length, 28);
    c.writeUInt32LE(offset, 42);
    local.push(h, name, e.raw);
    central.push(c, name);
    offset += 30 + name.length + e.raw.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...local, cd, end]));
}

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const docxFrame = (documentXml: { raw: Buffer; size: number }) => {
  const file = (name: string, text: string) => ({ name, raw: deflateRawSync(Buffer.from(text)), size: Buffer.byteLength(text) });
  return zip([
    file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
    { name: 'word/document.xml', ...documentXml },
  ]);
};

/** A DOCX whose word/document.xml inflates to 2 GB (a paragraph, then spaces): 4 MB on disk. */
export function docxInflateBomb(gigabytes = 2): Uint8Array {
  const head = `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body><w:p><w:r><w:t>政府信息公开工作年度报告</w:t></w:r></w:p>`;
  const tail = '</w:body></w:document>';
  const copies = 128 * gigabytes;
  return docxFrame({ raw: deflateRepeat(head, 0x20, 16 * MB, copies, tail), size: Buffer.byteLength(head) + copies * 16 * MB + tail.length });
}

/**
 * A DOCX whose word/document.xml is 20 MB of ordinary-looking paragraphs (compressed about 1:14,
 * under the ratio cap): over the cap on a part that is parsed whole.
 */
export function docxXmlOverCap(megabytes = 20): Uint8Array {
  const paras: string[] = [];
  let n = 0;
  for (let i = 0; n < megabytes * MB; i++) {
    const p = `<w:p><w:r><w:t>第${i}段：本机关依法受理政府信息公开申请${i % 997}件，办结${(i * 7) % 991}件。</w:t></w:r></w:p>`;
    paras.push(p);
    n += Buffer.byteLength(p);
  }
  const xml = `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body>${paras.join('')}</w:body></w:document>`;
  return docxFrame({ raw: deflateRawSync(Buffer.from(xml), { level: 6 }), size: Buffer.byteLength(xml) });
}

// ---- HTML, text, markdown ------------------------------------------------------------------------

/** 100,000 nested <div>s around one line of text (600 KB). */
export function deepHtml(depth = 100_000): Uint8Array {
  return new Uint8Array(Buffer.from(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>deep</title></head><body>${'<div>'.repeat(depth)}政府信息公开${'</div>'.repeat(depth)}</body></html>`));
}

/** Writes `total` bytes: `head`, then `unit` repeated, then `tail`, in 1 MB pieces. */
async function writeRepeated(file: string, head: string, unit: string, total: number, tail: string): Promise<void> {
  const out = createWriteStream(file);
  const block = Buffer.from(unit.repeat(Math.max(1, Math.floor(MB / Buffer.byteLength(unit)))));
  const write = async (b: Buffer | string) => {
    if (!out.write(b)) await once(out, 'drain');
  };
  await write(head);
  for (let n = Buffer.byteLength(head) + Buffer.byteLength(tail); n < total; n += block.length) await write(block);
  await write(tail);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/** A 200 MB HTML page of paragraphs. */
export function html200MB(file: string, megabytes = 200): Promise<void> {
  return writeRepeated(file, '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开工作年度报告</title></head><body>\n', '<p>本机关依法受理政府信息公开申请，办结率100%。</p>\n', megabytes * MB, '</body></html>\n');
}

/** 100 MB of text on a single line (no line break at all). */
export function text100MBOneLine(file: string, megabytes = 100): Promise<void> {
  return writeRepeated(file, '政府信息公开工作年度报告', '本年度收到申请12件办结12件其中予以公开8件部分公开2件不予公开1件无法提供1件。', megabytes * MB, '');
}

/** `megabytes` of short text lines. */
export function textLines(file: string, megabytes: number): Promise<void> {
  return writeRepeated(file, '政府信息公开工作年度报告\n', '本机关依法受理政府信息公开申请12件，办结12件。\n', megabytes * MB, '');
}

/** 40 MB of markdown: pipe table rows. */
export function markdown40MB(file: string, megabytes = 40): Promise<void> {
  return writeRepeated(file, '# 政府信息公开工作年度报告\n\n| 项目 | 数量 |\n| --- | --- |\n', '| 收到申请 | 12 |\n', megabytes * MB, '\n');
}

// ---- the set -------------------------------------------------------------------------------------

const bytes = (f: () => Uint8Array) => (file: string) => writeFile(file, f());

export const HOSTILE: readonly HostileSpec[] = [
  { name: 'pdf-jpeg-bomb.pdf', code: 'too_large', big: false, description: 'a page image (DCTDecode) of 60000 x 60000 pixels', make: bytes(pdfJpegBomb) },
  { name: 'pdf-flate-bomb.pdf', code: 'decompression_limit', big: false, description: 'a content stream of 1 MB inflating to 1 GB', make: bytes(() => pdfFlateBomb()) },
  { name: 'pdf-objstm-bomb.pdf', code: 'decompression_limit', big: false, description: 'an object stream of 1 MB inflating to 1 GB', make: bytes(pdfObjectStreamBomb) },
  { name: 'pdf-jpx-bomb.pdf', code: 'too_large', big: false, description: 'a JPEG 2000 image whose codestream says 60000 x 60000 (its dictionary 100 x 100)', make: bytes(pdfJpxBomb) },
  { name: 'pdf-ccitt-bomb.pdf', code: 'too_large', big: false, description: 'a CCITT (TIFF fax) image of 100000 x 100000 pixels in 64 bytes', make: bytes(pdfCcittBomb) },
  { name: 'pdf-jbig2-bomb.pdf', code: 'too_large', big: false, description: 'a JBIG2 image whose page segment says 60000 x 60000 (its dictionary 100 x 100)', make: bytes(pdfJbig2Bomb) },
  { name: 'pdf-10000-pages.pdf', code: 'too_large', big: false, description: '10,000 pages', make: bytes(() => pdf10000Pages()) },
  { name: 'png-bomb.png', code: 'too_large', big: false, description: 'a PNG of 50000 x 50000 pixels in 300 KB', make: bytes(pngBomb) },
  { name: 'png-idat-bomb.png', code: 'decompression_limit', big: false, description: 'a 2000 x 2000 PNG whose image data inflates to 1 GB', make: bytes(pngIdatBomb) },
  { name: 'jpeg-bomb.jpg', code: 'too_large', big: false, description: 'a JPEG whose frame header says 60000 x 60000', make: bytes(jpegBomb) },
  { name: 'gif-bomb.gif', code: 'too_large', big: false, description: 'a GIF of 65535 x 65535 pixels', make: bytes(gifBomb) },
  { name: 'docx-inflate-bomb.docx', code: 'decompression_limit', big: false, description: 'word/document.xml inflating to 2 GB', make: bytes(() => docxInflateBomb()) },
  { name: 'docx-xml-20MB.docx', code: 'decompression_limit', big: false, description: 'word/document.xml of 20 MB of paragraphs (over the 16 MB cap, ratio under 200)', make: bytes(() => docxXmlOverCap()) },
  { name: 'deep.html', code: 'too_large', big: false, description: '100,000 nested <div>s', make: bytes(() => deepHtml()) },
  { name: 'text-8MB-lines.txt', code: 'too_large', big: false, description: '8 MB of text lines (over the 4 MB cap)', make: (f) => textLines(f, 8) },
  { name: 'deep-900.html', code: null, big: false, description: '900 nested <div>s: under the nesting limit, read (not a report)', make: bytes(() => deepHtml(900)) },
  { name: 'html-200MB.html', code: 'too_large', big: true, description: '200 MB of HTML paragraphs', make: (f) => html200MB(f) },
  { name: 'text-100MB-one-line.txt', code: 'too_large', big: true, description: '100 MB of text on one line', make: (f) => text100MBOneLine(f) },
  { name: 'markdown-40MB.md', code: 'too_large', big: true, description: '40 MB of markdown table rows', make: (f) => markdown40MB(f) },
];

export async function writeHostileSet(dir: string, opts: { big?: boolean; only?: string[] } = {}): Promise<HostileEntry[]> {
  await mkdir(dir, { recursive: true });
  const out: HostileEntry[] = [];
  for (const spec of HOSTILE) {
    if (opts.big === false && spec.big) continue;
    if (opts.only && !opts.only.includes(spec.name)) continue;
    const file = path.join(dir, spec.name);
    await spec.make(file);
    const { make: _, ...rest } = spec;
    out.push({ ...rest, path: file, bytes: (await stat(file)).size });
  }
  return out;
}

/** One file through the pipeline in this process: its first error, peak RSS and time. */
async function readOne(file: string): Promise<void> {
  const { processFile } = await import('../src/pipeline/process.js');
  const t = performance.now();
  const rec = await processFile(file, { timeoutMs: 120_000 });
  const issue = rec.issues.find((i) => i.level === 'error');
  const out = { file, code: issue?.code ?? null, message: issue?.message ?? null, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024), seconds: +((performance.now() - t) / 1000).toFixed(2) };
  // OCR workers or pdf.js may hold the process open: exit once the line is written.
  process.stdout.write(JSON.stringify(out) + '\n', () => process.exit(0));
}

async function main(): Promise<void> {
  if (process.argv[2] === '--read') return readOne(process.argv[3]);
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: npx tsx scripts/hostile.ts DIR [--small]');
    process.exit(2);
  }
  const set = await writeHostileSet(dir, { big: !process.argv.includes('--small') });
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(set, null, 2) + '\n');
  for (const e of set) console.log(`${e.name.padEnd(26)} ${String(e.bytes).padStart(10)}  ${e.code ?? '(reads)'}  ${e.description}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
