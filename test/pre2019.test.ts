/**
 * Pre-2019 statistics tables (codebook §2.4): the two reports written for this project under
 * corpus/generated/legacy, value by value against their .expected.json (read by eye from what was
 * written), plus grid and text-dump shapes built here.
 */
import { sentences } from '../src/model/messages.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layoutRows, type DocumentModel, type Provenance } from '../src/model/document.js';
import { readBytes } from '../src/ingest/index.js';
import { extractPre2019, PRE2019_VALUE_KEYS } from '../src/extractors/pre2019/index.js';

const DIR = 'corpus/generated/legacy';

async function read(path: string): Promise<DocumentModel> {
  return readBytes(new Uint8Array(readFileSync(path)), { path });
}

/** Test-only: a text document, one line per line. */
function docFromText(text: string): DocumentModel {
  const blocks = text.split('\n').map((t, j) => ({ kind: 'line' as const, line: { text: t, prov: { page: 1, line: j + 1 } } }));
  return { format: 'txt', method: 'text', pages: 1, blocks, messages: [] };
}

/** Test-only: a document holding one grid table given as rows of cell texts ("text|rowSpan|colSpan"). */
function docFromGrid(rows: string[][], before: string[] = []): DocumentModel {
  const prov: Provenance = { page: 3 };
  const cells = rows.map((r) =>
    r.map((spec) => {
      const [text, rs, cs] = spec.split('|');
      return { text, rowSpan: Number(rs ?? 1), colSpan: Number(cs ?? 1), prov };
    }),
  );
  const table = layoutRows(cells, prov);
  return {
    format: 'html', method: 'html', pages: 3, messages: [],
    blocks: [...before.map((t) => ({ kind: 'line' as const, line: { text: t, prov: { page: 3 } } })), { kind: 'table' as const, table }],
  };
}

describe.each([['hongze_county_2010.html'], ['qingjiangpu_2016.txt']])('%s', (file) => {
  const exp = JSON.parse(readFileSync(join(DIR, file.replace(/\.\w+$/, '.expected.json')), 'utf8'));

  it('maps every legacy.* key to the value read by eye', async () => {
    const r = extractPre2019(await read(join(DIR, file)));
    expect(r).not.toBeNull();
    expect(Object.keys(r!.values).sort()).toEqual([...PRE2019_VALUE_KEYS].sort());
    expect(r!.values).toEqual(exp.values);
    expect(sentences(r!.messages, 'warning')).toEqual([]);
  });

  it('is labelled pre2019 in its expected file', () => expect(exp.template).toBe('pre2019'));
});

describe('hongze_county_2010.html (regional 指标名称 | 计量单位 | 本年度 | 历年累计)', () => {
  const rows = async () => (extractPre2019(await read(join(DIR, 'hongze_county_2010.html'))))!.rows;

  it('keeps every row of the table, headings included', async () => {
    const r = await rows();
    expect(r).toHaveLength(27);
    expect(r[0]).toMatchObject({ label: '一、主动公开情况', unit: null, this_year: null, cumulative: null });
  });

  it('reads both value columns, and the group cell into the label', async () => {
    const r = await rows();
    expect(r.find((x) => x.label === '主动公开政府信息数')).toMatchObject({ unit: '条', this_year: 2356, cumulative: 15872 });
    expect(r.find((x) => x.label === '其中 / 同意部分公开数')).toMatchObject({ unit: '件', this_year: 4, cumulative: 19 });
    expect(r.find((x) => x.label === '网上咨询数')).toMatchObject({ unit: '人次', this_year: 1130, cumulative: 4512 });
    // "<span>1</span><span>2</span>": one number.
    expect(r.find((x) => x.label === '其中 / 新增行政规范性文件数')?.this_year).toBe(12);
  });

  it('keeps blank (&nbsp;, —) apart from 0', async () => {
    const r = await rows();
    expect(r.find((x) => x.label === '减免费用')).toMatchObject({ this_year: 0, cumulative: null });
    expect(r.find((x) => x.label === '公开查阅点数')).toMatchObject({ this_year: null, cumulative: 6 });
  });

  it('gives each mapped cell its raw text and page', async () => {
    const r = extractPre2019(await read(join(DIR, 'hongze_county_2010.html')))!;
    expect(r.cells.find((c) => c.key === 'legacy.applications_received')).toEqual({ key: 'legacy.applications_received', value: 45, raw: '45', page: 1 });
  });
});

