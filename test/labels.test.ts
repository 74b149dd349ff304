import { describe, expect, it } from 'vitest';
import { MATCH_THRESHOLD, matchScore, normalizeLabel } from '../src/extractors/tables/labels.js';
import { T3 } from '../src/extractors/templates/t3.js';

const rowLabels = (key: string) => T3.rows.find((r) => r.key === `requests.${key}`)!.labels;

describe('label normalisation', () => {
  it('drops enumerators, spaces, line breaks and punctuation of either width', () => {
    expect(normalizeLabel('三 、本 年 度办 理 结果')).toBe('本年度办理结果');
    expect(normalizeLabel('（一）予以公开')).toBe('予以公开');
    expect(normalizeLabel('三（一）予以公开')).toBe('予以公开');
    expect(normalizeLabel('商业\n企业')).toBe('商业企业');
    expect(normalizeLabel('3.危及“三安全一稳定”')).toBe('危及三安全一稳定');
    expect(normalizeLabel('3．危及"三安全一稳定"')).toBe('危及三安全一稳定');
    expect(normalizeLabel('(七)总计')).toBe('总计');
  });

  it('keeps a leading numeral that belongs to the words', () => {
    expect(normalizeLabel('5.属于三类内部事务信息')).toBe('属于三类内部事务信息');
  });
});

describe('row label matching', () => {
  const matches = (text: string, key: string) => matchScore(text, rowLabels(key)) >= MATCH_THRESHOLD;

  it('accepts the typos seen in real reports (and 予 read as 子 by OCR)', () => {
    expect(matches('2.其他法律行政止公开', 'withheld.prohibited_by_law')).toBe(true);
    expect(normalizeLabel('（三）不子公开')).toBe('不予公开');
    expect(normalizeLabel('（五）不子处理')).toBe('不予处理');
  });

  it('accepts "，" for "、" in the long 2021 labels', () => {
    expect(matches('1.申请人无正当理由逾期不补正，行政机关不再处理其政府信息公开申请', 'other_handling.overdue_correction')).toBe(true);
    expect(matches('2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', 'other_handling.unpaid_fee')).toBe(true);
  });

  it('accepts the partial-disclosure label with or without its parenthesis', () => {
    expect(matches('（二）部分公开（区分处理的，只计这一情形，不计其他情形）', 'partially_disclosed')).toBe(true);
    expect(matches('（二）部分公开', 'partially_disclosed')).toBe(true);
  });

  it('does not confuse neighbouring rows', () => {
    expect(matches('（一）予以公开', 'partially_disclosed')).toBe(false);
    expect(matches('4.保护第三方合法权益', 'withheld.state_secret')).toBe(false);
    expect(matches('2.重复申请', 'not_handled.mass_repeated')).toBe(false);
  });

  it('matches 规范性文件 and 行政规范性文件 to the same T2 row', async () => {
    const { T2 } = await import('../src/extractors/templates/t2.js');
    const row = T2.rows.find((r) => r.key === 'active.normative_documents' && r.generations.includes('2021'))!;
    expect(matchScore('规范性文件', row.labels)).toBe(1);
    expect(matchScore('行政规范性文件', row.labels)).toBe(1);
  });
});
