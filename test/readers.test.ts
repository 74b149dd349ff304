import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { IngestError, readBytes, sniffFormat } from '../src/ingest/index.js';
import { readHtml, readHtmlBytes } from '../src/ingest/html.js';
import { readText } from '../src/ingest/text/index.js';
import { tables, textLines, toGrid } from '../src/model/document.js';

describe('HTML reader', () => {
  it('resolves rowspan and colspan into grid slots', () => {
    const doc = readHtml(`<table>
      <tr><td rowspan="2">a</td><td colspan="2">b</td></tr>
      <tr><td>c</td><td>d</td></tr>
      <tr><td>e</td><td>f</td><td>g</td></tr></table>`);
    const [t] = tables(doc);
    expect([t.rows, t.cols]).toEqual([3, 3]);
    const g = toGrid(t).map((r) => r.map((c) => c?.text));
    expect(g).toEqual([
      ['a', 'b', 'b'],
      ['a', 'c', 'd'],
      ['e', 'f', 'g'],
    ]);
    expect(t.cells[2].prov.path).toBe('table[1]>tr[2]>td[1]');
  });

  it('joins Word-exported one-span-per-character text and keeps &nbsp; cells blank', () => {
    const doc = readHtml(`<p class=MsoNormal><span lang=EN-US>20</span><span lang=EN-US>23</span><span>年</span><o:p></o:p></p>
      <table><tr><td><p><span>本年新收</span><span>政府信息公开</span>
      <span>申请数量</span></p></td><td><p><span>1</span><span>2</span></p></td><td>&nbsp;</td></tr></table>`);
    expect(textLines(doc)[0].text).toBe('2023年');
    const cells = tables(doc)[0].cells.map((c) => c.text);
    expect(cells).toEqual(['本年新收政府信息公开申请数量', '12', '']);
  });

  it('skips scripts, styles and comments (Word conditional comments included)', () => {
    const doc = readHtml(`<style>p{}</style><!--[if gte mso 9]><xml>junk</xml><![endif]--><script>var a=1</script><p>正文</p>`);
    expect(textLines(doc).map((l) => l.text)).toEqual(['正文']);
  });

  it('decodes GBK declared only in a <meta> tag', () => {
    const html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>昌乐县人民政府</p></body></html>';
    const doc = readHtmlBytes(iconv.encode(html, 'gbk'));
    expect(textLines(doc)[0].text).toBe('昌乐县人民政府');
    expect(doc.messages.map((m) => m.message)).toEqual([]);
  });

  it('decodes undeclared GBK with a warning', () => {
    const doc = readHtmlBytes(iconv.encode('<html><body><p>政府信息公开工作年度报告</p></body></html>', 'gbk'));
    expect(textLines(doc)[0].text).toBe('政府信息公开工作年度报告');
    expect(doc.messages.map((m) => m.message)[0]).toMatch(/GB18030/);
  });

  it('takes the article container of a portal page and its title', () => {
    const doc = readHtml(`<html><head><meta name="ArticleTitle" content="某县2022年政府信息公开工作年度报告"></head>
      <body><div class="nav">首页 > 政府信息公开</div><div class="TRS_Editor"><p>一、总体情况</p><p>${'正文'.repeat(50)}</p></div><div>版权所有</div></body></html>`);
    const lines = textLines(doc).map((l) => l.text);
    expect(lines[0]).toBe('某县2022年政府信息公开工作年度报告');
    expect(lines).toContain('一、总体情况');
    expect(lines.join()).not.toMatch(/首页|版权所有/);
  });
});

describe('plain-text reader', () => {
  const doc = readText(readFileSync('corpus/real/changle_2020.txt'));

  it('finds the three flattened tables with their cells in order', () => {
    const ts = tables(doc);
    expect(ts).toHaveLength(3);
    expect(ts.every((t) => t.flat)).toBe(true);
    const t2 = ts[0].cells.map((c) => c.text);
    // A cell's text continues on short untabbed lines: 本年新 / 公开数量, 对外公开 / (blank) / 总数量.
    expect(t2.slice(0, 5)).toEqual(['第二十条第（一）项', '信息内容', '本年新制作数量', '本年新\n公开数量', '对外公开\n总数量']);
    expect(t2.slice(5, 9)).toEqual(['规章', '0', '0', '0']);
  });

  it('keeps line numbers as provenance', () => {
    const t3 = tables(doc)[1];
    const received = t3.cells.findIndex((c) => c.text === '一、本年新收政府信息公开申请数量');
    expect(t3.cells[received + 1]).toMatchObject({ text: '33', prov: { page: 1 } });
    expect(t3.cells[received + 1].prov.line).toBeGreaterThan(t3.cells[received].prov.line!);
  });

  it('keeps narrative sentences as lines', () => {
    expect(textLines(doc).some((l) => l.text.includes('主动公开政府信息12600余条'))).toBe(true);
  });

  it('reads label-then-numbers rows of a layout dump', () => {
    const d = readText(Buffer.from('三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量  33  3  0  0  0  0  36\n二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n'));
    expect(tables(d)[0].cells.map((c) => c.text).slice(0, 3)).toEqual(['一、本年新收政府信息公开申请数量', '33', '3']);
  });
});

describe('format sniffing and bad input', () => {
  it('sniffs by content, not name', () => {
    expect(sniffFormat(Buffer.from('%PDF-1.7\n'))).toBe('pdf');
    expect(sniffFormat(Buffer.from('<!DOCTYPE html><html>'))).toBe('html');
    expect(sniffFormat(Buffer.from('昌乐县人民政府'))).toBe('txt');
    expect(sniffFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]))).toBe('doc');
    expect(sniffFormat(Buffer.from([0, 1, 2, 3, 0, 0, 7, 8, 0, 0]))).toBe('unknown');
  });

  it('names the file and the reason', async () => {
    await expect(readBytes(Buffer.alloc(0), { path: 'x/empty.html' })).rejects.toThrow(/x\/empty\.html: empty file/);
    const e = await readBytes(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]), { path: 'a.doc' }).catch((x) => x);
    expect(e).toBeInstanceOf(IngestError);
    expect(e.code).toBe('unsupported_format');
    await expect(readBytes(Buffer.from('PK\u0003\u0004garbage word/ but not a zip'), { path: 'g.docx' })).rejects.toThrow(/g\.docx: not a readable DOCX/);
  });
});
