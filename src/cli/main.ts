/** The `nianbao` command line. */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_MAX_MEMORY_MB } from '../batch/memory.js';
import { defaultJobs } from '../batch/pool.js';
import { exportAll } from '../dataset/export.js';
import { ledger, reasonLine } from '../dataset/ledger.js';
import { openStore } from '../dataset/open.js';
import { DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_MS } from '../pipeline/process.js';
import { PARSER } from '../util/version.js';
import { runEnqueue } from '../queue/enqueue.js';
import { queueStatus } from '../queue/status.js';
import { runWorker } from '../queue/worker.js';
import { crossYearCarry } from '../dataset/cross-year.js';
import { runExtract } from './extract.js';
import { inBoundedHeap, SERVE_HEAP_MB } from './heap.js';
import { runScore } from './score-corpus.js';
import type { CoverageRow } from '../crawl/index.js';

const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
};

const seconds = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a number of seconds');
  return n;
};

const count = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
};

/** --db and --schema: a PostgreSQL dataset (and queue), shared between machines, instead of nianbao.sqlite in --out. */
interface DbOptions {
  db?: string;
  schema: string;
}
const dbOption = (what = 'use this PostgreSQL database as the dataset instead of nianbao.sqlite in --out') =>
  new Option('--db <url>', `${what} (postgres://user:password@host:port/db)`);
/** For enqueue and worker, which only work on PostgreSQL. */
const sharedDbOption = () => dbOption('the PostgreSQL database holding the shared dataset and its queue').makeOptionMandatory();
const schemaOption = () => new Option('--schema <name>', 'PostgreSQL schema of the dataset, with --db (its queue is in <name>_queue)').default('nianbao');

/** How documents are read, for extract and worker alike. */
const readingOptions = (cmd: Command) =>
  cmd
    .option('-j, --jobs <n>', 'documents read in parallel (worker processes)', int, defaultJobs())
    .option('--timeout <ms>', 'per-document time limit in milliseconds', int, DEFAULT_TIMEOUT_MS)
    .option('--max-bytes <n>', 'skip (with an error record) files larger than this', int, DEFAULT_MAX_BYTES)
    .option('--max-memory <mb>', 'memory ceiling of a worker process in MB: a document that needs more gets a memory_limit error record', int, DEFAULT_MAX_MEMORY_MB);

const openDataset = (o: { out: string } & DbOptions) => openStore({ out: o.out, db: o.db, schema: o.schema }, { mustExist: true });

/**
 * First Ctrl-C (or SIGTERM): stop taking documents, finish and record those under way, write what is
 * due. A second Ctrl-C stops at once; every document already committed stays.
 */
