/**
 * The OCR reader against the scanned corpus (corpus/generated/scans, made by scripts/make-scans.sh):
 * every value of the 200 and 300 dpi scans, ≥ 99% at 150 dpi and bilevel with every wrong cell
 * flagged, the same table structure as the born-digital reader, images inside HTML and DOCX, a
 * garbage text layer, identity flags, a missing or damaged model, and no network.
 *
 * One worker pool (the process's) serves the whole file. Only page 1 gets the text pass (the title);
 * the other pages are read for their tables only, which keeps the file to about a minute on 2 cores.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { extractTables } from '../src/extractors/tables/index.js';
import { identities } from '../src/extractors/templates/identities.js';
import { IngestError, readBytes } from '../src/ingest/index.js';
import { readPdf } from '../src/ingest/pdf/index.js';
import { garbledShare, textLayerLooksGarbled } from '../src/ingest/ocr/garbled.js';
import { readOcrImage, readOcrPdf, shutdownOcr } from '../src/ingest/ocr/index.js';
import { OcrPool } from '../src/ingest/ocr/pool.js';
import { LOW_CONFIDENCE, tables, textLines, type Cell, type DocumentModel, type Table } from '../src/model/document.js';
import { evaluateIdentities } from '../src/validate/checks.js';
import { ocrIdentityFlags } from '../src/validate/ocr-flags.js';

const ROOT = path.resolve(__dirname, '..');
const SCANS = path.join(ROOT, 'corpus/generated/scans');
const bytes = (f: string) => new Uint8Array(readFileSync(path.join(SCANS, f)));
const expected = (f: string) => JSON.parse(readFileSync(path.join(SCANS, f.replace(/\.(pdf|html|docx)$/, '.expected.json')), 'utf8'));

afterAll(() => shutdownOcr());

interface Outcome {
  doc: DocumentModel;
  correct: number;
  total: number;
  /** Keys read wrong, and whether each is flagged (low confidence, failed identity or an OCR flag). */
  wrong: { key: string; got: number | null; want: number | null; flagged: boolean }[];
}

/** Reads a scan, extracts its tables and compares every expected value. */
async function check(file: string): Promise<Outcome> {
  const doc = file.endsWith('.pdf') ? await readOcrPdf(bytes(file), { path: file, text: [1] }) : await readBytes(bytes(file), { path: path.join(SCANS, file) });
  const exp = expected(file);
  const t = extractTables(doc);
  const checks = t.template === '2019' || t.template === '2021' ? evaluateIdentities(identities(t.template), t.values, t.statuses) : [];
  const ids = t.template === '2019' || t.template === '2021' ? identities(t.template) : [];
  const failedKeys = new Set(
    checks.filter((c) => c.status === 'fail').flatMap((c) => ids.filter((i) => i.rule === c.rule).flatMap((i) => [...i.left, ...i.right])),
  );
  const flags = ocrIdentityFlags({ template: t.template, values: t.values, cells: t.cells }).map((m) => m.message);
  const wrong: Outcome['wrong'] = [];
  let correct = 0;
  for (const [key, want] of Object.entries(exp.values as Record<string, number | null>)) {
    const got = t.values[key];
    if (got === want || (got !== null && want !== null && Math.abs(got - want) < 1e-6)) {
      correct++;
      continue;
    }
    const cell = t.cells.find((c) => c.key === key);
    const flagged = (cell?.confidence ?? 0) < LOW_CONFIDENCE || failedKeys.has(key) || flags.some((f) => f.includes(` ${key} `));
    wrong.push({ key, got: got ?? null, want, flagged });
  }
  return { doc, correct, total: Object.keys(exp.values).length, wrong };
}

/** Every table cell carries method 'ocr' and a confidence in 0..100. */
function expectOcrCells(doc: DocumentModel) {
  const cells = tables(doc).flatMap((t) => t.cells);
  expect(cells.length).toBeGreaterThan(100);
  for (const c of cells) {
    expect(c.method).toBe('ocr');
    expect(c.confidence).toBeGreaterThanOrEqual(0);
    expect(c.confidence).toBeLessThanOrEqual(100);
    expect(c.prov.bbox).toHaveLength(4);
  }
}

