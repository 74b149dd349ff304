/**
 * One document through every stage: ingest -> tables, issuer, narrative -> checks -> a validated record.
 * Whatever goes wrong with a document ends up in its record's `errors`; nothing here throws for bad input.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extractIssuer } from '../extractors/issuer/index.js';
import { extractPre2019 } from '../extractors/pre2019/index.js';
import { extractNarrative, narrativeChecks } from '../extractors/narrative/index.js';
import { extractTables } from '../extractors/tables/index.js';
import { identities } from '../extractors/templates/identities.js';
import { IngestError, readBytes, sniffFormat } from '../ingest/index.js';
import { ocrIdentityFlags } from '../ingest/ocr/flags.js';
import type { DocumentModel } from '../model/document.js';
import { textLines } from '../model/document.js';
import { EMPTY_ISSUER, ReportRecord, type CellRecord } from '../model/record.js';
import { evaluateIdentities } from '../validate/checks.js';
import { PARSER } from '../util/version.js';

export interface ProcessOptions {
  timeoutMs?: number;
  /** Largest file read, in bytes; larger ones get a record with an error. */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
/** Per-document time limit when none is given (the batch pool's; a reader alone has none). */
export const DEFAULT_TIMEOUT_MS = 120_000;

export function sha256(buf: Uint8Array): string {
  return createHash('sha256').update(buf).digest('hex');
}

function baseRecord(path: string, buf: Uint8Array, hash: string): ReportRecord {
  const sniffed = buf.length ? sniffFormat(buf) : 'unknown';
  return {
    source: { path, sha256: hash, format: sniffed, pages: null, ocr: false, bytes: buf.length },
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

export async function processFile(path: string, opts: ProcessOptions = {}): Promise<ReportRecord> {
  const size = (await stat(path)).size;
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (size > max) {
    const rec = baseRecord(path, new Uint8Array(), sha256(new TextEncoder().encode(`${path}:${size}`)));
    rec.source.bytes = size;
    rec.errors.push(`${path}: ${size} bytes is over the limit of ${max}; not read`);
    return rec;
  }
  return processBytes(await readFile(path), path, opts);
}

/** The record of a document whose worker had to be stopped (time limit, crash): still a record, never a hole. */
export async function timeoutRecord(path: string, limitMs: number, message?: string): Promise<ReportRecord> {
  let buf: Uint8Array = new Uint8Array();
  try {
    buf = await readFile(path);
  } catch {
    // unreadable now: the record still names the file
  }
  const rec = baseRecord(path, buf, sha256(buf.length ? buf : new TextEncoder().encode(path)));
  rec.errors.push(message ?? `${path}: timeout: not finished within ${limitMs} ms; the worker was stopped`);
  return ReportRecord.parse(rec);
}

/** `hash`: the bytes' sha256 when the caller has it already. */
export async function processBytes(buf: Uint8Array, path: string, opts: ProcessOptions = {}, hash = sha256(buf)): Promise<ReportRecord> {
  const rec = baseRecord(path, buf, hash);
  let doc: DocumentModel;
  try {
    doc = await readBytes(buf, { path, timeoutMs: opts.timeoutMs });
  } catch (e) {
    rec.errors.push(e instanceof IngestError ? e.message : `${path}: reader failed: ${(e as Error).message}`);
    return ReportRecord.parse(rec);
  }
  try {
    fillFromDocument(rec, doc);
  } catch (e) {
    rec.errors.push(`${path}: extraction failed: ${(e as Error).stack ?? e}`);
  }
  return ReportRecord.parse(rec);
}

function fillFromDocument(rec: ReportRecord, doc: DocumentModel): void {
  rec.source.format = doc.format;
  rec.source.pages = doc.pages;
  rec.source.ocr = doc.method === 'ocr';
  rec.warnings.push(...doc.warnings);

  const who = extractIssuer(doc);
  rec.issuer = who.issuer;
  rec.year = who.year;
  rec.errors.push(...who.errors);
  rec.warnings.push(...who.warnings);

  const t = extractTables(doc);
  const legacy = t.template === 'unknown' ? extractPre2019(doc) : null;
  rec.narrative = extractNarrative(doc);

  if (t.template === '2019' || t.template === '2021') {
    rec.template = t.template;
    rec.values = t.values;
    rec.cells = t.cells;
    rec.errors.push(...t.errors);
    rec.warnings.push(...t.warnings);
    rec.checks = [...evaluateIdentities(identities(t.template), t.values, t.statuses), ...narrativeChecks(rec.narrative, t.values)];
    // An OCR'd cell that breaks an identity another reading of it would satisfy: both readings, for a person to decide.
    if (doc.method === 'ocr' || t.cells.some((c) => c.method === 'ocr')) rec.warnings.push(...ocrIdentityFlags(doc, rec));
  } else if (legacy && legacy.rows.length) {
    rec.template = 'pre2019';
    rec.legacy = { rows: legacy.rows };
    rec.values = legacy.values;
    rec.warnings.push(...legacy.warnings);
    rec.checks = narrativeChecks(rec.narrative, legacy.values);
    rec.cells = legacy.cells.map(
      (c): CellRecord => ({ key: c.key, value: c.value, raw: c.raw, status: c.value === null ? 'blank' : 'ok', page: c.page, bbox: null, method: doc.method }),
    );
  } else {
    rec.values = t.values;
    rec.cells = t.cells;
    rec.errors.push(notAReport(doc, t.found.T4 > 0));
  }
}

function notAReport(doc: DocumentModel, hasT4: boolean): string {
  const head = [doc.title ?? '', ...textLines(doc).slice(0, 8).map((l) => l.text)].join(' ');
  if (hasT4) return 'only the T4 table was found; T2 and T3 are missing';
  if (/解读|图解|读懂/.test(head)) return 'not a report: no statistics tables, and the title reads as a 解读 companion of a report';
  if (/年度报告|年报/.test(head)) return 'no statistics tables found (T2/T3/T4 or a pre-2019 statistics table), although the title says it is an annual report';
  return 'not a report: no statistics tables and no 年度报告 title';
}
