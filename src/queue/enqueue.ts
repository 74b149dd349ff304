/**
 * `nianbao enqueue`: one pg-boss job per file that needs reading. Incremental like extract: a file the
 * dataset already has from this parser version (same size and mtime, or the same content under another
 * path) is not enqueued, and a file whose job is still waiting, running or due for a retry is not
 * enqueued twice (the queue's singletonKey is path + size + mtime).
 */
import { stat } from 'node:fs/promises';
import PQueue from 'p-queue';
import type PgBoss from 'pg-boss';
import { seenBefore } from '../batch/incremental.js';
import { PostgresStore } from '../dataset/postgres.js';
import { collectFiles } from '../batch/files.js';
import { bossSchema, jobKey, QUEUE, RETENTION_DAYS, RETRY_DEFAULTS, startBoss, type JobData } from './boss.js';

export interface EnqueueOptions {
  db: string;
  schema?: string;
  /** Enqueue every file, even those the dataset has. */
  force?: boolean;
  retryLimit?: number;
  /** Seconds before the first retry; doubled (with jitter) for each further one when retryBackoff. */
  retryDelay?: number;
  retryBackoff?: boolean;
}

export interface EnqueueSummary {
  files: number;
  enqueued: number;
  unchanged: number;
  alreadyQueued: number;
  /** Files that could not be looked at (vanished, unreadable) and so were not enqueued. */
  unreadable: number;
  seconds: number;
}

export async function runEnqueue(inputs: string[], opts: EnqueueOptions): Promise<EnqueueSummary> {
  const t0 = Date.now();
  const files = await collectFiles(inputs);
  const store = await PostgresStore.open(opts.db, { schema: opts.schema });
  const s: EnqueueSummary = { files: files.length, enqueued: 0, unchanged: 0, alreadyQueued: 0, unreadable: 0, seconds: 0 };
  let boss: PgBoss | undefined;
  try {
    boss = await startBoss(opts.db, opts.schema);
    // pg-boss's "short" policy refuses a second waiting job per key; this also covers jobs running or waiting to retry.
    const pending = new Set(
      (await store.query<{ k: string }>(`SELECT singleton_key k FROM "${bossSchema(opts.schema)}".job WHERE name = ? AND state < 'completed'`, [QUEUE])).map((r) => r.k),
    );
    const retry = {
      retryLimit: opts.retryLimit ?? RETRY_DEFAULTS.retryLimit,
      retryDelay: opts.retryDelay ?? RETRY_DEFAULTS.retryDelay,
      retryBackoff: opts.retryBackoff ?? RETRY_DEFAULTS.retryBackoff,
    };
    const b = boss;
    const one = async (path: string) => {
      const st = await stat(path).catch((e: Error) => void (s.unreadable++, process.stderr.write(`nianbao: ${e.message}\n`)));
      if (!st) return;
      const key = jobKey(path, st.size, st.mtimeMs);
      if (pending.has(key)) return void s.alreadyQueued++;
      if (!opts.force && (await seenBefore(store, path, st)).known) return void s.unchanged++;
      const data: JobData = { path, bytes: st.size, mtimeMs: st.mtimeMs, ...(opts.force ? { force: true } : {}) };
      const id = await b.send(QUEUE, data, { singletonKey: key, retentionDays: RETENTION_DAYS, ...retry });
      if (id) s.enqueued++;
      else s.alreadyQueued++;
    };
    // A few at a time: each file costs a round trip or two to the database.
    const queue = new PQueue({ concurrency: 8 });
    await Promise.all(files.map((f) => queue.add(() => one(f))));
  } finally {
    await boss?.stop({ graceful: false });
    await store.close();
  }
  s.seconds = (Date.now() - t0) / 1000;
  return s;
}
