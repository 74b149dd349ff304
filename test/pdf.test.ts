/**
 * The PDF reader: the three real reports against their hand-checked expected values, synthetic PDFs
 * for the layouts the real ones do not cover, and the failure modes.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { IngestError } from '../src/ingest/errors.js';
import { readPdf } from '../src/ingest/pdf/index.js';
import { isPageNumber } from '../src/ingest/pdf/furniture.js';
import { normalizeLine } from '../src/text/fold.js';
import { tables, textLines, toGrid, type Cell, type DocumentModel, type Table } from '../src/model/document.js';
import { buildPdf, cellTextDraw, gridLines, type Draw, type PageSpec } from '../scripts/pdf-synth.js';

const REAL = path.resolve(__dirname, '../corpus/real');
const BAD = path.resolve(__dirname, '../corpus/bad');

const COLS = ['natural_person', 'commercial_enterprise', 'research_institution', 'social_welfare_org', 'legal_service_org', 'other_org', 'total'];

/** T3 row keys by label; the first pattern that matches the row's innermost label wins. */
const T3_LABELS: [string, RegExp][] = [
  ['received', /本年新收/],
  ['carried_over', /上年结转/],
  ['disclosed', /予以公开/],
  ['partially_disclosed', /部分公开/],
  ['withheld.state_secret', /国家秘密/],
  ['withheld.prohibited_by_law', /其他法律行政/],
  ['withheld.security_stability', /三安全一稳定/],
  ['withheld.third_party_rights', /第三方合法权益/],
  ['withheld.internal_affairs', /内部事务/],
  ['withheld.process_information', /过程性信息/],
  ['withheld.enforcement_files', /行政执法案卷/],
  ['withheld.administrative_query', /行政查询/],
  ['unable.not_held', /不掌握/],
  ['unable.needs_creation', /另行制作/],
  ['unable.unclear_after_correction', /补正后/],
  ['not_handled.petition_complaint', /信访举报/],
  ['not_handled.duplicate', /重复申请/],
  ['not_handled.publication', /公开出版物/],
  ['not_handled.mass_repeated', /大量反复/],
  ['not_handled.confirm_reissue', /确认或重新出具/],
  ['other_handling.overdue_correction', /逾期不补正/],
  ['other_handling.unpaid_fee', /缴纳费用/],
  ['other_handling.other', /^3[、.．]其他$/],
  ['other_handling', /其他处理/],
  ['total', /总计/],
  ['carried_forward', /结转下年度/],
];

const T2_ROWS: [RegExp, string[]][] = [
  [/^规章$/, ['active.rules.issued', 'active.rules.repealed', 'active.rules.in_force']],
  [/^行政规范性文件$/, ['active.normative_documents.issued', 'active.normative_documents.repealed', 'active.normative_documents.in_force']],
  [/^行政许可$/, ['active.licensing.decisions']],
  [/^行政处罚$/, ['active.penalty.decisions']],
  [/^行政强制$/, ['active.coercion.decisions']],
  [/^行政事业性收费$/, ['active.fees.amount_10k_yuan']],
];

const T4_KEYS = ['review', 'litigation_direct', 'litigation_after_review'].flatMap((g) =>
  ['upheld', 'corrected', 'other', 'pending', 'total'].map((m) => `${g}.${m}`),
);

const squash = (s: string) => s.replace(/\s+/g, '');
const NUMBER = /^-?\d+(\.\d+)?$/;

interface Expected {
  year: number;
  issuer: { name: string };
  values: Record<string, number | null>;
}

interface Row {
  label: string;
  cells: Cell[];
}

/** The tables holding all the given snippets (whitespace ignored). */
function findTables(doc: DocumentModel, ...needles: string[]): Table[] {
  return tables(doc).filter((t) => {
    const all = squash(t.cells.map((c) => c.text).join('|'));
    return needles.every((n) => all.includes(n));
  });
}

/**
 * Rows of a table that carry data: the label is the innermost non-empty label cell starting in that
 * row (left of the first numeric column), the cells are those starting in that row at or right of it.
 */
