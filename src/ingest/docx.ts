/** DOCX via mammoth to HTML, then the HTML reader: one model, merged cells kept as spans. */
import mammoth from 'mammoth';
import type { DocumentModel } from '../model/document.js';
import { IngestError } from './errors.js';
import { readHtml, type ImageRef } from './html.js';

/** Embedded pictures come out of mammoth as data: URI <img>s, listed in `images` for the OCR step. */
export async function readDocx(buf: Uint8Array, path: string, images?: ImageRef[]): Promise<DocumentModel> {
  let result: { value: string; messages: { type: string; message: string }[] };
  try {
    result = await mammoth.convertToHtml({ buffer: Buffer.from(buf) });
  } catch (e) {
    throw new IngestError('corrupt', `${path}: not a readable DOCX (${(e as Error).message.split('\n')[0]})`);
  }
  const warnings = result.messages.filter((m) => m.type === 'error').map((m) => `docx: ${m.message}`);
  return readHtml(result.value, { format: 'docx', method: 'docx', warnings, images });
}
