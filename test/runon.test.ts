import { describe, expect, it } from 'vitest';
import { crawlerHeader } from '../src/ingest/text/header.js';
import { runOnBlocks } from '../src/ingest/text/runon.js';
import { figureTokens } from '../src/text/figures.js';

describe('figureTokens (cells of a flattened table)', () => {
  it('parts labels from figures, glued or spaced', () => {
    expect(figureTokens('规章000行政规范性文件2025第二十条第（五）项行政许可7677')).toEqual(['规章', '000', '行政规范性文件', '2025', '第二十条第（五）项行政许可', '7677']);
    expect(figureTokens('总计8 0 0 0 0 0 8')).toEqual(['总计', '8', '0', '0', '0', '0', '0', '8']);
  });

  it('gives an item number glued behind a row\'s figures to the label it opens', () => {
    expect(figureTokens('（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开00000003.危及')).toEqual([
      '（三）不予公开1.属于国家秘密', '0000000', '2.其他法律行政法规禁止公开', '0000000', '3.危及',
    ]);
    // The list's next number, not just the last digit: item 10 after item 9.
    expect(figureTokens('9.甲000000010.乙')).toEqual(['9.甲', '0000000', '10.乙']);
    expect(figureTokens('主动公开文件数条119465其中：1、政府网站公开数条1194652、政府公报公开数条00')).toEqual([
      '主动公开文件数条', '119465', '其中：1、政府网站公开数条', '119465', '2、政府公报公开数条', '00',
    ]);
  });

  it('keeps decimals, signs, units after a figure, dates and the figures of a bracketed note', () => {
    expect(figureTokens('行政事业性收费9116.36')).toEqual(['行政事业性收费', '9116.36']);
    expect(figureTokens('行政许可88-720')).toEqual(['行政许可', '88', '-720']);
    expect(figureTokens('政府集中采购2笔 984361元')).toEqual(['政府集中采购', '2笔', '984361元']);
    expect(figureTokens('指标名称2017年历年累计')).toEqual(['指标名称2017年历年累计']);
    expect(figureTokens('主动公开政府信息数（不同渠道和方式公开相同信息计1条）条1523')).toEqual(['主动公开政府信息数（不同渠道和方式公开相同信息计1条）条', '1523']);
  });
});

describe('runOnBlocks (a body on one line)', () => {
  it('cuts sentences into lines and figure stretches into flat tables, parting a table from the prose after it', () => {
    const body =
      '2022年，主动公开政府信息123条。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数规章000行政事业性收费9116.36 ' +
      '(二)主动公开政府信息的主要类别2022年，在主动公开的123条政府信息中。三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量4000004';
    const blocks = runOnBlocks(body, 10);
    const shape = blocks.map((b) => (b.kind === 'line' ? `L ${b.line.text}` : `T ${b.table.cells.map((c) => c.text).join('|')}`));
    expect(shape).toEqual([
      'L 2022年，主动公开政府信息123条。',
      'T 二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数规章|000|行政事业性收费|9116.36',
      'L (二)主动公开政府信息的主要类别2022年，在主动公开的123条政府信息中。',
      'L 三、收到和处理政府信息公开申请情况',
      'T 一、本年新收政府信息公开申请数量|4000004',
    ]);
    expect(blocks.every((b) => (b.kind === 'line' ? b.line.prov.line : b.table.prov.line) === 10)).toBe(true);
    expect(blocks.filter((b) => b.kind === 'table').every((b) => b.kind === 'table' && b.table.flat)).toBe(true);
  });
});

describe('crawlerHeader', () => {
  const lines = [
    '标题: 平潭综合实验区行政审批局2022年政府信息公开工作年度报告',
    '发布时间: 2023-01-09 16:22',
    '文号: ',
    '发布机构: 平潭综合实验区行政审批局',
    '栏目: 政府信息公开年报',
    '原文链接: https://www.pingtan.gov.cn/a/t20230109_80621.htm',
    '本地目录: zwgk/80621',
    '页面链接与图片详见 links.tsv(同目录)',
    '==================== 正文 ====================',
    '当前位置：首页',
  ];

  it('reads the title and where the page came from, and says where the body starts', () => {
    expect(crawlerHeader(lines)).toEqual({
      title: '平潭综合实验区行政审批局2022年政府信息公开工作年度报告',
      origin: {
        published: '2023-01-09 16:22',
        publisher: '平潭综合实验区行政审批局',
        column: '政府信息公开年报',
        url: 'https://www.pingtan.gov.cn/a/t20230109_80621.htm',
      },
      lines: 9,
    });
  });

  it('is no header without a title field or a 正文 separator', () => {
    expect(crawlerHeader(lines.slice(1))).toBeUndefined();
    expect(crawlerHeader(lines.filter((l) => !l.includes('正文')))).toBeUndefined();
  });
});

describe('a hostile one-line body', () => {
  it('of several megabytes is read without running out of stack (its blocks are not spread into one call)', async () => {
    const { readText } = await import('../src/ingest/text/index.js');
    const body = '一、本年新收政府信息公开申请数量4000004二、上年结转0000000'.repeat(150_000);
    const doc = readText(new TextEncoder().encode(body));
    expect(doc.blocks.length).toBe(300_000);
  });
});
