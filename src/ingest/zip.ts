/**
 * Zip entries (a DOCX's parts) inflated under a ceiling: the entries are found in the central
 * directory and inflated a small piece of compressed input at a time, counting what comes out, so a
 * decompression bomb is stopped after a few megabytes instead of filling memory. Three caps
 * (limits.ts): bytes per entry (the caller's, MAX_ZIP_ENTRY_BYTES by default), bytes of all entries
 * read from one file, and the ratio of inflated to compressed bytes read so far.
 */
import { Inflate } from 'fflate';
import { IngestError } from './errors.js';
import { MAX_ZIP_ENTRY_BYTES, MAX_ZIP_RATIO, MAX_ZIP_TOTAL_BYTES, size, ZIP_RATIO_FROM } from './limits.js';

interface Entry {
  name: string;
  method: number;
  compressed: number;
  offset: number;
}

/** Compressed bytes handed to the inflater at a time: at deflate's ratio limit (1032:1) one step yields at most ~16 MB. */
const STEP = 16 * 1024;

export class ZipReader {
  private entries = new Map<string, Entry>();
  /** Bytes inflated from this file so far, for the total cap. */
  private total = 0;

  constructor(
    private buf: Uint8Array,
    private file: string,
  ) {
    const b = buf;
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    // End of central directory: within the last 64 KB + 22 bytes (the comment may be up to 64 KB).
    let eocd = -1;
    for (let p = b.length - 22; p >= Math.max(0, b.length - 65557); p--) {
      if (v.getUint32(p, true) === 0x06054b50) {
        eocd = p;
        break;
      }
    }
    if (eocd < 0) throw this.corrupt('no end of central directory');
    const count = v.getUint16(eocd + 10, true);
    let p = v.getUint32(eocd + 16, true);
    for (let i = 0; i < count; i++) {
      if (p + 46 > b.length || v.getUint32(p, true) !== 0x02014b50) throw this.corrupt('damaged central directory');
      const nameLen = v.getUint16(p + 28, true);
      const name = new TextDecoder().decode(b.subarray(p + 46, p + 46 + nameLen));
      this.entries.set(name, { name, method: v.getUint16(p + 10, true), compressed: v.getUint32(p + 20, true), offset: v.getUint32(p + 42, true) });
      p += 46 + nameLen + v.getUint16(p + 30, true) + v.getUint16(p + 32, true);
    }
  }

  names(): string[] {
    return [...this.entries.keys()];
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The entry's bytes, or undefined when there is no such entry; IngestError('decompression_limit') past a cap. */
  read(name: string, maxBytes = MAX_ZIP_ENTRY_BYTES, why = ''): Uint8Array | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    const b = this.buf;
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    if (e.offset + 30 > b.length || v.getUint32(e.offset, true) !== 0x04034b50) throw this.corrupt(`damaged local header of ${name}`);
    const start = e.offset + 30 + v.getUint16(e.offset + 26, true) + v.getUint16(e.offset + 28, true);
    const data = b.subarray(start, Math.min(b.length, start + e.compressed));
    const cap = Math.min(maxBytes, MAX_ZIP_TOTAL_BYTES - this.total);
    const over = (n: number) => {
      if (cap < maxBytes) return this.limit(`the parts read so far inflate past ${size(MAX_ZIP_TOTAL_BYTES)} (limit for all parts of a file)`);
      return this.limit(`${name} inflates past ${size(maxBytes)}${why} (${size(n)} so far from ${size(e.compressed)})`);
    };
    if (e.method === 0) {
      if (data.length > cap) throw over(data.length);
      this.total += data.length;
      return data;
    }
    if (e.method !== 8) throw this.corrupt(`${name} uses compression method ${e.method}`);
    const chunks: Uint8Array[] = [];
    let out = 0;
    let consumed = 0;
    let done = false;
    const inflater = new Inflate((chunk, final) => {
      out += chunk.length;
      if (out > cap) throw over(out);
      chunks.push(chunk);
      if (final) done = true;
    });
    try {
      for (let p = 0; p < data.length && !done; p += STEP) {
        const piece = data.subarray(p, Math.min(data.length, p + STEP));
        consumed += piece.length;
        inflater.push(piece, p + STEP >= data.length);
        if (out > ZIP_RATIO_FROM && out > MAX_ZIP_RATIO * consumed) {
          throw this.limit(`${name} inflates more than ${MAX_ZIP_RATIO} times its compressed size (${size(out)} from the first ${size(consumed)}; the limit is ${MAX_ZIP_RATIO}:1): a decompression bomb`);
        }
      }
    } catch (err) {
      if (err instanceof IngestError) throw err;
      throw this.corrupt(`${name}: ${(err as Error).message}`);
    }
    this.total += out;
    if (chunks.length === 1) return chunks[0];
    const whole = new Uint8Array(out);
    let at = 0;
    for (const c of chunks) {
      whole.set(c, at);
      at += c.length;
    }
    return whole;
  }

  private corrupt(why: string): IngestError {
    return new IngestError('corrupt', `${this.file}: not a readable DOCX (${why})`);
  }

  private limit(why: string): IngestError {
    return new IngestError('decompression_limit', `${this.file}: ${why}; not read`);
  }
}
