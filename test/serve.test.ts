/**
 * The comparison page's API (src/serve, issue 13) on a dataset built here from corpus documents:
 * 洪泽区 2023 and 2024 (PDF, 320813), 淮安市 2024 (PDF, 320800), 昌乐县 2020 (text), a township's
 * portal page (HTML, no region code) and a copy of it with hostile text in a cell. Every route is
 * called in-process with app.request(); values are compared with the hand-checked *.expected.json.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runExtract } from '../src/cli/extract.js';
import { exportFiles } from '../src/dataset/export.js';
import { SqliteStore } from '../src/dataset/sqlite.js';
import type { ReportRecord } from '../src/model/record.js';
import { buildServeDataset, DOCS, expected, HOSTILE, HOSTILE_KEY, type Doc, type Records } from './support/serve-dataset.js';
import { createApp } from '../src/serve/app.js';
import { addCorrection, listCorrections, reviewCorrections } from '../src/serve/corrections.js';
import { tableHtml } from '../src/serve/html.js';
import { evaluate, MEASURES, measureById } from '../src/serve/measures.js';
import { serve } from '../src/serve/index.js';
import { renderPagePng } from '../src/serve/page-image.js';


let dir: string;
let store: SqliteStore;
let recs: Records;
const id = (d: Doc | 'hostile') => recs[d].source.sha256;

/** GET as JSON, asserting the status. */
async function get<T = any>(app: ReturnType<typeof createApp>, path: string, status = 200): Promise<T> {
  const res = await app.request(path);
  const body = await res.json();
  expect(res.status, `${path}: ${JSON.stringify(body).slice(0, 300)}`).toBe(status);
  return body as T;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-serve-'));
  store = new SqliteStore(join(dir, 'nianbao.sqlite'));
  recs = await buildServeDataset(store, dir);
}, 120_000);

afterAll(async () => {
  await store?.close();
});

describe('GET /api/search', () => {
  it('finds 洪泽区 by part of its name, its full name, its code, its city\'s code prefix and its city\'s name', async () => {
    const app = createApp(store);
    for (const q of ['洪泽', '洪泽区', '320813', '3208', '淮安市']) {
      const { results } = await get(app, `/api/search?q=${encodeURIComponent(q)}`);
      const hz = results.find((r: any) => r.region_code === '320813');
      expect(hz, q).toMatchObject({ region_name: '洪泽区', province: '江苏省', city: '淮安市' });
      // The two years are one issuer although the printed names differ (洪泽区人民政府, 淮安市洪泽区人民政府).
      expect(hz.issuers, q).toHaveLength(1);
      expect(hz.issuers[0]).toMatchObject({ issuer_type: 'government', years: [2023, 2024] });
      expect(hz.issuers[0].names).toEqual(['洪泽区人民政府', '淮安市洪泽区人民政府']);
    }
    const city = (await get(app, '/api/search?q=3208')).results.map((r: any) => r.region_code);
    expect(city.sort()).toEqual(['320800', '320813']);
    expect((await get(app, '/api/search?q=320813')).results.map((r: any) => r.region_code)).toEqual(['320813']);
    expect((await get(app, '/api/search?q=昌乐')).results.map((r: any) => r.region_code)).toEqual(['370725']);
    // An issuer without a region code is still found by name, under a null region.
    const township = (await get(app, `/api/search?q=${encodeURIComponent('石桥镇')}`)).results;
    expect(township).toMatchObject([{ region_code: null, issuers: [{ issuer_name: '青禾县石桥镇人民政府', years: [2021] }] }]);
    // LIKE wildcards are literal; an empty query is refused.
    expect((await get(app, '/api/search?q=%25')).results).toEqual([]);
    await get(app, '/api/search?q=', 400);
  });
});