function stopOnSignal(): AbortController {
  const stop = new AbortController();
  process.once('SIGINT', () => {
    process.stderr.write('\nstopping after the documents under way (Ctrl-C again to stop now)\n');
    stop.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  process.once('SIGTERM', () => stop.abort());
  return stop;
}

const program = new Command()
  .name('nianbao')
  .description('Turn 政府信息公开工作年度报告 into a checked dataset with every value traced to its source.')
  .version(PARSER.version);

readingOptions(
  program
    .command('extract')
    .description('read every report under the given files or folders into the dataset in --out')
    .argument('<inputs...>', 'files or folders (searched recursively)')
    .option('-o, --out <dir>', 'output folder', 'output'),
)
  .option('--force', 'read every document again, even unchanged ones')
  .option('-q, --quiet', 'no progress and no per-document errors on stderr')
  .addOption(dbOption())
  .addOption(schemaOption())
  .action(async (inputs: string[], o: { out: string; jobs: number; timeout: number; maxBytes: number; maxMemory: number; force?: boolean; quiet?: boolean } & DbOptions) => {
    for (const i of inputs) if (!existsSync(i)) throw new Error(`no such file or folder: ${i}`);
    const stop = stopOnSignal();
    const s = await runExtract(inputs, {
      out: o.out, db: o.db, schema: o.schema, jobs: o.jobs, timeoutMs: o.timeout, maxBytes: o.maxBytes, maxMemoryMb: o.maxMemory, isolate: true,
      force: o.force, quiet: o.quiet, signal: stop.signal,
    });
    const templates = Object.entries(s.templates).map(([t, n]) => `${t}: ${n}`).join(', ');
    console.log(
      `${s.documents} documents read (${templates || 'none'}), ${s.unchanged} unchanged; ${s.withErrors} with errors; ` +
        `${s.checksFailed} failed checks; ${s.carryMismatches} cross-year carry mismatches; ${s.values} values -> ${o.out}/ in ${s.seconds.toFixed(1)} s` +
        (s.peakWorkerMb ? `; worker peak memory ${s.peakWorkerMb} MB` : ''),
    );
    if (s.interrupted) {
      console.log('interrupted: run the same command again to resume');
      process.exitCode = 130;
    }
  });

program
  .command('export')
  .description('write CSV, Excel-CSV, JSONL, Parquet and datapackage.json from the dataset in --out (or --db) into --out')
  .option('-o, --out <dir>', 'output folder holding nianbao.sqlite', 'output')
  .addOption(dbOption())
  .addOption(schemaOption())
  .action(async (o: { out: string } & DbOptions) => {
    if (o.db) await mkdir(o.out, { recursive: true });
    const ds = await openDataset(o);
    try {
      const n = await exportAll(ds, o.out);
      console.log(`${n.reports} reports, ${n.values} values -> ${o.out}/ (reports.jsonl, values.csv, values.excel.csv, values.parquet, checks.csv, narrative.csv, datapackage.json)`);
    } finally {
      await ds.close();
    }
  });

program
  .command('status')
  .description('documents by state, format and template, and the most frequent reasons for failure; with --db also the queue and its failed jobs')
  .option('-o, --out <dir>', 'output folder holding nianbao.sqlite', 'output')
  .option('--top <n>', 'how many reasons (and failed jobs) to list', int, 10)
  .addOption(dbOption())
  .addOption(schemaOption())
  .action(async (o: { out: string; top: number } & DbOptions) => {
    const ds = await openDataset(o);
    const l = await ledger(ds, o.top);
    const q = o.db ? await queueStatus(ds, o.schema, o.top) : undefined;
    await ds.close();
    const fmt = (r: Record<string, number>) => Object.entries(r).map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(`${l.documents} documents (last processed ${l.lastProcessed ?? 'never'})`);
    console.log(`state:    clean ${l.byState.clean}, failed checks ${l.byState.failed_checks}, errors ${l.byState.errors}`);
    console.log(`format:   ${fmt(l.byFormat)}`);
    console.log(`template: ${fmt(l.byTemplate)}`);
    if (l.topReasons.length) console.log('top reasons:');
    for (const r of l.topReasons) console.log(reasonLine(r));
    if (!q) return;
    console.log(`queue:    ${fmt(q.states)}`);
    if (q.parkedTotal) console.log(`failed jobs (retries used up; enqueue the files again to retry): ${q.parkedTotal}`);
    for (const p of q.parked) console.log(`  ${p.path}: ${p.message} (${p.retries} retries, last ${p.at})`);
  });

program
  .command('checks')
  .description('dataset-level checks: cross_year.carry (carried forward in Y = carried over in Y+1, same issuer)')
  .option('-o, --out <dir>', 'output folder holding nianbao.sqlite', 'output')
  .option('--all', 'list passing comparisons too')
  .addOption(dbOption())
  .addOption(schemaOption())
  .action(async (o: { out: string; all?: boolean } & DbOptions) => {
    const ds = await openDataset(o);
    const checks = await crossYearCarry(ds);
    await ds.close();
    for (const c of checks.filter((x) => o.all || x.status === 'fail')) {
      console.log(
        `${c.status.toUpperCase()} cross_year.carry ${c.issuer} (${c.region_code ?? '?'}) ${c.year}->${c.year + 1} ${c.column}: ` +
          `carried forward ${c.carried_forward ?? 'blank'}, carried over next year ${c.next_carried_over ?? 'blank'}`,
      );
    }
    const failed = checks.filter((c) => c.status === 'fail').length;
    console.log(`${checks.length} comparisons, ${failed} mismatches`);
  });

program
  .command('enqueue')
  .description('put a job on the shared queue for every file under the given files or folders that the dataset does not have yet')
  .argument('<inputs...>', 'files or folders (searched recursively); workers open the paths as given, from their own working folder')
  .addOption(sharedDbOption())
  .addOption(schemaOption())
  .option('--retry-limit <n>', 'retries of a failed job before it is parked as failed', count, 3)
  .option('--retry-delay <s>', 'whole seconds before the first retry', count, 30)
  .option('--no-backoff', 'retry after the same delay every time, instead of doubling it')
  .option('--force', 'enqueue every file, even those already in the dataset')
  .action(async (inputs: string[], o: { retryLimit: number; retryDelay: number; backoff: boolean; force?: boolean } & Required<DbOptions>) => {
    for (const i of inputs) if (!existsSync(i)) throw new Error(`no such file or folder: ${i}`);
    const s = await runEnqueue(inputs, { db: o.db, schema: o.schema, force: o.force, retryLimit: o.retryLimit, retryDelay: o.retryDelay, retryBackoff: o.backoff });
    console.log(
      `${s.enqueued} enqueued, ${s.unchanged} unchanged, ${s.alreadyQueued} already queued` +
        `${s.unreadable ? `, ${s.unreadable} unreadable` : ''} (${s.files} files) in ${s.seconds.toFixed(1)} s`,
    );
  });

readingOptions(
  program
    .command('worker')
    .description('read the files of queued jobs into the PostgreSQL dataset; run any number of workers, on any machines')
    .addOption(sharedDbOption())
    .addOption(schemaOption()),
)
  .option('--until-empty', 'stop once no job is waiting, running or due for a retry (otherwise keep polling)')
  .option('--poll <s>', 'seconds between polls of an empty queue (at least 0.5)', seconds, 2)
  .option('-q, --quiet', 'no per-document messages on stderr')
  .action(async (o: { jobs: number; timeout: number; maxBytes: number; maxMemory: number; untilEmpty?: boolean; poll: number; quiet?: boolean } & Required<DbOptions>) => {
    // A worker stopped hard leaves its jobs to expire; pg-boss then retries them elsewhere.
    const stop = stopOnSignal();
    const s = await runWorker({
      db: o.db, schema: o.schema, jobs: o.jobs, timeoutMs: o.timeout, maxBytes: o.maxBytes, runner: { maxMemoryMb: o.maxMemory, isolate: true },
      untilEmpty: o.untilEmpty, pollSeconds: o.poll, quiet: o.quiet, signal: stop.signal,
    });
    console.log(`${s.documents} documents read, ${s.unchanged} unchanged, ${s.failed} jobs failed (retried or parked by the queue) in ${s.seconds.toFixed(1)} s`);
  });

program
  .command('score')
  .description('compare the dataset in --out with the expected values (*.expected.json) under a corpus folder')
  .argument('[corpus]', 'corpus folder', 'corpus')
  .option('-o, --out <dir>', 'output folder holding nianbao.sqlite', 'output')
  .option('-v, --verbose', 'list every mismatch')
  .action(async (corpus: string, o: { out: string; verbose?: boolean }) => {
    const scores = await runScore(corpus, o.out);
    let ok = 0;
    let all = 0;
    let clean = 0;
    for (const s of scores) {
      ok += s.valuesCorrect;
      all += s.valuesExpected;
      if (!s.mismatches.length) clean++;
      const extra = s.mismatches.length ? `  ${s.mismatches.length} mismatches${o.verbose ? '' : ` (first: ${s.mismatches[0]})`}` : '';
      console.log(`${String(s.valuesCorrect).padStart(4)}/${String(s.valuesExpected).padEnd(4)} ${relative(process.cwd(), s.file)}${extra}`);
      if (o.verbose) for (const m of s.mismatches) console.log(`          - ${m}`);
    }
    console.log(`${ok}/${all} values correct; ${clean}/${scores.length} documents fully right`);
    if (clean < scores.length) process.exitCode = 1;
  });

const collect = (v: string, prev: string[] = []) => [...prev, v];
const year = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 2000 || n > 2100) throw new InvalidArgumentError('expected a year such as 2024');
  return n;
};

