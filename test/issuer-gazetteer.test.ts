/**
 * Region codes as of the report year: renames (洪泽县 -> 洪泽区 in 2016), short and prefixed names,
 * names shared by several places (鼓楼区, 新华区), special-zone aliases, and the shipped table being
 * exactly what the build script makes from the source CSV.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRows, renderGazetteer } from '../scripts/build-gazetteer.js';
import { gazetteer, isResolved, parseChain, resolveRegion, shortName, type Resolution } from '../src/extractors/issuer/gazetteer.js';

const code = (r: Resolution) => (isResolved(r) ? r.code : null);
const candidates = (r: Resolution) => (isResolved(r) ? [] : r.candidates.map((c) => c.code).sort());

describe('the 洪泽 rename (320829 洪泽县 until 2016, 320813 洪泽区 from 2016)', () => {
  it.each([
    ['洪泽县', 2010, '320829'],
    ['洪泽县', 2015, '320829'],
    ['洪泽区', 2016, '320813'],
    ['洪泽区', 2023, '320813'],
    ['洪泽', 2014, '320829'],
    ['洪泽', 2024, '320813'],
    ['淮安市洪泽区', 2024, '320813'],
    ['江苏省淮安市洪泽区', 2024, '320813'],
    ['江苏淮安洪泽', 2020, '320813'],
  ])('%s in %i -> %s', (name, year, want) => expect(code(resolveRegion(name, year))).toBe(want));

  it('follows the change record when the old name is used after the change, and says so', () => {
    const r = resolveRegion('洪泽县', 2020);
    expect(code(r)).toBe('320813');
    expect(isResolved(r) && r.note).toContain('320829');
  });

  it('does not invent a code for a name before it existed', () => {
    expect(code(resolveRegion('洪泽区', 2010))).toBeNull();
  });

  it('gives province and city of that year', () => {
    expect(resolveRegion('洪泽区', 2023)).toEqual({ code: '320813', name: '洪泽区', province: '江苏省', city: '淮安市', level: 'county' });
    expect(resolveRegion('江苏省淮安市', 2024)).toMatchObject({ code: '320800', level: 'prefecture' });
    expect(resolveRegion('昌乐县', 2020)).toMatchObject({ code: '370725', city: '潍坊市', province: '山东省' });
  });
});

describe('names shared by several places', () => {
  it('鼓楼区 without context: no code, the four candidates', () => {
    expect(code(resolveRegion('鼓楼区', 2020))).toBeNull();
    expect(candidates(resolveRegion('鼓楼区', 2020))).toEqual(['320106', '320302', '350102', '410204']);
  });

  it.each([
    ['南京市鼓楼区人民政府办公室', '320106'],
    ['地址：徐州市鼓楼区中山北路', '320302'],
    ['福州鼓楼区', '350102'],
    ['开封市鼓楼区', '410204'],
    ['本报告由福州市人民政府门户网站发布', '350102'],
  ])('鼓楼区 with context "%s" -> %s', (ctx, want) => expect(code(resolveRegion('鼓楼区', 2020, ctx))).toBe(want));

  it('鼓楼区 with the city in the name itself', () => {
    expect(code(resolveRegion('南京市鼓楼区', 2020))).toBe('320106');
    expect(code(resolveRegion('福建省福州市鼓楼区', 2020))).toBe('350102');
  });

  it('stays ambiguous when the context points both ways', () => {
    expect(code(resolveRegion('鼓楼区', 2020, '南京市和徐州市'))).toBeNull();
  });

  it('新华区: present ones by year, disambiguated by city or province', () => {
    expect(candidates(resolveRegion('新华区', 2020))).toEqual(['130105', '130902', '410402']);
    expect(code(resolveRegion('新华区', 2020, '沧州市新华区'))).toBe('130902');
    expect(code(resolveRegion('新华区', 2020, '河南省'))).toBe('410402');
    // 新乡市新华区 (410703) was split in 2003: a 2000 report has four candidates.
    expect(candidates(resolveRegion('新华区', 2000))).toContain('410703');
  });

  it('a province alone cannot separate two cities of the same province', () => {
    expect(code(resolveRegion('鼓楼区', 2020, '江苏省'))).toBeNull();
  });
});

describe('special zones without a code (data/gazetteer/aliases.json)', () => {
  it('平潭综合实验区 -> 350128 平潭县, with a note', () => {
    const r = resolveRegion('平潭综合实验区', 2020);
    expect(r).toMatchObject({ code: '350128', name: '平潭县', city: '福州市' });
    expect(isResolved(r) && r.note).toContain('alias');
  });

  it('苏州工业园区 -> its parent 苏州市, and says it is the parent', () => {
    const r = resolveRegion('苏州工业园区管理委员会', 2020);
    expect(code(r)).toBe('320500');
    expect(isResolved(r) && r.note).toContain('nearest coded unit');
  });

  it('every alias points at a code the gazetteer has and no alias is itself a coded name', () => {
    const aliases = JSON.parse(readFileSync('data/gazetteer/aliases.json', 'utf8')).aliases as { alias: string; code: string; from: number }[];
    for (const a of aliases) {
      expect(code(resolveRegion(a.alias, 2024)), a.alias).toBe(a.code);
      expect(gazetteer().byName.has(a.alias), a.alias).toBe(false);
    }
  });
});

describe('names', () => {
  it.each([
    ['洪泽区', 'county', '洪泽'],
    ['长阳土家族自治县', 'county', '长阳'],
    ['恩施土家族苗族自治州', 'prefecture', '恩施'],
    ['广西壮族自治区', 'province', '广西'],
    ['新疆维吾尔自治区', 'province', '新疆'],
    ['江苏省', 'province', '江苏'],
    ['和县', 'county', null],
  ])('short name of %s', (name, level, want) => expect(shortName(name, level as 'county')).toBe(want));

  it('splits a place chain off an organisation name', () => {
    const { parts, rest } = parseChain('淮安市洪泽区民政局');
    expect(parts.map((p) => p.text)).toEqual(['淮安市', '洪泽区']);
    expect(rest).toBe('民政局');
  });

  it('does not read 市中(区) out of 市中医院 or 城区 out of 城区管理局', () => {
    expect(parseChain('市中医院').parts).toEqual([]);
    expect(parseChain('城区管理局').parts).toEqual([]);
  });

  it('reads Kangxi-radical text', () => {
    expect(code(resolveRegion('淮安市⼈⺠政府', 2024))).toBe('320800');
  });
});

const CSV = '../shared/data/areacodes/result.csv';

describe('shipped gazetteer', () => {
  it.skipIf(!existsSync(CSV))('is exactly what scripts/build-gazetteer.ts makes from the source CSV', () => {
    const built = renderGazetteer(buildRows(readFileSync(CSV, 'utf8')));
    expect(built === readFileSync('data/gazetteer/gazetteer.json', 'utf8')).toBe(true);
  });

  it('has its provenance and licence beside it', () => {
    const source = readFileSync('data/gazetteer/SOURCE.md', 'utf8');
    expect(source).toContain('eed219a0678d36bacaa717f62443b10e869f0291');
    expect(source).toContain('CC0');
    expect(source).toContain('npx tsx scripts/build-gazetteer.ts');
    expect(readFileSync('data/gazetteer/LICENSE', 'utf8')).toContain('CC0 1.0 Universal');
  });
});
