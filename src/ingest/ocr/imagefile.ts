/**
 * Image files to pixels, without handing untrusted bytes to native code: @napi-rs/canvas's decoders
 * crash the whole process (SIGSEGV) on a malformed PNG or JPEG header, and a crawl is full of
 * truncated and mislabelled files. PNG is decoded here (zlib + scanline filters); JPEG is wrapped in
 * a one-page PDF and decoded by pdf.js's JavaScript JPEG decoder (the same renderer scans go
 * through). Anything malformed is an IngestError.
 */
import { inflateSync } from 'node:zlib';
import { IngestError } from '../errors.js';
import { checkPixels, jpegFrame, size } from '../limits.js';
import { fromRGBA, type Gray } from './image.js';

const bad = (file: string, why: string) => new IngestError('corrupt', `${file}: cannot decode the image (${why})`);

// ---- PNG ------------------------------------------------------------------------------------------

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(b: Uint8Array): boolean {
  return PNG_SIG.every((v, i) => b[i] === v);
}

export function decodePng(b: Uint8Array, file: string, maxPixels: number): Gray {
  if (!isPng(b)) throw bad(file, 'not a PNG');
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let p = 8;
  let ihdr: { w: number; h: number; depth: number; type: number; interlace: number } | undefined;
  let palette: Uint8Array | undefined;
  let trns: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  while (p + 8 <= b.length) {
    const len = v.getUint32(p);
    const type = String.fromCharCode(b[p + 4], b[p + 5], b[p + 6], b[p + 7]);
    if (p + 12 + len > b.length) break; // truncated: decode what is there
    const data = b.subarray(p + 8, p + 8 + len);
    if (type === 'IHDR') {
      if (len !== 13) throw bad(file, 'bad IHDR');
      ihdr = { w: v.getUint32(p + 8), h: v.getUint32(p + 12), depth: b[p + 16], type: b[p + 17], interlace: b[p + 20] };
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') trns = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    p += 12 + len;
  }
  if (!ihdr) throw bad(file, 'no IHDR');
  const { w, h, depth, type, interlace } = ihdr;
  const channels = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[type];
  if (!channels || ![1, 2, 4, 8, 16].includes(depth) || w < 1 || h < 1) throw bad(file, `unsupported PNG (type ${type}, depth ${depth})`);
  checkPixels(w, h, file, 'the image (PNG)', maxPixels);
  if (type === 3 && !palette) throw bad(file, 'palette image without PLTE');
  const passes =
    interlace === 1
      ? [
          [0, 0, 8, 8],
          [4, 0, 8, 8],
          [0, 4, 4, 8],
          [2, 0, 4, 4],
          [0, 2, 2, 4],
          [1, 0, 2, 2],
          [0, 1, 1, 2],
        ]
      : [[0, 0, 1, 1]];
  // The image data inflates to a known size (a filter byte and the pixels of each row): more is a bomb.
  let expected = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const pw = Math.ceil((w - x0) / dx);
    const ph = Math.ceil((h - y0) / dy);
    if (pw > 0 && ph > 0) expected += ph * (1 + Math.ceil((pw * channels * depth) / 8));
  }
  const cap = expected + 1024 * 1024;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat), { finishFlush: 2 /* Z_SYNC_FLUSH: tolerate a truncated stream */, maxOutputLength: cap });
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new IngestError('decompression_limit', `${file}: the PNG's image data inflates past ${size(cap)}, more than its ${w} x ${h} pixels need (${size(expected)}); not decoded`);
    }
    throw bad(file, `image data: ${(e as Error).message}`);
  }
  const rgba = new Uint8Array(w * h * 4).fill(255);
  const bpp = Math.max(1, (channels * depth) >> 3);
  let off = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const pw = Math.ceil((w - x0) / dx);
    const ph = Math.ceil((h - y0) / dy);
    if (pw <= 0 || ph <= 0) continue;
    const stride = Math.ceil((pw * channels * depth) / 8);
    let prev = new Uint8Array(stride);
    for (let r = 0; r < ph; r++) {
      if (off + 1 + stride > raw.length) return fromRGBA(rgba, w, h); // truncated: the rest stays white
      const filter = raw[off];
      const line = new Uint8Array(raw.subarray(off + 1, off + 1 + stride));
      off += 1 + stride;
      unfilter(filter, line, prev, bpp);
      const y = y0 + r * dy;
      for (let c = 0; c < pw; c++) {
        const x = x0 + c * dx;
        writePixel(rgba, (y * w + x) * 4, line, c, channels, depth, type, palette, trns);
      }
      prev = line;
    }
  }
  return fromRGBA(rgba, w, h);
}

