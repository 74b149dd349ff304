/**
 * The measures the comparison page offers, defined once: printed keys as they stand, and ratios with
 * their formula spelled out, so that a journalist can quote exactly what was divided by what. Every
 * route that computes a measure (compare, ranking) evaluates it here.
 *
 * A ratio is never made up: a denominator that is blank, a dash, unreadable, not printed or zero
 * gives `value: null` with the reason, never 0 and never Infinity. Blank parts of a sum count as 0
 * only when some other part of that sum is a number, the rule the identity checks follow (codebook §3
 * step 5); a sum whose every part is blank is blank.
 */
import { T3_OUTCOME_ROWS } from '../extractors/templates/t3.js';

export interface Measure {
  id: string;
  /** As printed on the form (Chinese), then in English. */
  label_zh: string;
  label_en: string;
  /** `count` (a printed number or a sum of them), `share` (0..1) or `per_100`. */
  unit: 'count' | 'share' | 'per_100' | '10k_yuan';
  /** Keys summed for the numerator (one key: a printed value). */
  numerator: readonly string[];
  /** Keys summed for the denominator; absent for a printed value. */
  denominator?: readonly string[];
  /** The value is numerator / denominator × scale. */
  scale?: number;
  /** The formula as text, built from the keys (never written by hand, so it cannot drift from what is computed). */
  formula: string;
  /** Why this definition, where a choice was made. */
  note?: string;
}

const WITHHELD = T3_OUTCOME_ROWS.filter((r) => r.startsWith('withheld.')).map((r) => `requests.${r}.total`);
const UNABLE = T3_OUTCOME_ROWS.filter((r) => r.startsWith('unable.')).map((r) => `requests.${r}.total`);
const HANDLED = ['requests.total.total'];
const LITIGATION = ['litigation_direct.total', 'litigation_after_review.total'];

const sumText = (keys: readonly string[]) => (keys.length === 1 ? keys[0] : `(${keys.join(' + ')})`);

function define(m: Omit<Measure, 'formula'>): Measure {
  const num = sumText(m.numerator);
  const formula = m.denominator ? `${num} / ${sumText(m.denominator)}${m.scale && m.scale !== 1 ? ` × ${m.scale}` : ''}` : num;
  return { ...m, formula };
}

const printed = (id: string, key: string, label_zh: string, label_en: string, unit: Measure['unit'] = 'count') =>
  define({ id, label_zh, label_en, unit, numerator: [key] });

export const MEASURES: readonly Measure[] = [
  printed('requests_received', 'requests.received.total', '本年新收政府信息公开申请数量（总计）', 'requests received this year'),
  printed('requests_carried_over', 'requests.carried_over.total', '上年结转政府信息公开申请数量（总计）', 'requests carried over from last year'),
  printed('requests_handled', 'requests.total.total', '本年度办理结果 总计', 'requests handled (all outcomes)'),
  printed('requests_disclosed', 'requests.disclosed.total', '予以公开（总计）', 'requests disclosed in full'),
  printed('requests_partially_disclosed', 'requests.partially_disclosed.total', '部分公开（总计）', 'requests disclosed in part'),
  printed('requests_carried_forward', 'requests.carried_forward.total', '结转下年度继续办理（总计）', 'requests carried forward to next year'),
  define({ id: 'requests_withheld', label_zh: '不予公开（合计）', label_en: 'requests refused (all 8 grounds)', unit: 'count', numerator: WITHHELD }),
  define({ id: 'requests_unable', label_zh: '无法提供（合计）', label_en: 'requests the body could not answer (all 3 grounds)', unit: 'count', numerator: UNABLE }),
  printed('review_total', 'review.total', '行政复议 总计', 'administrative reviews'),
  printed('review_corrected', 'review.corrected', '行政复议 结果纠正', 'reviews that corrected the decision'),
  printed('litigation_direct_total', 'litigation_direct.total', '行政诉讼 未经复议直接起诉 总计', 'lawsuits filed directly'),
  printed('litigation_after_review_total', 'litigation_after_review.total', '行政诉讼 复议后起诉 总计', 'lawsuits filed after review'),
  printed('licensing_decisions', 'active.licensing.decisions', '行政许可 本年处理决定数量', 'licensing decisions'),
  printed('penalty_decisions', 'active.penalty.decisions', '行政处罚 本年处理决定数量', 'penalty decisions'),
  printed('fees_amount', 'active.fees.amount_10k_yuan', '行政事业性收费 本年收费金额（万元）', 'fees collected (10k yuan)', '10k_yuan'),
  define({
    id: 'disclosure_rate', label_zh: '公开率（予以公开 + 部分公开）/ 办理总计', label_en: 'disclosure rate (full or partial)', unit: 'share',
    numerator: ['requests.disclosed.total', 'requests.partially_disclosed.total'], denominator: HANDLED,
  }),
  define({
    id: 'refusal_rate', label_zh: '不予公开率 不予公开 / 办理总计', label_en: 'refusal rate', unit: 'share', numerator: WITHHELD, denominator: HANDLED,
    note: '不予公开 is printed as its 8 grounds (no subtotal row); their total column is summed. 无法提供, 不予处理 and 其他处理 are other outcomes, not refusals.',
  }),
  define({
    id: 'unable_share', label_zh: '无法提供占比 无法提供 / 办理总计', label_en: 'share the body could not provide', unit: 'share', numerator: UNABLE, denominator: HANDLED,
    note: '无法提供 is printed as its 3 grounds (no subtotal row); their total column is summed.',
  }),
  define({
    id: 'review_correction_rate', label_zh: '复议纠错率 结果纠正 / 行政复议总计', label_en: 'share of reviews that corrected the decision', unit: 'share',
    numerator: ['review.corrected'], denominator: ['review.total'],
  }),
  define({
    id: 'litigation_per_100', label_zh: '每百件申请的行政诉讼数', label_en: 'lawsuits per 100 requests handled', unit: 'per_100', numerator: LITIGATION,
    denominator: HANDLED, scale: 100,
    note: 'Both kinds of lawsuit (direct and after review), per 100 requests handled (本年度办理结果 总计), the same denominator as the other rates.',
  }),
];

