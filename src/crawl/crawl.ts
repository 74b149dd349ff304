/**
 * One crawl: every seed's 年报 column walked (its list pages, then each report article and its
 * attachments), every body archived, and each new report read into the dataset.
 *
 * - An article whose page holds the statistics tables is the report; one that wraps its report as an
 *   attachment (PDF, DOCX …) gives the attachment's report, linked to the page; 解读 and 图解 are kept
 *   in the archive and never read as reports.
 * - What was fetched before is asked for again conditionally (ETag / Last-Modified): a 304 re-reads
 *   nothing; a body already in the dataset from this parser version is not read again.
 * - Blocked pages (challenges, WAF pages) and failures are recorded with their evidence, never
 *   circumvented; files a person put in archive/manual/ are read like any other.
 */
import { stat } from 'node:fs/promises';
import PQueue from 'p-queue';
import { collectFiles } from '../batch/files.js';
import type { Store } from '../dataset/store.js';
import { decodeText } from '../ingest/decode.js';
import { createRunner, type DocumentRunner, type RunnerOptions } from '../batch/pool.js';
import type { ProcessOptions } from '../pipeline/process.js';
import { PARSER } from '../util/version.js';
import { Archive } from './archive.js';
import { createFetcher, detectBlocked, sameSite, sniffBody, type Fetcher, type FetcherOptions, type RobotsMemory } from './net/index.js';
import type { Seed } from './seeds.js';
import { gkmlptDetail } from './sites/gkmlpt.js';
import { detectFamily, isFileUrl, kind, parseArticle, reportYear, type ArticleLink, type Attachment, type SiteFamily } from './sites/index.js';
import { CrawlState, type FetchKind, type FetchRow } from './state.js';

export interface CrawlOptions extends Omit<FetcherOptions, 'userAgent'> {
  userAgent: string;
  /** Hosts besides each seed's own site that its attachments may come from (a CDN of the site). */
  allowHosts?: string[];
  /** Only reports of these years (all years when empty). */
  years?: number[];
  /** List pages read per seed at most (a bound against endless pagers). */
  maxListPages?: number;
  reading?: ProcessOptions;
  /** Reports read at once, in worker processes (each killed past its time limit); 1 reads them in this process unless `runner.isolate`. */
  jobs?: number;
  /** The workers' memory ceiling, and whether one job still gets a worker process (the CLI's choice). */
  runner?: RunnerOptions;
  /** A line for each report found, blocked page or failure. */
  log?: (line: string) => void;
  /** Called after every fetch with the counts so far (a progress display). */
  onProgress?: (s: Readonly<CrawlSummary>) => void;
  /** The fetcher to use (tests); made from the options otherwise. */
  fetcher?: Fetcher;
}

export interface CrawlSummary {
  seeds: number;
  /** Seeds whose column is being crawled now. */
  active: number;
  listPages: number;
  articles: number;
  fetched: number;
  notModified: number;
  reportsRead: number;
  reportsKnown: number;
  companions: number;
  blocked: number;
  failed: number;
}

interface Got {
  row: FetchRow;
  body: Uint8Array;
  path: string;
}

const REPORT_FILES = new Set(['pdf', 'docx', 'doc', 'wps']);
const DEFAULT_MAX_LIST_PAGES = 50;

export async function crawl(seeds: Seed[], archive: Archive, store: Store, opts: CrawlOptions): Promise<CrawlSummary> {
  const state = new CrawlState(store);
  const fetcher = opts.fetcher ?? createFetcher({ ...opts, robotsMemory: robotsMemory(state, archive) });
  const s: CrawlSummary = { seeds: seeds.length, active: 0, listPages: 0, articles: 0, fetched: 0, notModified: 0, reportsRead: 0, reportsKnown: 0, companions: 0, blocked: 0, failed: 0 };
  const log = opts.log ?? (() => {});
  const runner = createRunner(opts.jobs ?? 1, opts.runner);
  try {
    // The fetcher keeps each host polite; seeds on different hosts go on at once.
    const queue = new PQueue({ concurrency: Math.max(1, opts.hosts ?? 16) });
    await Promise.all(seeds.map((seed) => queue.add(() => new SeedCrawl(seed, fetcher, runner, archive, store, state, opts, s, log).run())));
    await readManual(archive, store, runner, opts.reading ?? {}, s, log);
  } finally {
    await runner.close();
    if (!opts.fetcher) await fetcher.close();
  }
  return s;
}

