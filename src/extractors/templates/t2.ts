import type { TableTemplate } from './types.js';

/** T2 — 主动公开政府信息情况 (codebook §2.3). */
export const T2: TableTemplate = {
  id: 'T2',
  markers: {
    '2021': ['本年制发件数', '本年废止件数', '现行有效件数', '本年处理决定数量', '本年收费金额'],
    '2019': ['本年新制作数量', '本年新公开数量', '对外公开总数量', '上一年项目数量', '本年增/减', '采购项目数量', '采购总金额'],
  },
  groups: [],
  rows: [
    { key: 'active.rules', labels: ['规章'], columns: ['issued', 'repealed', 'in_force'], generations: ['2021'] },
    {
      key: 'active.normative_documents',
      labels: ['行政规范性文件', '规范性文件'],
      columns: ['issued', 'repealed', 'in_force'],
      generations: ['2021'],
    },
    { key: 'active.licensing', labels: ['行政许可'], columns: ['decisions'], generations: ['2021'] },
    { key: 'active.penalty', labels: ['行政处罚'], columns: ['decisions'], generations: ['2021'] },
    { key: 'active.coercion', labels: ['行政强制'], columns: ['decisions'], generations: ['2021'] },
    {
      key: 'active.fees',
      labels: ['行政事业性收费'],
      columns: ['amount_10k_yuan'],
      generations: ['2021'],
      unit: '10k_yuan',
    },

    { key: 'active.rules', labels: ['规章'], columns: ['new_made', 'new_published', 'published_total'], generations: ['2019'] },
    {
      key: 'active.normative_documents',
      labels: ['规范性文件', '行政规范性文件'],
      columns: ['new_made', 'new_published', 'published_total'],
      generations: ['2019'],
    },
    { key: 'active.licensing', labels: ['行政许可'], columns: ['previous_items', 'change', 'decisions'], generations: ['2019'] },
    {
      key: 'active.other_services',
      labels: ['其他对外管理服务事项'],
      columns: ['previous_items', 'change', 'decisions'],
      generations: ['2019'],
    },
    { key: 'active.penalty', labels: ['行政处罚'], columns: ['previous_items', 'change', 'decisions'], generations: ['2019'] },
    { key: 'active.coercion', labels: ['行政强制'], columns: ['previous_items', 'change', 'decisions'], generations: ['2019'] },
    { key: 'active.fees', labels: ['行政事业性收费'], columns: ['previous_items', 'change'], generations: ['2019'] },
    {
      key: 'active.procurement',
      labels: ['政府集中采购'],
      columns: ['projects', 'amount_10k_yuan'],
      generations: ['2019'],
      unit: '10k_yuan',
    },
  ],
};
