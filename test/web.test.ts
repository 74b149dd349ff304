/**
 * The comparison page (web/, issue 13) in real headless Chromium (playwright-core, /usr/bin/chromium)
 * against `serve` on 127.0.0.1, over a dataset built here as test/serve.test.ts builds it: 洪泽区 2023
 * and 2024 (PDF), 淮安市 2024 (PDF), 昌乐县 2020 (text) and a township's portal page with a hostile copy.
 * The page is built by vite into a temporary folder first (the server is given that folder).
 *
 * NIANBAO_SCREENSHOTS=1 also writes the screenshots of the README (docs/screenshots/*.png).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/dataset/sqlite.js';
import type { ReportRecord } from '../src/model/record.js';
import { buildServeDataset, DOCS, expected, HOSTILE, HOSTILE_KEY, type Doc, type Records } from './support/serve-dataset.js';
import { createApp, serve, type Running } from '../src/serve/index.js';

const CHROMIUM = process.env.NIANBAO_CHROMIUM ?? '/usr/bin/chromium';
const SHOTS = process.env.NIANBAO_SCREENSHOTS ? 'docs/screenshots' : undefined;
const TOKEN = 'sekret-edit-token';


let dir: string;
let store: SqliteStore;
let running: Running;
let browser: Browser;
let base: string;
let recs: Records;
const id = (d: Doc | 'hostile') => recs[d].source.sha256;

/** Everything the pages said that a test should see: CSP violations, uncaught errors, dialogs. */
const problems = { csp: [] as string[], errors: [] as string[], dialogs: [] as string[] };

async function newPage(width = 1280, height = 860): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true, locale: 'zh-CN' });
  // Playwright's init script is not a page script: the CSP does not apply to it.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const w = window as unknown as { __csp?: string[] };
      (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) problems.csp.push(m.text());
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.errors.push(m.text());
  });
  page.on('pageerror', (e) => problems.errors.push(e.message));
  page.on('dialog', (d) => {
    problems.dialogs.push(d.message());
    void d.dismiss();
  });
  return { context, page };
}

/** Opens a view and waits for it to have rendered (main.ts sets body[data-ready] after each render). */
async function open(page: Page, hash: string): Promise<void> {
  const before = await page.evaluate(() => document.body?.dataset.ready ?? '').catch(() => '');
  await page.goto(`${base}${hash}`);
  await page.waitForFunction((b) => !!document.body.dataset.ready && document.body.dataset.ready !== b, before);
}

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}

async function shot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

