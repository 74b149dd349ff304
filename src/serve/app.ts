/**
 * The comparison page's API (issue 13): JSON routes over a Store, made with hono so that the tests
 * call them in-process (app.request) and index.ts serves them on Node. Parameters are checked here and
 * nowhere else; the modules beside this one do the work and read only through Store.query.
 */
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Store } from '../dataset/store.js';
import { addCorrection, CorrectionError, listCorrections, resolveReportId } from './corrections.js';
import { keyLabels } from './labels.js';
import { MEASURES, measureById } from './measures.js';
import { PageCache, PageError, renderPagePng } from './page-image.js';
import { regionPage } from './region.js';
import { search } from './search.js';
import { securityHeaders, tokenMatches } from './security.js';
import { compare, ranking } from './series.js';
import { readSource, recordOf, sourceOf } from './source.js';
import { defaultWebRoot, loadStatic, NOT_BUILT } from './static.js';

export interface AppOptions {
  /** When set, POST /api/corrections needs this in the X-Edit-Token header. */
  editToken?: string;
  /** Refuse every change (a public mirror). */
  readOnly?: boolean;
  /** Folder relative source paths of the records are taken from (where extract ran); default the working folder. */
  sourceRoot?: string;
  /** Bytes of rendered PDF pages kept in memory. */
  pageCacheBytes?: number;
  /** The built page (vite's output); default dist/web/ beside the server's code. */
  webRoot?: string;
}

class HttpError extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409 | 415 | 422,
    message: string,
  ) {
    super(message);
  }
}

const REPORT_ID = /^[0-9a-f]{64}$/;
const KEY = /^[a-z0-9_]+(?:\.[a-z0-9_]+)+$/;
const CODE = /^\d{6}$/;