program
    .command('crawl')
    .description('walk each seed\'s 年报 column, archive every report page and attachment, and read the new reports into the dataset in --out')
    .requiredOption('--seeds <csv>', 'seeds file: region_code,issuer,url[,family] (see seeds/example.csv)')
    .requiredOption('--contact <email>', 'an address the portals\' operators can write to; sent in the User-Agent')
    .option('--archive <dir>', 'where every fetched body is kept by its sha256, with a JSON sidecar of provenance', 'archive')
    .option('-o, --out <dir>', 'output folder (dataset and exports)', 'output')
    .option('--delay <seconds>', 'least time between two requests to one host (robots.txt Crawl-delay raises it)', seconds, 1)
    .option('--hosts <n>', 'hosts crawled at once (one connection each)', int, 16)
    .option('--year <year>', 'only reports of this year (repeat for several)', (v: string, p: number[] = []) => [...p, year(v)])
    .option('--allow-host <host>', 'a host besides the seed\'s own site that its files may come from (repeat)', collect)
    .option('--allow-private', 'let the crawl reach loopback and private addresses (test portals only)')
    .option('-j, --jobs <n>', 'reports read at once (worker processes)', int, defaultJobs())
    .option('--timeout <ms>', 'per-document reading time limit in milliseconds', int, DEFAULT_TIMEOUT_MS)
    .option('--max-bytes <n>', 'skip (with an error record) documents larger than this', int, DEFAULT_MAX_BYTES)
    .option('--max-memory <mb>', 'memory ceiling of a worker process in MB: a report that needs more gets a memory_limit error record', int, DEFAULT_MAX_MEMORY_MB)
    .addOption(dbOption())
    .addOption(schemaOption())