describe('GET /api/region/:code', () => {
  it('gives every year\'s T2/T3/T4 values as the hand-checked expected values, with the reports they came from', async () => {
    const page = await get(createApp(store), '/api/region/320813');
    expect(page).toMatchObject({ region_code: '320813', region_name: '洪泽区', city: '淮安市' });
    expect(page.issuers).toHaveLength(1);
    const years = page.issuers[0].years;
    expect(years.map((y: any) => y.year)).toEqual([2023, 2024]);
    for (const [i, doc] of (['hz2023', 'hz2024'] as const).entries()) {
      const y = years[i];
      expect(y.reports).toEqual([
        { report_id: id(doc), path: DOCS[doc], format: 'pdf', url: null, template: '2021', n_checks_failed: recs[doc].checks.filter((c) => c.status === 'fail').length, n_errors: expect.any(Number), primary: true },
      ]);
      const exp = expected(doc).values;
      const got = Object.fromEntries(Object.entries(y.values as Record<string, { value: number | null }>).map(([k, v]) => [k, v.value]));
      expect(got).toEqual(exp);
    }
  });

  it('gives the change on the year before and the failed checks with their cells', async () => {
    const page = await get(createApp(store), '/api/region/320813');
    const [y2023, y2024] = page.issuers[0].years;
    expect(y2023.values['requests.received.total'].change).toBeNull();
    expect(y2024.values['requests.received.total'].change).toEqual({ previous_year: 2023, previous: 21, delta: 74, pct: round(74 / 21) });
    // 2023 prints T4 review 总计 0 beside non-zero parts: the failed identity names its cells.
    const review = y2023.failed_checks.find((f: any) => f.rule === 'reviews.group_sum.review');
    expect(review.keys).toEqual(['review.total', 'review.upheld', 'review.corrected', 'review.other', 'review.pending']);
    expect(y2023.values['review.total'].failed_checks).toContain('reviews.group_sum.review');
    expect(y2023.values['requests.received.total'].failed_checks).toEqual([]);
    expect(y2023.values['requests.received.total']).toMatchObject({ low_confidence: false, unreadable: false, correction: null, differs: [] });
    await get(createApp(store), '/api/region/999999', 404);
    await get(createApp(store), '/api/region/32081', 400);
  });

  it('marks unreadable and low-confidence cells', async () => {
    // A copy of 昌乐县's record under another id and region, with one cell unreadable and one read by OCR at confidence 42.
    const rec: ReportRecord = structuredClone(recs.changle);
    rec.source.sha256 = 'f'.repeat(64);
    rec.source.path = 'elsewhere/changle-copy.txt';
    rec.issuer = { ...rec.issuer, region_code: '110101', region_name: '东城区', province: '北京市', city: '北京市' };
    const [a, b] = ['requests.received.total', 'requests.disclosed.total'].map((k) => rec.cells.filter((c) => c.key === k).pop()!);
    Object.assign(a, { status: 'unreadable', value: null, raw: '3б' });
    rec.values[a.key] = null;
    Object.assign(b, { method: 'ocr', confidence: 42 });
    await store.put(rec);
    try {
      const y = (await get(createApp(store), '/api/region/110101')).issuers[0].years[0];
      expect(y.values[a.key]).toMatchObject({ value: null, status: 'unreadable', unreadable: true, low_confidence: false, raw: '3б' });
      expect(y.values[b.key]).toMatchObject({ unreadable: false, low_confidence: true, confidence: 42, method: 'ocr' });
      const r = await get(createApp(store), '/api/compare?regions=110101&measure=requests_received');
      expect(r.series[0].points).toEqual([{ year: 2020, report_id: 'f'.repeat(64), value: null, reason: `value: ${a.key} is unreadable` }]);
    } finally {
      for (const t of ['reports', 'report_values', 'checks', 'narrative', 'errors', 'sources']) await store.query(`DELETE FROM ${t} WHERE report_id = ?`, ['f'.repeat(64)]);
    }
  });
});

const round = (x: number) => Math.round(x * 1e6) / 1e6;