describe('scanned PDFs at 200 and 300 dpi: every value', () => {
  it.each([
    'a_county_2021.scan200.pdf',
    'a_county_2021.scan300_bilevel.pdf',
    'b_department_2019.scan300.pdf',
    'b_department_2019.scan200_seal.pdf',
    '002_hongze_district_2023.scan200.pdf',
    '002_hongze_district_2023.scan300_bilevel.pdf',
  ])('%s', async (file) => {
    const r = await check(file);
    expect(r.wrong).toEqual([]);
    expect(r.correct).toBe(r.total);
    expect(r.doc.method).toBe('ocr');
    expectOcrCells(r.doc);
  });
});

describe('scanned PDFs at 150 dpi and bilevel: at least 99%, every wrong cell flagged', () => {
  it.each(['a_county_2021.scan150.pdf', 'b_department_2019.scan150_bilevel.pdf'])('%s', async (file) => {
    const r = await check(file);
    expect(r.correct / r.total).toBeGreaterThanOrEqual(0.99);
    expect(r.wrong.filter((w) => !w.flagged)).toEqual([]);
    expectOcrCells(r.doc);
  });
});

describe('what the OCR reader gives besides the values', () => {
  it('builds the same tables (rows, columns, spans) as the born-digital PDF reader', async () => {
    const shape = (t: Table) => `${t.rows}x${t.cols} ${t.cells.map((c) => `${c.row},${c.col},${c.rowSpan},${c.colSpan}`).join(' ')}`;
    const born = await readPdf(new Uint8Array(readFileSync(path.join(ROOT, 'corpus/generated/pdf/b_department_2019.chromium.pdf'))), { path: 'b.pdf' });
    const scan = await readOcrPdf(bytes('b_department_2019.scan300.pdf'), { path: 'scan', text: false });
    expect(tables(scan).map(shape)).toEqual(tables(born).map(shape));
    // Provenance: PDF points, top-left origin, on the scanned page.
    const t3 = [...tables(scan)].sort((a, b) => b.cells.length - a.cells.length)[0];
    const [x0, y0, x1, y1] = t3.prov.bbox!;
    expect(x0).toBeGreaterThan(50);
    expect(x1).toBeLessThan(545);
    expect(y0).toBeGreaterThan(200);
    expect(y1).toBeGreaterThan(y0);
  });

  it('reads the title and the text outside tables into lines with boxes, and drops the red seal', async () => {
    const doc = await readOcrPdf(bytes('b_department_2019.scan200_seal.pdf'), { path: 'seal', text: [1, 3] });
    const lines = textLines(doc);
    expect(lines[0].text).toBe('澄州市市场监督管理局2020年政府信息公开工作年度报告');
    expect(lines[0].prov.page).toBe(1);
    expect(lines[0].prov.bbox![1]).toBeLessThan(120);
    const last = lines.filter((l) => l.prov.page === 3).map((l) => l.text);
    // The signature under the seal is read (the seal's own red text is dropped, not read as a
    // second signature); 澄, a rare character, is the one chi_sim may get wrong.
    expect(last.filter((l) => /市场监督管理局$/.test(l))).toHaveLength(1);
    expect(last).toContain('2021年1月25日');
  });

  it('reads a PDF whose text layer is garbage (an English OCR run over Chinese) by OCR, and says so', async () => {
    const doc = await readBytes(bytes('b_department_2019.junk_text_layer.pdf'), { path: 'junk.pdf' });
    expect(doc.method).toBe('ocr');
    expect(doc.messages.map((m) => m.message)[0]).toMatch(/text layer looks garbled/);
    expect(extractTables(doc).values['requests.received.total']).toBe(24);
  });

  it('OCRs the scanned page of a text PDF and puts its blocks in page order', async () => {
    const doc = await readBytes(bytes('b_department_2019.mixed.pdf'), { path: 'mixed.pdf' });
    expect(doc.method).toBe('text');
    expect(doc.messages.map((m) => m.message)).toContain('page 1 had no text layer (an image covers it): read by OCR');
    const pages = doc.blocks.map((b) => (b.kind === 'line' ? b.line.prov.page : b.table.prov.page));
    expect(pages).toEqual([...pages].sort((a, b) => a - b));
    const t = extractTables(doc);
    const exp = expected('b_department_2019.mixed.pdf');
    expect(Object.entries(exp.values).filter(([k, v]) => t.values[k] !== v)).toEqual([]);
    const methods = new Set(t.cells.map((c) => `${c.page}:${c.method}`));
    expect(methods.has('1:ocr') && methods.has('2:text')).toBe(true);
  });

  it('tells a garbled text layer from a real one', () => {
    expect(textLayerLooksGarbled('本报告根据《中华人民共和国政府信息公开条例》编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况等。')).toBe(false);
    // Text of a font whose ToUnicode maps to the wrong code points: rare ideographs and symbols.
    expect(garbledShare('龘靐齉爩麤龖¤§¨ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ')).toBeGreaterThan(0.9);
    expect(textLayerLooksGarbled('龘靐齉爩麤龖¤§¨ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäå')).toBe(true);
    expect(textLayerLooksGarbled('SItRVU) A Dl fABAS re slate] $F 8 BItRCO) A Di c BARR '.repeat(8))).toBe(true);
  });
});

