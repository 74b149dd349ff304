/**
 * Pre-2019 statistics tables, as data: the units their 计量单位 column uses, the header words, and
 * which row labels are the common indicators of codebook §2.4.
 *
 * Labels are matched after stripping enumerators ("（一）", "2.", "四、") and "其中：", against the row's
 * own label (its last part when a group cell spans several rows). Patterns are anchored: "同意公开"
 * must not match "不同意公开" or "同意部分公开". The first row that matches a key, in document order,
 * gives its value; later rows with the same label (a second table, a sub-table) are kept as rows only.
 */

/** Units seen in the 计量单位 / 单位 column. Longest first, so "人次" wins over "人", "万元" over "元". */
export const UNITS = ['人次', '万元', '千元', '条', '件', '次', '篇', '个', '人', '元', '项', '期', '场', '份', '本', '部', '名', '家', '起', '宗', '%'];

/** Header cell roles (regional: 指标名称 | 计量单位 | 本年度 | 历年累计; national 2014: 统计指标 | 单位 | 统计数). */
export const HEADER_ROLES: { role: 'label' | 'unit' | 'this_year' | 'cumulative' | 'ignore'; re: RegExp }[] = [
  { role: 'cumulative', re: /累计/ },
  { role: 'unit', re: /^(计量)?单位$/ },
  { role: 'this_year', re: /^(本年度?|本期|当年|统计数|数量|数值|本年度数|本年数|年末统计|年度统计)(（.*）|\(.*\))?$/ },
  { role: 'label', re: /^(指标名称|统计指标|指标|项目|指标项目|名称|统计项目|内容)$/ },
  { role: 'ignore', re: /^(序号|备注|说明)$/ },
];

/** A line (or cell) that opens a statistics table in a text dump. */
export const TABLE_START = /统\s*计\s*表|指\s*标\s*名\s*称|统\s*计\s*指\s*标|计\s*量\s*单\s*位/;
/** A line that closes it: the report's next sections, or prose. */
export const TABLE_STOP = /存在的(主要)?问题|改进(措施|情况)|其他需要报告|[。]/;

/** Enumerators and "其中" in front of a label. */
const LABEL_PREFIX = /^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|其中[:：]?|[:：、]|\s)+/;

export function coreLabel(label: string): string {
  return label.replace(/\s+/g, '').replace(LABEL_PREFIX, '').replace(/[（(][^）)]*[）)]$/, '');
}

export interface Pre2019Key {
  key: string;
  patterns: RegExp[];
  /** Multiply by this when the row's unit is the key (万元 -> 元). */
  unitFactors?: Record<string, number>;
}

export const PRE2019_KEYS: Pre2019Key[] = [
  { key: 'legacy.proactive_items', patterns: [/^主动公开(?:的)?(?:政府)?(?:信息|文件)(?:数|条数|总数|数量|总量)?$/] },
  {
    key: 'legacy.applications_received',
    patterns: [
      /^(?:收到|受理|接受|接收)?(?:政府信息公开|依申请公开)?申请(?:总数|数|总量|件数|数量|总件数)$/,
      /^受理(?:总数|数|总量)$/,
      /^(?:收到|受理)?依申请公开(?:信息)?(?:申请)?(?:总数|数)$/,
    ],
  },
  { key: 'legacy.applications_disclosed', patterns: [/^(?:已)?同意公开(?:答复)?(?:数|件数|数量)?$/] },
  { key: 'legacy.applications_partially_disclosed', patterns: [/^(?:同意)?部分公开(?:答复)?(?:数|件数|数量)?$/] },
  { key: 'legacy.applications_refused', patterns: [/^(?:否决公开|不同意公开|不予公开)(?:答复)?(?:数|件数|数量)?$/] },
  {
    key: 'legacy.review_cases',
    patterns: [/^(?:因政府信息公开(?:工作)?)?(?:被)?(?:申请|提起)?行政复议(?:案件)?(?:数|数量|件数|总数)?$/],
  },
  {
    key: 'legacy.litigation_cases',
    patterns: [/^(?:因政府信息公开(?:工作)?)?(?:被)?(?:提起)?行政诉讼(?:案件)?(?:数|数量|件数|总数)?$/],
  },
  {
    key: 'legacy.fees_yuan',
    patterns: [/^(?:依申请公开(?:政府)?信息)?收取(?:的)?费用(?:数|总额|金额|数额)?$/, /^收费(?:金额|总额|数额)?$/],
    unitFactors: { 元: 1, 万元: 10000, 千元: 1000 },
  },
];

export const PRE2019_VALUE_KEYS = PRE2019_KEYS.map((k) => k.key);
