/**
 * The shared work queue: pg-boss 10 on the dataset's PostgreSQL. One job per file, carrying its path;
 * pg-boss hands each job to one worker (SELECT … FOR UPDATE SKIP LOCKED), retries failures with
 * backoff and parks a job in its `failed` state, with the error, once the retries are used up.
 */
import PgBoss from 'pg-boss';
import { checkSchemaName } from '../dataset/postgres.js';

export const QUEUE = 'nianbao-extract';

/** What a job carries: the file as enqueue saw it. Workers read the path relative to their own working folder. */
export interface JobData {
  path: string;
  bytes: number;
  mtimeMs: number;
  /** Enqueued with --force: read again even if the dataset has it. */
  force?: boolean;
}

/** pg-boss keeps its tables next to the dataset's, so datasets in different schemas have separate queues. */
export const bossSchema = (schema = 'nianbao') => `${checkSchemaName(schema)}_queue`;

/** One file as it is now: the same key again means the same work, which the queue refuses to hold twice. */
export const jobKey = (path: string, bytes: number, mtimeMs: number) => `${path}|${bytes}|${mtimeMs}`;

export const RETRY_DEFAULTS = { retryLimit: 3, retryDelay: 30, retryBackoff: true };

/** pg-boss archives a job still waiting after its retention (14 days by default) unread; a large archive may wait longer. */
export const RETENTION_DAYS = 365;

/**
 * Starts pg-boss (creating its schema when missing) and the queue. The "short" policy lets only one job
 * per singletonKey wait in the queue. `supervise` runs pg-boss's maintenance (expiring jobs of a worker
 * that died, archiving old ones); short-lived commands leave it to the workers.
 */
export async function startBoss(db: string, schema: string | undefined, opts: { supervise?: boolean } = {}): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: db, schema: bossSchema(schema), schedule: false, supervise: opts.supervise ?? false, max: 4, application_name: 'nianbao-queue' });
  boss.on('error', (e) => process.stderr.write(`nianbao: queue: ${e.message}\n`));
  await boss.start();
  await boss.createQueue(QUEUE, { name: QUEUE, policy: 'short', ...RETRY_DEFAULTS });
  return boss;
}
