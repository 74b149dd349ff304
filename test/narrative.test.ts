/**
 * Narrative counts (codebook §4). Sentences are quoted verbatim from the real reports in corpus/real
 * (PDF ones with their line breaks as poppler prints them); expected values read off the sentence.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentModel } from '../src/model/document.js';
import type { NarrativeItem } from '../src/model/record.js';
import { readBytes } from '../src/ingest/index.js';
import { extractNarrative } from '../src/extractors/narrative/index.js';
import { narrativeChecks } from '../src/validate/narrative.js';
import { parseChineseNumeral, parseNumber } from '../src/text/numerals.js';

/** Test-only: one text line per input line; "\f" starts a new page. */
function docFromText(text: string): DocumentModel {
  const pages = text.split('\f');
  const blocks = pages.flatMap((p, i) =>
    p.split(/\r?\n/).map((t, j) => ({ kind: 'line' as const, line: { text: t, prov: { page: i + 1, line: j + 1 } } })),
  );
  return { format: 'txt', method: 'text', pages: pages.length, blocks, messages: [] };
}

const narr = (text: string) => extractNarrative(docFromText(text));
const get = (items: NarrativeItem[], metric: string) => items.find((i) => i.metric === `narrative.${metric}`);
const brief = (i: NarrativeItem | undefined) => (i ? [i.value, i.qualifier, i.unit] : undefined);

describe('sentences from changle_2020.txt', () => {
  it.each([
    ['2020年，昌乐县通过政府网站、政府公报、政务微博、微信公众号等各种渠道，主动公开政府信息12600余条。', 'proactive_items', [12600, 'approx_min', '条'], '主动公开政府信息12600余条'],
    ['全年共受理政府信息公开申请36件，办结36件，按时办结率100%，其中，当面申请1件，信函申请4件，网络申请31件，', 'applications_received', [36, 'exact', '件'], '全年共受理政府信息公开申请36件'],
    ['全年共受理政府信息公开申请36件，办结36件，按时办结率100%，其中，当面申请1件，信函申请4件，网络申请31件，', 'applications_completed', [36, 'exact', '件'], '办结36件'],
    ['在县政府网站建立政策解读专题，实现集中展示，并与政策文件相互关联，全年发布解读信息90余条。', 'policy_interpretations', [90, 'approx_min', '条'], '全年发布解读信息90余条'],
    ['2020年，共印发政府公报4期、2600余本。', 'gazette_issues', [4, 'exact', '期'], '共印发政府公报4期、2600余本'],
    ['2020年，县政府共承办人大代表建议77件，办复率100%；承办政协委员提案170件，办复率100%。', 'npc_suggestions', [77, 'exact', '件'], '县政府共承办人大代表建议77件'],
    ['2020年，县政府共承办人大代表建议77件，办复率100%；承办政协委员提案170件，办复率100%。', 'cppcc_proposals', [170, 'exact', '件'], '承办政协委员提案170件'],
    ['县政府办公室内部设立政务公开科，具体负责推进、指导、协调、监督全县政府信息公开和政务公开工作，目前配备专职工作人员3名。', 'staff_full_time', [3, 'exact', '名'], '目前配备专职工作人员3名'],
  ])('%s -> %s', (sentence, metric, want, clause) => {
    const item = get(narr(sentence), metric as string);
    expect(brief(item)).toEqual(want);
    expect(item?.text).toBe(clause);
    expect(item?.page).toBe(1);
  });
});