function unfilter(filter: number, line: Uint8Array, prev: Uint8Array, bpp: number): void {
  for (let i = 0; i < line.length; i++) {
    const a = i >= bpp ? line[i - bpp] : 0;
    const b = prev[i];
    const c = i >= bpp ? prev[i - bpp] : 0;
    switch (filter) {
      case 1:
        line[i] = (line[i] + a) & 255;
        break;
      case 2:
        line[i] = (line[i] + b) & 255;
        break;
      case 3:
        line[i] = (line[i] + ((a + b) >> 1)) & 255;
        break;
      case 4: {
        const pa = Math.abs(b - c);
        const pb = Math.abs(a - c);
        const pc = Math.abs(a + b - 2 * c);
        line[i] = (line[i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
        break;
      }
      default:
    }
  }
}

function sample(line: Uint8Array, index: number, depth: number): number {
  if (depth === 8) return line[index];
  if (depth === 16) return line[index * 2];
  const perByte = 8 / depth;
  const byte = line[Math.floor(index / perByte)];
  const shift = 8 - depth * ((index % perByte) + 1);
  return (byte >> shift) & ((1 << depth) - 1);
}

function writePixel(out: Uint8Array, o: number, line: Uint8Array, c: number, channels: number, depth: number, type: number, palette?: Uint8Array, trns?: Uint8Array): void {
  const scale = depth < 8 && type !== 3 ? 255 / ((1 << depth) - 1) : 1;
  const s = (k: number) => Math.round(sample(line, c * channels + k, depth) * scale);
  if (type === 3) {
    const i = sample(line, c, depth);
    out[o] = palette![i * 3] ?? 0;
    out[o + 1] = palette![i * 3 + 1] ?? 0;
    out[o + 2] = palette![i * 3 + 2] ?? 0;
    out[o + 3] = trns && i < trns.length ? trns[i] : 255;
  } else if (type === 0 || type === 4) {
    out[o] = out[o + 1] = out[o + 2] = s(0);
    out[o + 3] = type === 4 ? s(1) : 255;
  } else {
    out[o] = s(0);
    out[o + 1] = s(1);
    out[o + 2] = s(2);
    out[o + 3] = type === 6 ? s(3) : 255;
  }
}

// ---- JPEG -----------------------------------------------------------------------------------------

export function isJpeg(b: Uint8Array): boolean {
  return b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

/** Size and components from the frame header; walking the markers also rejects a malformed header. */
export function jpegInfo(b: Uint8Array, file: string): { w: number; h: number; components: number } {
  const f = jpegFrame(b);
  if ('error' in f) throw bad(file, f.error);
  if (!f.w || !f.h || ![1, 3, 4].includes(f.components)) throw bad(file, 'unsupported JPEG frame');
  return f;
}

/** A one-page PDF showing the JPEG at one point per pixel, for pdf.js to decode and render. */
export function jpegAsPdf(b: Uint8Array, info: { w: number; h: number; components: number }): Uint8Array {
  const cs = info.components === 1 ? '/DeviceGray' : info.components === 3 ? '/DeviceRGB' : '/DeviceCMYK';
  const content = `q ${info.w} 0 0 ${info.h} 0 0 cm /Im0 Do Q`;
  const parts: (string | Uint8Array)[] = [];
  const offsets: number[] = [];
  let size = 0;
  const push = (x: string | Uint8Array) => {
    parts.push(x);
    size += typeof x === 'string' ? Buffer.byteLength(x, 'latin1') : x.length;
  };
  push('%PDF-1.4\n');
  const obj = (n: number, body: string, stream?: Uint8Array | string) => {
    offsets[n] = size;
    push(`${n} 0 obj\n${body}\n`);
    if (stream !== undefined) {
      push('stream\n');
      push(stream);
      push('\nendstream\n');
    }
    push('endobj\n');
  };
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
  obj(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
  obj(3, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${info.w} ${info.h}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>`);
  obj(4, `<< /Type /XObject /Subtype /Image /Width ${info.w} /Height ${info.h} /ColorSpace ${cs} /BitsPerComponent 8 /Filter /DCTDecode /Length ${b.length} >>`, b);
  obj(5, `<< /Length ${content.length} >>`, content);
  const xref = size;
  push(`xref\n0 6\n0000000000 65535 f \n${offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`);
  push(`trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  // pdf.js wants a plain Uint8Array, not a Buffer.
  return new Uint8Array(Buffer.concat(parts.map((x) => (typeof x === 'string' ? Buffer.from(x, 'latin1') : Buffer.from(x)))));
}