describe('measures', () => {
  it('are defined once, with their formulas as text', async () => {
    const { measures } = await get(createApp(store), '/api/measures');
    expect(measures.map((m: any) => m.id)).toEqual(MEASURES.map((m) => m.id));
    const by = (i: string) => measures.find((m: any) => m.id === i);
    expect(by('requests_received').formula).toBe('requests.received.total');
    expect(by('requests_disclosed').formula).toBe('requests.disclosed.total');
    expect(by('review_total').formula).toBe('review.total');
    expect(by('disclosure_rate').formula).toBe('(requests.disclosed.total + requests.partially_disclosed.total) / requests.total.total');
    expect(by('review_correction_rate').formula).toBe('review.corrected / review.total');
    expect(by('refusal_rate').formula).toMatch(/^\(requests\.withheld\.state_secret\.total \+ .* \+ requests\.withheld\.administrative_query\.total\) \/ requests\.total\.total$/);
    expect(by('refusal_rate').numerator).toHaveLength(8);
    expect(by('unable_share').numerator).toEqual(['requests.unable.not_held.total', 'requests.unable.needs_creation.total', 'requests.unable.unclear_after_correction.total']);
    expect(by('litigation_per_100').formula).toBe('(litigation_direct.total + litigation_after_review.total) / requests.total.total × 100');
  });

  it('give null with a reason for a blank, unreadable, unprinted or zero denominator, never 0', () => {
    const m = measureById('review_correction_rate')!;
    const st = (total: { value: number | null; status: string } | undefined) => (k: string) =>
      k === 'review.total' ? total : { value: 1, status: 'ok' };
    expect(evaluate(m, st({ value: 0, status: 'ok' }))).toEqual({ value: null, reason: 'denominator is 0: review.total = 0' });
    expect(evaluate(m, st({ value: null, status: 'blank' }))).toEqual({ value: null, reason: 'denominator: review.total is blank' });
    expect(evaluate(m, st({ value: null, status: 'unreadable' }))).toEqual({ value: null, reason: 'denominator: review.total is unreadable' });
    expect(evaluate(m, st({ value: null, status: 'absent' }))).toEqual({ value: null, reason: 'denominator: review.total was not printed' });
    expect(evaluate(m, st(undefined)).value).toBeNull();
    expect(evaluate(m, st({ value: 4, status: 'ok' }))).toEqual({ value: 0.25 });
    // Blank parts of a sum count as 0 beside a number (as the identity checks do), and say so.
    const d = measureById('disclosure_rate')!;
    const vals: Record<string, { value: number | null; status: string }> = {
      'requests.disclosed.total': { value: 3, status: 'ok' }, 'requests.partially_disclosed.total': { value: null, status: 'blank' }, 'requests.total.total': { value: 4, status: 'ok' },
    };
    expect(evaluate(d, (k) => vals[k])).toEqual({ value: 0.75, note: 'blank taken as 0: requests.partially_disclosed.total' });
  });
});

describe('GET /api/compare', () => {
  it('gives one series per region and issuer, a point per year', async () => {
    const app = createApp(store);
    const r = await get(app, '/api/compare?regions=320813,370725&measure=requests_received&from=2023&to=2024');
    expect(r.series).toHaveLength(2);
    expect(r.series[0]).toMatchObject({ region_code: '320813', issuer_name: '淮安市洪泽区人民政府' });
    expect(r.series[0].points).toEqual([
      { year: 2023, report_id: id('hz2023'), value: expected('hz2023').values['requests.received.total'] },
      { year: 2024, report_id: id('hz2024'), value: expected('hz2024').values['requests.received.total'] },
    ]);
    expect(r.series[1].points).toEqual([
      { year: 2023, report_id: null, value: null, reason: 'no report of this year in the dataset' },
      { year: 2024, report_id: null, value: null, reason: 'no report of this year in the dataset' },
    ]);
  });

  it('gives a ratio over a zero denominator as null with the reason', async () => {
    const r = await get(createApp(store), '/api/compare?regions=320813&measure=review_correction_rate&from=2023&to=2024');
    const [p2023, p2024] = r.series[0].points;
    // 洪泽区 2023 prints 行政复议 总计 0.
    expect(expected('hz2023').values['review.total']).toBe(0);
    expect(p2023).toEqual({ year: 2023, report_id: id('hz2023'), value: null, reason: 'denominator is 0: review.total = 0' });
    const e = expected('hz2024').values;
    expect(p2024.value).toBe(round(e['review.corrected']! / e['review.total']!));
    const rate = await get(createApp(store), '/api/compare?regions=320813&measure=disclosure_rate&from=2024&to=2024');
    expect(rate.series[0].points[0].value).toBe(round((e['requests.disclosed.total']! + e['requests.partially_disclosed.total']!) / e['requests.total.total']!));
  });

  it('refuses bad parameters', async () => {
    const app = createApp(store);
    await get(app, '/api/compare?regions=320813&measure=nope', 400);
    await get(app, '/api/compare?regions=3208x3&measure=requests_received', 400);
    await get(app, '/api/compare?measure=requests_received', 400);
    await get(app, '/api/compare?regions=320813&measure=requests_received&from=2025&to=2024', 400);
  });
});

