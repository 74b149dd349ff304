/**
 * Compares a record with the hand-checked expected values kept beside a corpus document.
 * Used by the tests and by `nianbao score`, which prints values-correct counts per document.
 */
import { readFileSync } from 'node:fs';
import type { ReportRecord } from '../model/record.js';

export interface Expected {
  file: string;
  checked: string;
  year?: number;
  template?: string;
  issuer?: { name?: string; type?: string; region_code?: string };
  values?: Record<string, number | null>;
  /** Keys whose value the document itself does not settle (glued digits with several readings): the record must hold no number for them. */
  undetermined?: Record<string, string>;
  failing_checks?: string[];
  narrative?: { metric: string; value: number; qualifier?: string }[];
  /** For documents that must not yield data: a pattern the record's first error must match. */
  error?: string;
}

export interface Score {
  file: string;
  valuesCorrect: number;
  valuesExpected: number;
  mismatches: string[];
}

export function loadExpected(file: string): Expected {
  return JSON.parse(readFileSync(file, 'utf8')) as Expected;
}

const same = (a: number | null | undefined, b: number | null) => (a === null || a === undefined ? b === null : b !== null && Math.abs(a - b) < 1e-6);

export function score(rec: ReportRecord, exp: Expected): Score {
  const mismatches: string[] = [];
  let ok = 0;
  const expValues = exp.values ?? {};
  const undetermined = Object.keys(exp.undetermined ?? {});
  for (const [key, want] of Object.entries(expValues)) {
    if (undetermined.includes(key)) {
      if (rec.values[key] === null || rec.values[key] === undefined) ok++;
      else mismatches.push(`${key}: undetermined by the document, got ${rec.values[key]}`);
    } else if (!(key in rec.values)) mismatches.push(`${key}: expected ${want}, key absent`);
    else if (!same(rec.values[key], want)) mismatches.push(`${key}: expected ${want}, got ${rec.values[key]}`);
    else ok++;
  }
  for (const key of Object.keys(rec.values)) if (exp.values && !(key in expValues)) mismatches.push(`${key}: not in the template's expected keys`);
  if (exp.year !== undefined && rec.year !== exp.year) mismatches.push(`year: expected ${exp.year}, got ${rec.year}`);
  if (exp.template !== undefined && rec.template !== exp.template) mismatches.push(`template: expected ${exp.template}, got ${rec.template}`);
  for (const [k, v] of Object.entries(exp.issuer ?? {})) {
    const got = rec.issuer[k as keyof typeof rec.issuer];
    if (got !== v) mismatches.push(`issuer.${k}: expected ${v}, got ${got}`);
  }
  if (exp.failing_checks) {
    const failing = rec.checks.filter((c) => c.status === 'fail' && c.severity !== 'warning').map((c) => c.rule).sort();
    const want = [...exp.failing_checks].sort();
    if (failing.join() !== want.join()) mismatches.push(`failing checks: expected [${want}], got [${failing}]`);
  }
  for (const n of exp.narrative ?? []) {
    const got = rec.narrative.find((x) => x.metric === n.metric);
    if (!got) mismatches.push(`${n.metric}: not found`);
    else if (got.value !== n.value || (n.qualifier && got.qualifier !== n.qualifier)) {
      mismatches.push(`${n.metric}: expected ${n.value} ${n.qualifier ?? ''}, got ${got.value} ${got.qualifier}`);
    }
  }
  if (exp.error !== undefined && !rec.errors.some((e) => new RegExp(exp.error!).test(e))) mismatches.push(`error: expected /${exp.error}/, got [${rec.errors.join(' | ')}]`);
  // Issuer-only fixtures (no values) are fragments, not reports: their table errors are expected.
  // An error about a row the document leaves undetermined is the expected outcome; any other is not.
  const aboutUndetermined = (key?: string) => !!key && undetermined.some((k) => k === key || k.startsWith(`${key}.`));
  const unexpected = rec.issues.filter((m) => m.level === 'error' && !aboutUndetermined(m.key)).map((m) => m.message);
  if (exp.error === undefined && exp.values && unexpected.length) mismatches.push(`errors: ${unexpected.join(' | ')}`);
  return { file: exp.file, valuesCorrect: ok, valuesExpected: Object.keys(expValues).length, mismatches };
}
