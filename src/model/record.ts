/**
 * The report record: the output contract of codebook.md §1, as a zod schema.
 * Every record written to reports.jsonl / SQLite is parsed by it first.
 */
import { z } from 'zod';
import { Message } from './messages.js';

export const CellStatus = z.enum(['ok', 'blank', 'not_applicable', 'unreadable', 'derived']);
/** What one printed cell reads as, before any derivation. */
export const ValueStatus = CellStatus.exclude(['derived']);
/** A key's state in a report: a cell status, or `missing` when the report did not print it. */
export const KeyStatus = z.enum([...CellStatus.options, 'missing']);
export const Method = z.enum(['text', 'ocr', 'html', 'docx']);
export const SourceFormat = z.enum(['pdf', 'docx', 'doc', 'html', 'txt', 'markdown', 'image']);
/** A record's format: `unknown` when the content is none of the formats read. */
export const RecordFormat = z.enum([...SourceFormat.options, 'unknown']);
export const IssuerType = z.enum(['government', 'government_office', 'department', 'township', 'other']);
export const Template = z.enum(['2021', '2019', 'pre2019', 'unknown']);
export const Qualifier = z.enum(['approx_min', 'exact', 'approx', 'max', 'approx_max']);

const BBox = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const CellRecord = z.object({
  key: z.string(),
  value: z.number().nullable(),
  raw: z.string(),
  status: CellStatus,
  page: z.number().int().nullable(),
  bbox: BBox.nullable(),
  /** DOM path for HTML/DOCX, line number for text: the rest of the provenance. */
  path: z.string().nullable().optional(),
  line: z.number().int().nullable().optional(),
  method: Method,
  /** How the number was obtained when not read straight from one cell (e.g. "sum of sub-rows", "segmentation"). */
  derivation: z.string().optional(),
  confidence: z.number().optional(),
  /** OCR only: other readings of the cell that parse to a different value, best first, with their confidence. */
  alternatives: z.array(z.object({ text: z.string(), confidence: z.number() })).optional(),
});

export const Issuer = z.object({
  name: z.string().nullable(),
  type: IssuerType.nullable(),
  region_code: z.string().regex(/^\d{6}$/).nullable(),
  region_name: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
});

export const NarrativeItem = z.object({
  metric: z.string().startsWith('narrative.'),
  value: z.number(),
  qualifier: Qualifier,
  unit: z.string().nullable(),
  text: z.string(),
  page: z.number().int().nullable(),
});

export const Check = z.object({
  rule: z.string(),
  status: z.enum(['pass', 'fail', 'skip']),
  detail: z.string(),
  severity: z.enum(['error', 'warning']).optional(),
});

export const Pre2019Row = z.object({
  label: z.string(),
  unit: z.string().nullable(),
  this_year: z.number().nullable(),
  cumulative: z.number().nullable(),
  raw: z.array(z.string()),
  page: z.number().int().nullable(),
});

export const ReportRecord = z.object({
  source: z.object({
    path: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    format: RecordFormat,
    pages: z.number().int().nullable(),
    ocr: z.boolean(),
    bytes: z.number().int(),
    /** Where the document was published, when it says (a crawler's header, a portal page): the address, publisher and date as printed. */
    url: z.string().optional(),
    publisher: z.string().optional(),
    published: z.string().optional(),
    /** The path's raw bytes, lower-case hex, only when they are not UTF-8 (`path` is then a readable form of them; codebook §1). */
    path_bytes: z.string().regex(/^(?:[0-9a-f]{2})+$/).optional(),
  }),
  issuer: Issuer,
  year: z.number().int().min(2000).max(2100).nullable(),
  template: Template,
  values: z.record(z.string(), z.number().nullable()),
  cells: z.array(CellRecord),
  narrative: z.array(NarrativeItem),
  checks: z.array(Check),
  legacy: z.object({ rows: z.array(Pre2019Row) }).optional(),
  /** The sentences of the error-level `issues`, in order (kept for readers of the first record version). */
  errors: z.array(z.string()),
  /** The sentences of the warning-level `issues`. */
  warnings: z.array(z.string()),
  /** Every error and warning as data: level, code, sentence, and the key and page it concerns. */
  issues: z.array(Message),
  parser: z.object({ name: z.string(), version: z.string() }),
});

export type CellRecord = z.infer<typeof CellRecord>;
export type Issuer = z.infer<typeof Issuer>;
export type NarrativeItem = z.infer<typeof NarrativeItem>;
export type Check = z.infer<typeof Check>;
export type Pre2019Row = z.infer<typeof Pre2019Row>;
export type ReportRecord = z.infer<typeof ReportRecord>;
export type TemplateId = z.infer<typeof Template>;
export type CellStatus = z.infer<typeof CellStatus>;
export type ValueStatus = z.infer<typeof ValueStatus>;
export type KeyStatus = z.infer<typeof KeyStatus>;
export type Method = z.infer<typeof Method>;
export type SourceFormat = z.infer<typeof SourceFormat>;
export type RecordFormat = z.infer<typeof RecordFormat>;
export type Qualifier = z.infer<typeof Qualifier>;

export const EMPTY_ISSUER: Issuer = {
  name: null, type: null, region_code: null, region_name: null, province: null, city: null,
};

/**
 * Each value key's state: its cell's status (the last cell read for it), or `missing` when the
 * report did not print it (a key in `values` with no cell).
 */
export function keyStatuses(rec: Pick<ReportRecord, 'values' | 'cells'>): Record<string, KeyStatus> {
  const out: Record<string, KeyStatus> = {};
  for (const k of Object.keys(rec.values)) out[k] = 'missing';
  for (const c of rec.cells) if (c.key in out) out[c.key] = c.status;
  return out;
}
