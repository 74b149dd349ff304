import type { Generation, RowSpec, TableTemplate } from './types.js';

/** T3 — 收到和处理政府信息公开申请情况 (codebook §2.1). Columns are printed in this fixed order. */
export const T3_COLUMNS = [
  'natural_person',
  'commercial_enterprise',
  'research_institution',
  'social_welfare_org',
  'legal_service_org',
  'other_org',
  'total',
] as const;

const BOTH: Generation[] = ['2019', '2021'];
const cols = [...T3_COLUMNS];
const row = (key: string, labels: string[], group?: string, generations: Generation[] = BOTH): RowSpec => ({
  key: `requests.${key}`,
  labels,
  columns: cols,
  group,
  generations,
});

export const T3: TableTemplate = {
  id: 'T3',
  markers: {
    any: ['本年新收政府信息公开申请数量', '上年结转政府信息公开申请数量', '结转下年度继续办理'],
    '2021': ['申请人无正当理由逾期不补正', '申请人逾期未按收费通知要求缴纳费用'],
  },
  groups: [
    { key: 'results', labels: ['本年度办理结果'] },
    { key: 'withheld', labels: ['不予公开'] },
    { key: 'unable', labels: ['无法提供'] },
    { key: 'not_handled', labels: ['不予处理'] },
    { key: 'other_handling', labels: ['其他处理'] },
  ],
  rows: [
    row('received', ['本年新收政府信息公开申请数量', '本年新收政府信息公开申请']),
    row('carried_over', ['上年结转政府信息公开申请数量', '上年结转政府信息公开申请']),
    row('disclosed', ['予以公开']),
    row('partially_disclosed', ['部分公开（区分处理的，只计这一情形，不计其他情形）', '部分公开']),
    row('withheld.state_secret', ['属于国家秘密'], 'withheld'),
    row('withheld.prohibited_by_law', ['其他法律行政法规禁止公开', '其他法律行政止公开', '其他法律、行政法规禁止公开'], 'withheld'),
    row('withheld.security_stability', ['危及“三安全一稳定”', '危及三安全一稳定'], 'withheld'),
    row('withheld.third_party_rights', ['保护第三方合法权益'], 'withheld'),
    row('withheld.internal_affairs', ['属于三类内部事务信息'], 'withheld'),
    row('withheld.process_information', ['属于四类过程性信息'], 'withheld'),
    row('withheld.enforcement_files', ['属于行政执法案卷'], 'withheld'),
    row('withheld.administrative_query', ['属于行政查询事项'], 'withheld'),
    row('unable.not_held', ['本机关不掌握相关政府信息'], 'unable'),
    row('unable.needs_creation', ['没有现成信息需要另行制作'], 'unable'),
    row('unable.unclear_after_correction', ['补正后申请内容仍不明确'], 'unable'),
    row('not_handled.petition_complaint', ['信访举报投诉类申请'], 'not_handled'),
    row('not_handled.duplicate', ['重复申请'], 'not_handled'),
    row('not_handled.publication', ['要求提供公开出版物'], 'not_handled'),
    row('not_handled.mass_repeated', ['无正当理由大量反复申请'], 'not_handled'),
    row('not_handled.confirm_reissue', ['要求行政机关确认或重新出具已获取信息'], 'not_handled'),
    // 2019 prints （六）其他处理 as one row; hybrids print it in 2021 reports too, so both generations accept it.
    row('other_handling', ['其他处理']),
    row(
      'other_handling.overdue_correction',
      ['申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '申请人无正当理由逾期不补正'],
      'other_handling',
      ['2021'],
    ),
    row(
      'other_handling.unpaid_fee',
      ['申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '申请人逾期未按收费通知要求缴纳费用'],
      'other_handling',
      ['2021'],
    ),
    row('other_handling.other', ['其他'], 'other_handling', ['2021']),
    row('total', ['总计']),
    row('carried_forward', ['结转下年度继续办理']),
  ],
};

/** Rows whose values sum to requests.total (codebook §3 outcome_sum). */
export const T3_OUTCOME_ROWS = [
  'disclosed',
  'partially_disclosed',
  'withheld.state_secret',
  'withheld.prohibited_by_law',
  'withheld.security_stability',
  'withheld.third_party_rights',
  'withheld.internal_affairs',
  'withheld.process_information',
  'withheld.enforcement_files',
  'withheld.administrative_query',
  'unable.not_held',
  'unable.needs_creation',
  'unable.unclear_after_correction',
  'not_handled.petition_complaint',
  'not_handled.duplicate',
  'not_handled.publication',
  'not_handled.mass_repeated',
  'not_handled.confirm_reissue',
  'other_handling',
];

/** 2021 prints （六）其他处理 as three sub-rows; its total is their sum (derived). */
export const OTHER_HANDLING = 'requests.other_handling';
const OTHER_HANDLING_SUBROWS = ['overdue_correction', 'unpaid_fee', 'other'];

/** `requests.other_handling.<sub-row>.<column>` -> `requests.other_handling.<column>`; undefined for any other key. */
export function subRowParent(key: string): string | undefined {
  if (!key.startsWith(`${OTHER_HANDLING}.`)) return undefined;
  const [sub, col, ...rest] = key.slice(OTHER_HANDLING.length + 1).split('.');
  return col && !rest.length && OTHER_HANDLING_SUBROWS.includes(sub) ? `${OTHER_HANDLING}.${col}` : undefined;
}

/** `requests.other_handling.<column>` -> its three sub-row keys; undefined for any other key. */
export function subRowsOf(key: string): string[] | undefined {
  if (!key.startsWith(`${OTHER_HANDLING}.`)) return undefined;
  const col = key.slice(OTHER_HANDLING.length + 1);
  return col.includes('.') ? undefined : OTHER_HANDLING_SUBROWS.map((s) => `${OTHER_HANDLING}.${s}.${col}`);
}