describe('sentences from the PDFs, wrapped as printed', () => {
  const huaian = [
    '   （一）主动公开情况。2024 年，市政府网站主动公开各类政',
    '府信息 5500 余条，全年新增公开市政府规章 1 件、市政府及市',
    '政府办政策性文件 11 件，通过文字、图片等形式制作政策解读',
    '21 个，制作《淮安市人民政府公报》6 期。紧紧围绕保障民生、',
    '深化改革、科技创新等工作主线，组织召开了“春节前后服务企',
    '业用工和促进返乡人员就业创业专项活动”“建设‘四最’一流',
    '',
    '                                          -1-',
    '\f营商环境高质量推进产业发展”“加快建设长三角北部重要产业',
    '科技创新高地的若干政策”等新闻发布会 12 场，努力传递政府',
    '和针对性。2024 年，全市共受理政府信息公开申请 3119 件，答',
    '复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度',
    '答复），均在法定期限内予以答复。政府信息公开行政复议 351',
    '件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚',
    '未审结 37 件；政府信息公开行政诉讼 46 件，其中结果维持 25',
    '件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。',
    '      六、其他需要报告的事项',
    '      2024 年，市政府严格落实《政府信息公开信息处理费管理',
    '办法》，全年收取政府信息公开信息处理费 3940 元。',
  ].join('\n');
  const items = narr(huaian);

  it.each([
    ['proactive_items', [5500, 'approx_min', '条'], 1],
    ['policy_interpretations', [21, 'exact', '个'], 1],
    ['gazette_issues', [6, 'exact', '期'], 1],
    ['press_conferences', [12, 'exact', '场'], 2],
    ['applications_received', [3119, 'exact', '件'], 2],
    ['applications_completed', [3050, 'exact', '件'], 2],
    ['review_cases', [351, 'exact', '件'], 2],
    ['litigation_cases', [46, 'exact', '件'], 2],
    ['fees_collected_yuan', [3940, 'exact', '元'], 2],
  ])('淮安市 2024: %s', (metric, want, page) => {
    const item = get(items, metric as string);
    expect(brief(item)).toEqual(want);
    expect(item?.page).toBe(page);
  });

  it('drops the page footer between the lines of a sentence', () => {
    expect(get(items, 'press_conferences')?.text).toContain('营商环境高质量推进产业发展');
    expect(get(items, 'press_conferences')?.text).not.toContain('-1-');
  });

  it('洪泽区 2024: 主动发布 counts, 常务会议7期 is not a gazette', () => {
    const it2 = narr(['政府网站平台主动发布各类政府信息 2428 条，公开政府常务会议 7', '期，解读信息发布 7 条。'].join('\n'));
    expect(brief(get(it2, 'proactive_items'))).toEqual([2428, 'exact', '条']);
    expect(brief(get(it2, 'policy_interpretations'))).toEqual([7, 'exact', '条']);
    expect(get(it2, 'gazette_issues')).toBeUndefined();
  });

  it('洪泽区 2023: zero fee is a value', () => {
    const it3 = narr(' 2023 年，区政府严格落实《政府信息公开信息处理费管理办\n法》，全年收取政府信息公开信息处理费 0 元。');
    expect(brief(get(it3, 'fees_collected_yuan'))).toEqual([0, 'exact', '元']);
  });
});

describe('numbers and qualifiers', () => {
  it.each([
    ['全年主动公开政府信息四十余条。', 'proactive_items', [40, 'approx_min', '条']],
    ['全年受理政府信息公开申请一千二百件。', 'applications_received', [1200, 'exact', '件']],
    ['全年主动公开政府信息两万余条。', 'proactive_items', [20000, 'approx_min', '条']],
    ['全年主动公开政府信息1.2万条。', 'proactive_items', [12000, 'exact', '条']],
    ['全年主动公开政府信息1万余条。', 'proactive_items', [10000, 'approx_min', '条']],
    ['全年主动公开政府信息12,600条。', 'proactive_items', [12600, 'exact', '条']],
    ['全年主动公开政府信息约1.5万条。', 'proactive_items', [15000, 'approx', '条']],
    ['全年主动公开政府信息近300条。', 'proactive_items', [300, 'approx_max', '条']],
    ['全年主动公开政府信息300多条。', 'proactive_items', [300, 'approx_min', '条']],
    ['全年主动公开政府信息300条以上。', 'proactive_items', [300, 'approx_min', '条']],
    ['全年主动公开政府信息300条左右。', 'proactive_items', [300, 'approx', '条']],
    ['全年受理政府信息公开申请不超过5件。', 'applications_received', [5, 'max', '件']],
    ['召开新闻发布会最多12场。', 'press_conferences', [12, 'max', '场']],
    ['全年召开新闻发布会十二场。', 'press_conferences', [12, 'exact', '场']],
    ['全年召开3次新闻发布会。', 'press_conferences', [3, 'exact', '次']],
    ['编印《政府公报》二十四期。', 'gazette_issues', [24, 'exact', '期']],
    ['办公室配备2名专职工作人员。', 'staff_full_time', [2, 'exact', '名']],
    ['配备专职人员2人、兼职人员5人。', 'staff_full_time', [2, 'exact', '人']],
    ['全年收取信息处理费0.5万元。', 'fees_collected_yuan', [5000, 'exact', '元']],
    ['发布政策解读稿件27篇。', 'policy_interpretations', [27, 'exact', '篇']],
  ])('%s', (sentence, metric, want) => expect(brief(get(narr(sentence), metric as string))).toEqual(want));

  it('reads Chinese numerals', () => {
    expect(parseChineseNumeral('四十')).toBe(40);
    expect(parseChineseNumeral('一千二百')).toBe(1200);
    expect(parseChineseNumeral('两万')).toBe(20000);
    expect(parseChineseNumeral('一万二千五百')).toBe(12500);
    expect(parseChineseNumeral('十二')).toBe(12);
    expect(parseChineseNumeral('一千零五')).toBe(1005);
    expect(parseChineseNumeral('二〇二〇')).toBe(2020);
    expect(parseChineseNumeral('三四')).toBeNull();
    expect(parseNumber('1.2万')).toBe(12000);
  });
});

