/**
 * Identity flags for OCR'd values. OCR never changes a value silently: when a cell's reading breaks
 * an identity (codebook §3) and one alternative reading of that same cell (tesseract's choices, or
 * the second pass at another scale and threshold) would satisfy it without breaking another, both
 * readings are reported as a warning; the value stays as read.
 *
 * The reader cannot do this itself (it does not know which cell is which key), so the pipeline calls
 * `ocrIdentityFlags(doc, record)` after extraction and adds the lines to the record's warnings.
 */
import { identities, type Identity } from '../../extractors/templates/identities.js';
import { parseValue } from '../../extractors/tables/values.js';
import type { Cell, DocumentModel } from '../../model/document.js';
import { tables } from '../../model/document.js';
import type { Reading } from './cells.js';

export type CellReadings = { cell: Cell; reading: Reading }[];

const readingOfCell = new WeakMap<Cell, Reading>();

/** Remembers what OCR said about the model's cells (called by the OCR reader for every cell it makes). */
export function registerReadings(readings: CellReadings): void {
  for (const { cell, reading } of readings) readingOfCell.set(cell, reading);
}

export function readingOf(cell: Cell): Reading | undefined {
  return readingOfCell.get(cell);
}

/** The parts of a report record the flags need (ReportRecord fits). */
export interface FlaggableRecord {
  template: string;
  values: Record<string, number | null>;
  cells: { key: string; value: number | null; raw: string; status: string; page: number | null; bbox: number[] | null; path?: string | null; method: string; confidence?: number }[];
}

const where = (page: number | null | undefined, path: string | null | undefined, bbox: readonly number[] | null | undefined) =>
  `${page ?? ''}|${path ?? ''}|${(bbox ?? []).join(',')}`;

/**
 * Warnings of the form `ocr: requests.received.total page 3 read "36" (conf 61), alternative "38"
 * satisfies requests.balance.total`, one per (cell, alternative) that repairs a failing identity.
 */
export function ocrIdentityFlags(doc: DocumentModel, record: FlaggableRecord): string[] {
  if (record.template !== '2019' && record.template !== '2021') return [];
  const byPlace = new Map<string, Reading>();
  for (const t of tables(doc)) {
    for (const c of t.cells) {
      const r = readingOfCell.get(c);
      if (r) byPlace.set(where(c.prov.page, c.prov.path, c.prov.bbox), r);
    }
  }
  if (byPlace.size === 0) return [];
  const ids = identities(record.template);
  const values = { ...record.values };
  const status = new Map(record.cells.map((c) => [c.key, c.status]));
  const holds = (id: Identity, v: Record<string, number | null>) => {
    const keys = [...id.left, ...id.right];
    if (keys.some((k) => !(k in v) || status.get(k) === 'unreadable' || status.get(k) === undefined)) return undefined;
    if (keys.every((k) => v[k] === null)) return undefined;
    const sum = (ks: string[]) => Math.round(ks.reduce((a, k) => a + (v[k] ?? 0), 0) * 1e6);
    return sum(id.left) === sum(id.right);
  };
  const failing = ids.filter((id) => holds(id, values) === false);
  const out: string[] = [];
  for (const cell of record.cells) {
    if (cell.method !== 'ocr' || cell.value === null) continue;
    const reading = byPlace.get(where(cell.page, cell.path, cell.bbox));
    if (!reading?.alternatives.length) continue;
    const mine = failing.filter((id) => id.left.includes(cell.key) || id.right.includes(cell.key) || touchesDerived(id, cell.key, status));
    if (!mine.length) continue;
    for (const alt of reading.alternatives) {
      const p = parseValue(alt.text);
      if (p.value === null || p.value === cell.value) continue;
      const trial = substitute(values, status, cell.key, cell.value, p.value);
      const fixed = mine.filter((id) => holds(id, trial) === true);
      const broken = ids.filter((id) => holds(id, values) === true && holds(id, trial) === false);
      if (!fixed.length || broken.length) continue;
      out.push(
        `ocr: ${cell.key} page ${cell.page} read "${cell.raw}" (conf ${reading.confidence}), alternative "${alt.text}" (conf ${alt.confidence}) satisfies ${fixed.map((f) => f.rule).join(', ')}`,
      );
    }
  }
  return out;
}

/** 2021: （六）其他处理 is derived from its three sub-rows, so a sub-row cell also feeds identities naming the total. */
function derivedParent(key: string): string | undefined {
  const m = /^requests\.other_handling\.(?:overdue_correction|unpaid_fee|other)\.(\w+)$/.exec(key);
  return m ? `requests.other_handling.${m[1]}` : undefined;
}

function touchesDerived(id: Identity, key: string, status: Map<string, string>): boolean {
  const parent = derivedParent(key);
  return !!parent && status.get(parent) === 'derived' && (id.left.includes(parent) || id.right.includes(parent));
}

function substitute(values: Record<string, number | null>, status: Map<string, string>, key: string, from: number, to: number): Record<string, number | null> {
  const out = { ...values, [key]: to };
  const parent = derivedParent(key);
  if (parent && status.get(parent) === 'derived') out[parent] = (values[parent] ?? 0) + (to - from);
  return out;
}