describe('images inside HTML and DOCX, and image files', () => {
  it('OCRs an HTML page whose T3 is an <img> file and whose T4 is a data: URI, in place', async () => {
    const r = await check('a_county_2021.t3img.html');
    expect(r.wrong).toEqual([]);
    expect(r.doc.method).toBe('html');
    const [t2, t3, t4] = tables(r.doc);
    expect(t2.cells[0].method).toBeUndefined();
    // Provenance: the image's DOM path, numbered among the page's images.
    expect(t3.cells.every((c) => c.method === 'ocr' && /^body>.*>img\[1\]$/.test(c.prov.path!) && typeof c.confidence === 'number')).toBe(true);
    expect(t4.cells.every((c) => c.method === 'ocr' && /^body>.*>img\[2\]$/.test(c.prov.path!))).toBe(true);
    // In reading order: the T3 image sits between the section three heading and the section four heading.
    const order = r.doc.blocks.map((b) => (b.kind === 'table' ? 'T' : b.line.text.slice(0, 2)));
    expect(order.indexOf('三、')).toBeLessThan(order.indexOf('四、'));
    expect(r.doc.blocks.indexOf(r.doc.blocks.find((b) => b.kind === 'table' && b.table === t3)!)).toBeGreaterThan(order.indexOf('三、'));
  });

  it('OCRs the pictures embedded in a DOCX, in place', async () => {
    const r = await check('a_county_2021.pictures.docx');
    expect(r.wrong).toEqual([]);
    expect(r.doc.format).toBe('docx');
    expect(tables(r.doc).filter((t) => t.cells.some((c) => c.method === 'ocr'))).toHaveLength(2);
  });

  it('reads a PNG on its own (format image, method ocr)', async () => {
    const doc = await readBytes(bytes('a_county_2021.t3img.t3.png'), { path: 't3.png' });
    expect([doc.format, doc.method]).toEqual(['image', 'ocr']);
    const t = extractTables(doc);
    expect(t.values['requests.received.total']).toBe(61);
    expect(t.values['requests.not_handled.publication.research_institution']).toBeNull();
  });
});

