/**
 * GET /api/labels: the printed (Chinese) label of every value key, so that the page can name a row
 * as the form does (本年新收政府信息公开申请数量 · 总计) rather than by its key. Built from the templates,
 * the same data the extractors read the forms with; in codebook order (T2, T3, T4).
 */
import { T2, T3, templateKeys } from '../extractors/templates/index.js';
import { T4_GROUPS } from '../extractors/templates/t4.js';

const COLUMNS: Record<string, string> = {
  natural_person: '自然人',
  commercial_enterprise: '商业企业',
  research_institution: '科研机构',
  social_welfare_org: '社会公益组织',
  legal_service_org: '法律服务机构',
  other_org: '其他',
  total: '总计',
  issued: '本年制发件数',
  repealed: '本年废止件数',
  in_force: '现行有效件数',
  new_made: '本年新制定件数',
  new_published: '本年新公开数量',
  published_total: '对外公开总数量',
  previous_items: '上年项目数量',
  change: '本年增/减',
  decisions: '本年处理决定数量',
  projects: '项目数量',
  amount_10k_yuan: '金额（万元）',
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
};
const T4_LABELS: Record<(typeof T4_GROUPS)[number], string> = {
  review: '行政复议',
  litigation_direct: '行政诉讼 未经复议直接起诉',
  litigation_after_review: '行政诉讼 复议后起诉',
};

export interface KeyLabel {
  key: string;
  /** T2, T3 or T4. */
  table: string;
  label: string;
}

let cached: KeyLabel[] | undefined;

export function keyLabels(): KeyLabel[] {
  if (cached) return cached;
  const rows = new Map<string, { table: string; label: string; group?: string }>();
  for (const t of [T2, T3]) for (const r of t.rows) if (!rows.has(r.key)) rows.set(r.key, { table: t.id, label: r.labels[0], group: t.groups.find((g) => g.key === r.group)?.labels[0] });
  const out: KeyLabel[] = [];
  const seen = new Set<string>();
  for (const key of [...templateKeys('2021'), ...templateKeys('2019')]) {
    if (seen.has(key)) continue;
    seen.add(key);
    const col = key.slice(key.lastIndexOf('.') + 1);
    const rowKey = key.slice(0, key.lastIndexOf('.'));
    const row = rows.get(rowKey);
    const colLabel = COLUMNS[col] ?? col;
    if (row) out.push({ key, table: row.table, label: `${row.group && !row.label.startsWith(row.group) ? `${row.group} ` : ''}${row.label} · ${colLabel}` });
    else if (rowKey in T4_LABELS) out.push({ key, table: 'T4', label: `${T4_LABELS[rowKey as keyof typeof T4_LABELS]} · ${colLabel}` });
    else out.push({ key, table: '', label: key });
  }
  return (cached = out);
}
