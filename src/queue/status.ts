/**
 * The queue's side of `nianbao status --db`: jobs by pg-boss state, and the files whose latest job
 * used up its retries, with the error pg-boss kept. Read straight from pg-boss's tables (job, and
 * archive for jobs older than its archive interval), since pg-boss has no call listing failed jobs.
 */
import type { Store } from '../dataset/store.js';
import { bossSchema, QUEUE } from './boss.js';

export interface ParkedJob {
  path: string;
  message: string;
  retries: number;
  at: string;
}

export interface QueueStatus {
  states: Record<string, number>;
  parked: ParkedJob[];
  parkedTotal: number;
}

const STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'];

/** undefined when no worker or enqueue has used this dataset yet. */
export async function queueStatus(store: Store, schema: string | undefined, top = 10): Promise<QueueStatus | undefined> {
  const b = `"${bossSchema(schema)}"`;
  const [{ t }] = await store.query<{ t: string | null }>(`SELECT to_regclass(?) t`, [`${b}.archive`]);
  if (!t) return undefined;
  const jobs = `(SELECT id, singleton_key, state, data, output, retry_count, created_on, completed_on FROM ${b}.job WHERE name = ?
                 UNION ALL
                 SELECT id, singleton_key, state, data, output, retry_count, created_on, completed_on FROM ${b}.archive WHERE name = ?)`;
  const counts = await store.query<{ state: string; n: number }>(`SELECT state::text state, count(*) n FROM ${jobs} j GROUP BY state`, [QUEUE, QUEUE]);
  const states = Object.fromEntries(STATES.map((s) => [s, 0]));
  for (const c of counts) states[c.state] = Number(c.n);
  // A file's latest job only: one that failed and was enqueued again since is not parked any more.
  const parked = await store.query<ParkedJob & { total: number }>(
    `SELECT data->>'path' path, coalesce(output->>'message', output::text, '') message, retry_count retries, completed_on at, count(*) OVER () total
       FROM (SELECT *, row_number() OVER (PARTITION BY coalesce(singleton_key, id::text) ORDER BY created_on DESC) latest FROM ${jobs} j) l
      WHERE latest = 1 AND state = 'failed'
      ORDER BY completed_on DESC, path
      LIMIT ?`,
    [QUEUE, QUEUE, top],
  );
  return {
    states,
    parked: parked.map(({ total: _, at, ...p }) => ({ ...p, at: new Date(at).toISOString() })),
    parkedTotal: parked.length ? Number(parked[0].total) : 0,
  };
}
