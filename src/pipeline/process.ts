/**
 * One document through every stage: ingest -> the steps (tables, issuer, narrative, checks) -> a
 * validated record. Whatever goes wrong with a document ends up in its record's `issues` (and their
 * sentences in `errors`); nothing here throws for bad input.
 */
import { createHash } from 'node:crypto';
import type { PathLike } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { IngestError, readBytes, refuseBySize, sniffFormat } from '../ingest/index.js';
import type { DocumentModel } from '../model/document.js';
import { error, sentences, type Message, type MessageCode } from '../model/messages.js';
import { EMPTY_ISSUER, ReportRecord } from '../model/record.js';
import { PARSER } from '../util/version.js';
import { STEPS } from './steps.js';

export interface ProcessOptions {
  timeoutMs?: number;
  /** Largest file read, in bytes; larger ones get a record with an error. */
  maxBytes?: number;
  /** Charset of a text body when its server said (a crawl's Content-Type), for pages that do not. */
  charset?: string;
}

export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
/** Per-document time limit when none is given (the batch pool's; a reader alone has none). */
export const DEFAULT_TIMEOUT_MS = 120_000;

export function sha256(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** The identity of a record whose file's bytes were never read: the sha256 of a text naming it (codebook §8). */
const idOf = (text: string): string => sha256(new TextEncoder().encode(text));

function baseRecord(path: string, buf: Uint8Array, hash: string): ReportRecord {
  return {
    source: { path, sha256: hash, format: buf.length ? sniffFormat(buf) : 'unknown', pages: null, ocr: false, bytes: buf.length },
    issuer: { ...EMPTY_ISSUER },
    year: null,
    template: 'unknown',
    values: {},
    cells: [],
    narrative: [],
    checks: [],
    errors: [],
    warnings: [],
    issues: [],
    parser: PARSER,
  };
}

/** The record as written: `errors` and `warnings` are the sentences of its issues, then the schema is checked. */
function finish(rec: ReportRecord, ...more: Message[]): ReportRecord {
  rec.issues.push(...more);
  rec.errors = sentences(rec.issues, 'error');
  rec.warnings = sentences(rec.issues, 'warning');
  return ReportRecord.parse(rec);
}

/** `file`: where to read it when that is not `path` (a name that is not UTF-8, read by its bytes; `path` is its readable form). */
export async function processFile(path: string, opts: ProcessOptions = {}, file: PathLike = path): Promise<ReportRecord> {
  const size = (await stat(file)).size;
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (size > max) return unreadRecord(path, size, new Uint8Array(), error('too_large', `${path}: ${size} bytes is over the limit of ${max}; not read`));
  // A text body over its reader's cap is told from its first bytes and size: never read into memory.
  const head = await readHead(file);
  const refused = refuseBySize(head, size, path);
  if (refused) return unreadRecord(path, size, head, error(refused.code, refused.message));
  return processBytes(await readFile(file), path, opts);
}

async function readHead(file: PathLike, bytes = 4096): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(new Uint8Array(bytes), 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The record of a file refused before it was read: its identity is the sha256 of its path and size (the content was never hashed). */
function unreadRecord(path: string, size: number, head: Uint8Array, why: Message): ReportRecord {
  const rec = baseRecord(path, head, idOf(`${path}:${size}`));
  rec.source.bytes = size;
  return finish(rec, why);
}

/**
 * The record of an input entry that has no content to read (a broken link, a FIFO, a file that
 * vanished): still a record, so it shows in the failure ledger. Its identity is the sha256 of its path.
 */
export function entryRecord(path: string, code: MessageCode, message: string): ReportRecord {
  return finish(baseRecord(path, new Uint8Array(), idOf(path)), error(code, message));
}

/** The record of a document whose worker had to be stopped (time limit, memory ceiling, crash): still a record, never a hole. */
export async function stoppedRecord(path: string, why: Message): Promise<ReportRecord> {
  let buf: Uint8Array = new Uint8Array();
  try {
    buf = await readFile(path);
  } catch {
    // unreadable now: the record still names the file
  }
  const rec = baseRecord(path, buf, buf.length ? sha256(buf) : idOf(path));
  return finish(rec, why);
}

export const timeoutMessage = (path: string, limitMs: number): Message =>
  error('timeout', `${path}: timeout: not finished within ${limitMs} ms; the worker was stopped`);

/** `hash`: the bytes' sha256 when the caller has it already. */
export async function processBytes(buf: Uint8Array, path: string, opts: ProcessOptions = {}, hash = sha256(buf)): Promise<ReportRecord> {
  const rec = baseRecord(path, buf, hash);
  let doc: DocumentModel;
  try {
    doc = await readBytes(buf, { path, timeoutMs: opts.timeoutMs, format: rec.source.format, charset: opts.charset });
  } catch (e) {
    return finish(rec, e instanceof IngestError ? error(e.code, e.message) : error('reader_failed', `${path}: reader failed: ${(e as Error).message}`));
  }
  rec.source.format = doc.format;
  rec.source.pages = doc.pages;
  rec.source.ocr = doc.method === 'ocr';
  if (doc.origin?.url) rec.source.url = doc.origin.url;
  if (doc.origin?.publisher) rec.source.publisher = doc.origin.publisher;
  if (doc.origin?.published) rec.source.published = doc.origin.published;
  rec.issues.push(...doc.messages);
  try {
    for (const step of STEPS) step(doc, rec);
  } catch (e) {
    rec.issues.push(error('extraction_failed', `${path}: extraction failed: ${(e as Error).stack ?? e}`));
  }
  return finish(rec);
}
