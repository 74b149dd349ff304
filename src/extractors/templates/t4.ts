import type { TableTemplate } from './types.js';

/** T4 — 行政复议、行政诉讼 (codebook §2.2): one data row of 15 numbers, the same in both generations. */
export const T4_GROUPS = ['review', 'litigation_direct', 'litigation_after_review'] as const;
export const T4_COLUMNS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;

export const T4_KEYS = T4_GROUPS.flatMap((g) => T4_COLUMNS.map((c) => `${g}.${c}`));

/** A table is T4 when it prints both labels of either pair (its header; no row labels to go by). */
export const T4: TableTemplate = {
  id: 'T4',
  markers: {},
  requires: [
    ['行政复议', '行政诉讼'],
    ['尚未审结', '维持'],
  ],
  groups: [],
  rows: [],
};
/** Header labels: the table's data row is the run of value cells after the last of these. */
export const T4_HEADER_LABELS = ['行政复议', '行政诉讼', '未经复议直接起诉', '复议后起诉', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计'];