describe('GET /api/ranking', () => {
  it('sorts the regions of a city (within=3208) or a list, largest first, with ranks', async () => {
    const app = createApp(store);
    const e = (d: Doc) => expected(d).values['requests.received.total'];
    const within = await get(app, '/api/ranking?measure=requests_received&year=2024&within=3208');
    expect(within.rows.map((r: any) => [r.rank, r.region_code, r.value])).toEqual([
      [1, '320800', e('huaian')],
      [2, '320813', e('hz2024')],
    ]);
    const listed = await get(app, '/api/ranking?measure=requests_received&year=2024&regions=320813,320800');
    expect(listed.rows.map((r: any) => r.region_code)).toEqual(['320800', '320813']);
    // A year without a value ranks last with its reason and no rank.
    const zero = await get(app, '/api/ranking?measure=review_correction_rate&year=2023&within=32');
    expect(zero.rows).toEqual([expect.objectContaining({ region_code: '320813', rank: null, value: null, reason: 'denominator is 0: review.total = 0' })]);
    await get(app, '/api/ranking?measure=requests_received&year=2024', 400);
    // within=all: the national ranking, every region with a code (the township without one is left out, as by any prefix).
    const national = await get(app, '/api/ranking?measure=requests_received&year=2024&within=all');
    expect(national.rows).toEqual(within.rows);
    expect((await get(app, '/api/ranking?measure=requests_received&year=2021&within=all')).rows).toEqual([]);
    await get(app, '/api/ranking?measure=requests_received&year=2024&within=al', 400);
  });
});