const numberOf = (text: string) => Number(text.replace(/[,\s]/g, ''));

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium fonts-noto-cjk (see .ci/run)`);
  dir = mkdtempSync(join(tmpdir(), 'nianbao-web-'));
  // The page, built by vite into a folder of this test's own (dist/web/ may be in use by a running server).
  const webRoot = join(dir, 'web');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--outDir', webRoot, '--emptyOutDir'], { stdio: 'pipe' });
  store = new SqliteStore(join(dir, 'nianbao.sqlite'));
  recs = await buildServeDataset(store, dir, { hostileIssuer: true });
  running = await serve({ store, port: 0, host: '127.0.0.1', webRoot, editToken: TOKEN, log: () => {} });
  base = running.url.replace(/\/$/, '');
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await running?.close();
  await store?.close();
});

describe('the page in Chromium', () => {
  it('imports nothing of src/ at run time (types only: the page is built on its own)', () => {
    const dirWeb = 'web/src';
    for (const f of readdirSync(dirWeb).filter((n) => n.endsWith('.ts'))) {
      const imports = [...readFileSync(join(dirWeb, f), 'utf8').matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)];
      for (const [, type, spec] of imports) if (spec.includes('/src/')) expect(type, `${f} imports ${spec}`).toBeTruthy();
    }
  });

  it('is served by the API server: index.html and hashed assets with their types, the CSP, no path from the request', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    // No inline script or style: every script and stylesheet is a file of its own.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=/i);
    const js = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
    const asset = await fetch(`${base}${js}`);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    // Without a build, / says how to make one (the API still works).
    const bare = createApp(store, { webRoot: join(dir, 'nothing-built') });
    const unbuilt = await bare.request('/');
    expect(unbuilt.status).toBe(503);
    expect(await unbuilt.text()).toContain('npm run build');
    expect((await bare.request('/api/measures')).status).toBe(200);
    for (const p of ['/assets/..%2F..%2Fpackage.json', '/assets/../package.json', '/package.json', '/assets/nothing.js']) {
      expect((await fetch(`${base}${p}`)).status, p).toBe(404);
    }
  });

  it('search: 洪泽 finds 洪泽区 with its years; a click opens the region page', async () => {
    const { context, page } = await newPage();
    try {
      await open(page, '/');
      await page.fill('input[name=q]', '洪泽');
      await page.press('input[name=q]', 'Enter');
      const hz = page.locator('.result[data-code="320813"]');
      await hz.waitFor();
      expect(await hz.locator('.region-link').textContent()).toContain('洪泽区');
      expect(await hz.locator('.year').allTextContents()).toEqual(['2023', '2024']);
      expect(page.url()).toContain('#/search?q=');
      await shot(page, 'search');
      // A code prefix finds the city and the district.
      await open(page, '/#/search?q=3208');
      expect((await page.locator('.result').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).sort()).toEqual(['320800', '320813']);
      await open(page, '/#/search?q=洪泽');
      await page.click('.result[data-code="320813"] a.region-link');
      await page.waitForSelector('table.values');
      expect(page.url()).toMatch(/#\/region\/320813$/);
    } finally {
      await context.close();
    }
  });

  it('region page: every value of both years as the hand-checked expected values, with the change and the failed check marked', async () => {
    const { context, page } = await newPage();
    try {
      await open(page, '/#/region/320813');
      await page.waitForSelector('table.values');
      expect(await page.locator('h1').textContent()).toContain('洪泽区');
      const shown = await page.locator('table.values td[data-key]').evaluateAll((tds) =>
        tds.map((td) => ({ key: td.getAttribute('data-key')!, year: Number(td.getAttribute('data-year')), text: td.querySelector('.val')?.textContent ?? '', cls: td.className })),
      );
      for (const doc of ['hz2023', 'hz2024'] as const) {
        const { year, values } = expected(doc);
        const cells = new Map(shown.filter((s) => s.year === year).map((s) => [s.key, s]));
        for (const [key, v] of Object.entries(values)) {
          const cell = cells.get(key);
          expect(cell, `${year} ${key}`).toBeDefined();
          if (v === null) expect(['—', '不适用', '未印'], `${year} ${key}`).toContain(cell!.text);
          else expect(numberOf(cell!.text), `${year} ${key}`).toBe(v);
        }
      }
      // Read off the expected files by eye: 95 requests received in 2024, 21 in 2023; 9,487 licensing decisions in 2024.
      const cell = (key: string, year: number) => page.locator(`td[data-key="${key}"][data-year="${year}"]`);
      expect(await cell('requests.received.total', 2024).locator('.val').textContent()).toBe('95');
      expect(await cell('requests.received.total', 2023).locator('.val').textContent()).toBe('21');
      expect(await cell('active.licensing.decisions', 2024).locator('.val').textContent()).toBe('9,487');
      expect(await cell('requests.received.total', 2024).locator('.chg').textContent()).toBe('+74 (+352.4%)');
      // 2023 prints T4 review 总计 0 beside non-zero parts: the failed identity is marked on the cell.
      expect(await cell('review.total', 2023).getAttribute('class')).toContain('fail');
      expect(await cell('requests.received.total', 2023).getAttribute('class')).not.toContain('fail');
      expect(await page.locator('details.failed').textContent()).toContain('reviews.group_sum.review');
      // The documents each year came from.
      expect(await page.locator('tr.docs').textContent()).toContain('002_hongze_district_2023.pdf');
      expect(await page.locator('tr.docs').textContent()).toContain('003_hongze_district_2024.pdf');
      await shot(page, 'region');
      expect(await cspViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('region page: several issuers of one region listed apart; a low-confidence OCR cell marked, its source showing confidence and alternatives', async () => {
    // Two copies of 昌乐县's record under 东城区 (110101): its government and a department, one cell read by OCR at confidence 42.
    const key = 'requests.disclosed.total';
    for (const [n, name, type] of [['d', '东城区人民政府', 'government'], ['e', '东城区财政局', 'department']] as const) {
      const rec: ReportRecord = structuredClone(recs.changle);
      rec.source.sha256 = n.repeat(64);
      // A file of its own: a path holds one report (an edited file replaces the report it held).
      rec.source.path = join(dir, `dongcheng-${n}.txt`);
      copyFileSync(DOCS.changle, rec.source.path);
      rec.issuer = { ...rec.issuer, name, type, region_code: '110101', region_name: '东城区', province: '北京市', city: '北京市' };
      if (n === 'e') Object.assign(rec.cells.filter((c) => c.key === key).pop()!, { method: 'ocr', confidence: 42, alternatives: [{ text: '36', confidence: 30 }] });
      await store.put(rec);
    }
    const { context, page } = await newPage();
    try {
      await open(page, '/#/region/110101');
      expect((await page.locator('section.issuer-block h2').allTextContents()).sort()).toEqual(['东城区人民政府本级政府', '东城区财政局部门']);
      const block = (name: string) => page.locator('section.issuer-block').filter({ has: page.locator('h2', { hasText: name }) });
      const [gov, dept] = [block('东城区人民政府'), block('东城区财政局')];
      const cell = (b: typeof gov) => b.locator(`td[data-key="${key}"][data-year="2020"]`);
      expect(await cell(gov).getAttribute('class')).not.toContain('lowconf');
      expect(await cell(dept).getAttribute('class')).toContain('lowconf');
      expect(await cell(dept).locator('.mark-ocr').textContent()).toBe('OCR 42');
      expect(numberOf((await cell(dept).locator('.val').textContent())!)).toBe(expected('changle').values[key]);
      await cell(dept).locator('a.val').click();
      await page.waitForSelector('.ocr');
      expect(await page.locator('.ocr').textContent()).toContain('42');
      expect(await page.locator('.ocr li').allTextContents()).toEqual(['36 (30)']);
      expect(await cspViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('compare: a line per region, the table beside it, a ratio without a value shows its reason (never 0), PNG/SVG/CSV downloads', async () => {
    const { context, page } = await newPage();
    try {
      // The permalink form with a query string reopens the same view.
      await page.goto(`${base}/?view=compare&regions=320813,320800,370725&measure=requests_received&from=2020&to=2024`);
      await page.waitForSelector('.chart canvas');
      expect(page.url()).toContain('#/compare?regions=320813%2C320800%2C370725&measure=requests_received&from=2020&to=2024');
      expect(await page.locator('.chart').getAttribute('data-series')).toBe('3');
      await page.waitForTimeout(1200); // the lines' animation
      // The canvas is drawn: many non-white pixels.
      const inked = await page.locator('.chart canvas').first().evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 230 || d[i + 1] < 230 || d[i + 2] < 230)) n++;
        return n;
      });
      expect(inked).toBeGreaterThan(2000);
      const row = (code: string) => page.locator(`.compare-table tr[data-code="${code}"]`);
      expect(await row('320813').locator('td[data-year="2024"] .val').textContent()).toBe(String(expected('hz2024').values['requests.received.total']));
      expect(numberOf((await row('320800').locator('td[data-year="2024"] .val').textContent())!)).toBe(expected('huaian').values['requests.received.total']);
      expect(numberOf((await row('370725').locator('td[data-year="2020"] .val').textContent())!)).toBe(expected('changle').values['requests.received.total']);
      expect(await row('370725').locator('td[data-year="2023"] .reason').textContent()).toBe('no report of this year in the dataset');
      await shot(page, 'compare');

      const download = async (label: string) => {
        const [d] = await Promise.all([page.waitForEvent('download'), page.click(`.exports button:has-text("${label}")`)]);
        return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
      };
      const png = await download('PNG');
      expect(png.name).toMatch(/\.png$/);
      expect(png.bytes.subarray(1, 4).toString()).toBe('PNG');
      const svg = await download('SVG');
      expect(svg.bytes.toString('utf8')).toMatch(/^<svg[\s\S]*洪泽区[\s\S]*<\/svg>$/);
      const csv = await download('CSV');
      const text = csv.bytes.toString('utf8');
      expect(text.startsWith('\ufeffregion_code,')).toBe(true);
      expect(text).toContain('320813,洪泽区,淮安市洪泽区人民政府,requests_received');

      // Every region within a code prefix, added from the picker; Draw puts them in the permalink.
      await open(page, '/#/compare?measure=requests_received');
      await page.fill('.region-input', '3208');
      await page.click('button.add-prefix');
      await expect.poll(() => page.locator('.chip[data-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')).sort())).toEqual(['320800', '320813']);
      await page.click('form.controls button[type=submit]');
      await page.waitForSelector('.chart canvas');
      expect(page.url()).toMatch(/regions=3208\d\d%2C3208\d\d&measure=requests_received/);
      expect(await page.locator('.chart').getAttribute('data-series')).toBe('2');

      // A ratio over 0: "—" with the reason.
      await open(page, '/#/compare?regions=320813&measure=review_correction_rate&from=2023&to=2024');
      const na = row('320813').locator('td[data-year="2023"]');
      expect(await na.locator('.dash').textContent()).toBe('—');
      expect(await na.locator('.reason').textContent()).toBe('denominator is 0: review.total = 0');
      expect(await na.locator('.val').count()).toBe(0);
      const e = expected('hz2024').values;
      expect(await row('320813').locator('td[data-year="2024"] .val').textContent()).toBe(`${((e['review.corrected']! / e['review.total']!) * 100).toFixed(1)}%`);
      expect(await page.locator('.formula').textContent()).toBe('review.corrected / review.total');
      await page.waitForSelector('.chart canvas');
      expect(await cspViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('ranking: within a code prefix, largest first, with bars, sortable', async () => {
    const { context, page } = await newPage();
    try {
      await open(page, '/#/ranking?measure=requests_received&year=2024&within=3208');
      await page.waitForSelector('.ranking-table tbody tr');
      const codes = () => page.locator('.ranking-table tbody tr').evaluateAll((trs) => trs.map((t) => t.getAttribute('data-code')));
      expect(await codes()).toEqual(['320800', '320813']);
      expect(await page.locator('.ranking-table td.rank').allTextContents()).toEqual(['1', '2']);
      const widths = await page.locator('.bar .fill').evaluateAll((els) => els.map((e) => (e as HTMLElement).getBoundingClientRect().width));
      expect(widths[0]).toBeGreaterThan(widths[1]);
      expect(widths[1]).toBeGreaterThan(0);
      await shot(page, 'ranking');
      await page.click('button.sort[data-sort="value"]'); // largest first, then smallest first
      await page.click('button.sort[data-sort="value"]');
      expect(await codes()).toEqual(['320813', '320800']);
      // The national ranking: every region of the dataset with a 2024 report.
      await open(page, '/#/ranking?measure=requests_received&year=2024&within=all');
      await page.waitForSelector('h2:has-text("全国")');
      expect(await codes()).toEqual(['320800', '320813']);
      expect(await cspViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a number opens its source: the PDF page with the box where the cell\'s bbox is', async () => {
    const { context, page } = await newPage();
    try {
      await open(page, '/#/region/320813');
      await page.click('td[data-key="requests.received.total"][data-year="2024"] a.val');
      await page.waitForSelector('.bbox:not([hidden])');
      expect(page.url()).toContain(`#/source/${id('hz2024')}/requests.received.total`);
      const src = await (await fetch(`${base}/api/source/${id('hz2024')}/requests.received.total`)).json();
      expect(src.view.kind).toBe('pdf');
      const img = page.locator('img.page-img');
      expect(await img.getAttribute('src')).toBe(`/api/page/${id('hz2024')}/${src.view.page}.png`);
      const geo = await page.evaluate(() => {
        const i = document.querySelector<HTMLImageElement>('img.page-img')!;
        const b = document.querySelector<HTMLElement>('.bbox')!.getBoundingClientRect();
        const r = i.getBoundingClientRect();
        return { img: { x: r.x, y: r.y, w: r.width, nw: i.naturalWidth }, box: { x: b.x, y: b.y, w: b.width, h: b.height } };
      });
      // Displayed pixels per PDF point: the page image is rendered at dpi (pixel = point × dpi / 72), then scaled to its displayed width.
      const k = (src.view.dpi / 72) * (geo.img.w / geo.img.nw);
      const [x0, y0, x1, y1] = src.view.bbox as number[];
      expect(Math.abs(geo.box.x - (geo.img.x + x0 * k))).toBeLessThan(2);
      expect(Math.abs(geo.box.y - (geo.img.y + y0 * k))).toBeLessThan(2);
      expect(Math.abs(geo.box.w - (x1 - x0) * k)).toBeLessThan(2);
      expect(Math.abs(geo.box.h - (y1 - y0) * k)).toBeLessThan(2);
      expect(await page.locator('[data-role=extracted]').textContent()).toBe('95');
      expect(await page.locator('.check').count()).toBe(src.checks.length);
      expect(await page.locator('.check.pass').count()).toBe(src.checks.filter((c: { status: string }) => c.status === 'pass').length);
      await shot(page, 'source');
      // A text source: the server's table with the cell highlighted.
      await open(page, `/#/source/${id('changle')}/requests.received.total`);
      await page.waitForSelector('.source-table td.nb-hit');
      expect(numberOf((await page.locator('.source-table td.nb-hit').textContent())!)).toBe(expected('changle').values['requests.received.total']);
      expect(await cspViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('hostile report text shows as text: no script runs, no element is made from it', async () => {
    const { context, page } = await newPage();
    try {
      await open(page, `/#/source/${id('hostile')}/${HOSTILE_KEY}`);
      await page.waitForSelector('.source-table table');
      expect(await page.locator('.source-table').textContent()).toContain(HOSTILE);
      expect(await page.locator('h1 + p').textContent()).toContain(`${HOSTILE}石桥镇人民政府`);
      await open(page, `/#/search?q=${encodeURIComponent('石桥镇')}`);
      await page.waitForSelector('.result');
      expect(await page.locator('.results').textContent()).toContain(`${HOSTILE}石桥镇人民政府`);
      expect(await page.evaluate(() => document.querySelectorAll('main script, main img:not(.page-img)').length)).toBe(0);
      await page.waitForTimeout(300);
      expect(problems.dialogs).toEqual([]);
      expect(await cspViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('corrections: refused without the edit token (the 403 said), saved with it, shown beside the value after a reload', async () => {
    const { context, page } = await newPage();
    try {
      const key = 'requests.received.total';
      await open(page, `/#/source/${id('hz2023')}/${key}`);
      await page.fill('.correction-form input[name=value]', '22');
      await page.fill('.correction-form textarea[name=reason]', '第 3 页印 22（测试）');
      await page.fill('.correction-form input[name=who]', '记者甲');
      await page.click('.correction-form button[type=submit]');
      await expect.poll(() => page.locator('.form-msg').textContent()).toContain('403');
      expect(await page.locator('.form-msg').textContent()).toContain('edit token');
      await page.fill('.correction-form input[name=token]', TOKEN);
      await page.click('.correction-form button[type=submit]');
      await page.waitForSelector('[data-role=corrected]');
      await page.reload();
      await page.waitForSelector('[data-role=corrected]');
      expect(await page.locator('[data-role=corrected]').textContent()).toBe('22');
      expect(await page.locator('[data-role=extracted]').textContent()).toBe('21');
      expect(await page.locator('.corrections li.current').textContent()).toContain('记者甲');
      await open(page, '/#/region/320813');
      const td = page.locator(`td[data-key="${key}"][data-year="2023"]`);
      await td.waitFor();
      expect(await td.locator('.val').textContent()).toBe('21');
      expect(await td.locator('.corr').textContent()).toBe('→ 22');
      expect(await td.getAttribute('class')).toContain('corrected');
    } finally {
      await context.close();
    }
  });

  it('at phone width (390 px) no view overflows the page sideways', async () => {
    const { context, page } = await newPage(390, 844);
    try {
      for (const hash of [
        '/#/search?q=淮安',
        '/#/region/320813',
        '/#/compare?regions=320813,320800&measure=disclosure_rate&from=2023&to=2024',
        '/#/ranking?measure=requests_received&year=2024&within=32',
        `/#/source/${id('hz2024')}/requests.received.total`,
        `/#/source/${id('changle')}/requests.received.total`,
      ]) {
        await open(page, hash);
        await page.waitForTimeout(hash.includes('compare') ? 1200 : 200);
        const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
        expect(scroll, hash).toBeLessThanOrEqual(inner);
        if (hash.includes('compare')) await shot(page, 'phone-compare');
      }
      expect(await cspViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('logged no CSP violation and no script error anywhere', () => {
    expect(problems.csp).toEqual([]);
    expect(problems.errors).toEqual([]);
    expect(problems.dialogs).toEqual([]);
  });
});
