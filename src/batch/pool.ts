/**
 * Runs documents on a pool of worker processes sized to the cores (workerpool). Processes, not
 * threads: each has its own heap and its own single-threaded garbage collector, where worker threads
 * shared one process's GC helpers and allocator and lost about a fifth of the second core to that.
 * A document that overruns its time limit has its worker killed and gets a record with a timeout
 * error; the pool starts another and goes on. The workers run the compiled child script
 * (dist/src/batch/child.js, from `npm run build`); without it createRunner throws for jobs > 1
 * instead of silently falling back to this process, where no worker can be killed.
 * With one job (jobs <= 1), documents run in this process instead: no child script needed, simpler
 * to debug, and what the in-process tests use. But there is no worker to kill: only the readers' own
 * deadlines (ingest/deadline.ts: PDF and OCR) apply, and code that never yields, such as a runaway
 * extractor, is not stopped at the time limit.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import workerpool from 'workerpool';
import type { ReportRecord } from '../model/record.js';
import { DEFAULT_TIMEOUT_MS, timeoutRecord } from '../pipeline/process.js';
import { projectRoot } from '../util/paths.js';
import runTask, { type Task } from './task.js';

export interface DocumentRunner {
  run(task: Task): Promise<ReportRecord>;
  close(): Promise<void>;
}

/** Extra time a worker gets beyond the reader's own limit before it is killed. */
const GRACE_MS = 10_000;

export interface RunnerOptions {
  graceMs?: number;
}

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

export function createRunner(jobs: number, { graceMs = GRACE_MS }: RunnerOptions = {}): DocumentRunner {
  if (jobs <= 1) return { run: runTask, close: async () => {} };
  const script = join(projectRoot(), 'dist', 'src', 'batch', 'child.js');
  if (!existsSync(script)) {
    throw new Error(
      `nianbao: the worker script ${script} is missing, so ${jobs} worker processes cannot start; ` +
        'run `npm run build` first (or use --jobs 1 to read documents in this process)',
    );
  }
  const pool = workerpool.pool(script, {
    workerType: 'process',
    minWorkers: jobs,
    maxWorkers: jobs,
    forkOpts: {
      // Structured clone over the channel: a task's bytes go as bytes, not as JSON.
      serialization: 'advanced',
      // Its own process group: Ctrl-C and a service manager's stop reach this process, which lets
      // the documents under way finish. A worker whose parent dies exits (workerpool sees the disconnect).
      detached: true,
      // tesseract and pdf.js spawn their own threads; one OCR thread per worker keeps the cores shared fairly.
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      // A heap that grows by at most 2x between full collections: about 5% slower than V8's default
      // (up to 4x), and the bench's workers peak at ~310 MB instead of ~470 MB.
      execArgv: ['--single-threaded-gc', '--heap-growing-percent=100', '--max-old-space-size=2048'],
    },
  });
  return {
    async run(task) {
      const limit = (task.timeoutMs ?? DEFAULT_TIMEOUT_MS) + graceMs;
      try {
        return (await pool.exec('run', [task]).timeout(limit)) as ReportRecord;
      } catch (e) {
        if (e instanceof workerpool.Promise.TimeoutError) return timeoutRecord(task.path, limit);
        return timeoutRecord(task.path, limit, `${task.path}: worker failed: ${(e as Error).message}`);
      }
    },
    close: async () => void (await pool.terminate()),
  };
}
