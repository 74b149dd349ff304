/**
 * Runs documents on a pool of worker processes sized to the cores (workerpool). Processes, not
 * threads: each has its own heap and its own single-threaded garbage collector, where worker threads
 * shared one process's GC helpers and allocator and lost about a fifth of the second core to that.
 * A document that overruns its time limit has its worker killed and gets a record with a timeout
 * error; the pool starts another and goes on. With one job, documents run in this process (simpler
 * to debug, and what the tests use in-process).
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
  const script = join(projectRoot(), 'dist', 'src', 'batch', 'child.js');
  if (jobs <= 1 || !existsSync(script)) return { run: runTask, close: async () => {} };
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