function dataRows(t: Table): Row[] {
  const grid = toGrid(t);
  const firstData = Math.min(...t.cells.filter((c) => NUMBER.test(squash(c.text))).map((c) => c.col));
  const rows: Row[] = [];
  grid.forEach((slots, r) => {
    const starting = [...new Set(slots.filter((c): c is Cell => !!c && c.row === r))];
    const data = starting.filter((c) => c.col >= firstData);
    if (!data.some((c) => NUMBER.test(squash(c.text)))) return;
    const labels = starting.filter((c) => c.col < firstData && squash(c.text));
    const label = labels.length ? squash(labels[labels.length - 1].text) : '';
    rows.push({ label, cells: data.sort((a, b) => a.col - b.col) });
  });
  return rows;
}

function expectCellValue(cell: Cell | undefined, expected: number | null, key: string): void {
  expect(cell, key).toBeDefined();
  const text = squash(cell!.text);
  if (expected === null) {
    expect(text === '' || /^[-—–－/]$/.test(text), `${key}: expected blank, got "${text}"`).toBe(true);
  } else {
    expect(text, key).toMatch(NUMBER);
    expect(Number(text), key).toBe(expected);
  }
}

const PAGE_FOOTER = /^[-—–－\s]+\d+[-—–－\s]+$/;

