/**
 * `narrative.<metric>` checks (codebook §3): a count the narrative restates from a table should
 * agree with it. Warnings, never errors — the narrative often counts a slightly different thing
 * (受理 may include carried-over applications), and a mismatch is a lead for a reader, not proof.
 */
import type { DocumentModel } from '../model/document.js';
import type { Check, NarrativeItem, ReportRecord } from '../model/record.js';

/** Step: the narrative's restatements against the tables (national or pre-2019). */
export function checkNarrative(_doc: DocumentModel, rec: ReportRecord): void {
  if (rec.template === 'unknown') return;
  rec.checks.push(...narrativeChecks(rec.narrative, rec.values));
}

export interface TableMapping {
  metric: string;
  /**
   * Alternatives, in order; each is a list of value keys whose sum is the table's figure. The first
   * alternative whose keys all exist in `values` (the record's template) is used.
   */
  sources: string[][];
  why: string;
}

const NARRATIVE_TABLE_MAP: TableMapping[] = [
  {
    metric: 'applications_received',
    sources: [['requests.received.total'], ['legacy.applications_received']],
    why: 'T3 一、本年新收政府信息公开申请数量, 总计 column (pre-2019: the 申请总数 row)',
  },
  {
    metric: 'applications_completed',
    sources: [['requests.total.total']],
    why: 'T3 （七）总计 = every application brought to a result this year; 办结/答复 N 件 restates it',
  },
  {
    metric: 'review_cases',
    sources: [['review.total'], ['legacy.review_cases']],
    why: 'T4 行政复议 总计',
  },
  {
    metric: 'litigation_cases',
    sources: [['litigation_direct.total', 'litigation_after_review.total'], ['legacy.litigation_cases']],
    why: 'T4 行政诉讼: 未经复议直接起诉 总计 + 复议后起诉 总计',
  },
  {
    metric: 'proactive_items',
    sources: [['legacy.proactive_items']],
    why: 'only the pre-2019 tables count proactively disclosed items; T2 of 2019/2021 counts documents and decisions, not items',
  },
  {
    metric: 'fees_collected_yuan',
    sources: [['legacy.fees_yuan']],
    why:
      'the 信息处理费 of section 六 has no table cell in the 2019/2021 templates (T2 active.fees.amount_10k_yuan is ' +
      '行政事业性收费, a different measure, so it is deliberately not compared); pre-2019 tables have a 收费 row',
  },
];

/** How far an "约" figure may be from the table and still agree. */
const APPROX_TOLERANCE = 0.1;

function agrees(item: NarrativeItem, table: number): boolean {
  switch (item.qualifier) {
    case 'exact':
      return item.value === table;
    case 'approx_min': // "12600余条": at least 12600
      return table >= item.value;
    case 'approx_max': // "近300": just under 300
    case 'max': // "不超过300"
      return table <= item.value;
    case 'approx':
      return Math.abs(table - item.value) <= APPROX_TOLERANCE * Math.max(1, item.value);
  }
}

const RELATION: Record<NarrativeItem['qualifier'], string> = {
  exact: '=', approx_min: '≥', approx_max: '≤', max: '≤', approx: '≈',
};

export function narrativeChecks(items: NarrativeItem[], values: Record<string, number | null>): Check[] {
  const checks: Check[] = [];
  for (const map of NARRATIVE_TABLE_MAP) {
    const item = items.find((i) => i.metric === `narrative.${map.metric}`);
    if (!item) continue;
    const keys = map.sources.find((alt) => alt.every((k) => k in values));
    if (!keys) continue; // this template has no such cell
    const rule = `narrative.${map.metric}`;
    const said = `narrative ${item.value} (${item.qualifier}, "${item.text}"${item.page ? `, p.${item.page}` : ''})`;
    const nums = keys.map((k) => values[k]);
    if (nums.some((n) => n === null || n === undefined)) {
      const blank = keys.filter((k) => values[k] === null || values[k] === undefined).join(', ');
      checks.push({ rule, status: 'skip', detail: `${said}; table value blank: ${blank}`, severity: 'warning' });
      continue;
    }
    const table = (nums as number[]).reduce((a, b) => a + b, 0);
    const tableText = keys.length === 1 ? `${keys[0]} = ${table}` : `${keys.join(' + ')} = ${nums.join(' + ')} = ${table}`;
    checks.push({
      rule,
      status: agrees(item, table) ? 'pass' : 'fail',
      detail: `table ${RELATION[item.qualifier]} narrative expected: ${tableText} vs ${said}`,
      severity: 'warning',
    });
  }
  return checks;
}
