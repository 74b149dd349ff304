/**
 * What a document without a statistics table is: a report whose tables could not be found, a
 * 解读 companion, or not a report at all. One error, so that the failure ledger can tell them apart.
 */
import { textLines, type DocumentModel } from '../model/document.js';
import { error, type Message } from '../model/messages.js';
import type { ReportRecord } from '../model/record.js';

/** Step (after every table reader): a record still without a template gets the verdict. */
export function judgeKind(doc: DocumentModel, rec: ReportRecord): void {
  if (rec.template !== 'unknown') return;
  // A lone T4 leaves its keys in `values` (the table reader keeps them without a generation).
  rec.issues.push(notAReport(doc, Object.keys(rec.values).length > 0));
}

/** Longer lines are body text, not a title. */
const TITLE_CHARS = 60;

function notAReport(doc: DocumentModel, hasT4: boolean): Message {
  // The title says what the page is; a report's body may well mention 解读 (its own policy readings).
  const head = [doc.title ?? '', ...textLines(doc).slice(0, 8).map((l) => l.text).filter((t) => t.length <= TITLE_CHARS)].join(' ');
  if (hasT4) return error('only_t4', 'only the T4 table was found; T2 and T3 are missing', { key: 'T4' });
  if (/解读|图解|读懂/.test(head)) return error('companion', 'not a report: no statistics tables, and the title reads as a 解读 companion of a report');
  if (/年度报告|年报/.test(head)) {
    return error('tables_not_found', 'no statistics tables found (T2/T3/T4 or a pre-2019 statistics table), although the title says it is an annual report');
  }
  return error('not_a_report', 'not a report: no statistics tables and no 年度报告 title');
}
