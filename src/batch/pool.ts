/**
 * Runs documents on a pool of worker threads sized to the cores (piscina). A document that overruns
 * its time limit has its worker terminated and gets a record with a timeout error; the pool goes on.
 * With one job, documents run in this thread (simpler to debug, and what the tests use in-process).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import type { ReportRecord } from '../model/record.js';
import { timeoutRecord } from '../pipeline/process.js';
import { projectRoot } from '../util/paths.js';
import runTask, { type Task } from './worker.js';

export interface DocumentRunner {
  run(task: Task): Promise<ReportRecord>;
  close(): Promise<void>;
}

/** Extra time a worker gets beyond the reader's own limit before it is killed. */
const GRACE_MS = 10_000;

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

export function createRunner(jobs: number): DocumentRunner {
  const workerFile = join(projectRoot(), 'dist', 'src', 'batch', 'worker.js');
  if (jobs <= 1 || !existsSync(workerFile)) {
    return { run: runTask, close: async () => {} };
  }
  const pool = new Piscina({
    filename: workerFile,
    minThreads: jobs,
    maxThreads: jobs,
    idleTimeout: 60_000,
    // tesseract and pdf.js spawn their own threads; one OCR thread per worker keeps the cores shared fairly.
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    resourceLimits: { maxOldGenerationSizeMb: 2048 },
  });
  return {
    async run(task) {
      const limit = (task.timeoutMs ?? 120_000) + GRACE_MS;
      try {
        return (await pool.run(task, { signal: AbortSignal.timeout(limit) })) as ReportRecord;
      } catch (e) {
        const err = e as Error;
        if (err.name === 'AbortError' || err.name === 'TimeoutError' || /abort/i.test(err.message)) return timeoutRecord(task.path, limit);
        return timeoutRecord(task.path, limit, `${task.path}: worker failed: ${err.message}`);
      }
    },
    close: () => pool.destroy(),
  };
}