describe('identity flags', () => {
  it('reports a reading that breaks an identity when its alternative satisfies it, without changing the value', () => {
    const cell = (text: string, row: number, col: number): Cell => ({ text, row, col, rowSpan: 1, colSpan: 1, prov: { page: 3, bbox: [100 + col * 30, 100 + row * 20, 130 + col * 30, 120 + row * 20] as [number, number, number, number] }, method: 'ocr' as const, confidence: 90 });
    const rows = [
      ['一、本年新收政府信息公开申请数量', '36'],
      ['二、上年结转政府信息公开申请数量', '2'],
      ['（七）总计', '36'],
      ['四、结转下年度继续办理', '4'],
    ];
    const cells = rows.flatMap(([l, v], r) => [cell(l, r, 0), cell(v, r, 1)]);
    // The first "36" was read with little confidence; the second pass read "38".
    cells[1].confidence = 61;
    cells[1].alternatives = [{ text: '38', confidence: 55 }];
    const rec = {
      template: '2021',
      values: { 'requests.received.total': 36, 'requests.carried_over.total': 2, 'requests.total.total': 36, 'requests.carried_forward.total': 4 },
      cells: [
        { key: 'requests.received.total', value: 36, raw: '36', status: 'ok', page: 3, bbox: cells[1].prov.bbox, method: 'ocr', confidence: 61, alternatives: cells[1].alternatives },
        { key: 'requests.carried_over.total', value: 2, raw: '2', status: 'ok', page: 3, bbox: cells[3].prov.bbox, method: 'ocr' },
        { key: 'requests.total.total', value: 36, raw: '36', status: 'ok', page: 3, bbox: cells[5].prov.bbox, method: 'ocr' },
        { key: 'requests.carried_forward.total', value: 4, raw: '4', status: 'ok', page: 3, bbox: cells[7].prov.bbox, method: 'ocr' },
      ],
    };
    expect(ocrIdentityFlags(rec as Parameters<typeof ocrIdentityFlags>[0])).toEqual([
      {
        level: 'warning',
        code: 'ocr_alternative',
        message: 'ocr: requests.received.total page 3 read "36" (conf 61), alternative "38" (conf 55) satisfies requests.balance.total',
        key: 'requests.received.total',
        page: 3,
        detail: '38',
      },
    ]);
    expect(rec.values['requests.received.total']).toBe(36);
  });

  it('the table reader carries a cell\'s alternative readings into the record', () => {
    const t4 = ['行政复议', '行政诉讼', ...Array.from({ length: 15 }, (_, i) => String(i))];
    const cells: Cell[] = t4.map((text, i) => ({ text, row: 0, col: i, rowSpan: 1, colSpan: 1, prov: { page: 2 }, method: 'ocr', confidence: 70 }));
    cells[2].alternatives = [{ text: '8', confidence: 40 }];
    const doc: DocumentModel = { format: 'pdf', method: 'ocr', pages: 2, blocks: [{ kind: 'table', table: { cells, rows: 1, cols: t4.length, prov: { page: 2 } } }], messages: [] };
    const read = extractTables(doc).cells;
    expect(read.find((c) => c.key === 'review.upheld')).toMatchObject({ value: 0, confidence: 70, alternatives: [{ text: '8', confidence: 40 }] });
    expect(read.find((c) => c.key === 'review.corrected')?.alternatives).toBeUndefined();
  });
});

