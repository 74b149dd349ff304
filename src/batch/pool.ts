/**
 * Runs documents on a pool of worker processes sized to the cores (workerpool). Processes, not
 * threads: each has its own heap and its own single-threaded garbage collector, where worker threads
 * shared one process's GC helpers and allocator and lost about a fifth of the second core to that.
 * A document that overruns its time limit, or whose worker goes over the memory ceiling (memory.ts:
 * a V8 heap limit, and the pool's watch over each worker's resident memory), has its worker killed
 * and gets a record that says so (`timeout`, `memory_limit`); the pool starts another and goes on.
 * The workers run the compiled child script (dist/src/batch/child.js, from `npm run build`); without
 * it createRunner throws instead of silently falling back to this process, where no worker can be
 * killed.
 * With one job and no `isolate`, documents run in this process instead: no child script needed,
 * simpler to debug, and what the in-process tests use. But nothing guards it: only the readers' own
 * limits apply, and a runaway document can take this process down. The CLI always isolates.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import workerpool from 'workerpool';
import type { ReportRecord } from '../model/record.js';
import { error } from '../model/messages.js';
import { DEFAULT_TIMEOUT_MS, stoppedRecord, timeoutMessage } from '../pipeline/process.js';
import { projectRoot } from '../util/paths.js';
import { DEFAULT_MAX_MEMORY_MB, heapLimitMb, MemoryWatch } from './memory.js';
import runTask, { type Task } from './task.js';

export interface DocumentRunner {
  run(task: Task): Promise<ReportRecord>;
  close(): Promise<void>;
  /** Highest resident memory of a worker while it read a document, bytes (0 in this process). */
  peakWorkerBytes(): number;
}

/** Extra time a worker gets beyond the reader's own limit before it is killed. */
const GRACE_MS = 10_000;

export interface RunnerOptions {
  graceMs?: number;
  /** The memory ceiling of a worker, MB (default 2048). */
  maxMemoryMb?: number;
  /** Run documents in a worker process even with one job, so the time limit and memory ceiling hold. */
  isolate?: boolean;
}

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

const MB = 1024 * 1024;
const mb = (bytes: number) => Math.round(bytes / MB);

export function createRunner(jobs: number, { graceMs = GRACE_MS, maxMemoryMb = DEFAULT_MAX_MEMORY_MB, isolate = false }: RunnerOptions = {}): DocumentRunner {
  if (jobs <= 1 && !isolate) return { run: runTask, close: async () => {}, peakWorkerBytes: () => 0 };
  const workers = Math.max(1, jobs);
  const script = join(projectRoot(), 'dist', 'src', 'batch', 'child.js');
  if (!existsSync(script)) {
    throw new Error(
      `nianbao: the worker script ${script} is missing, so documents cannot be read in worker processes; ` +
        'run `npm run build` first',
    );
  }
  const pool = workerpool.pool(script, {
    workerType: 'process',
    minWorkers: workers,
    maxWorkers: workers,
    forkOpts: {
      // Structured clone over the channel: a task's bytes go as bytes, not as JSON.
      serialization: 'advanced',
      // Its own process group: Ctrl-C and a service manager's stop reach this process, which lets
      // the documents under way finish. A worker whose parent dies exits (workerpool sees the disconnect).
      detached: true,
      // tesseract and pdf.js spawn their own threads; one OCR thread per worker keeps the cores shared
      // fairly, and one recognition at a time (the documents are the parallelism here) keeps one set of
      // tesseract workers in memory instead of one per core (a 300 dpi scan: 800 MB -> about half).
      env: { ...process.env, OMP_THREAD_LIMIT: '1', NIANBAO_OCR_WORKERS: process.env.NIANBAO_OCR_WORKERS ?? '1', NIANBAO_MAX_MEMORY_MB: String(maxMemoryMb) },
      // A heap that grows by at most 2x between full collections: about 5% slower than V8's default
      // (up to 4x), and the bench's workers peak at ~310 MB instead of ~470 MB.
      execArgv: ['--single-threaded-gc', '--heap-growing-percent=100', `--max-old-space-size=${heapLimitMb(maxMemoryMb)}`],
    },
  });
  const watch = new MemoryWatch(maxMemoryMb * MB);
  return {
    async run(task) {
      const limit = (task.timeoutMs ?? DEFAULT_TIMEOUT_MS) + graceMs;
      let pid: number | undefined;
      const on = (m: { pid?: number }) => {
        if (typeof m?.pid === 'number') watch.add((pid = m.pid));
      };
      try {
        return (await pool.exec('run', [task], { on }).timeout(limit)) as ReportRecord;
      } catch (e) {
        const killed = pid === undefined ? undefined : watch.remove(pid).killedAt;
        if (killed !== undefined) {
          return stoppedRecord(task.path, error('memory_limit', `${task.path}: the worker reading it reached ${mb(killed)} MB of its ${maxMemoryMb} MB memory ceiling (--max-memory) and was stopped`));
        }
        if (e instanceof workerpool.Promise.TimeoutError) return stoppedRecord(task.path, timeoutMessage(task.path, limit));
        const msg = (e as Error).message;
        // V8 aborts a process whose heap is full: the heap limit set above, a part of the ceiling.
        if (/signalCode: `SIGABRT`|exitCode: `134`/.test(msg)) {
          return stoppedRecord(task.path, error('memory_limit', `${task.path}: the worker reading it ran out of its ${heapLimitMb(maxMemoryMb)} MB heap (memory ceiling ${maxMemoryMb} MB, --max-memory); it was stopped`));
        }
        const exit = /exitCode: `(\w+)`\s+signalCode: `(\w+)`/.exec(msg);
        const how = exit ? `the worker process ended (exit code ${exit[1]}, signal ${exit[2]})` : msg.split('\n')[0];
        return stoppedRecord(task.path, error('worker_failed', `${task.path}: worker failed: ${how}`));
      } finally {
        if (pid !== undefined) watch.remove(pid);
      }
    },
    close: async () => {
      watch.close();
      await pool.terminate();
    },
    peakWorkerBytes: () => watch.peak,
  };
}
