/**
 * Markdown conversions of report PDFs (MinerU, Marker, LLMs): sniffing, pipe tables, embedded HTML
 * tables, the converters' damage, and every file of corpus/generated/markdown scored against its
 * expected values (scripts/make-markdown.py writes both).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFiles } from '../src/batch/files.js';
import { loadExpected, score, type Expected } from '../src/evaluate/compare.js';
import { readBytes, sniffFormat } from '../src/ingest/index.js';
import { readMarkdown, splitPipeRow } from '../src/ingest/markdown/index.js';
import { tables, textLines, toGrid, type Table } from '../src/model/document.js';
import { processBytes } from '../src/pipeline/process.js';

const md = (s: string) => readMarkdown(Buffer.from(s));
const grid = (t: Table) => toGrid(t).map((r) => r.map((c) => c?.text ?? null));

/** A 2019 T3 as a converter prints it, rows given as pipe lines; the header and the closing rows around them. */
const T3_HEAD = [
  '| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） |  |  | 申请人情况 |  |  |  |  |  |  |',
  '|---|---|---|---|---|---|---|---|---|---|',
  '|  |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |',
  '|  |  |  |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |  |',
];
const row = (label: string, nums: number[], group = '', lead = '') => `| ${lead} | ${group} | ${label} | ${nums.join(' | ')} |`;