class SeedCrawl {
  private family?: SiteFamily;

  constructor(
    private readonly seed: Seed,
    private readonly fetcher: Fetcher,
    private readonly runner: DocumentRunner,
    private readonly archive: Archive,
    private readonly store: Store,
    private readonly state: CrawlState,
    private readonly opts: CrawlOptions,
    private readonly s: CrawlSummary,
    private readonly log: (line: string) => void,
  ) {}

  async run(): Promise<void> {
    this.s.active++;
    try {
      const articles = await this.walkColumn();
      this.s.articles += articles.length;
      for (const a of articles) await this.article(a);
    } finally {
      this.s.active--;
    }
  }

  /** The column's list pages, as the family says to page them; the article links they give. */
  private async walkColumn(): Promise<ArticleLink[]> {
    const queue = [this.seed.url];
    const seen = new Set(queue);
    const found = new Map<string, ArticleLink>();
    const max = this.opts.maxListPages ?? DEFAULT_MAX_LIST_PAGES;
    for (let n = 0; queue.length && n < max; n++) {
      const url = queue.shift()!;
      const got = await this.get(url, 'list', url === this.seed.url ? null : this.seed.url);
      if (!got) continue;
      this.s.listPages++;
      const text = decodeText(got.body, { hint: got.row.charset ?? undefined, html: true }).text;
      this.family ??= detectFamily(url, text, this.seed.family);
      const page = this.family.listPage(url, text);
      for (const next of [...page.pages, ...(this.family.listRequests?.(url, text) ?? [])]) {
        if (!seen.has(next) && this.inScope(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
      for (const a of page.articles) if (!found.has(a.url) && this.wanted(a.title) && this.inScope(a.url)) found.set(a.url, a);
    }
    return [...found.values()];
  }

  private wanted(title: string): boolean {
    const k = kind(title);
    if (k === 'other') return false;
    const year = reportYear(title);
    return !this.opts.years?.length || (year !== null && this.opts.years.includes(year));
  }

  private inScope(url: string): boolean {
    return sameSite(this.seed.url, url, this.opts.allowHosts ?? []);
  }

  /** A listed report: the page, then what it wraps. */
  private async article(link: ArticleLink): Promise<void> {
    const role = kind(link.title);
    if (role === 'companion') this.s.companions++;
    if (isFileUrl(link.url)) {
      await this.file({ url: link.url, name: link.title, kind: 'pdf' }, this.seed.url, link, role === 'companion');
      return;
    }
    const got = await this.get(link.url, 'article', this.seed.url, link);
    if (!got) return;
    const text = decodeText(got.body, { hint: got.row.charset ?? undefined, html: true }).text;
    const art = parseArticle(link.url, text);
    const title = art.title || link.title;
    const companion = role === 'companion' || kind(title) === 'companion';
    if (companion && role !== 'companion') this.s.companions++;
    // Every attachment is archived (spreadsheets and pictures too); only report files are read.
    const files = [...art.attachments, ...(link.attachments ?? [])].filter((a, i, all) => all.findIndex((b) => b.url === a.url) === i && this.inScope(a.url));
    const reports = files.filter((a) => REPORT_FILES.has(a.kind));
    if (companion) {
      for (const a of files) await this.file(a, link.url, link, true);
      return;
    }
    // The page is the report when it prints the tables, or when it wraps no report file.
    if (art.hasTables || !reports.length) await this.read(got, art.publishedAt);
    for (const a of files) await this.file(a, link.url, link, !REPORT_FILES.has(a.kind) || kind(a.name) === 'companion');
  }

  /** An attachment fetched and archived; read as a report unless `keepOnly` (a 解读, a spreadsheet, a picture). */
  private async file(a: Attachment, parent: string, link: ArticleLink, keepOnly: boolean): Promise<void> {
    const got = await this.get(a.url, 'attachment', parent, { ...link, title: a.name || link.title });
    if (got && !keepOnly) await this.read(got, link.date);
  }

  /** Reads an archived body into the dataset, unless this parser version has read the same bytes. */
  private async read(got: Got, published: string | undefined): Promise<void> {
    const sha = got.row.sha256!;
    const { size, mtimeMs } = await stat(got.path);
    if (await this.store.adoptCopy(sha, got.path, size, mtimeMs, PARSER.version)) {
      this.s.reportsKnown++;
      await this.state.setReport(got.row.url, sha);
      return;
    }
    const rec = await this.runner.run({ path: got.path, bytes: got.body, sha256: sha, ...this.opts.reading, ...(got.row.charset ? { charset: got.row.charset } : {}) });
    rec.source.url = got.row.final_url ?? got.row.url;
    if (published && !rec.source.published) rec.source.published = published;
    await this.store.put(rec, mtimeMs);
    await this.state.setReport(got.row.url, sha);
    this.s.reportsRead++;
    this.log(`report   ${rec.issuer.name ?? this.seed.issuer} ${rec.year ?? '?'} (${rec.template}) ${rec.source.url}`);
  }

  /**
   * Whether a script-only page carries what a family reads as data, so it is content and not a stub:
   * gkmlpt's shells and article pages are exactly that (window._CONFIG with the SID and TREE the API
   * requests come from, or the article's DETAIL record), and were recorded as blocked without this.
   */
  private readsAsData(kindOf: FetchKind, url: string, body: Uint8Array, charset: string | undefined): boolean {
    if (kindOf === 'attachment') return false;
    const text = decodeText(body, { hint: charset, html: true }).text;
    if (kindOf === 'article') {
      const detail = gkmlptDetail(url, text);
      return detail !== undefined && (Boolean(detail.content) || detail.attachments.length > 0);
    }
    const family = this.family ?? detectFamily(url, text, this.seed.family);
    return family.listPage(url, text).articles.length > 0 || (family.listRequests?.(url, text).length ?? 0) > 0;
  }

  /** One fetch, conditional on what the last run saw, recorded and archived; undefined when there is nothing to read. */
  private async get(url: string, kindOf: FetchKind, parent: string | null, link?: ArticleLink): Promise<Got | undefined> {
    const prev = await this.state.get(url);
    try {
      return await this.fetchAndRecord(url, kindOf, parent, prev, link);
    } finally {
      this.opts.onProgress?.(this.s);
    }
  }

  private async fetchAndRecord(url: string, kindOf: FetchKind, parent: string | null, prev: FetchRow | undefined, link?: ArticleLink): Promise<Got | undefined> {
    const res = await this.fetcher.fetch(url, { etag: prev?.etag ?? undefined, lastModified: prev?.last_modified ?? undefined, referer: parent ?? undefined });
    const base: FetchRow = {
      url, seed_url: this.seed.url, region_code: this.seed.region_code || null, issuer: this.seed.issuer || null, kind: kindOf, parent_url: parent,
      state: 'failed', http_status: null, final_url: null, content_type: null, charset: prev?.charset ?? null, etag: prev?.etag ?? null,
      last_modified: prev?.last_modified ?? null, sha256: prev?.sha256 ?? null, title: link?.title ?? prev?.title ?? null,
      year: link ? reportYear(link.title) : (prev?.year ?? null), role: link ? kind(link.title) : (prev?.role ?? null), report_id: prev?.report_id ?? null,
      fetched_at: new Date().toISOString(), reason: null,
    };
    const fail = async (state: 'failed' | 'blocked', reason: string, extra: Partial<FetchRow> = {}) => {
      await this.state.put({ ...base, ...extra, state, reason });
      this.s[state]++;
      this.log(`${state.padEnd(8)} ${url}: ${reason}`);
      return undefined;
    };
    if (!res.ok && res.kind === 'robots') {
      await this.state.put({ ...base, state: 'skipped', reason: res.message });
      return undefined;
    }
    if (!res.ok) return fail('failed', `${res.kind}: ${res.message}`);
    const seen = {
      http_status: res.status, final_url: res.finalUrl, content_type: res.contentType ?? null,
      etag: res.etag ?? base.etag, last_modified: res.lastModified ?? base.last_modified,
    };
    // Unchanged since it was found wanting (a fake PDF): nothing new to say or read.
    if (res.notModified && (prev?.state === 'failed' || prev?.state === 'blocked')) return undefined;
    if (res.notModified && prev?.sha256) {
      const path = await this.archive.find(prev.sha256);
      if (path) {
        await this.state.put({ ...base, ...seen, state: 'not_modified' });
        this.s.notModified++;
        return { row: { ...base, ...seen }, body: await this.archive.read(path), path };
      }
    }
    const blocked = detectBlocked({ status: res.status, body: res.body, contentType: res.contentType, charset: res.charset, headers: res.headers });
    // A script-only page that a family reads as data (gkmlpt's shell) is content, not a stub.
    const data = blocked?.kind === 'script_stub' && this.readsAsData(kindOf, url, res.body, res.charset);
    if (blocked && !data) return fail('blocked', `${blocked.kind}: ${blocked.evidence}`, seen);
    if (res.status >= 400) return fail('failed', `HTTP ${res.status}`, seen);
    if (!this.inScope(res.finalUrl)) return fail('failed', `redirected off the site to ${res.finalUrl}`, seen);
    const mismatch = kindOf === 'attachment' ? sniffBody({ body: res.body, contentType: res.contentType, url: res.finalUrl }) : undefined;
    if (mismatch && mismatch.actual === 'html') return fail('failed', `not a ${mismatch.claimed}: the server sent an HTML page (by ${mismatch.by})`, seen);
    const stored = await this.archive.put(res.body, {
      url, finalUrl: res.finalUrl, ...(parent ? { parentUrl: parent } : {}), fetchedAt: res.fetchedAt, status: res.status,
      ...(res.contentType ? { contentType: res.contentType } : {}), ...(res.charset ? { charset: res.charset } : {}),
      ...(res.etag ? { etag: res.etag } : {}), ...(res.lastModified ? { lastModified: res.lastModified } : {}),
      ...(link?.title ? { title: link.title } : {}), seed: { region_code: this.seed.region_code, issuer: this.seed.issuer, url: this.seed.url },
    }, extensionOf(url));
    const row: FetchRow = { ...base, ...seen, state: 'fetched', charset: res.charset ?? null, etag: res.etag ?? null, last_modified: res.lastModified ?? null, sha256: stored.sha256 };
    await this.state.put(row);
    this.s.fetched++;
    return { row, body: res.body, path: stored.path };
  }
}

const extensionOf = (url: string) => /\.(\w{2,5})(?:[?#].*)?$/.exec(new URL(url).pathname)?.[1]?.toLowerCase();

/** robots.txt kept in the archive and the crawl state, so that the next run asks for it conditionally. */
function robotsMemory(state: CrawlState, archive: Archive): RobotsMemory {
  return {
    async get(url) {
      const row = await state.get(url);
      const path = row?.sha256 ? await archive.find(row.sha256) : undefined;
      if (!row || !path) return undefined;
      return { status: row.http_status ?? 200, body: await archive.read(path), ...(row.etag ? { etag: row.etag } : {}), ...(row.last_modified ? { lastModified: row.last_modified } : {}) };
    },
    async put(url, robots) {
      const origin = new URL(url).origin;
      const fetchedAt = new Date().toISOString();
      const stored = await archive.put(robots.body, { url, finalUrl: url, fetchedAt, status: robots.status, seed: { region_code: '', issuer: '', url: origin } });
      await state.put({
        url, seed_url: origin, region_code: null, issuer: null, kind: 'robots', parent_url: null, state: 'fetched', http_status: robots.status, final_url: url,
        content_type: 'text/plain', charset: null, etag: robots.etag ?? null, last_modified: robots.lastModified ?? null, sha256: stored.sha256, title: null,
        year: null, role: null, report_id: null, fetched_at: fetchedAt, reason: null,
      });
    },
  };
}

/** Files a person downloaded by hand (a blocked site) into archive/manual/: read like any other document. */
async function readManual(archive: Archive, store: Store, runner: DocumentRunner, reading: ProcessOptions, s: CrawlSummary, log: (line: string) => void): Promise<void> {
  let files: string[];
  try {
    files = await collectFiles([archive.manualDir]);
  } catch {
    return; // no manual/ folder
  }
  for (const f of files) {
    const st = await stat(f);
    if (await store.isUnchanged(f, st.size, st.mtimeMs, PARSER.version)) continue;
    const rec = await runner.run({ path: f, ...reading });
    await store.put(rec, st.mtimeMs);
    s.reportsRead++;
    log(`manual   ${rec.issuer.name ?? '?'} ${rec.year ?? '?'} (${rec.template}) ${f}`);
  }
}