describe('zero statements, and what is not a statement', () => {
  it('未收到政府信息公开申请 -> 0', () => {
    expect(brief(get(narr('本年度，本机关未收到政府信息公开申请。'), 'applications_received'))).toEqual([0, 'exact', '件']);
  });
  it('未收取信息处理费 -> 0 元', () => {
    expect(brief(get(narr('本年度未收取信息处理费。'), 'fees_collected_yuan'))).toEqual([0, 'exact', '元']);
  });
  it('未产生信息处理费 -> 0 元', () => {
    expect(get(narr('本年度未产生信息处理费。'), 'fees_collected_yuan')?.value).toBe(0);
  });
  it('未发生行政复议、行政诉讼 -> 0 each', () => {
    const items = narr('全年未发生因政府信息公开引起的行政复议、行政诉讼案件。');
    expect(get(items, 'review_cases')?.value).toBe(0);
    expect(get(items, 'litigation_cases')?.value).toBe(0);
  });
  it('a stated number wins over a zero phrase', () => {
    expect(get(narr('未收到政府信息公开申请的情况已改变。全年受理政府信息公开申请3件。'), 'applications_received')?.value).toBe(3);
  });
  it('a combined count is neither 建议 nor 提案', () => {
    const items = narr('全年办理人大代表建议和政协提案共98件。');
    expect(get(items, 'npc_suggestions')).toBeUndefined();
    expect(get(items, 'cppcc_proposals')).toBeUndefined();
  });
  it('carried-over applications are not received ones', () => {
    expect(get(narr('答复3050件（含上年度结转申请34件）。'), 'applications_received')).toBeUndefined();
  });
  it('a rate is not a count', () => {
    expect(get(narr('按时办结率100%。'), 'applications_completed')).toBeUndefined();
  });
  it('答复 counts only in a sentence about applications', () => {
    expect(get(narr('网民留言答复500件。'), 'applications_completed')).toBeUndefined();
  });
  it('a list crossing 、 is not read as one measure', () => {
    expect(get(narr('通过主要负责人解读、新闻发布会12场等形式。'), 'policy_interpretations')).toBeUndefined();
  });
});

describe('which statement wins', () => {
  it('the first one: later ones are breakdowns (changle: 12600余条, then 950余条 for key areas)', () => {
    const items = narr('主动公开政府信息12600余条。\n推进财政预决算等领域信息公开，主动公开信息950余条。');
    expect(get(items, 'proactive_items')?.value).toBe(12600);
  });
  it('unless a later one has the more specific cue', () => {
    const items = narr('全年受理申请40件（含咨询）。其中受理政府信息公开申请36件。');
    expect(get(items, 'applications_received')?.value).toBe(36);
  });
  it('the page of the line the statement starts on', () => {
    expect(get(narr('一、总体情况\f全年受理政府信息公开申请9件。'), 'applications_received')?.page).toBe(2);
  });
});