const codesParam = (v: string | undefined): string[] => {
  const codes = (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const bad = codes.find((c) => !CODE.test(c));
  if (bad !== undefined) throw new HttpError(400, `regions: "${bad}" is not a 6-digit region code`);
  if (codes.length > 200) throw new HttpError(400, 'regions: at most 200 codes');
  return [...new Set(codes)];
};

const yearParam = (name: string, v: string | undefined, required = false): number | undefined => {
  if (v === undefined || v === '') {
    if (required) throw new HttpError(400, `${name}: a year is required`);
    return undefined;
  }
  const n = Number(v);
  if (!Number.isInteger(n) || n < 2000 || n > 2100) throw new HttpError(400, `${name}: "${v}" is not a year`);
  return n;
};

const measureParam = (v: string | undefined) => {
  const m = measureById(v ?? '');
  if (!m) throw new HttpError(400, `measure: "${v ?? ''}" is not one of ${MEASURES.map((x) => x.id).join(', ')}`);
  return m;
};

const CorrectionBody = z.object({
  report_id: z.string().regex(/^[0-9a-fA-F]{8,64}$/),
  key: z.string().regex(KEY).max(200),
  value: z.number().finite().nullable(),
  reason: z.string().trim().min(1).max(2000),
  who: z.string().trim().min(1).max(200),
});

export function createApp(store: Store, opts: AppOptions = {}): Hono {
  const app = new Hono();
  const root = opts.sourceRoot ?? process.cwd();
  const pages = new PageCache(opts.pageCacheBytes);

  app.use('*', securityHeaders);

  app.onError((e, c) => {
    if (e instanceof HttpError || e instanceof CorrectionError || e instanceof PageError) return c.json({ error: e.message }, e.status);
    console.error(`nianbao serve: ${c.req.method} ${c.req.path}: ${e.stack ?? e.message}`);
    return c.json({ error: 'internal error' }, 500);
  });
  app.notFound((c) => c.json({ error: `no route ${c.req.method} ${c.req.path}` }, 404));

  app.get('/api/search', async (c) => {
    const q = c.req.query('q') ?? '';
    if (!q.trim()) throw new HttpError(400, 'q: give part of a name, or a region code or its prefix');
    if (q.length > 100) throw new HttpError(400, 'q: at most 100 characters');
    return c.json({ q, results: await search(store, q) });
  });

  app.get('/api/region/:code', async (c) => {
    const code = c.req.param('code');
    if (!CODE.test(code)) throw new HttpError(400, `"${code}" is not a 6-digit region code`);
    const page = await regionPage(store, code);
    if (!page) throw new HttpError(404, `no report of region ${code} in the dataset`);
    return c.json(page);
  });

  app.get('/api/labels', (c) => c.json({ keys: keyLabels() }));

  app.get('/api/measures', (c) => c.json({ measures: MEASURES }));

  app.get('/api/compare', async (c) => {
    const codes = codesParam(c.req.query('regions'));
    if (!codes.length) throw new HttpError(400, 'regions: give one or more 6-digit codes, comma-separated');
    const m = measureParam(c.req.query('measure'));
    const from = yearParam('from', c.req.query('from'));
    const to = yearParam('to', c.req.query('to'));
    if (from !== undefined && to !== undefined && from > to) throw new HttpError(400, 'from is after to');
    return c.json({ measure: m, from: from ?? null, to: to ?? null, series: await compare(store, m, { codes, from, to }) });
  });

  app.get('/api/ranking', async (c) => {
    const m = measureParam(c.req.query('measure'));
    const year = yearParam('year', c.req.query('year'), true)!;
    // within=all: every region of the dataset (the national ranking), as the empty code prefix.
    const within = c.req.query('within') === 'all' ? '' : c.req.query('within');
    const codes = codesParam(c.req.query('regions'));
    if (within !== undefined && within !== '' && !/^\d{2,6}$/.test(within)) throw new HttpError(400, 'within: a region code prefix of 2 to 6 digits (32, 3208), or all');
    if (within === undefined && !codes.length) throw new HttpError(400, 'give regions=<codes> or within=<code prefix>');
    const issuerType = c.req.query('issuer_type') || undefined;
    const rows = await ranking(store, m, { year, within, codes: within === undefined ? codes : undefined, issuerType });
    return c.json({ measure: m, year, rows });
  });

  app.get('/api/source/:report_id/:key', async (c) => {
    const { report_id: id, key } = c.req.param();
    if (!REPORT_ID.test(id)) throw new HttpError(400, 'report_id: 64 lower-case hex digits');
    if (!KEY.test(key)) throw new HttpError(400, `"${key}" is not a value key`);
    const answer = await sourceOf(store, id, key, root);
    if (!answer) throw new HttpError(404, `no value ${key} of report ${id.slice(0, 16)}`);
    return c.json(answer);
  });

  // <page>.png is the image; <page>.json its resolution, which the client needs to place a cell's box
  // (a page too large to render at PAGE_DPI is rendered smaller).
  app.get('/api/page/:report_id/:file', async (c) => {
    const { report_id: id, file } = c.req.param();
    const m = /^(\d{1,5})\.(png|json)$/.exec(file);
    if (!REPORT_ID.test(id) || !m) throw new HttpError(404, 'expected /api/page/<report_id>/<page>.png (or .json)');
    const n = Number(m[1]);
    const page = await pages.get(`${id}:${n}`, async () => {
      const rec = await recordOf(store, id);
      if (!rec) throw new HttpError(404, `no report ${id.slice(0, 16)}`);
      if (rec.source.format !== 'pdf') throw new HttpError(404, `report ${id.slice(0, 16)} is not a PDF (${rec.source.format})`);
      const src = await readSource(rec, root);
      if ('error' in src) throw new HttpError(404, src.error);
      if (!src.same) throw new HttpError(409, `${rec.source.path} has changed since it was read; extract it again`);
      return renderPagePng(src.bytes, rec.source.path, n);
    });
    if (m[2] === 'json') return c.json({ page: n, dpi: page.dpi });
    return c.body(new Uint8Array(page.png), 200, { 'Content-Type': 'image/png', 'Cache-Control': 'private, max-age=3600' });
  });

  app.get('/api/corrections', async (c) => {
    const id = c.req.query('report_id');
    const reportId = id ? await resolveReportId(store, id) : undefined;
    const all = c.req.query('all') === '1' || c.req.query('all') === 'true';
    return c.json({ corrections: await listCorrections(store, { reportId, all }) });
  });

  app.post('/api/corrections', async (c) => {
    if (opts.readOnly) throw new HttpError(403, 'this server is read-only');
    if (opts.editToken !== undefined && !tokenMatches(c.req.header('X-Edit-Token'), opts.editToken)) {
      throw new HttpError(403, 'a correction needs the edit token (X-Edit-Token header)');
    }
    // JSON only: a cross-site HTML form cannot send it without a CORS preflight, which this server never grants.
    if (!/^application\/json\b/i.test(c.req.header('Content-Type') ?? '')) throw new HttpError(415, 'send the correction as application/json');
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      throw new HttpError(400, 'the body is not JSON');
    }
    const parsed = CorrectionBody.safeParse(body);
    if (!parsed.success) {
      throw new HttpError(400, `correction: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
    }
    const saved = await addCorrection(store, { ...parsed.data, report_id: parsed.data.report_id.toLowerCase() });
    return c.json({ correction: saved }, 201);
  });

  // The page: files of the built folder read once, looked up by path (static.ts); the views are routed in the browser (#/…).
  const files = loadStatic(opts.webRoot ?? defaultWebRoot());
  const sendFile = (c: Context, path: string) => {
    const f = files.get(path);
    if (!f) return undefined;
    return c.body(f.body as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': f.type, 'Cache-Control': f.cacheControl });
  };
  app.get('/', (c) => sendFile(c, '/index.html') ?? c.text(NOT_BUILT, 503));
  app.get('/index.html', (c) => sendFile(c, '/index.html') ?? c.text(NOT_BUILT, 503));
  app.get('/favicon.svg', (c) => sendFile(c, '/favicon.svg') ?? c.notFound());
  app.get('/assets/:file', (c) => sendFile(c, `/assets/${c.req.param('file')}`) ?? c.notFound());

  return app;
}
