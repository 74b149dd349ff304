/**
 * `nianbao extract`: every document under the inputs into the dataset in --out, then the exports.
 * Each document is committed on its own, so a run that is stopped leaves a consistent dataset and the
 * next run resumes: unchanged files (same size and mtime, or same content) from the same parser
 * version are skipped; a new parser version re-does them.
 */
import { mkdir } from 'node:fs/promises';
import PQueue from 'p-queue';
import { readEntry } from '../batch/entry.js';
import { createRunner, defaultJobs } from '../batch/pool.js';
import { createProgress } from '../batch/progress.js';
import { exportFiles } from '../dataset/export.js';
import { openStore } from '../dataset/open.js';
import { aboutDocument } from '../model/messages.js';
import type { ProcessOptions } from '../pipeline/process.js';
import { crossYearCarry } from '../dataset/cross-year.js';
import { reviewCorrections } from '../dataset/corrections.js';
import { walkInputs, type WalkEntry } from '../batch/files.js';

export interface ExtractOptions extends ProcessOptions {
  out: string;
  /** postgres://… : the dataset in PostgreSQL instead of nianbao.sqlite in out (the exports still go to out). */
  db?: string;
  schema?: string;
  jobs?: number;
  /** The memory ceiling of a worker process, MB (default 2048). */
  maxMemoryMb?: number;
  /** Read documents in worker processes even with one job (the CLI does: time limit and memory ceiling then hold). */
  isolate?: boolean;
  /** Re-read every document even when unchanged. */
  force?: boolean;
  quiet?: boolean;
  /** Progress as a bar (true) or plain lines (false); default: a bar when stderr is a terminal. */
  tty?: boolean;
  /** Stops scheduling new documents; those under way finish and the exports are written. */
  signal?: AbortSignal;
}

export interface ExtractSummary {
  files: number;
  documents: number;
  unchanged: number;
  withErrors: number;
  templates: Record<string, number>;
  checksFailed: number;
  carryMismatches: number;
  values: number;
  /** Highest resident memory of a worker process while it read a document, MB (0 when read in this process). */
  peakWorkerMb: number;
  interrupted: boolean;
  seconds: number;
}

export async function runExtract(inputs: string[], opts: ExtractOptions): Promise<ExtractSummary> {
  const t0 = Date.now();
  // Every entry, the odd ones too (a broken link, a FIFO …): each gets a record, none stops the run.
  const files = await walkInputs(inputs);
  await mkdir(opts.out, { recursive: true });
  const ds = await openStore({ out: opts.out, db: opts.db, schema: opts.schema });
  const jobs = opts.jobs ?? defaultJobs();
  const runner = createRunner(jobs, { maxMemoryMb: opts.maxMemoryMb, isolate: opts.isolate });
  const progress = createProgress(files.length, { tty: opts.tty, quiet: opts.quiet });
  const s: ExtractSummary = {
    files: files.length, documents: 0, unchanged: 0, withErrors: 0, templates: {}, checksFailed: 0, carryMismatches: 0, values: 0, peakWorkerMb: 0,
    interrupted: false, seconds: 0,
  };
  // Two tasks a worker: while this process stores one record, the worker already reads the next document.
  const queue = new PQueue({ concurrency: jobs > 1 ? jobs * 2 : 1 });
  opts.signal?.addEventListener('abort', () => queue.clear(), { once: true });

  const one = async (entry: WalkEntry) => {
    if (opts.signal?.aborted) return;
    const got = await readEntry(entry, ds, runner, { force: opts.force, timeoutMs: opts.timeoutMs, maxBytes: opts.maxBytes });
    if (got.unchanged) return void (s.unchanged++, progress.tick(false, true));
    const rec = got.rec;
    await ds.put(rec, got.mtimeMs);
    s.documents++;
    if (rec.errors.length) {
      s.withErrors++;
      progress.log(`ERROR ${aboutDocument(rec.source.path, rec.issues)}`);
    }
    s.templates[rec.template] = (s.templates[rec.template] ?? 0) + 1;
    s.checksFailed += rec.checks.filter((c) => c.status === 'fail' && c.severity !== 'warning').length;
    progress.tick(rec.errors.length > 0);
  };

  try {
    // Not Promise.all: tasks cleared by an interrupt never settle. A file gone or unreadable gets a record (readEntry);
    // what still throws here is the dataset itself failing.
    for (const f of files) {
      queue.add(() => one(f)).catch((e: Error) => {
        s.withErrors++;
        progress.log(`ERROR ${f.path}: ${e.message}`);
      });
    }
    await queue.onIdle();
    s.interrupted = opts.signal?.aborted ?? false;
    s.carryMismatches = (await crossYearCarry(ds)).filter((c) => c.status === 'fail').length;
    // Hand corrections made against a value this run read differently are flagged for review (nianbao corrections lists them).
    const flagged = (await reviewCorrections(ds)).length;
    if (flagged) process.stderr.write(`${flagged} correction(s) flagged for review: the value extracted now is not the one they were made against (nianbao corrections)\n`);
    s.values = (await exportFiles(ds, opts.out)).values;
  } finally {
    progress.stop();
    s.peakWorkerMb = Math.round(runner.peakWorkerBytes() / 2 ** 20);
    await runner.close();
    await ds.close();
  }
  s.seconds = (Date.now() - t0) / 1000;
  return s;
}
