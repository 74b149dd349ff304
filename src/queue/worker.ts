/**
 * `nianbao worker`: takes jobs from the shared queue and reads each file into the PostgreSQL dataset,
 * in this process (or the worker-process pool for --jobs N, one pg-boss poller per worker). A job that
 * throws (the file vanished, the database went away) is failed for pg-boss to retry and, in the end, park.
 * Runs until stopped, or with `untilEmpty` until no job is waiting, running or due for a retry.
 */
import { stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type PgBoss from 'pg-boss';
import { seenBefore } from '../batch/incremental.js';
import { createRunner, type DocumentRunner, type RunnerOptions } from '../batch/pool.js';
import { PostgresStore } from '../dataset/postgres.js';
import { aboutDocument } from '../model/messages.js';
import { DEFAULT_TIMEOUT_MS, type ProcessOptions } from '../pipeline/process.js';
import { QUEUE, startBoss, type JobData } from './boss.js';

export interface WorkerOptions extends ProcessOptions {
  db: string;
  schema?: string;
  /** Documents read at once (worker processes when more than one, or with `runner.isolate`). */
  jobs?: number;
  /** The workers' memory ceiling, and whether one job still gets a worker process (the CLI's choice). */
  runner?: RunnerOptions;
  untilEmpty?: boolean;
  /** Seconds between polls of an empty queue (pg-boss's minimum is 0.5). */
  pollSeconds?: number;
  quiet?: boolean;
  /** Stops taking jobs; those under way finish and are recorded. */
  signal?: AbortSignal;
}

export interface WorkerSummary {
  documents: number;
  unchanged: number;
  failed: number;
  seconds: number;
}

/** What a completed job keeps as its output: who did it and what came out. */
export interface JobOutput {
  worker: string;
  report_id?: string;
  template?: string;
  errors?: number;
  /** The record's first error, as extract prints it. */
  error?: string;
  unchanged?: boolean;
}

/** Beyond the reader's own time limit, what a document may take before pg-boss counts its job as lost. */
const SLACK_MS = 15_000;

export async function runWorker(opts: WorkerOptions): Promise<WorkerSummary> {
  const t0 = Date.now();
  const jobs = Math.max(1, opts.jobs ?? 1);
  const poll = Math.max(0.5, opts.pollSeconds ?? 2);
  const log = (line: string) => void (opts.quiet || process.stderr.write(line + '\n'));
  const store = await PostgresStore.open(opts.db, { schema: opts.schema, max: jobs + 2 });
  const runner = createRunner(jobs, opts.runner);
  const s: WorkerSummary = { documents: 0, unchanged: 0, failed: 0, seconds: 0 };
  const me = `${hostname()}:${process.pid}`;
  let boss: PgBoss | undefined;
  try {
    boss = await startBoss(opts.db, opts.schema, { supervise: true });
    const b = boss;
    const handle = async (job: PgBoss.JobWithMetadata<JobData>): Promise<JobOutput> => {
      try {
        const out = await processJob(job.data, store, runner, opts, me);
        if (out.unchanged) s.unchanged++;
        else s.documents++;
        if (out.error) log(`ERROR ${out.error}`);
        return out;
      } catch (e) {
        s.failed++;
        const left = job.retryLimit - job.retryCount;
        log(`FAILED ${job.data.path}: ${(e as Error).message} (${left > 0 ? `${left} retries left` : 'no retries left: parked as failed'})`);
        throw e;
      }
    };
    for (let k = 0; k < jobs; k++) {
      let id = '';
      // After a job, fetch the next one at once instead of waiting for the polling interval; an empty fetch waits.
      id = await b.work<JobData>(QUEUE, { batchSize: 1, pollingIntervalSeconds: poll, includeMetadata: true }, async ([job]) => {
        try {
          return await handle(job);
        } finally {
          b.notifyWorker(id);
        }
      });
    }
    log(`worker ${me}: ${jobs} at a time on queue ${QUEUE}${opts.untilEmpty ? ', until it is empty' : ''}`);
    while (!opts.signal?.aborted) {
      await sleep(poll * 1000, undefined, { signal: opts.signal }).catch(() => {});
      // Waiting, running elsewhere or due for a retry all count: a job running on another machine may still fail and come back.
      if (opts.untilEmpty && !opts.signal?.aborted && (await b.getQueueSize(QUEUE, { before: 'completed' })) === 0) break;
    }
  } finally {
    // Graceful: jobs under way finish and are completed; any still running at the deadline are failed, to be retried.
    await boss?.stop({ graceful: true, timeout: (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS) + SLACK_MS });
    await runner.close();
    await store.close();
  }
  s.seconds = (Date.now() - t0) / 1000;
  return s;
}

/** One job: the same steps as one file of extract, with the PostgreSQL store. */
async function processJob(data: JobData, store: PostgresStore, runner: DocumentRunner, opts: ProcessOptions, me: string): Promise<JobOutput> {
  // A file that vanished after it was enqueued throws here: the job fails and pg-boss keeps the error.
  const st = await stat(data.path);
  // Another job may have read the same file or the same content since this one was enqueued.
  const seen = data.force ? undefined : await seenBefore(store, data.path, st);
  if (seen?.known) return { worker: me, unchanged: true };
  const rec = await runner.run({ path: data.path, bytes: seen?.bytes, sha256: seen?.sha256, timeoutMs: opts.timeoutMs, maxBytes: opts.maxBytes });
  await store.put(rec, st.mtimeMs);
  return { worker: me, report_id: rec.source.sha256, template: rec.template, errors: rec.errors.length, ...(rec.errors.length ? { error: aboutDocument(rec.source.path, rec.issues) } : {}) };
}