describe('failures', () => {
  const png = () => bytes('a_county_2021.t3img.t3.png');

  it('a missing model is a clear IngestError, before any worker starts', async () => {
    const saved = process.env.NIANBAO_TESSDATA;
    process.env.NIANBAO_TESSDATA = mkdtempSync(path.join(tmpdir(), 'no-model-'));
    const pool = new OcrPool(1);
    try {
      const err = await readOcrImage(png(), { path: 'x.png', pool }).catch((e) => e);
      expect(err).toBeInstanceOf(IngestError);
      expect((err as IngestError).code).toBe('needs_ocr');
      expect((err as IngestError).message).toMatch(/OCR model (eng|chi_sim) not found at .*traineddata\.gz.*nothing is downloaded/);
    } finally {
      process.env.NIANBAO_TESSDATA = saved ?? '';
      if (saved === undefined) delete process.env.NIANBAO_TESSDATA;
      await pool.terminate();
    }
  });

  it('a damaged model is a clear IngestError too (not a hang)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bad-model-'));
    for (const l of ['eng', 'chi_sim']) writeFileSync(path.join(dir, `${l}.traineddata.gz`), 'not a model');
    const saved = process.env.NIANBAO_TESSDATA;
    process.env.NIANBAO_TESSDATA = dir;
    const pool = new OcrPool(1);
    try {
      const err = await readOcrImage(png(), { path: 'x.png', pool }).catch((e) => e);
      expect((err as IngestError).code).toBe('needs_ocr');
      expect((err as IngestError).message).toMatch(/damaged/);
    } finally {
      if (saved === undefined) delete process.env.NIANBAO_TESSDATA;
      else process.env.NIANBAO_TESSDATA = saved;
      await pool.terminate();
    }
  });

  it('an image that cannot be decoded is an IngestError, never a crash', async () => {
    // These headers crash @napi-rs/canvas's native decoders (SIGSEGV): they must not reach them.
    const code = async (b: number[] | Buffer) => ((await readOcrImage(new Uint8Array(b), { path: 'x' }).catch((e) => e)) as IngestError).code;
    expect(await code([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5, 6, 7, 8])).toBe('corrupt');
    expect(await code(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]))).toBe('corrupt');
    expect(await code(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 3)]))).toBe('corrupt');
    expect(await code([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0, 0, 0])).toBe('unsupported_format');
    // A truncated PNG still gives what it holds.
    const head = readFileSync(path.join(SCANS, 'a_county_2021.t3img.t3.png')).subarray(0, 60_000);
    const doc = await readOcrImage(new Uint8Array(head), { path: 'cut.png', text: false });
    expect(doc.format).toBe('image');
  });

  it('never touches the network (sockets, DNS and fetch all throw, in every thread)', async () => {
    // A child process whose every thread (tesseract's workers inherit the preload) has the network cut.
    const deny = `
      import net from 'node:net'; import tls from 'node:tls'; import dns from 'node:dns'; import http from 'node:http'; import https from 'node:https';
      const no = (what) => function () { process.stderr.write('NETWORK ACCESS: ' + what + '\\n'); throw new Error('network access: ' + what); };
      net.Socket.prototype.connect = no('net.Socket.connect'); net.connect = net.createConnection = no('net.connect');
      tls.connect = no('tls.connect'); dns.lookup = no('dns.lookup'); dns.resolve = no('dns.resolve');
      http.request = http.get = no('http'); https.request = https.get = no('https'); globalThis.fetch = no('fetch');`;
    const dir = mkdtempSync(path.join(tmpdir(), 'ocr-offline-'));
    const script = path.join(dir, 'run.mts');
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs';
       import { readBytes } from ${JSON.stringify(path.join(ROOT, 'src/ingest/index.ts'))};
       import { extractTables } from ${JSON.stringify(path.join(ROOT, 'src/extractors/tables/index.ts'))};
       import { shutdownOcr } from ${JSON.stringify(path.join(ROOT, 'src/ingest/ocr/index.ts'))};
       const doc = await readBytes(new Uint8Array(readFileSync(${JSON.stringify(path.join(SCANS, 'a_county_2021.t3img.t3.png'))})), { path: 't3.png' });
       console.log(JSON.stringify({ received: extractTables(doc).values['requests.received.total'], method: doc.method }));
       await shutdownOcr();`,
    );
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', '--import', `data:text/javascript,${encodeURIComponent(deny)}`, script],
      { cwd: ROOT, env: { ...process.env, NIANBAO_OCR_WORKERS: '2' }, timeout: 120_000 },
    );
    expect(stderr).not.toMatch(/NETWORK ACCESS/);
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ received: 61, method: 'ocr' });
  }, 150_000);
});
