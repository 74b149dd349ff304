/**
 * Images inside HTML pages and DOCX files: portals often publish the tables of a report as
 * pictures (<img>), and Word files embed scanned tables. Each image that can be read locally (a
 * file path relative to the page, or a data: URI; nothing is fetched) is OCR'd and its tables put
 * where the image stood.
 *
 * INTERIM: the HTML reader (html.ts, not owned here) has no hook for images yet, so this module
 * marks each readable <img> with a placeholder line, runs the ordinary HTML reader, and replaces
 * the placeholder with the OCR blocks. The proper hook, for html.ts:
 *   - in readHtml's walk, at an `img` element: flush(), remember { at: blocks.length, src, path }
 *     (path like the table paths, e.g. `${path}>img[n]`);
 *   - after the walk (readHtml becomes async, or readHtmlBytes does this part): for each image,
 *     `bytes = await resolveImage(src, baseDir)` (baseDir = dirname of the page's path; undefined
 *     for DOCX, whose pictures mammoth gives as data: URIs), and when there are bytes,
 *     `{ blocks, warnings } = await ocrImageToBlocks(bytes, { page: 1, path }, { timeoutMs })`;
 *     splice `blocks` in at `at` (last image first, so earlier indexes hold) and add `warnings`.
 * Then dispatch (ingest/index.ts) goes back to readHtmlBytes / readDocx and this module can go.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as cheerio from 'cheerio';
import mammoth from 'mammoth';
import type { Block, DocumentModel, ReadMethod, SourceFormat } from '../../model/document.js';
import { decodeText } from '../decode.js';
import { IngestError } from '../errors.js';
import { readHtml } from '../html.js';
import { ocrImageToBlocks } from './index.js';

/** Images smaller than this (either side, pixels) are icons, bullets and logos, not tables. */
const MIN_SIDE = 120;
const MARK = '\u2063OCRIMG';

export async function readHtmlWithImages(buf: Uint8Array, opts: { path: string; charset?: string; timeoutMs?: number }): Promise<DocumentModel> {
  const d = decodeText(buf, { hint: opts.charset, html: true });
  const warnings = d.via === 'guessed' ? ['HTML charset not declared and bytes are not UTF-8; decoded as GB18030'] : [];
  return withImages(d.text, { path: opts.path, format: 'html', method: 'html', warnings, timeoutMs: opts.timeoutMs, base: path.dirname(opts.path) });
}

/** DOCX: mammoth turns embedded pictures into data: URI <img>s, which are then read as for HTML. */
export async function readDocxWithImages(buf: Uint8Array, opts: { path: string; timeoutMs?: number }): Promise<DocumentModel> {
  let result: { value: string; messages: { type: string; message: string }[] };
  try {
    result = await mammoth.convertToHtml({ buffer: Buffer.from(buf) });
  } catch (e) {
    throw new IngestError('corrupt', `${opts.path}: not a readable DOCX (${(e as Error).message.split('\n')[0]})`);
  }
  const warnings = result.messages.filter((m) => m.type === 'error').map((m) => `docx: ${m.message}`);
  return withImages(result.value, { path: opts.path, format: 'docx', method: 'docx', warnings, timeoutMs: opts.timeoutMs });
}

interface WithImagesOptions {
  path: string;
  format: SourceFormat;
  method: ReadMethod;
  warnings: string[];
  timeoutMs?: number;
  /** Directory relative image paths are resolved against (none for DOCX: only data: URIs). */
  base?: string;
}

async function withImages(html: string, opts: WithImagesOptions): Promise<DocumentModel> {
  const $ = cheerio.load(html);
  const images: { bytes: Uint8Array; where: string }[] = [];
  const skipped: string[] = [];
  for (const [i, el] of $('img').toArray().entries()) {
    const src = ($(el).attr('src') ?? '').trim();
    const bytes = await resolveImage(src, opts.base);
    if (!bytes) {
      if (src && !src.startsWith('data:') && opts.base) skipped.push(src.length > 60 ? `${src.slice(0, 57)}...` : src);
      continue;
    }
    const where = `img[${i + 1}]`;
    // A block of its own: the HTML reader gives it a line, whatever inline context the image had.
    $(el).replaceWith(`<div>${MARK}${images.length}\u2063</div>`);
    images.push({ bytes, where });
  }
  const doc = readHtml(images.length ? $.html() : html, { format: opts.format, method: opts.method, warnings: opts.warnings });
  if (skipped.length) doc.warnings.push(`${skipped.length} image(s) not read (remote or missing; nothing is fetched): ${skipped.slice(0, 3).join(', ')}`);
  if (!images.length) return doc;

  const ocr = await Promise.all(
    images.map(async ({ bytes, where }) => {
      try {
        return await ocrImageToBlocks(bytes, { page: 1, path: where }, { timeoutMs: opts.timeoutMs });
      } catch (e) {
        if (e instanceof IngestError && e.code === 'needs_ocr') throw e;
        return { blocks: [] as Block[], warnings: [`${where}: image not read (${(e as Error).message})`] };
      }
    }),
  );
  const blocks: Block[] = [];
  for (const b of doc.blocks) {
    const m = b.kind === 'line' ? new RegExp(`${MARK}(\\d+)`).exec(b.line.text) : null;
    if (!m) {
      blocks.push(b);
      continue;
    }
    blocks.push(...ocr[Number(m[1])].blocks);
  }
  doc.blocks = blocks;
  for (const o of ocr) doc.warnings.push(...o.warnings);
  return doc;
}

/**
 * Bytes of an <img src>: a data: URI, or a file relative to `base` (the page's directory). Undefined
 * for remote URLs (nothing is fetched), missing files, and images under 120 px a side (icons, bullets).
 */
export async function resolveImage(src: string, base: string | undefined): Promise<Uint8Array | undefined> {
  let bytes: Uint8Array | undefined;
  const data = /^data:image\/[\w.+-]+;base64,(.*)$/is.exec(src);
  if (data) bytes = Buffer.from(data[1].replace(/\s+/g, ''), 'base64');
  else if (base && src && !/^[a-z][\w+.-]*:/i.test(src) && !src.startsWith('//')) {
    const file = path.resolve(base, decodeURIComponent(src.split(/[?#]/)[0]));
    bytes = await readFile(file).catch(() => undefined);
  }
  if (!bytes || bytes.length < 100) return undefined;
  const size = pixelSize(bytes);
  if (size && (size.w < MIN_SIDE || size.h < MIN_SIDE)) return undefined;
  return bytes;
}

/** Width and height from a PNG, GIF or JPEG header, without decoding. */
function pixelSize(b: Uint8Array): { w: number; h: number } | undefined {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b[0] === 0x89 && b[1] === 0x50 && b.length >= 24) return { w: v.getUint32(16), h: v.getUint32(20) };
  if (b[0] === 0x47 && b[1] === 0x49 && b.length >= 10) return { w: v.getUint16(6, true), h: v.getUint16(8, true) };
  if (b[0] === 0xff && b[1] === 0xd8) {
    for (let p = 2; p + 9 < b.length; ) {
      if (b[p] !== 0xff) return undefined;
      const marker = b[p + 1];
      const len = v.getUint16(p + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { h: v.getUint16(p + 5), w: v.getUint16(p + 7) };
      p += 2 + len;
    }
  }
  return undefined;
}
