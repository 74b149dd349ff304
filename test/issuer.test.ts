/**
 * Issuer and year: the title patterns of domain.md §5 as small fixtures (corpus/fixtures/issuer),
 * and the four real reports — through the project's own readers and through poppler's text.
 */
import { sentences } from '../src/model/messages.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DocumentModel } from '../src/model/document.js';
import { readBytes } from '../src/ingest/index.js';
import { extractIssuer } from '../src/extractors/issuer/index.js';
import { issuerType } from '../src/extractors/issuer/type.js';
import { parseTitleText } from '../src/extractors/issuer/title.js';
import { yearFromPeriod } from '../src/extractors/issuer/year.js';

const FIXTURES = 'corpus/fixtures/issuer';

/** Test-only: a plain-text document, pages split at form feeds (pdftotext's page break). */
function docFromText(text: string): DocumentModel {
  const pages = text.split('\f');
  const blocks = pages.flatMap((p, i) =>
    p.split(/\r?\n/).map((t, j) => ({ kind: 'line' as const, line: { text: t, prov: { page: i + 1, line: j + 1 } } })),
  );
  return { format: 'txt', method: 'text', pages: pages.length, blocks, messages: [] };
}

interface IssuerExpected {
  file: string;
  year: number | null;
  issuer: { name: string; type: string; region_code: string | null };
  errors_include?: string[];
  warnings_include?: string[];
}

const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.issuer.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as IssuerExpected);

describe('issuer fixtures (domain.md §5 title patterns)', () => {
  it('has the fixtures', () => expect(fixtures.length).toBeGreaterThanOrEqual(15));
  it.each(fixtures.map((e) => [e.file, e]))('%s', (_name, exp) => {
    const r = extractIssuer(docFromText(readFileSync(join(FIXTURES, exp.file), 'utf8')));
    expect(r.year).toBe(exp.year);
    expect(r.issuer.name).toBe(exp.issuer.name);
    expect(r.issuer.type).toBe(exp.issuer.type);
    expect(r.issuer.region_code).toBe(exp.issuer.region_code);
    for (const s of exp.errors_include ?? []) expect(sentences(r.messages, 'error').join('\n')).toContain(s);
    if (!exp.errors_include) expect(sentences(r.messages, 'error')).toEqual([]);
    for (const s of exp.warnings_include ?? []) expect(sentences(r.messages, 'warning').join('\n')).toContain(s);
  });
});

const REAL = [
  { file: 'changle_2020.txt', name: '昌乐县人民政府', code: '370725', year: 2020, province: '山东省', city: '潍坊市', region: '昌乐县' },
  { file: '001_huaian_city_2024.pdf', name: '淮安市人民政府', code: '320800', year: 2024, province: '江苏省', city: '淮安市', region: '淮安市' },
  { file: '002_hongze_district_2023.pdf', name: '洪泽区人民政府', code: '320813', year: 2023, province: '江苏省', city: '淮安市', region: '洪泽区' },
  { file: '003_hongze_district_2024.pdf', name: '淮安市洪泽区人民政府', code: '320813', year: 2024, province: '江苏省', city: '淮安市', region: '洪泽区' },
];

describe('real reports through the project readers', () => {
  it.each(REAL.map((r) => [r.file, r]))('%s', async (_f, want) => {
    const path = join('corpus/real', want.file);
    const doc = await readBytes(new Uint8Array(readFileSync(path)), { path });
    const r = extractIssuer(doc);
    expect(r.issuer).toEqual({
      name: want.name, type: 'government', region_code: want.code, region_name: want.region, province: want.province, city: want.city,
    });
    expect(r.year).toBe(want.year);
    expect(sentences(r.messages, 'error')).toEqual([]);
  });
});

describe('real PDFs through poppler text (reader-independent)', () => {
  it.each(REAL.slice(1).map((r) => [r.file, r]))('%s', (_f, want) => {
    const text = readFileSync(join(FIXTURES, 'real', want.file.replace(/\.pdf$/, '.pdftotext')), 'utf8');
    const r = extractIssuer(docFromText(text));
    expect([r.issuer.name, r.issuer.type, r.issuer.region_code, r.year]).toEqual([want.name, 'government', want.code, want.year]);
  });
});