export const measureById = (id: string): Measure | undefined => MEASURES.find((m) => m.id === id);

/** Every key any measure reads: what the series queries fetch. */
export const measureKeys = (m: Measure): string[] => [...new Set([...m.numerator, ...(m.denominator ?? [])])];

/** A key's state in one report, after any correction: what evaluation needs to know. */
export interface KeyState {
  value: number | null;
  /** Cell status as in report_values (ok, blank, not_applicable, unreadable, derived, absent), or `corrected`. */
  status: string;
}

export interface Evaluation {
  value: number | null;
  /** Why value is null. */
  reason?: string;
  /** What a reader should know about a number that is there (blanks taken as 0, corrected keys). */
  note?: string;
}

type Sum = { value: number; blanks: string[] } | { value: null; reason: string };

/** Sums the keys by the identity checks' rule; `what` names the side in the reason. */
function sumOf(keys: readonly string[], state: (key: string) => KeyState | undefined, what: string): Sum {
  const blanks: string[] = [];
  let total = 0;
  let numbers = 0;
  for (const k of keys) {
    const s = state(k);
    if (!s) return { value: null, reason: `${what}: ${k} is not in this report's template` };
    if (s.status === 'unreadable') return { value: null, reason: `${what}: ${k} is unreadable` };
    if (s.status === 'absent') return { value: null, reason: `${what}: ${k} was not printed` };
    if (s.value === null) blanks.push(k);
    else {
      total += s.value;
      numbers++;
    }
  }
  if (!numbers) return { value: null, reason: `${what}: ${keys.length === 1 ? `${keys[0]} is` : 'every part is'} blank` };
  return { value: Math.round(total * 1e6) / 1e6, blanks };
}

export function evaluate(m: Measure, state: (key: string) => KeyState | undefined): Evaluation {
  const num = sumOf(m.numerator, state, m.denominator ? 'numerator' : 'value');
  const notes: string[] = [];
  const corrected = measureKeys(m).filter((k) => state(k)?.status === 'corrected');
  if (corrected.length) notes.push(`corrected by hand: ${corrected.join(', ')}`);
  const blankNote = (s: { blanks: string[] }) => (s.blanks.length ? [`blank taken as 0: ${s.blanks.join(', ')}`] : []);
  if (!m.denominator) {
    if (num.value === null) return { value: null, reason: num.reason };
    notes.push(...blankNote(num));
    return notes.length ? { value: num.value, note: notes.join('; ') } : { value: num.value };
  }
  // The denominator is judged first: "no denominator" is the more basic reason for no ratio.
  const den = sumOf(m.denominator, state, 'denominator');
  if (den.value === null) return { value: null, reason: den.reason };
  if (den.value === 0) return { value: null, reason: `denominator is 0: ${sumText(m.denominator)} = 0` };
  if (num.value === null) return { value: null, reason: num.reason };
  notes.push(...blankNote(num), ...blankNote(den));
  const value = Math.round((num.value / den.value) * (m.scale ?? 1) * 1e6) / 1e6;
  return notes.length ? { value, note: notes.join('; ') } : { value };
}