describe('GET /api/source/:report_id/:key', () => {
  it('gives a PDF cell\'s provenance as the record has it, the checks it is in, and its page image', async () => {
    const app = createApp(store);
    const key = 'requests.received.total';
    const cell = recs.hz2024.cells.filter((c) => c.key === key).pop()!;
    const s = await get(app, `/api/source/${id('hz2024')}/${key}`);
    expect(s.cell).toEqual(cell);
    expect(s.view).toEqual({ kind: 'pdf', page: cell.page, image_url: `/api/page/${id('hz2024')}/${cell.page}.png`, dpi: 110, bbox: cell.bbox });
    expect(s.source).toEqual({ path: DOCS.hz2024, format: 'pdf', url: null, pages: recs.hz2024.source.pages });
    expect(s.checks.map((c: any) => c.rule)).toEqual(['requests.balance.total', 'requests.row_sum.received']);
    expect(s.checks.every((c: any) => c.status === 'pass')).toBe(true);
    const failing = await get(app, `/api/source/${id('hz2023')}/review.total`);
    expect(failing.checks).toEqual([expect.objectContaining({ rule: 'reviews.group_sum.review', status: 'fail' })]);
    await get(app, `/api/source/${id('hz2024')}/no.such_key`, 404);
    await get(app, `/api/source/${'0'.repeat(64)}/${key}`, 404);
    await get(app, `/api/source/..%2F..%2Fetc/${key}`, 400);
  });

  it('renders the PDF page as a PNG of page size at 110 dpi, cached', async () => {
    const app = createApp(store);
    const path = `/api/page/${id('hz2024')}/3.png`;
    const t0 = Date.now();
    const res = await app.request(path);
    const first = Date.now() - t0;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    // An A4 page (595 × 842 pt) at 110 dpi.
    expect(Math.abs(w - (595 * 110) / 72)).toBeLessThan(15);
    expect(Math.abs(h - (842 * 110) / 72)).toBeLessThan(15);
    const t1 = Date.now();
    const again = Buffer.from(await (await app.request(path)).arrayBuffer());
    expect(again.equals(png)).toBe(true);
    expect(Date.now() - t1).toBeLessThanOrEqual(first);
    await get(app, `/api/page/${id('hz2024')}/99.png`, 404);
    await get(app, `/api/page/${id('changle')}/1.png`, 404);
    // Its resolution, by which the client places a cell's box.
    expect(await get(app, `/api/page/${id('hz2024')}/3.json`)).toEqual({ page: 3, dpi: 110 });
  });

  it('renders a page too large for 110 dpi smaller, and says at what resolution', async () => {
    // A 5000 × 4000 pt poster: 110 dpi would be 58 million pixels.
    const body = 'BT /F1 200 Tf 100 3000 Td (poster) Tj ET';
    const pdf = Buffer.from(
      `%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n` +
        `3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 5000 4000] /Contents 4 0 R /Resources <</Font <</F1 5 0 R>>>>>> endobj\n` +
        `4 0 obj <</Length ${body.length}>> stream\n${body}\nendstream endobj\n5 0 obj <</Type /Font /Subtype /Type1 /BaseFont /Helvetica>> endobj\n` +
        `trailer <</Root 1 0 R>>\n%%EOF\n`,
      'latin1',
    );
    const { png, dpi } = await renderPagePng(pdf, 'poster.pdf', 1);
    expect(dpi).toBeLessThan(110);
    const [w, h] = [png.readUInt32BE(16), png.readUInt32BE(20)];
    expect(Math.abs(w - (5000 * dpi) / 72)).toBeLessThanOrEqual(1);
    expect(Math.abs(h - (4000 * dpi) / 72)).toBeLessThanOrEqual(1);
    expect(w * h).toBeLessThanOrEqual(12e6 + w + h);
  });

  it('rebuilds an HTML table from the document with the cell highlighted, its text the record\'s raw', async () => {
    const app = createApp(store);
    const key = 'requests.received.total';
    const cell = recs.township.cells.filter((c) => c.key === key).pop()!;
    const s = await get(app, `/api/source/${id('township')}/${key}`);
    expect(s.view.kind).toBe('table');
    expect(s.view.stale).toBe(false);
    expect(s.view.hit_text).toBe(cell.raw);
    expect(s.view.cells.filter((c: any) => c.hit)).toEqual([expect.objectContaining({ text: cell.raw })]);
    expect(s.view.html).toContain(`class="nb-hit" id="nb-hit">${cell.raw}</td>`);
    // A plain-text source: the cell found by its line.
    const t = await get(app, `/api/source/${id('changle')}/${key}`);
    expect(t.view.kind).toBe('table');
    expect(t.view.hit_text.trim()).toBe(recs.changle.cells.filter((c) => c.key === key).pop()!.raw);
  });

  it('escapes hostile text in the source table', async () => {
    const s = await get(createApp(store), `/api/source/${id('hostile')}/${HOSTILE_KEY}`);
    expect(s.view.kind).toBe('table');
    expect(s.view.cells.filter((c: any) => c.text.includes(HOSTILE))).toHaveLength(1);
    expect(s.view.html).not.toMatch(/<script|<img|onerror=alert\(2\)>/i);
    expect(s.view.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(s.view.hit_text).toBe(recs.hostile.cells.filter((c) => c.key === HOSTILE_KEY).pop()!.raw);
    // The renderer on its own: quotes too, so nothing leaves a cell or an attribute.
    const html = tableHtml({
      rows: 1, cols: 2, prov: { page: 1 },
      cells: [
        { text: '"><script>alert(1)</script>', row: 0, col: 0, rowSpan: 1, colSpan: 1, prov: { page: 1 } },
        { text: "<img src=x onerror='alert(1)'>&", row: 0, col: 1, rowSpan: 1, colSpan: 1, prov: { page: 1 } },
      ],
    });
    expect(html).toBe(
      '<table class="nb-source">\n<tr><td data-row="0" data-col="0">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</td>' +
        '<td data-row="0" data-col="1">&lt;img src=x onerror=&#39;alert(1)&#39;&gt;&amp;</td></tr>\n</table>',
    );
  });
});

describe('corrections', () => {
  const KEY = 'requests.received.total';
  const post = (app: ReturnType<typeof createApp>, body: object, headers: Record<string, string> = {}) =>
    app.request('/api/corrections', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('refuses without the edit token when one is set, and always when read-only', async () => {
    const body = { report_id: id('hz2024'), key: KEY, value: 96, reason: 'test', who: 'test' };
    const guarded = createApp(store, { editToken: 'sekret' });
    expect((await post(guarded, body)).status).toBe(403);
    expect((await post(guarded, body, { 'X-Edit-Token': 'wrong!' })).status).toBe(403);
    expect((await post(createApp(store, { readOnly: true }), body)).status).toBe(403);
    expect((await guarded.request('/api/corrections', { method: 'POST', headers: { 'X-Edit-Token': 'sekret' }, body: 'a=b' })).status).toBe(415);
    expect((await post(guarded, { ...body, reason: '' }, { 'X-Edit-Token': 'sekret' })).status).toBe(400);
    expect((await post(guarded, { ...body, key: 'requests.nothing.total' }, { 'X-Edit-Token': 'sekret' })).status).toBe(404);
    expect((await get(guarded, `/api/corrections?report_id=${id('hz2024')}`)).corrections).toEqual([]);
  });

  it('round trip: stored beside the extraction, superseded by a second one, flagged after a re-read changes the value, exported', async () => {
    const app = createApp(store, { editToken: 'sekret' });
    const extracted = expected('hz2024').values[KEY];
    const first = await post(app, { report_id: id('hz2024'), key: KEY, value: 96, reason: 'p.3 prints 96', who: 'ann' }, { 'X-Edit-Token': 'sekret' });
    expect(first.status).toBe(201);
    const c1 = (await first.json()).correction;
    expect(c1).toMatchObject({ report_id: id('hz2024'), key: KEY, extracted_value: extracted, corrected_value: 96, superseded_by: null, needs_review: false });
    // The CLI's short id works too.
    const second = await post(app, { report_id: id('hz2024').slice(0, 16), key: KEY, value: 97, reason: 'recounted', who: 'bo' }, { 'X-Edit-Token': 'sekret' });
    const c2 = (await second.json()).correction;
    expect(c2.id).toBe(c1.id + 1);

    const current = (await get(app, `/api/corrections?report_id=${id('hz2024')}`)).corrections;
    expect(current).toEqual([expect.objectContaining({ id: c2.id, corrected_value: 97, reason: 'recounted', who: 'bo' })]);
    const all = (await get(app, `/api/corrections?report_id=${id('hz2024')}&all=1`)).corrections;
    expect(all.map((c: any) => [c.id, c.superseded_by])).toEqual([[c1.id, c2.id], [c2.id, null]]);

    // Shown beside the extracted value; the measures compute with it.
    const page = await get(app, '/api/region/320813');
    const v = page.issuers[0].years[1].values[KEY];
    expect(v).toMatchObject({ value: extracted, effective_value: 97, correction: { id: c2.id, corrected_value: 97, reason: 'recounted', needs_review: false } });
    const cmp = await get(app, '/api/compare?regions=320813&measure=requests_received&from=2024&to=2024');
    expect(cmp.series[0].points[0]).toMatchObject({ value: 97, note: `corrected by hand: ${KEY}` });
    expect((await get(app, `/api/source/${id('hz2024')}/${KEY}`)).corrections).toHaveLength(2);

    // values.csv: value as extracted, the correction after it.
    const out = mkdtempSync(join(tmpdir(), 'nianbao-serve-out-'));
    await exportFiles(store, out);
    const rows = parse(readFileSync(join(out, 'values.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]).slice(-3)).toEqual(['page', 'corrected_value', 'correction_reason']);
    const row = rows.find((r) => r.report_id === id('hz2024') && r.key === KEY)!;
    expect(row).toMatchObject({ value: String(extracted), corrected_value: '97', correction_reason: 'recounted' });
    expect(rows.find((r) => r.report_id === id('hz2023') && r.key === KEY)).toMatchObject({ corrected_value: '', correction_reason: '' });

    // Nothing changed: nothing flagged. A re-read that gives another value: flagged, and shown so.
    expect(await reviewCorrections(store)).toEqual([]);
    await store.query(`UPDATE report_values SET value = ? WHERE report_id = ? AND key = ?`, [extracted! + 1, id('hz2024'), KEY]);
    const flagged = await reviewCorrections(store);
    expect(flagged.map((c) => c.id)).toEqual([c2.id]);
    expect((await get(app, `/api/corrections?report_id=${id('hz2024')}`)).corrections[0].needs_review).toBe(true);
    expect(await reviewCorrections(store)).toEqual([]); // flagged once
    await store.query(`UPDATE report_values SET value = ? WHERE report_id = ? AND key = ?`, [extracted, id('hz2024'), KEY]);
  });
});

describe('nianbao extract and the corrections', () => {
  const KEY = 'requests.received.total';

  it('keeps a correction through a re-extraction, and flags it (and says so) when the value read is not the one it was made against', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nianbao-serve-extract-'));
    const doc = join(out, 'changle_2020.txt');
    copyFileSync(DOCS.changle, doc);
    await runExtract([doc], { out, jobs: 1, quiet: true });
    const open = () => new SqliteStore(join(out, 'nianbao.sqlite'));
    let ds = open();
    const c = await addCorrection(ds, { report_id: id('changle'), key: KEY, value: 1234, reason: 'p.2 prints 1234', who: 'ann' });
    expect(c.extracted_value).toBe(recs.changle.values[KEY]);
    await ds.close();
    const printed: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (printed.push(String(s)), true));
    try {
      // Read again, the same value: the correction is still there, not flagged.
      await runExtract([doc], { out, jobs: 1, quiet: true, force: true });
      ds = open();
      expect(await listCorrections(ds)).toEqual([expect.objectContaining({ id: c.id, corrected_value: 1234, needs_review: false })]);
      expect(printed.join('')).not.toMatch(/flagged/);
      // As if the correction had been made against an older reading: this run reads another value, so it is flagged.
      await ds.query(`UPDATE corrections SET extracted_value = ? WHERE id = ?`, [(c.extracted_value ?? 0) + 1, c.id]);
      await ds.close();
      await runExtract([doc], { out, jobs: 1, quiet: true, force: true });
      expect(printed.join('')).toMatch(/^1 correction\(s\) flagged for review/m);
      ds = open();
      expect(await listCorrections(ds)).toEqual([expect.objectContaining({ id: c.id, corrected_value: 1234, needs_review: true })]);
      const rows = parse(readFileSync(join(out, 'values.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
      expect(rows.find((r) => r.key === KEY)).toMatchObject({ corrected_value: '1234', correction_reason: 'p.2 prints 1234' });
    } finally {
      stderr.mockRestore();
      await ds.close();
    }
  });
});

describe('every response', () => {
  it('carries a Content-Security-Policy without inline scripts, errors and 404s included', async () => {
    const app = createApp(store);
    for (const path of ['/api/measures', '/api/nothing', '/api/search?q=', `/api/page/${id('hz2024')}/2.png`]) {
      const res = await app.request(path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const res = await app.request('/api/nothing');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('is served on 127.0.0.1, port 0 picking a free port', async () => {
    const lines: string[] = [];
    const running = await serve({ store, port: 0, log: (l) => lines.push(l) });
    try {
      expect(running.url).toBe(`http://127.0.0.1:${running.port}/`);
      expect(lines).toContain(running.url);
      const res = await fetch(`${running.url}api/measures`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    } finally {
      await running.close();
    }
  });
});