.action(async (o: { seeds: string; contact: string; archive: string; out: string; delay: number; hosts: number; year?: number[]; allowHost?: string[]; allowPrivate?: boolean; jobs: number; timeout: number; maxBytes: number; maxMemory: number } & DbOptions) => {
  const { runCrawl, crawlProgress } = await import('../crawl/index.js');
  const progress = crawlProgress();
  const s = await runCrawl({
    seeds: o.seeds, archive: o.archive, out: o.out, db: o.db, schema: o.schema, contact: o.contact, delayMs: o.delay * 1000, hosts: o.hosts,
    allowHosts: o.allowHost, allowPrivate: o.allowPrivate, years: o.year, jobs: o.jobs, reading: { timeoutMs: o.timeout, maxBytes: o.maxBytes },
    runner: { maxMemoryMb: o.maxMemory, isolate: true }, log: progress.log, onProgress: progress.update,
  }).finally(() => progress.stop());
  console.log(
    `${s.seeds} seeds: ${s.listPages} list pages, ${s.articles} report articles; ${s.fetched} fetched, ${s.notModified} not modified; ` +
      `${s.reportsRead} reports read, ${s.reportsKnown} already in the dataset, ${s.companions} 解读/图解 kept; ${s.blocked} blocked, ${s.failed} failed -> ${o.out}/`,
  );
});

program
  .command('coverage')
  .description('for every seed, whether its report of --year was found (found | missing | blocked | failed); also written as coverage.csv')
  .requiredOption('--year <year>', 'the year the reports cover', year)
  .option('--seeds <csv>', 'the seeds to report on (default: every seed crawled into this dataset)')
  .option('-o, --out <dir>', 'output folder holding the dataset', 'output')
  .addOption(dbOption())
  .addOption(schemaOption())
  .action(async (o: { year: number; seeds?: string; out: string } & DbOptions) => {
    const { runCoverage } = await import('../crawl/index.js');
    const rows = await runCoverage(o);
    const cols = ['region_code', 'issuer', 'year', 'state', 'report_id', 'url', 'reason'] as const;
    const cell = (r: CoverageRow, c: (typeof cols)[number]) => (c === 'report_id' ? r[c].slice(0, 16) : String(r[c]));
    const widths = cols.map((c) => Math.min(60, Math.max(c.length, ...rows.map((r) => cell(r, c).length))));
    const line = (vals: string[]) => vals.map((v, i) => v.slice(0, widths[i]).padEnd(widths[i])).join('  ').trimEnd();
    console.log(line([...cols]));
    for (const r of rows) console.log(line(cols.map((c) => cell(r, c))));
    const found = rows.filter((r) => r.state === 'found').length;
    const by = (st: string) => rows.filter((r) => r.state === st).length;
    console.log(`found ${found} of ${rows.length}; missing ${by('missing')}, blocked ${by('blocked')}, failed ${by('failed')} -> ${o.out}/coverage.csv`);
  });