describe('title parsing', () => {
  it.each([
    ['昌乐县人民政府2020年政府信息公开工作年度报告', '昌乐县人民政府', 2020],
    ['2022年度螅镇政府信息公开工作年度报告', '螅镇', 2022],
    ['民政局2020年政府信息公开工作年度报告', '民政局', 2020],
    ['淮安市洪泽区民政局2021年信息公开工作年度报告', '淮安市洪泽区民政局', 2021],
    ['昌乐县人民政府信息公开工作年度报告（2020年度）', '昌乐县人民政府', 2020],
    ['昌乐县人民政府关于2020年政府信息公开工作的年度报告', '昌乐县人民政府', 2020],
    ['二〇一六年政府信息公开工作年度报告', '', 2016],
    ['2024 年政府信息公开工作年度报告', '', 2024],
  ])('%s', (title, issuer, year) => {
    expect(parseTitleText(title)).toEqual({ issuerText: issuer, year });
  });

  it('reads the statistics period, not the publication date', () => {
    expect(yearFromPeriod('本报告所列数据统计期限为2020年1月1日至2020年12月31日。')?.year).toBe(2020);
    expect(yearFromPeriod('报告中所列数据统计期限自2023年1月1日\n起至2023年12月31日止。')).toMatchObject({ year: 2023, fullYear: true });
    expect(yearFromPeriod('2021年1月20日')).toBeNull();
  });

  it('warns when the title and the statistics period disagree, keeping the title', () => {
    const r = extractIssuer(docFromText('昌乐县人民政府2020年政府信息公开工作年度报告\n本报告统计期限为2019年1月1日至2019年12月31日。'));
    expect(r.year).toBe(2020);
    expect(sentences(r.messages, 'warning').join()).toContain('statistics period says 2019');
  });

  it('takes the issuer from the page\'s 发布机构 when the title names none, before guessing from the text', () => {
    const doc = docFromText('2022年政府信息公开工作年度报告\n本报告统计期限为2022年1月1日至2022年12月31日。\n昌乐县人民政府办公室');
    doc.origin = { publisher: '昌乐县人民政府' };
    const r = extractIssuer(doc);
    expect(r.issuer.name).toBe('昌乐县人民政府');
    expect(sentences(r.messages, 'warning').join()).toContain("taken from the page's 发布机构");
  });

  it('does not take the 现将… sentence for the title', () => {
    const r = extractIssuer(docFromText('根据《条例》规定，\n现将2020年政府信息公开工作年度报告公布如下：\n昌乐县人民政府\n2020年政府信息公开工作年度报告'));
    expect([r.issuer.name, r.year]).toEqual(['昌乐县人民政府', 2020]);
  });

  it('uses the format title (HTML <title>) when no line carries one', () => {
    const doc = docFromText('根据条例要求编制本报告。\n本报告统计期限为2020年1月1日至2020年12月31日。');
    doc.title = '昌乐县民政局2020年政府信息公开工作年度报告_昌乐县人民政府';
    const r = extractIssuer(doc);
    expect([r.issuer.name, r.issuer.type, r.issuer.region_code, r.year]).toEqual(['昌乐县民政局', 'department', '370725', 2020]);
  });

  it('reports a place missing from the code list as a warning, with no code', () => {
    const r = extractIssuer(docFromText('青禾县人民政府\n2022年政府信息公开工作年度报告\n本报告统计期限为2022年1月1日至2022年12月31日。'));
    expect([r.issuer.name, r.issuer.region_code]).toEqual(['青禾县人民政府', null]);
    expect(sentences(r.messages, 'error')).toEqual([]);
    expect(sentences(r.messages, 'warning').join()).toContain('names no place in the gazetteer');
  });
});

describe('issuer type', () => {
  it.each([
    ['昌乐县人民政府', 'government'],
    ['淮安市人民政府办公室', 'government_office'],
    ['江苏省人民政府办公厅', 'government_office'],
    ['区政府办', 'government_office'],
    ['昌乐县民政局', 'department'],
    ['淮安市卫生健康委员会', 'department'],
    ['江苏省教育厅', 'department'],
    ['昌乐县乡村振兴局', 'department'],
    ['镇平县人民政府', 'government'],
    ['昌乐县宝都街道办事处', 'township'],
    ['淮安市洪泽区高良涧街道', 'township'],
    ['鄂托克旗阿尔巴斯苏木', 'township'],
    ['昌乐县营丘镇人民政府', 'township'],
    ['平潭综合实验区管理委员会', 'other'],
    ['淮安经济技术开发区管委会', 'other'],
    ['中国人民银行', 'other'],
  ])('%s -> %s', (name, type) => expect(issuerType(name)).toBe(type));
});