describe('sniffing markdown', () => {
  it('tells markdown from HTML and plain text by content', () => {
    const pipe = '# 报告\n\n正文\n\n| 信息内容 | 本年新制作数量 |\n|:---|---:|\n| 规章 | 0 |\n';
    expect(sniffFormat(Buffer.from(pipe))).toBe('markdown');
    // Without outer pipes, as GFM allows.
    expect(sniffFormat(Buffer.from('说明\n\n信息内容 | 数量\n--- | ---\n规章 | 0\n'))).toBe('markdown');
    // MinerU: <table> inside markdown, headings as '#'.
    const mineru = '# 某县2020年政府信息公开工作年度报告\n\n一、总体情况\n\n<html><body><table><tr><td>规章</td><td>0</td></tr></table></body></html>\n';
    expect(sniffFormat(Buffer.from(mineru))).toBe('markdown');
    // A file that starts as an HTML document stays HTML, pipes or not.
    expect(sniffFormat(Buffer.from(`<!DOCTYPE html><html><body><pre>\n${pipe}</pre><table><tr><td>1</td></tr></table></body></html>`))).toBe('html');
    expect(sniffFormat(Buffer.from(`<!-- saved from url=(0042)http://x.gov.cn/ -->\n<html><body><h1># 1</h1><table></table></body></html>`))).toBe('html');
    expect(sniffFormat(Buffer.from('<meta charset="utf-8"><p>正文</p><table><tr><td>1</td></tr></table>'))).toBe('html');
    // An HTML fragment is HTML unless markdown is around its tags; MinerU's table line may open a file.
    expect(sniffFormat(Buffer.from('<p>正文</p>\n<table><tr><td>1</td></tr></table>'))).toBe('html');
    expect(sniffFormat(Buffer.from('<div align="center">某县报告</div>\n\n| 信息内容 | 数量 |\n|---|---|\n| 规章 | 0 |\n'))).toBe('markdown');
    expect(sniffFormat(Buffer.from('<html><body><table><tr><td>规章</td><td>0</td></tr></table></body></html>\n\n# 三、收到和处理\n'))).toBe('markdown');
    // Plain text: no delimiter row, or a <table> in text with no markdown around it.
    expect(sniffFormat(Buffer.from('昌乐县人民政府\n\t规章\n\t0\n| 不是表格 |\n'))).toBe('txt');
    expect(sniffFormat(Buffer.from('一、总体情况\n----------\n全年公开12条。\n'))).toBe('txt');
  });

  it('keeps every corpus document in its format, and finds the generated markdown', () => {
    const files = readdirSync('corpus', { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && !/\.(json|md|py|sh|png)$/.test(e.name))
      .map((e) => join(e.parentPath, e.name));
    for (const f of files) expect(sniffFormat(readFileSync(f)), f).not.toBe('markdown');
    expect(sniffFormat(readFileSync('corpus/real/changle_2020.txt'))).toBe('txt');
    expect(sniffFormat(readFileSync('corpus/generated/html/a_county_2021.word.html'))).toBe('html');
    for (const f of readdirSync('corpus/generated/markdown').filter((n) => n.endsWith('.md'))) {
      expect(sniffFormat(readFileSync(join('corpus/generated/markdown', f))), f).toBe('markdown');
    }
  });

  it('reads a .md without tables as markdown by its name, and the folder walk picks up .md and .markdown', async () => {
    const text = Buffer.from('# 某县人民政府2020年政府信息公开工作年度报告\n\n**一、总体情况**\n');
    expect(sniffFormat(text)).toBe('txt');
    const doc = await readBytes(text, { path: 'x/report.md' });
    expect(doc.format).toBe('markdown');
    expect(textLines(doc).map((l) => l.text)).toEqual(['某县人民政府2020年政府信息公开工作年度报告', '一、总体情况']);
    expect((await readBytes(text, { path: 'x/report.txt' })).format).toBe('txt');
    const dir = mkdtempSync(join(tmpdir(), 'md-walk-'));
    for (const f of ['a.md', 'b.markdown', 'c.json']) writeFileSync(join(dir, f), '# x');
    expect(await collectFiles([dir])).toEqual([join(dir, 'a.md'), join(dir, 'b.markdown')]);
  });
});

describe('pipe tables', () => {
  it('splits on unescaped pipes only, skips the alignment row, keeps <br> as a line break', () => {
    expect(splitPipeRow('| a | b \\| c | d |')).toEqual(['a', 'b | c', 'd']);
    expect(splitPipeRow('a|b')).toEqual(['a', 'b']);
    const doc = md(['| 信息内容 | 本年新<br>公开数量 | 备注 |', '|:---|:---:|---:|', '| **规章** | 12（其中修订 5 件） | 甲\\|乙 |', '| [规范性文件](http://x.cn/1) | 3<br/>（含转办1件） |  |'].join('\n'));
    const [t] = tables(doc);
    expect([t.rows, t.cols]).toEqual([3, 3]);
    expect(grid(t)).toEqual([
      ['信息内容', '本年新\n公开数量', '备注'],
      ['规章', '12（其中修订5件）', '甲|乙'],
      ['规范性文件', '3\n（含转办1件）', ''],
    ]);
    // Provenance: the row's source line, and the cell's place in its source table.
    expect(t.cells[4].prov).toEqual({ page: 1, line: 3, path: 'table[1]>tr[2]>td[2]' });
    expect(textLines(doc)).toEqual([]);
  });

  it('reads GFM tables without outer pipes', () => {
    const [t] = tables(md('信息内容 | 数量\n--- | ---\n规章 | 0\n规范性文件 | 3\n\n后文'));
    expect(grid(t)).toEqual([['信息内容', '数量'], ['规章', '0'], ['规范性文件', '3']]);
  });

  it('makes a label repeated over neighbouring slots one spanning cell again, but never merges numbers', () => {
    const [t] = tables(md('| 申请人情况 | 申请人情况 | 申请人情况 |\n|---|---|---|\n| 一、本年新收 | 一、本年新收 | 5 |\n| 0 | 0 | 0 |'));
    expect(t.cells.filter((c) => c.row === 0).map((c) => [c.text, c.colSpan])).toEqual([['申请人情况', 3]]);
    expect(t.cells.filter((c) => c.row === 1).map((c) => [c.text, c.col, c.colSpan])).toEqual([['一、本年新收', 0, 2], ['5', 2, 1]]);
    expect(t.cells.filter((c) => c.row === 2).length).toBe(3);
  });

  it('drops a generic header row (列1, Column 1, Col1) but not a real one', () => {
    for (const head of ['| 列1 | 列2 | 列3 |', '| Column 1 | Column 2 | Column 3 |', '| Col1 | Col2 |  |', '|  |  |  |']) {
      const [t] = tables(md(`${head}\n|---|---|---|\n| 第二十条第（八）项 |  |  |\n| 行政事业性收费 | 30 | 0 |`));
      expect(grid(t)[0], head).toEqual(['第二十条第（八）项', '', '']);
      expect(t.cells[0].prov.path).toBe('table[1]>tr[2]>td[1]');
    }
    const [t] = tables(md('| 列名 | 数量 |\n|---|---|\n| 规章 | 0 |'));
    expect(grid(t)[0]).toEqual(['列名', '数量']);
  });
});

describe('HTML tables inside markdown (MinerU)', () => {
  it('reads rowspan and colspan through the HTML reader, with source lines and the file-wide table number', () => {
    const doc = md([
      '# 二、主动公开政府信息情况',
      '',
      '<html><body><table><tr><td colspan="2">第二十条第（一）项</td></tr><tr><td>规章</td><td>0</td></tr></table></body></html>',
      '',
      '正文一段',
      '<table>',
      '<tr><td rowspan="2">三、本年度办理结果</td><td colspan="2">（一）予以公开</td></tr>',
      '<tr><td>1.属于国家秘密</td><td>0</td></tr>',
      '</table> 表后文字',
    ].join('\n'));
    const [, t] = tables(doc);
    expect(grid(t)).toEqual([
      ['三、本年度办理结果', '（一）予以公开', '（一）予以公开'],
      ['三、本年度办理结果', '1.属于国家秘密', '0'],
    ]);
    expect(t.cells.map((c) => [c.prov.line, c.prov.path])).toEqual([
      [7, 'table[2]>tr[1]>td[1]'],
      [7, 'table[2]>tr[1]>td[2]'],
      [8, 'table[2]>tr[2]>td[1]'],
      [8, 'table[2]>tr[2]>td[2]'],
    ]);
    expect(t.prov).toEqual({ page: 1, line: 7, path: 'table[2]' });
    expect(textLines(doc).map((l) => [l.prov.line, l.text])).toEqual([
      [1, '二、主动公开政府信息情况'],
      [5, '正文一段'],
      [9, '表后文字'],
    ]);
  });
});

describe('text lines', () => {
  it('takes the markdown syntax off and keeps the text; page markers, comments and pictures are not text', () => {
    const doc = md([
      '# 青禾县人民政府',
      '## 2022年政府信息公开工作年度报告 ##',
      '**（一）主动公开情况。** 全年主动公开政府信息 9260 余条，详见[门户网站](http://www.x.gov.cn "门户")。',
      '- 发布政策解读 *146* 篇',
      '1. 属于国家秘密',
      '> 引文里的 `代码`',
      '<!-- page 2 -->',
      '---',
      'Page 3',
      '- 4 -',
      '{4}------------------------------------------------',
      '![](images/seal.jpg)',
      '<!--',
      '多行注释',
      '-->',
      '标题二',
      '======',
    ].join('\n'));
    expect(textLines(doc).map((l) => [l.prov.line, l.text])).toEqual([
      [1, '青禾县人民政府'],
      [2, '2022年政府信息公开工作年度报告'],
      [3, '（一）主动公开情况。全年主动公开政府信息9260余条，详见门户网站。'],
      [4, '发布政策解读146篇'],
      [5, '1.属于国家秘密'],
      [6, '引文里的代码'],
      [16, '标题二'],
    ]);
    expect(doc.messages.map((m) => m.code)).toEqual(['images_skipped']);
    expect([doc.format, doc.method, doc.pages]).toEqual(['markdown', 'text', 1]);
  });
});

describe('tables cut by page breaks', () => {
  const body = [row('（一）予以公开', [1, 0, 0, 0, 0, 0, 1], '', '三、本年度办理结果'), row('1.属于国家秘密', [0, 0, 0, 0, 0, 0, 0], '（三）不予公开')];
  const tail = [row('2.其他法律行政法规禁止公开', [2, 0, 0, 0, 0, 0, 2]), row('3.危及“三安全一稳定”', [0, 0, 0, 0, 0, 0, 0])];

  it.each([
    ['<!-- page 3 -->'],
    ['---'],
    ['Page 3'],
    ['- 3 -'],
    ['第 3 页'],
    ['{2}------------------------------------------------'],
    ['3'],
  ])('stitches a table continued after %s', (marker) => {
    // The second piece printed with its first row of data as its header, as Marker does.
    const doc = md([...T3_HEAD, ...body, '', marker, '', tail[0], '|---|---|---|---|---|---|---|---|---|---|', tail[1]].join('\n'));
    const ts = tables(doc);
    expect(ts.length).toBe(1);
    expect(ts[0].rows).toBe(7);
    expect(grid(ts[0])[5].slice(2, 4)).toEqual(['2.其他法律行政法规禁止公开', '2']);
    expect(ts[0].cells.find((c) => c.text === '2.其他法律行政法规禁止公开')!.prov.path).toBe('table[2]>tr[1]>td[3]');
    expect(textLines(doc)).toEqual([]);
  });

  it('drops the header rows a continuation repeats, and takes pipe rows without a delimiter row as a continuation', () => {
    const repeated = md([...T3_HEAD, ...body, '', 'Page 2', '', ...T3_HEAD, ...tail].join('\n'));
    expect(tables(repeated).map((t) => t.rows)).toEqual([7]);
    const bare = md([...T3_HEAD, ...body, '<!-- page 3 -->', ...tail].join('\n'));
    expect(tables(bare).map((t) => t.rows)).toEqual([7]);
  });

  it('stitches MinerU <table>s with only a blank line between when the second starts with data', () => {
    const doc = md([
      '<html><body><table><tr><td>信息内容</td><td>数量</td></tr><tr><td>规章</td><td>0</td></tr></table></body></html>',
      '',
      '<html><body><table><tr><td>规范性文件</td><td>3</td></tr></table></body></html>',
    ].join('\n'));
    expect(tables(doc).map((t) => grid(t))).toEqual([[['信息内容', '数量'], ['规章', '0'], ['规范性文件', '3']]]);
  });

  it('leaves apart tables with text between them, other column counts, or a new title and header (T2 sub-tables)', () => {
    const sub = (title: string, label: string) => `| ${title} |  |  |  |\n|---|---|---|---|\n| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n| ${label} | 1 | +1 | 2 |`;
    expect(tables(md(`${sub('第二十条第（五）项', '行政许可')}\n\n<!-- page 2 -->\n\n${sub('第二十条第（六）项', '行政处罚')}`)).length).toBe(2);
    expect(tables(md([...T3_HEAD, ...body, '', '说明文字', '', '|---|---|---|---|---|---|---|---|---|---|', ...tail].join('\n'))).length).toBe(2);
    expect(tables(md([...T3_HEAD, ...body, '', '---', '', '| 1 | 2 |', '|---|---|', '| 3 | 4 |'].join('\n'))).length).toBe(2);
  });
});

describe('what the extractors make of damaged markdown', () => {
  const t3 = (rows: string[]) =>
    [
      '# 某县人民政府2020年政府信息公开工作年度报告',
      '',
      '## 三、收到和处理政府信息公开申请情况',
      '',
      ...T3_HEAD,
      row('一、本年新收政府信息公开申请数量', [5, 1, 0, 0, 0, 0, 6]),
      row('二、上年结转政府信息公开申请数量', [0, 0, 0, 0, 0, 0, 0]),
      row('（一）予以公开', [2, 0, 0, 0, 0, 0, 2], '', '三、本年度办理结果'),
      ...rows,
      row('（七）总计', [5, 1, 0, 0, 0, 0, 6]),
      row('四、结转下年度继续办理', [0, 0, 0, 0, 0, 0, 0]),
    ].join('\n');
  const unable = [
    row('1.本机关不掌握相关政府信息', [3, 1, 0, 0, 0, 0, 4], '（四）无法提供'),
    row('2.没有现成信息需要另行制作', [0, 0, 0, 0, 0, 0, 0]),
    row('3.补正后申请内容仍不明确', [0, 0, 0, 0, 0, 0, 0]),
  ];
  const K = 'requests.unable.not_held';

  it('reads a T3 pipe table whose spanning labels sit in their first slot', async () => {
    const rec = await processBytes(Buffer.from(t3(unable)), 'x.md');
    expect(rec.source.format).toBe('markdown');
    expect(rec.values[`${K}.natural_person`]).toBe(3);
    expect(rec.values[`${K}.total`]).toBe(4);
    expect(rec.values['requests.received.total']).toBe(6);
    const cell = rec.cells.find((c) => c.key === `${K}.total`)!;
    expect([cell.line, cell.path, cell.method]).toEqual([12, 'table[1]>tr[7]>td[10]', 'text']);
  });

  it('leaves a row whose label the converter lost unplaced: its keys null, the rows around it right', async () => {
    const lost = [unable[0].replace('1.本机关不掌握相关政府信息', ''), ...unable.slice(1)];
    const rec = await processBytes(Buffer.from(t3(lost)), 'x.md');
    for (const c of ['natural_person', 'commercial_enterprise', 'total']) expect(rec.values[`${K}.${c}`]).toBeNull();
    expect(rec.values['requests.unable.needs_creation.total']).toBe(0);
    expect(rec.values['requests.total.total']).toBe(6);
    expect(rec.cells.some((c) => c.key.startsWith(K))).toBe(false);
    expect(rec.issues).toContainEqual(expect.objectContaining({ code: 'row_missing', key: K }));
    // No other row took its numbers.
    expect(rec.cells.filter((c) => c.value === 3).map((c) => c.key)).toEqual([]);
  });

  it('places a row whose label was lost when its neighbours leave one row of the template, marked derived', async () => {
    const lost = [unable[0], row('', [0, 2, 0, 0, 0, 0, 2]), unable[2]];
    const rec = await processBytes(Buffer.from(t3(lost)), 'x.md');
    const cell = rec.cells.find((c) => c.key === 'requests.unable.needs_creation.total')!;
    expect([cell.value, cell.status]).toEqual([2, 'derived']);
    expect(cell.derivation).toMatch(/label lost; the only row of the template between "1\.本机关不掌握相关政府信息" and "3\.补正后申请内容仍不明确"/);
    expect(rec.values['requests.unable.needs_creation.commercial_enterprise']).toBe(2);
  });

  it('gives a label printed on a row of its own the numbers of the row below it', async () => {
    const moved = [unable[0], `|  |  | 2.没有现成信息需要另行制作 |  |  |  |  |  |  |  |`, row('', [1, 0, 0, 0, 0, 0, 1]), unable[2]];
    const rec = await processBytes(Buffer.from(t3(moved)), 'x.md');
    expect(rec.values['requests.unable.needs_creation.total']).toBe(1);
    expect(rec.values['requests.unable.unclear_after_correction.total']).toBe(0);
  });

  it('leaves a row without a label unread, with an error, when two rows of the template could be it', async () => {
    const twoGaps = [unable[0], row('', [0, 8, 0, 0, 0, 0, 8])];
    const rec = await processBytes(Buffer.from(t3(twoGaps)), 'x.md');
    expect(rec.cells.some((c) => c.value === 8)).toBe(false);
    expect(rec.issues).toContainEqual(expect.objectContaining({ level: 'error', code: 'row_unplaced' }));
  });

  it('reads a group label spilled into the value columns of a row of its own', async () => {
    const spilled = ['|  |  |  | （四）无法提供 |  |  |  |  |  |  |', row('1.本机关不掌握相关政府信息', [3, 1, 0, 0, 0, 0, 4]), ...unable.slice(1)];
    const rec = await processBytes(Buffer.from(t3(spilled)), 'x.md');
    expect(rec.values[`${K}.total`]).toBe(4);
  });

  it('never misplaces the rows above a vertically centred group label (they are read right or left null)', async () => {
    // Converters read a tall group cell on its middle row: （四）无法提供 beside its 2nd sub-row. The rows
    // above it are then outside their group for the extractors (today: null, row_missing).
    const centred = [row('1.本机关不掌握相关政府信息', [3, 1, 0, 0, 0, 0, 4]), row('2.没有现成信息需要另行制作', [0, 0, 0, 0, 0, 0, 0], '（四）无法提供'), unable[2]];
    const rec = await processBytes(Buffer.from(t3(centred)), 'x.md');
    for (const [c, v] of [['natural_person', 3], ['commercial_enterprise', 1], ['total', 4]] as const) {
      expect([v, null]).toContain(rec.values[`${K}.${c}`]);
    }
    expect(rec.values['requests.unable.needs_creation.total']).toBe(0);
  });
});

describe('the generated markdown corpus', () => {
  const dir = 'corpus/generated/markdown';
  const SOURCE_EXPECTED: Record<string, string> = {
    a_county_2021: 'corpus/generated/docx/a_county_2021.expected.json',
    b_department_2019: 'corpus/generated/docx/b_department_2019.expected.json',
    changle_2020: 'corpus/real/changle_2020.expected.json',
  };
  const files = readdirSync(dir).filter((f) => f.endsWith('.expected.json')).sort();

  it('has conversions of both template generations in both converter styles', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
    const exps = files.map((f) => loadExpected(join(dir, f)));
    expect(new Set(exps.map((e) => e.template))).toEqual(new Set(['2019', '2021']));
    const texts = exps.map((e) => readFileSync(join(dir, e.file), 'utf8'));
    expect(texts.some((t) => t.includes('<table>') && /rowspan="\d+"/.test(t))).toBe(true);
    expect(texts.some((t) => /^\|.*\|$/m.test(t))).toBe(true);
  });

  it.each(files)('%s: every value as expected; only the keys the damage made undeterminable are null', async (f) => {
    const exp = loadExpected(join(dir, f)) as Expected & { undetermined?: Record<string, string> };
    const text = readFileSync(join(dir, exp.file));
    const rec = await processBytes(text, join(dir, exp.file));
    expect(rec.source.format).toBe('markdown');
    const s = score(rec, exp);
    expect(s.mismatches).toEqual([]);
    expect(s.valuesCorrect).toBe(s.valuesExpected);
    expect(s.valuesExpected).toBeGreaterThanOrEqual(198);

    // The expected file is the source's, but for the keys it names undetermined (null there, with a reason).
    const source = loadExpected(SOURCE_EXPECTED[Object.keys(SOURCE_EXPECTED).find((k) => f.startsWith(k))!]);
    const und = exp.undetermined ?? {};
    expect(Object.keys(exp.values!)).toEqual(Object.keys(source.values!));
    for (const [k, v] of Object.entries(exp.values!)) {
      if (k in und) {
        expect(v, k).toBeNull();
        expect(und[k].length, k).toBeGreaterThan(20);
        expect(rec.values[k], k).toBeNull();
      } else expect(v, k).toBe(source.values![k]);
    }
    for (const k of ['year', 'template', 'failing_checks', 'narrative'] as const) expect(exp[k]).toEqual(source[k]);

    // Every number read points at the source line that prints it.
    const lines = text.toString('utf8').split('\n');
    for (const c of rec.cells.filter((c) => c.status === 'ok')) {
      expect(c.line, c.key).toBeGreaterThan(0);
      expect(c.path, c.key).toMatch(/^table\[\d+\]>tr\[\d+\]>td\[\d+\]$/);
      expect(lines[c.line! - 1], c.key).toContain(/^[+\-]?[\d.]+/.exec(c.raw)![0]);
    }
  });
});