describe.each([
  { file: '001_huaian_city_2024.pdf', t3Pages: [4, 5], t2Pages: [3, 4], subRows: true },
  { file: '002_hongze_district_2023.pdf', t3Pages: [3, 4], t2Pages: [2, 3], subRows: false },
  { file: '003_hongze_district_2024.pdf', t3Pages: [3, 4], t2Pages: [2, 3], subRows: false },
])('real report $file', ({ file, t3Pages, t2Pages, subRows }) => {
  let doc: DocumentModel;
  let expected: Expected;

  beforeAll(async () => {
    const data = new Uint8Array(readFileSync(path.join(REAL, file)));
    expected = JSON.parse(readFileSync(path.join(REAL, file.replace(/\.pdf$/, '.expected.json')), 'utf8'));
    doc = await readPdf(data, { path: file, timeoutMs: 60_000 });
  });

  it('is read as a PDF text layer', () => {
    expect(doc.format).toBe('pdf');
    expect(doc.method).toBe('text');
    expect(doc.pages).toBeGreaterThanOrEqual(5);
  });

  it('has T3 as one table stitched across the page break, rows in order, values as printed', () => {
    const t3s = findTables(doc, '本年新收', '结转下年度');
    expect(t3s).toHaveLength(1);
    const t3 = t3s[0];
    expect([...new Set(t3.cells.map((c) => c.prov.page))].sort()).toEqual(t3Pages);
    expect(t3.cols).toBe(10);

    const rows = dataRows(t3);
    const keys = rows.map((r) => T3_LABELS.find(([, re]) => re.test(r.label))?.[0] ?? `?${r.label}`);
    const order = T3_LABELS.map(([k]) => k).filter((k) => (subRows ? k !== 'other_handling' : !k.startsWith('other_handling.')));
    expect(keys).toEqual(order);

    for (const [i, row] of rows.entries()) {
      expect(row.cells, keys[i]).toHaveLength(7);
      row.cells.forEach((cell, c) => {
        const key = `requests.${keys[i]}.${COLS[c]}`;
        expectCellValue(cell, expected.values[key], key);
      });
    }
    // The label columns: group cells span their rows and carry no numbers of their own.
    const grid = toGrid(t3);
    const group = grid.flat().find((c) => c && squash(c.text).includes('本年度办理结果'));
    expect(group?.rowSpan).toBe(subRows ? 22 : 20);
    const unable = grid.flat().find((c) => c && /^（四）无法提供$/.test(squash(c.text)));
    expect(unable?.rowSpan).toBe(3);
  });

  it('has the T4 numbers in their 15 cells', () => {
    const [t4] = findTables(doc, '行政复议', '未经复议直接起诉');
    expect(t4).toBeDefined();
    const rows = dataRows(t4);
    expect(rows).toHaveLength(1);
    expect(rows[0].cells).toHaveLength(15);
    rows[0].cells.forEach((cell, i) => expectCellValue(cell, expected.values[T4_KEYS[i]], T4_KEYS[i]));
  });

  it('has T2 as one table across its page break, with every value', () => {
    const t2s = findTables(doc, '本年制发件数', '行政事业性收费');
    expect(t2s).toHaveLength(1);
    expect([...new Set(t2s[0].cells.map((c) => c.prov.page))].sort()).toEqual(t2Pages);
    const rows = dataRows(t2s[0]);
    for (const [re, keys] of T2_ROWS) {
      const row = rows.find((r) => re.test(r.label));
      expect(row, String(re)).toBeDefined();
      expect(row!.cells.map((c) => c.text).filter((t) => t !== '')).toHaveLength(keys.length);
      keys.forEach((key, i) => expectCellValue(row!.cells[i], expected.values[key], key));
    }
  });

  it('keeps page numbers out of cells and lines; every cell is placed on its page', () => {
    for (const t of tables(doc)) {
      for (const c of t.cells) {
        expect(c.text).not.toMatch(PAGE_FOOTER);
        expect(c.prov.page).toBeGreaterThanOrEqual(1);
        expect(c.prov.page).toBeLessThanOrEqual(doc.pages);
        const [x0, y0, x1, y1] = c.prov.bbox!;
        expect(x0).toBeLessThan(x1);
        expect(y0).toBeLessThan(y1);
        expect(x0).toBeGreaterThanOrEqual(0);
        expect(y0).toBeGreaterThanOrEqual(0);
        expect(x1).toBeLessThanOrEqual(595);
        expect(y1).toBeLessThanOrEqual(842);
      }
    }
    for (const l of textLines(doc)) {
      expect(l.text).not.toMatch(PAGE_FOOTER);
      const [, y0, , y1] = l.prov.bbox!;
      expect(y0).toBeGreaterThanOrEqual(0);
      expect(y1).toBeLessThanOrEqual(842);
    }
  });

  it('reads the issuer and year in the opening lines, radicals normalised', () => {
    const head = textLines(doc)
      .slice(0, 3)
      .map((l) => squash(l.text))
      .join('');
    expect(head).toContain(expected.issuer.name);
    expect(head).toContain(`${expected.year}年政府信息公开工作年度报告`);
    const everything = JSON.stringify(doc.blocks);
    expect(everything).not.toMatch(/[\u2E80-\u2EFF\u2F00-\u2FDF]/u);
  });

  it('places blocks in reading order: headings before their tables', () => {
    const texts = doc.blocks.map((b) => (b.kind === 'line' ? squash(b.line.text) : `[table:${squash(b.table.cells[0].text)}]`));
    const heading = texts.findIndex((t) => t.startsWith('三、收到和处理政府信息公开申请情况'));
    expect(heading).toBeGreaterThan(0);
    expect(texts[heading + 1]).toMatch(/^\[table:（本列数据的勾稽关系/);
  });
});

describe('page furniture', () => {
  it('recognises page numbers in their usual dress, and nothing else', () => {
    for (const t of ['- 4 -', '— 5 —', '－12－', '4', '第 3 页', '第3页 共6页', '共 6 页 第 3 页', '3/6', 'Page 2 of 9']) {
      expect(isPageNumber(t), t).toBe(true);
    }
    for (const t of ['2024年', '一、总体情况', '- 4 - 附件', '12345']) expect(isPageNumber(t), t).toBe(false);
  });
});

describe('vertical text and odd encodings', () => {
  it('reads Identity-V group labels (pdf.js text layer drops them) as one cell text', async () => {
    const data = new Uint8Array(readFileSync(path.join(REAL, '003_hongze_district_2024.pdf')));
    const doc = await readPdf(data, { path: '003' });
    const [t3] = findTables(doc, '本年新收');
    expect(t3.cells.some((c) => c.text === '三、本年度办理结果')).toBe(true);
  });

  it('joins characters stacked one per line into one label (001)', async () => {
    const data = new Uint8Array(readFileSync(path.join(REAL, '001_huaian_city_2024.pdf')));
    const doc = await readPdf(data, { path: '001' });
    const [t3] = findTables(doc, '本年新收');
    expect(t3.cells.some((c) => c.text === '三、本年度办理结果')).toBe(true);
  });

  it('normalises Kangxi radicals and CJK Radicals Supplement characters', async () => {
    expect(normalizeLine('⼈⺠政府 ⻓江 ⻔户 ⻅⻋')).toBe('人民政府长江门户见车');
    expect(normalizeLine('（一） 予以 公开')).toBe('（一）予以公开');
    const doc = await readPdf(
      buildPdf([{ width: 595, height: 842, draw: [{ t: 'text', x: 100, y: 100, size: 16, text: '洪泽区人民政府', font: 'kangxi' }] }]),
      { path: 'kangxi.pdf' },
    );
    expect(textLines(doc).map((l) => l.text)).toEqual(['洪泽区人民政府']);
  });

  it('reads a synthetic vertical font run drawn one glyph per Tj under a mirrored matrix', async () => {
    const doc = await readPdf(
      buildPdf([
        {
          width: 595,
          height: 842,
          draw: [...gridLines([100, 130, 300], [100, 200]), { t: 'text', x: 115, y: 110, size: 10, text: '本年度办理结果', font: 'vert' }, cellTextDraw(130, 100, 300, 200, '7')],
        },
      ]),
      { path: 'vertical.pdf' },
    );
    const [t] = tables(doc);
    expect(toGrid(t).map((r) => r.map((c) => c?.text))).toEqual([['本年度办理结果', '7']]);
  });

  it('reads non-embedded CJK fonts through pdf.js cMaps', async () => {
    const doc = await readPdf(
      buildPdf([{ width: 595, height: 842, draw: [{ t: 'text', x: 72, y: 100, size: 12, text: '本年新收政府信息公开申请数量', font: 'song' }] }]),
      { path: 'cmap.pdf' },
    );
    expect(textLines(doc).map((l) => l.text)).toEqual(['本年新收政府信息公开申请数量']);
  });
});

/** A 3-column table with a 2-row label spanning cell, on the given page geometry. */
function spanTable(x: number, y: number, opts: { bars?: boolean } = {}): Draw[] {
  const xs = [x, x + 150, x + 230, x + 310];
  const ys = [y, y + 24, y + 48, y + 72];
  return [
    // Row 0: header across columns 1-2; rows 1-2: label in column 0 spans both rows.
    ...gridLines(xs, ys, { bars: opts.bars, skipV: [[2, 0]], skipH: [[2, 0]] }),
    cellTextDraw(xs[0], ys[0], xs[1], ys[1], '信息内容', 'song'),
    cellTextDraw(xs[1], ys[0], xs[3], ys[1], '本年处理决定数量', 'song'),
    cellTextDraw(xs[0], ys[1], xs[1], ys[3], '行政处罚', 'song'),
    cellTextDraw(xs[1], ys[1], xs[2], ys[2], '4119'),
    cellTextDraw(xs[2], ys[1], xs[3], ys[2], '12'),
    cellTextDraw(xs[1], ys[2], xs[2], ys[3], '195'),
    // (row 2, column 2) is left blank: it must come out as an empty cell.
  ];
}

const SPAN_GRID = [
  ['信息内容', '本年处理决定数量', '本年处理决定数量'],
  ['行政处罚', '4119', '12'],
  ['行政处罚', '195', ''],
];

describe('table geometry', () => {
  it('rebuilds spans from stroked rules, keeps blank cells', async () => {
    const doc = await readPdf(buildPdf([{ width: 595, height: 842, draw: spanTable(80, 100) }]), { path: 'rules.pdf' });
    const [t] = tables(doc);
    expect(toGrid(t).map((r) => r.map((c) => c?.text))).toEqual(SPAN_GRID);
    const label = t.cells.find((c) => c.text === '行政处罚')!;
    expect([label.row, label.col, label.rowSpan, label.colSpan]).toEqual([1, 0, 2, 1]);
    expect(t.cells.find((c) => c.text === '本年处理决定数量')!.colSpan).toBe(2);
    expect(t.cells.filter((c) => c.text === '')).toHaveLength(1);
  });

  it('rebuilds the same grid from thin filled bars with gaps at the joints (Chrome style)', async () => {
    const doc = await readPdf(buildPdf([{ width: 595, height: 842, draw: spanTable(80, 100, { bars: true }) }]), { path: 'bars.pdf' });
    const [t] = tables(doc);
    expect(toGrid(t).map((r) => r.map((c) => c?.text))).toEqual(SPAN_GRID);
  });

  it('works on a landscape page (/Rotate 90): boxes in the displayed page', async () => {
    const doc = await readPdf(
      buildPdf([
        {
          width: 842,
          height: 595,
          rotate: 90,
          draw: [{ t: 'text', x: 80, y: 80, size: 14, text: '四、政府信息公开行政复议、行政诉讼情况', font: 'song' }, ...spanTable(420, 300)],
        },
      ]),
      { path: 'landscape.pdf' },
    );
    expect(doc.blocks.map((b) => b.kind)).toEqual(['line', 'table']);
    const [line] = textLines(doc);
    expect(line.text).toBe('四、政府信息公开行政复议、行政诉讼情况');
    expect(line.prov.bbox![0]).toBeCloseTo(80, 0);
    const [t] = tables(doc);
    expect(toGrid(t).map((r) => r.map((c) => c?.text))).toEqual(SPAN_GRID);
    const [x0, y0, x1, y1] = t.prov.bbox!;
    expect([x0, y0, x1, y1].map(Math.round)).toEqual([420, 300, 730, 372]);
    for (const c of t.cells) {
      expect(c.prov.bbox![2]).toBeLessThanOrEqual(842);
      expect(c.prov.bbox![3]).toBeLessThanOrEqual(595);
    }
  });

  it('falls back to text columns when a table has no rules', async () => {
    const rows = [
      ['信息内容', '本年制发件数', '本年废止件数', '现行有效件数'],
      ['规章', '0', '0', '11'],
      ['行政规范性文件', '8', '26', '66'],
    ];
    const draw: Draw[] = [{ t: 'text', x: 72, y: 80, size: 12, text: '二、主动公开政府信息情况', font: 'song' }];
    rows.forEach((row, r) =>
      row.forEach((text, c) => draw.push({ t: 'text', x: 72 + c * 120, y: 120 + r * 22, size: 10, text, font: /\d/.test(text) ? 'helv' : 'song' })),
    );
    const doc = await readPdf(buildPdf([{ width: 595, height: 842, draw }]), { path: 'unruled.pdf' });
    expect(textLines(doc).map((l) => l.text)).toEqual(['二、主动公开政府信息情况']);
    const [t] = tables(doc);
    expect(toGrid(t).map((r) => r.map((c) => c?.text))).toEqual(rows);
  });
});

/** A T3-like table cut by a page break, with page footers between the pieces. */
function splitTablePages(opts: { repeatHeader: boolean; footers: [string, string]; caption?: string }): PageSpec[] {
  const xs = [60, 100, 180, 300, 380, 460];
  const header = ['', '', '', '自然人', '总计'];
  const pageRows = (labels: string[], values: [string, string][], y0: number, top: boolean) => {
    const ys = Array.from({ length: labels.length + 1 }, (_, i) => y0 + i * 24);
    const draw: Draw[] = [];
    // Column 0 and 1 hold group labels spanning every row of this piece: no inner horizontals there.
    const skipH: [number, number][] = [];
    for (let yi = 1; yi < labels.length; yi++) skipH.push([yi, 0], [yi, 1]);
    // The cut group cells are open at the page break, as word processors draw them.
    if (!top) skipH.push([0, 0], [0, 1]);
    draw.push(...gridLines(xs, ys, { skipH, skipV: [] }));
    labels.forEach((label, i) => {
      draw.push(cellTextDraw(xs[2], ys[i], xs[3], ys[i + 1], label, 'song'));
      draw.push(cellTextDraw(xs[3], ys[i], xs[4], ys[i + 1], values[i][0]));
      draw.push(cellTextDraw(xs[4], ys[i], xs[5], ys[i + 1], values[i][1]));
    });
    return { draw, ys };
  };
  const p1 = pageRows(['1.属于国家秘密', '2.其他法律', '3.危及'], [['1', '1'], ['0', '0'], ['2', '2']], 600, true);
  p1.draw.push(cellTextDraw(xs[0], 600, xs[1], 672, '三、', 'song'), cellTextDraw(xs[1], 600, xs[2], 672, '（三）不', 'song'));
  const p2 = pageRows(['4.保护第三方', '5.属于三类'], [['3', '3'], ['', '4']], opts.repeatHeader ? 124 : 100, false);
  p2.draw.push(cellTextDraw(xs[1], p2.ys[0], xs[2], p2.ys[2], '予公开', 'song'));
  if (opts.repeatHeader) {
    // A repeated header row above the continuation.
    p2.draw.push(...gridLines(xs, [100, 124]), ...header.map((h, i) => cellTextDraw(xs[i], 100, xs[i + 1], 124, h, 'song')));
    p1.draw.push(...gridLines(xs, [576, 600]), ...header.map((h, i) => cellTextDraw(xs[i], 576, xs[i + 1], 600, h, 'song')));
  }
  if (opts.caption) p2.draw.push({ t: 'text', x: 60, y: 94, size: 10, text: opts.caption, font: 'song' });
  const footer = (text: string): Draw => ({ t: 'text', x: 280, y: 810, size: 10, text, font: /[^\x00-\x7f]/.test(text) ? 'song' : 'helv' });
  return [
    { width: 595, height: 842, draw: [{ t: 'text', x: 72, y: 540, size: 12, text: '三、收到和处理政府信息公开申请情况', font: 'song' }, ...p1.draw, footer(opts.footers[0])] },
    { width: 595, height: 842, draw: [...p2.draw, footer(opts.footers[1]), { t: 'text', x: 72, y: 300, size: 12, text: '四、政府信息公开行政复议、行政诉讼情况', font: 'song' }] },
  ];
}

describe('tables across pages', () => {
  it('stitches a table continued after a page footer, re-joining cut cells', async () => {
    const doc = await readPdf(buildPdf(splitTablePages({ repeatHeader: false, footers: ['- 4 -', '— 5 —'] })), { path: 'split.pdf' });
    const ts = tables(doc);
    expect(ts).toHaveLength(1);
    const t = ts[0];
    expect([t.rows, t.cols]).toEqual([5, 5]);
    const grid = toGrid(t).map((r) => r.map((c) => c?.text));
    expect(grid).toEqual([
      ['三、', '（三）不\n予公开', '1.属于国家秘密', '1', '1'],
      ['三、', '（三）不\n予公开', '2.其他法律', '0', '0'],
      ['三、', '（三）不\n予公开', '3.危及', '2', '2'],
      ['三、', '（三）不\n予公开', '4.保护第三方', '3', '3'],
      ['三、', '（三）不\n予公开', '5.属于三类', '', '4'],
    ]);
    expect(t.cells.find((c) => c.text === '4.保护第三方')!.prov.page).toBe(2);
    const lines = textLines(doc).map((l) => l.text);
    expect(lines).toEqual(['三、收到和处理政府信息公开申请情况', '四、政府信息公开行政复议、行政诉讼情况']);
  });

  it('stitches across a 续表 caption, which goes', async () => {
    const doc = await readPdf(buildPdf(splitTablePages({ repeatHeader: false, footers: ['- 4 -', '- 5 -'], caption: '续表' })), { path: 'caption.pdf' });
    expect(tables(doc)).toHaveLength(1);
    expect(tables(doc)[0].rows).toBe(5);
    expect(textLines(doc).map((l) => l.text)).not.toContain('续表');
  });

  it('drops a header repeated on the continuation page', async () => {
    const doc = await readPdf(buildPdf(splitTablePages({ repeatHeader: true, footers: ['第 4 页', '第 5 页'] })), { path: 'split-header.pdf' });
    const ts = tables(doc);
    expect(ts).toHaveLength(1);
    const texts = ts[0].cells.map((c) => c.text);
    expect(texts.filter((t) => t === '自然人')).toHaveLength(1);
    expect(texts).toContain('5.属于三类');
    expect(ts[0].rows).toBe(6);
  });

  it('drops a repeated header block with spans', async () => {
    const xs = [60, 260, 360, 460];
    const headerBlock = (y: number): Draw[] => [
      // "项目" spans both header rows; "申请人情况" spans the two data columns.
      ...gridLines(xs, [y, y + 20, y + 40], { skipV: [[2, 0]], skipH: [[1, 0]] }),
      cellTextDraw(xs[0], y, xs[1], y + 40, '项目', 'song'),
      cellTextDraw(xs[1], y, xs[3], y + 20, '申请人情况', 'song'),
      cellTextDraw(xs[1], y + 20, xs[2], y + 40, '自然人', 'song'),
      cellTextDraw(xs[2], y + 20, xs[3], y + 40, '总计', 'song'),
    ];
    const body = (y: number, rows: [string, string, string][]): Draw[] => [
      ...gridLines(xs, rows.map((_, i) => y + i * 20).concat(y + rows.length * 20)),
      ...rows.flatMap(([l, a, b], i) => [
        cellTextDraw(xs[0], y + i * 20, xs[1], y + i * 20 + 20, l, 'song'),
        cellTextDraw(xs[1], y + i * 20, xs[2], y + i * 20 + 20, a),
        cellTextDraw(xs[2], y + i * 20, xs[3], y + i * 20 + 20, b),
      ]),
    ];
    const doc = await readPdf(
      buildPdf([
        { width: 595, height: 842, draw: [...headerBlock(700), ...body(740, [['一、本年新收', '5', '5'], ['二、上年结转', '1', '1']])] },
        { width: 595, height: 842, draw: [...headerBlock(80), ...body(120, [['四、结转下年度', '0', '0']])] },
      ]),
      { path: 'repeated-block.pdf' },
    );
    const [t] = tables(doc);
    expect(tables(doc)).toHaveLength(1);
    expect(toGrid(t).map((r) => r.map((c) => c?.text))).toEqual([
      ['项目', '申请人情况', '申请人情况'],
      ['项目', '自然人', '总计'],
      ['一、本年新收', '5', '5'],
      ['二、上年结转', '1', '1'],
      ['四、结转下年度', '0', '0'],
    ]);
  });

  it('does not stitch tables with different columns', async () => {
    const pages: PageSpec[] = [
      { width: 595, height: 842, draw: [...gridLines([60, 200, 400], [700, 730, 760]), cellTextDraw(60, 700, 200, 730, 'a')] },
      { width: 595, height: 842, draw: [...gridLines([60, 120, 250, 300, 400], [100, 130, 160]), cellTextDraw(60, 100, 120, 130, 'b')] },
    ];
    const doc = await readPdf(buildPdf(pages), { path: 'two-tables.pdf' });
    expect(tables(doc)).toHaveLength(2);
  });
});

describe('documents that cannot be read', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'nianbao-pdf-'));

  async function codeOf(p: Promise<unknown>): Promise<string> {
    try {
      await p;
    } catch (err) {
      expect(err).toBeInstanceOf(IngestError);
      return (err as IngestError).code;
    }
    return 'no error';
  }

  it('rejects a truncated PDF as corrupt, with pdf.js reason', async () => {
    const whole = readFileSync(path.join(REAL, '002_hongze_district_2023.pdf'));
    const file = path.join(tmp, 'half.pdf');
    writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const err = await readPdf(new Uint8Array(readFileSync(file)), { path: file }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).code).toBe('corrupt');
    expect((err as IngestError).message).toMatch(/half\.pdf: .*(Invalid PDF|pdf\.js)/);
  });

  it('rejects what is not a PDF, and an empty file', async () => {
    expect(await codeOf(readPdf(new TextEncoder().encode('<html>not a pdf</html>'), { path: 'x.pdf' }))).toBe('unsupported_format');
    expect(await codeOf(readPdf(new Uint8Array(0), { path: 'empty.pdf' }))).toBe('empty');
    expect(await codeOf(readPdf(new TextEncoder().encode('%PDF-1.4\ngarbage\n'), { path: 'junk.pdf' }))).toBe('corrupt');
  });

  it('asks for OCR when there is no text layer (drawing only, image only)', async () => {
    const drawing = buildPdf([{ width: 595, height: 842, draw: gridLines([60, 200, 400], [100, 130, 160]) }]);
    const err = await readPdf(drawing, { path: 'drawing.pdf' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).code).toBe('needs_ocr');
    expect((err as IngestError).message).toBe('drawing.pdf: no text layer on 1 of 1 pages; OCR is needed');

    const scan = buildPdf([
      { width: 595, height: 842, draw: [{ t: 'text', x: 72, y: 100, size: 12, text: 'cover page' }] },
      { width: 595, height: 842, draw: [{ t: 'image', x: 0, y: 0, w: 595, h: 842 }] },
    ]);
    const err2 = await readPdf(scan, { path: 'scan.pdf' }).catch((e: unknown) => e);
    expect((err2 as IngestError).code).toBe('needs_ocr');
    expect((err2 as IngestError).message).toBe('scan.pdf: no text layer on 1 of 2 pages; OCR is needed');
  });

  it('treats text that decodes only to private-use code points as no text layer', async () => {
    const garbage = buildPdf([{ width: 595, height: 842, draw: [{ t: 'text', x: 100, y: 100, size: 16, text: '\uE001\uE002\uE003\uE004', font: 'kangxi' }] }]);
    expect(await codeOf(readPdf(garbage, { path: 'pua.pdf' }))).toBe('needs_ocr');
  });

  it('reads the text pages when a single page (the sealed signature page) is a scan', async () => {
    const text = (s: string): PageSpec => ({ width: 595, height: 842, draw: [{ t: 'text', x: 72, y: 100, size: 12, text: s }] });
    const doc = await readPdf(
      buildPdf([text('one'), text('two'), text('three'), { width: 595, height: 842, draw: [{ t: 'image', x: 0, y: 0, w: 595, h: 842 }] }]),
      { path: 'sealed.pdf' },
    );
    expect(textLines(doc).map((l) => l.text)).toEqual(['one', 'two', 'three']);
    expect(doc.messages.map((m) => m.message)).toEqual(['page 4 has no text layer (an image covers it): OCR would be needed to read it']);
  });

  it('tolerates a blank page among text pages', async () => {
    const doc = await readPdf(
      buildPdf([
        { width: 595, height: 842, draw: [{ t: 'text', x: 72, y: 100, size: 12, text: 'page one' }] },
        { width: 595, height: 842, draw: [] },
      ]),
      { path: 'blank.pdf' },
    );
    expect(doc.pages).toBe(2);
    expect(doc.messages.map((m) => m.message)).toEqual(['page 2 has no text']);
  });

  it('rejects a PDF with a user password as encrypted, opens one with an empty user password', async () => {
    const locked = new Uint8Array(readFileSync(path.join(BAD, 'encrypted_user_password.pdf')));
    expect(await codeOf(readPdf(locked, { path: 'locked.pdf' }))).toBe('encrypted');
    const open = new Uint8Array(readFileSync(path.join(BAD, 'encrypted_owner_only.pdf')));
    const doc = await readPdf(open, { path: 'owner-only.pdf' });
    expect(textLines(doc).map((l) => l.text)).toEqual(['加密测试文档', 'Encrypted test document (synthetic)']);
  });

  it('enforces the timeout and leaves pdf.js usable afterwards', async () => {
    const data = new Uint8Array(readFileSync(path.join(REAL, '001_huaian_city_2024.pdf')));
    const err = await readPdf(data, { path: '001', timeoutMs: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect((err as IngestError).code).toBe('timeout');
    expect((err as IngestError).message).toMatch(/^001: .*5 ms/);
    // The caller's buffer is not detached, and the next document reads normally.
    expect(data.byteLength).toBeGreaterThan(0);
    const doc = await readPdf(data, { path: '001' });
    expect(findTables(doc, '本年新收')).toHaveLength(1);
  });

  it('does not leave workers or handles behind after failures', async () => {
    const before = process.getActiveResourcesInfo().length;
    const truncated = readFileSync(path.join(REAL, '003_hongze_district_2024.pdf')).subarray(0, 50_000);
    for (let i = 0; i < 5; i++) {
      await readPdf(new Uint8Array(truncated), { path: 't.pdf' }).catch(() => undefined);
      await readPdf(new Uint8Array(readFileSync(path.join(BAD, 'encrypted_user_password.pdf'))), { path: 'e.pdf' }).catch(() => undefined);
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(process.getActiveResourcesInfo().length).toBeLessThanOrEqual(before);
  });
});
