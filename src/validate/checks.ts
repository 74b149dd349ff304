/**
 * Evaluates the identities of codebook §3 on one report. A failed check is reported with the
 * numbers it compared; it never changes a value.
 */
import { identities, sum, type Identity } from '../extractors/templates/identities.js';
import type { DocumentModel } from '../model/document.js';
import { keyStatuses, type Check, type KeyStatus, type ReportRecord } from '../model/record.js';

const EMPTY: KeyStatus[] = ['blank', 'not_applicable'];

/** Step: the printed identities of the report's generation. */
export function checkIdentities(_doc: DocumentModel, rec: ReportRecord): void {
  if (rec.template !== '2019' && rec.template !== '2021') return;
  rec.checks.push(...evaluateIdentities(identities(rec.template), rec.values, keyStatuses(rec)));
}

export function evaluateIdentities(ids: Identity[], values: Record<string, number | null>, statuses: Record<string, KeyStatus>): Check[] {
  return ids.map((id) => evaluate(id, values, statuses));
}

function evaluate(id: Identity, values: Record<string, number | null>, statuses: Record<string, KeyStatus>): Check {
  const keys = [...id.left, ...id.right];
  const absent = keys.filter((k) => !(k in values) || statuses[k] === 'missing');
  if (absent.length === keys.length) return { rule: id.rule, status: 'skip', detail: 'not printed' };
  const unreadable = keys.filter((k) => statuses[k] === 'unreadable');
  if (unreadable.length) return { rule: id.rule, status: 'skip', detail: `unreadable: ${list(unreadable)}` };
  if (absent.length) return { rule: id.rule, status: 'skip', detail: `not printed: ${list(absent)}` };
  const blanks = keys.filter((k) => values[k] === null && EMPTY.includes(statuses[k]));
  if (blanks.length === keys.length) return { rule: id.rule, status: 'skip', detail: 'all cells blank' };
  const side = (ks: string[]) => ks.map((k) => values[k] ?? 0);
  const l = side(id.left);
  const r = side(id.right);
  const pass = sum(l) === sum(r);
  const fmt = (xs: number[]) => (xs.length > 1 ? `${xs.join('+')} (${sum(xs)})` : `${xs[0]}`);
  const note = blanks.length ? `; blank taken as 0: ${list(blanks)}` : '';
  return { rule: id.rule, status: pass ? 'pass' : 'fail', detail: `${fmt(l)} ${pass ? '=' : '≠'} ${fmt(r)}${note}`, severity: 'error' };
}

const list = (keys: string[]) => (keys.length > 3 ? `${keys.slice(0, 3).join(', ')} and ${keys.length - 3} more` : keys.join(', '));