describe('the real reports, through the project readers', () => {
  const EXPECTED: Record<string, Record<string, [number, string]>> = {
    'changle_2020.txt': {
      proactive_items: [12600, 'approx_min'], applications_received: [36, 'exact'], applications_completed: [36, 'exact'],
      policy_interpretations: [90, 'approx_min'], gazette_issues: [4, 'exact'], npc_suggestions: [77, 'exact'],
      cppcc_proposals: [170, 'exact'], staff_full_time: [3, 'exact'],
    },
    '001_huaian_city_2024.pdf': {
      proactive_items: [5500, 'approx_min'], applications_received: [3119, 'exact'], applications_completed: [3050, 'exact'],
      policy_interpretations: [21, 'exact'], press_conferences: [12, 'exact'], gazette_issues: [6, 'exact'],
      fees_collected_yuan: [3940, 'exact'], review_cases: [351, 'exact'], litigation_cases: [46, 'exact'],
    },
    '002_hongze_district_2023.pdf': {
      proactive_items: [1136, 'exact'], applications_received: [21, 'exact'], fees_collected_yuan: [0, 'exact'],
    },
    '003_hongze_district_2024.pdf': {
      proactive_items: [2428, 'exact'], applications_received: [17, 'exact'], policy_interpretations: [7, 'exact'],
      fees_collected_yuan: [0, 'exact'],
    },
  };
  it.each(Object.entries(EXPECTED))('%s', async (file, want) => {
    const path = join('corpus/real', file);
    const items = extractNarrative(await readBytes(new Uint8Array(readFileSync(path)), { path }));
    const got = Object.fromEntries(items.map((i) => [i.metric.replace('narrative.', ''), [i.value, i.qualifier]]));
    expect(got).toEqual(want);
  });
});

describe('narrativeChecks', () => {
  const item = (metric: string, value: number, qualifier: NarrativeItem['qualifier'] = 'exact'): NarrativeItem => ({
    metric: `narrative.${metric}`, value, qualifier, unit: '件', text: `${metric} ${value}`, page: 1,
  });

  it('passes when the table says the same (changle: 受理36件 vs T3 总计 36)', () => {
    const [c] = narrativeChecks([item('applications_received', 36)], { 'requests.received.total': 36 });
    expect(c).toMatchObject({ rule: 'narrative.applications_received', status: 'pass', severity: 'warning' });
    expect(c.detail).toContain('requests.received.total = 36');
  });

  it('fails with both numbers when it does not', () => {
    const [c] = narrativeChecks([item('applications_received', 37)], { 'requests.received.total': 36 });
    expect(c.status).toBe('fail');
    expect(c.detail).toContain('36');
    expect(c.detail).toContain('37');
  });

  it('skips when the table cell is blank', () => {
    expect(narrativeChecks([item('applications_received', 36)], { 'requests.received.total': null })[0].status).toBe('skip');
  });

  it('emits nothing when the template has no such cell', () => {
    expect(narrativeChecks([item('applications_received', 36)], { 'active.rules.issued': 1 })).toEqual([]);
  });

  it('respects qualifiers: 余 means at least, 近 at most', () => {
    expect(narrativeChecks([item('proactive_items', 12600, 'approx_min')], { 'legacy.proactive_items': 12650 })[0].status).toBe('pass');
    expect(narrativeChecks([item('proactive_items', 12600, 'approx_min')], { 'legacy.proactive_items': 12000 })[0].status).toBe('fail');
    expect(narrativeChecks([item('proactive_items', 300, 'approx_max')], { 'legacy.proactive_items': 290 })[0].status).toBe('pass');
  });

  it('sums the two litigation groups (淮安 2024: 26 + 20 = 46)', () => {
    const values = { 'litigation_direct.total': 26, 'litigation_after_review.total': 20, 'review.total': 351, 'requests.total.total': 3050 };
    const checks = narrativeChecks([item('litigation_cases', 46), item('review_cases', 351), item('applications_completed', 3050)], values);
    expect(checks.map((c) => [c.rule, c.status])).toEqual([
      ['narrative.applications_completed', 'pass'],
      ['narrative.review_cases', 'pass'],
      ['narrative.litigation_cases', 'pass'],
    ]);
  });

  it('never compares the 信息处理费 with T2 行政事业性收费 (a different measure)', () => {
    expect(narrativeChecks([item('fees_collected_yuan', 3940)], { 'active.fees.amount_10k_yuan': 0.394 })).toEqual([]);
  });
});
