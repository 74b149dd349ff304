/**
 * The crawl stage: `nianbao crawl` (seeds -> archive -> dataset) and `nianbao coverage` (which
 * seeds' reports were found for a year). The network is in net/, the site families in sites/.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { RunnerOptions } from '../batch/pool.js';
import { excelCell, exportFiles } from '../dataset/export.js';
import { openStore } from '../dataset/open.js';
import type { ProcessOptions } from '../pipeline/process.js';
import { writeFileAtomic } from '../util/atomic.js';
import { Archive } from './archive.js';
import { coverage, type CoverageRow } from './coverage.js';
import { crawl, type CrawlSummary } from './crawl.js';
import { lockArchive } from './lock.js';
import { nianbaoUserAgent } from './net/index.js';
import { readSeeds, type Seed } from './seeds.js';
import { CrawlState } from './state.js';

export { LockError } from './lock.js';
export { SeedError } from './seeds.js';
export type { CoverageRow } from './coverage.js';
export { crawlProgress } from './progress.js';

export interface RunCrawlOptions {
  seeds: string;
  archive: string;
  out: string;
  db?: string;
  schema?: string;
  contact: string;
  delayMs?: number;
  hosts?: number;
  allowHosts?: string[];
  allowPrivate?: boolean;
  years?: number[];
  reading?: ProcessOptions;
  jobs?: number;
  runner?: RunnerOptions;
  log?: (line: string) => void;
  onProgress?: (s: Readonly<CrawlSummary>) => void;
}

export async function runCrawl(o: RunCrawlOptions): Promise<CrawlSummary> {
  const seeds = await readSeeds(o.seeds);
  const userAgent = nianbaoUserAgent(o.contact);
  await mkdir(o.archive, { recursive: true });
  await mkdir(o.out, { recursive: true });
  const unlock = lockArchive(o.archive);
  const store = await openStore({ out: o.out, db: o.db, schema: o.schema ?? 'nianbao' });
  try {
    const summary = await crawl(seeds, new Archive(o.archive), store, {
      userAgent, delayMs: o.delayMs, hosts: o.hosts, allowHosts: o.allowHosts, allowPrivate: o.allowPrivate, years: o.years, reading: o.reading, jobs: o.jobs, runner: o.runner, log: o.log, onProgress: o.onProgress,
    });
    await exportFiles(store, o.out);
    return summary;
  } finally {
    await store.close();
    unlock();
  }
}

export interface RunCoverageOptions {
  year: number;
  out: string;
  seeds?: string;
  db?: string;
  schema?: string;
}

/**
 * The coverage rows, also written to `coverage.csv` in --out (UTF-8 with a BOM, for Excel; titles and
 * reasons come from remote sites, so a cell that a spreadsheet would run as a formula is neutralised).
 */
export async function runCoverage(o: RunCoverageOptions): Promise<CoverageRow[]> {
  const store = await openStore({ out: o.out, db: o.db, schema: o.schema ?? 'nianbao' }, { mustExist: true });
  try {
    const seeds: Seed[] = o.seeds ? await readSeeds(o.seeds) : (await new CrawlState(store).seeds()).map((s, i) => ({ ...s, line: i + 2 }));
    const rows = await coverage(store, seeds, o.year);
    const file = join(o.out, 'coverage.csv');
    const cells = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, excelCell(v)])));
    await writeFileAtomic(file, `\uFEFF${stringify(cells, { header: true, columns: ['region_code', 'issuer', 'year', 'state', 'report_id', 'url', 'reason'] })}`);
    return rows;
  } finally {
    await store.close();
  }
}
