/**
 * Identity flags for OCR'd values. OCR never changes a value silently: when a cell's reading breaks
 * an identity (codebook §3) and one alternative reading of that same cell (tesseract's choices, or
 * the second pass at another scale and threshold) would satisfy it without breaking another, both
 * readings are reported as a warning; the value stays as read.
 */
import { holds as holdsOver, identities, type Identity } from '../extractors/templates/identities.js';
import { subRowParent } from '../extractors/templates/t3.js';
import type { DocumentModel } from '../model/document.js';
import { warning, type Message } from '../model/messages.js';
import { keyStatuses, type KeyStatus, type ReportRecord } from '../model/record.js';
import { parseValue } from '../text/value.js';

/** Step: for every OCR'd cell that carries alternatives, a warning where one of them repairs a failing identity. */
export function flagOcrReadings(_doc: DocumentModel, rec: ReportRecord): void {
  rec.issues.push(...ocrIdentityFlags(rec));
}

/**
 * Warnings of the form `ocr: requests.received.total page 3 read "36" (conf 61), alternative "38"
 * (conf 40) satisfies requests.balance.total`, one per (cell, alternative) that repairs a failing identity.
 */
export function ocrIdentityFlags(rec: Pick<ReportRecord, 'template' | 'values' | 'cells'>): Message[] {
  if (rec.template !== '2019' && rec.template !== '2021') return [];
  if (!rec.cells.some((c) => c.alternatives?.length)) return [];
  const ids = identities(rec.template);
  const status = keyStatuses(rec);
  const holds = (id: Identity, v: Record<string, number | null>) => {
    const keys = [...id.left, ...id.right];
    if (keys.some((k) => !(k in v) || status[k] === 'unreadable' || status[k] === 'missing')) return undefined;
    if (keys.every((k) => v[k] === null)) return undefined;
    return holdsOver(id, (k) => v[k] ?? 0);
  };
  const failing = ids.filter((id) => holds(id, rec.values) === false);
  const out: Message[] = [];
  for (const cell of rec.cells) {
    if (cell.method !== 'ocr' || cell.value === null || !cell.alternatives?.length) continue;
    const mine = failing.filter((id) => id.left.includes(cell.key) || id.right.includes(cell.key) || touchesDerived(id, cell.key, status));
    if (!mine.length) continue;
    for (const alt of cell.alternatives) {
      const p = parseValue(alt.text);
      if (p.value === null || p.value === cell.value) continue;
      const trial = substitute(rec.values, status, cell.key, cell.value, p.value);
      const fixed = mine.filter((id) => holds(id, trial) === true);
      const broken = ids.filter((id) => holds(id, rec.values) === true && holds(id, trial) === false);
      if (!fixed.length || broken.length) continue;
      const text = `ocr: ${cell.key} page ${cell.page} read "${cell.raw}" (conf ${cell.confidence}), alternative "${alt.text}" (conf ${alt.confidence}) satisfies ${fixed.map((f) => f.rule).join(', ')}`;
      out.push(warning('ocr_alternative', text, { key: cell.key, page: cell.page ?? undefined, detail: alt.text }));
    }
  }
  return out;
}

/** 2021: （六）其他处理 is derived from its three sub-rows, so a sub-row cell also feeds identities naming the total. */
function touchesDerived(id: Identity, key: string, status: Record<string, KeyStatus>): boolean {
  const parent = subRowParent(key);
  return !!parent && status[parent] === 'derived' && (id.left.includes(parent) || id.right.includes(parent));
}

function substitute(values: Record<string, number | null>, status: Record<string, KeyStatus>, key: string, from: number, to: number): Record<string, number | null> {
  const out = { ...values, [key]: to };
  const parent = subRowParent(key);
  if (parent && status[parent] === 'derived') out[parent] = (values[parent] ?? 0) + (to - from);
  return out;
}