program
  .command('serve')
  .description('the API of the comparison page over the dataset in --out (or --db), on http://127.0.0.1:PORT/')
  .option('-o, --out <dir>', 'output folder holding nianbao.sqlite', 'output')
  .option('--port <n>', 'port to listen on (0: any free port)', count, 8080)
  .option('--host <address>', 'address to listen on; anything but loopback exposes the corrections: give --edit-token too', '127.0.0.1')
  .option('--edit-token <token>', 'corrections are accepted only with this in the X-Edit-Token header')
  .option('--read-only', 'accept no corrections')
  .option('--source-root <dir>', 'folder the records\' relative source paths are read from (where extract ran)', '.')
  .option('--max-heap <mb>', 'V8 heap of the server in MB (a bounded heap keeps its memory low)', int, SERVE_HEAP_MB)
  .addOption(dbOption())
  .addOption(schemaOption())
  .action(async (o: { out: string; port: number; host: string; editToken?: string; readOnly?: boolean; sourceRoot: string; maxHeap: number } & DbOptions) => {
    await inBoundedHeap(o.maxHeap); // already so when started by bin/nianbao.js
    const { serve } = await import('../serve/index.js');
    const ds = await openDataset(o);
    const running = await serve({
      store: ds, port: o.port, host: o.host, editToken: o.editToken, readOnly: o.readOnly, sourceRoot: resolve(o.sourceRoot),
    }).catch(async (e: Error) => {
      await ds.close();
      throw e;
    });
    const stop = () => void running.close().finally(() => ds.close().finally(() => process.exit(0)));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('correct')
  .description('correct one extracted value by hand (kept beside it, versioned; values.csv shows it in corrected_value)')
  .argument('<report_id>', 'the report (its sha256, or a unique prefix of at least 8 hex digits)')
  .argument('<key>', 'the value key, e.g. requests.received.total')
  .argument('<value>', 'the correct number, or "blank" when the cell holds no number')
  .requiredOption('--reason <text>', 'why (what the document prints, and where)')
  .option('--who <name>', 'who corrects', process.env.USER ?? 'unknown')
  .option('-o, --out <dir>', 'output folder holding nianbao.sqlite', 'output')
  .addOption(dbOption())
  .addOption(schemaOption())
  .action(async (reportId: string, key: string, value: string, o: { reason: string; who: string; out: string } & DbOptions) => {
    const v = /^(blank|null|)$/i.test(value.trim()) ? null : Number(value);
    if (v !== null && !Number.isFinite(v)) throw new InvalidArgumentError(`value "${value}": a number, or "blank"`);
    const { addCorrection } = await import('../serve/corrections.js');
    const ds = await openDataset(o);
    try {
      const c = await addCorrection(ds, { report_id: reportId, key, value: v, reason: o.reason, who: o.who });
      console.log(`correction ${c.id}: ${c.report_id.slice(0, 16)} ${c.key} ${c.extracted_value ?? 'blank'} -> ${c.corrected_value ?? 'blank'} (${c.who}: ${c.reason})`);
    } finally {
      await ds.close();
    }
  });

program
  .command('corrections')
  .description('the current hand corrections; those whose extracted value changed since (re-read documents) are marked REVIEW')
  .option('--all', 'superseded corrections too')
  .option('-o, --out <dir>', 'output folder holding nianbao.sqlite', 'output')
  .addOption(dbOption())
  .addOption(schemaOption())
  .action(async (o: { all?: boolean; out: string } & DbOptions) => {
    const { listCorrections, reviewCorrections } = await import('../serve/corrections.js');
    const ds = await openDataset(o);
    try {
      await reviewCorrections(ds);
      const rows = await listCorrections(ds, { all: o.all });
      const cols = ['id', 'flag', 'report_id', 'key', 'extracted', 'corrected', 'who', 'created_at', 'reason'] as const;
      const num = (x: number | null) => (x === null ? 'blank' : String(x));
      const cells = rows.map((c) => [
        String(c.id), c.needs_review ? 'REVIEW' : c.superseded_by !== null ? `by ${c.superseded_by}` : '', c.report_id.slice(0, 16), c.key,
        num(c.extracted_value), num(c.corrected_value), c.who, c.created_at.slice(0, 19).replace('T', ' '), c.reason,
      ]);
      const widths = cols.map((h, i) => Math.min(60, Math.max(h.length, ...cells.map((r) => r[i].length))));
      const line = (vals: readonly string[]) => vals.map((v, i) => (i === cols.length - 1 ? v : v.slice(0, widths[i]).padEnd(widths[i]))).join('  ').trimEnd();
      console.log(line(cols));
      for (const r of cells) console.log(line(r));
      const flagged = rows.filter((c) => c.needs_review).length;
      console.log(`${rows.length} corrections${o.all ? ' (with superseded)' : ''}; ${flagged} to review`);
    } finally {
      await ds.close();
    }
  });

program.parseAsync().catch((e: Error) => {
  console.error(`nianbao: ${e.message}`);
  process.exit(2);
});
