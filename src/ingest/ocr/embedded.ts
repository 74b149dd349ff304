/**
 * Images inside HTML pages and DOCX files: portals often publish the tables of a report as
 * pictures (<img>), and Word files embed scanned tables. The HTML reader lists every <img> with the
 * place its blocks belong; each image that can be read locally (a file path relative to the page,
 * or a data: URI; nothing is fetched) is OCR'd here and its blocks put where the image stood.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Block, DocumentModel } from '../../model/document.js';
import { warning } from '../../model/messages.js';
import { IngestError } from '../errors.js';
import type { ImageRef } from '../html.js';
import { imageSize } from '../limits.js';
import { ocrImageToBlocks } from './index.js';

/** Images smaller than this (either side, pixels) are icons, bullets and logos, not tables. */
const MIN_SIDE = 120;

/** `base`: the directory relative image paths are resolved against (none for DOCX, whose pictures come with their bytes). */
export async function placeImages(doc: DocumentModel, images: ImageRef[], opts: { base?: string; timeoutMs?: number }): Promise<DocumentModel> {
  const skipped: string[] = [];
  const read: { ref: ImageRef; where: string; bytes: Uint8Array }[] = [];
  for (const [i, ref] of images.entries()) {
    const bytes = await resolveImage(ref, opts.base);
    if (bytes) read.push({ ref, where: `${ref.path}>img[${i + 1}]`, bytes });
    else if (!ref.src.startsWith('data:') && opts.base) skipped.push(ref.src.length > 60 ? `${ref.src.slice(0, 57)}...` : ref.src);
  }
  if (skipped.length) doc.messages.push(warning('images_skipped', `${skipped.length} image(s) not read (remote, missing or icons; nothing is fetched): ${skipped.slice(0, 3).join(', ')}`));
  const ocr = await Promise.all(
    read.map(async ({ where, bytes }) => {
      try {
        return await ocrImageToBlocks(bytes, { page: 1, path: where }, { timeoutMs: opts.timeoutMs });
      } catch (e) {
        if (e instanceof IngestError && e.code === 'needs_ocr') throw e;
        return { blocks: [] as Block[], messages: [warning('image_unreadable', `${where}: image not read (${(e as Error).message})`)] };
      }
    }),
  );
  // Last image first, so the earlier insertion points still hold.
  for (let k = read.length - 1; k >= 0; k--) doc.blocks.splice(read[k].ref.at, 0, ...ocr[k].blocks);
  for (const o of ocr) doc.messages.push(...o.messages);
  return doc;
}

/** An image's bytes: the reader's own (DOCX), a data: URI's, or a local file's relative to `base`. */
async function imageBytes({ src, bytes }: ImageRef, base: string | undefined): Promise<Uint8Array | undefined> {
  if (bytes) return bytes;
  const data = /^data:image\/[\w.+-]+;base64,(.*)$/is.exec(src);
  if (data) return Buffer.from(data[1].replace(/\s+/g, ''), 'base64');
  if (!base || !src || /^[a-z][\w+.-]*:/i.test(src) || src.startsWith('//')) return undefined;
  return readFile(path.resolve(base, decodeURIComponent(src.split(/[?#]/)[0]))).catch(() => undefined);
}

/** Undefined for remote URLs (nothing is fetched), missing files, and images under 120 px a side (icons, bullets). */
async function resolveImage(ref: ImageRef, base: string | undefined): Promise<Uint8Array | undefined> {
  const bytes = await imageBytes(ref, base);
  if (!bytes || bytes.length < 100) return undefined;
  const size = imageSize(bytes);
  if (size && (size.w < MIN_SIDE || size.h < MIN_SIDE)) return undefined;
  return bytes;
}