describe('qingjiangpu_2016.txt (2014 national table as a crawler dump)', () => {
  const result = async () => extractPre2019(await read(join(DIR, 'qingjiangpu_2016.txt')))!;

  it('reads glued, tab-led, spaced and one-per-line rows alike', async () => {
    const r = (await result()).rows;
    const by = (label: string) => r.find((x) => x.label === label);
    expect(by('（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）')).toMatchObject({ unit: '条', this_year: 1523, cumulative: null });
    expect(by('（三）接受培训人员数')).toMatchObject({ unit: '人次', this_year: 120 });
    expect(by('（一）收到申请数')).toMatchObject({ unit: '件', this_year: 58 });
    expect(by('四、行政复议数量')).toMatchObject({ unit: '件', this_year: 2 });
    expect(by('（四）政府信息公开专项经费（不包括用于政府公报编辑管理及政府网站建设维护等方面的经费）')).toMatchObject({ unit: '万元', this_year: 4.5 });
    expect(by('危及国家安全、公共安全、经济安全和社会稳定')).toMatchObject({ unit: '件', this_year: 0 });
  });

  it('keeps all 68 rows of the national table (every indicator and heading)', async () => {
    expect((await result()).rows).toHaveLength(68);
  });

  it('converts the fee from 万元 to 元 and keeps the raw text', async () => {
    expect((await result()).cells.find((c) => c.key === 'legacy.fees_yuan')).toMatchObject({ value: 300, raw: '0.03' });
  });
});

describe('shapes built here', () => {
  it('a 2014 national table as a grid (统计指标 | 单位 | 统计数)', () => {
    const doc = docFromGrid([
      ['统计指标', '单位', '统计数'],
      ['一、主动公开情况|1|3'],
      ['（一）主动公开政府信息数', '条', '880'],
      ['三、依申请公开情况|1|3'],
      ['（一）收到申请数', '件', '12'],
      ['2.同意公开答复数', '件', '7'],
      ['3.同意部分公开答复数', '件', '1'],
      ['4.不同意公开答复数', '件', '2'],
      ['四、行政复议数量', '件', '0'],
      ['五、行政诉讼数量', '件', ''],
      ['七、依申请公开信息收取的费用', '万元', '0'],
    ]);
    const r = extractPre2019(doc)!;
    expect(r.values).toEqual({
      'legacy.proactive_items': 880,
      'legacy.applications_received': 12,
      'legacy.applications_disclosed': 7,
      'legacy.applications_partially_disclosed': 1,
      'legacy.applications_refused': 2,
      'legacy.review_cases': 0,
      'legacy.litigation_cases': null,
      'legacy.fees_yuan': 0,
    });
    expect(r.rows).toHaveLength(10);
    expect(r.rows[1]).toEqual({ label: '（一）主动公开政府信息数', unit: '条', this_year: 880, cumulative: null, raw: ['（一）主动公开政府信息数', '条', '880'], page: 3 });
  });

  it('a spaced regional dump: "主动公开信息数 条 1234 5678"', () => {
    const r = extractPre2019(docFromText([
      '政府信息公开工作情况统计表',
      '指标名称 计量单位 本年度 历年累计',
      '主动公开信息数 条 1234 5678',
      '申请总数 件 20 96',
      '同意公开数 件 15 70',
      '否决公开数 件 — 3',
      '行政复议数 件 0 1',
    ].join('\n')))!;
    expect(r.rows.map((x) => [x.label, x.unit, x.this_year, x.cumulative])).toEqual([
      ['主动公开信息数', '条', 1234, 5678],
      ['申请总数', '件', 20, 96],
      ['同意公开数', '件', 15, 70],
      ['否决公开数', '件', null, 3],
      ['行政复议数', '件', 0, 1],
    ]);
    expect(r.values['legacy.applications_refused']).toBeNull();
  });

  it('a glued two-column dump: a row is cut only where one cut keeps this year within the cumulative count; the rest stay null with a warning', () => {
    const r = extractPre2019(docFromText([
      '指标名称计量单位本年度历年累计',
      '主动公开信息数条12345678',
      '申请总数件2096',
      '同意公开数件1570',
    ].join('\n')))!;
    // 2096: 20|96 is the only cut with 本年度 ≤ 历年累计 (2|096 has a leading zero, 209|6 exceeds it);
    // 1570 allows 1|570 and 15|70; 12345678 allows several.
    expect(r.rows.map((x) => [x.label, x.this_year, x.cumulative])).toEqual([
      ['主动公开信息数', null, null],
      ['申请总数', 20, 96],
      ['同意公开数', null, null],
    ]);
    expect(r.rows[0].raw).toEqual(['主动公开信息数', '条', '12345678']);
    expect(sentences(r.messages, 'warning').join()).toContain('glued');
  });

  it('同意公开 is not 不同意公开 or 同意部分公开', () => {
    const r = extractPre2019(docFromText(['统计表', '不同意公开答复数 件 4', '同意部分公开答复数 件 2', '同意公开答复数 件 9'].join('\n')))!;
    expect(r.values['legacy.applications_refused']).toBe(4);
    expect(r.values['legacy.applications_partially_disclosed']).toBe(2);
    expect(r.values['legacy.applications_disclosed']).toBe(9);
  });
});

describe('not a pre-2019 report', () => {
  it.each([['changle_2020.txt'], ['001_huaian_city_2024.pdf'], ['002_hongze_district_2023.pdf'], ['003_hongze_district_2024.pdf']])(
    '%s (2019/2021 tables) -> null',
    async (file) => expect(extractPre2019(await read(join('corpus/real', file)))).toBeNull(),
  );

  it('prose with a few counts -> null', () => {
    expect(extractPre2019(docFromText('全年主动公开政府信息2356条。\n受理申请45件。\n行政复议1件。'))).toBeNull();
  });
});
