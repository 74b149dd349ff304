/**
 * The failure ledger: what state every document is in, and why the failed ones failed. Errors are
 * grouped by their message code ("20 × corrupt"), which the readers set on purpose; rows without a
 * code (records made before codes existed) are grouped by their sentence with file names and numbers
 * taken out, which is the best that can be done from text.
 */
import type { Store } from './store.js';

export interface Reason {
  /** The message code shared by the group; null for a group of sentences without a code. */
  code: string | null;
  /** What the group is: the code, or the sentence with names and numbers taken out. */
  reason: string;
  count: number;
  /** Path of the first document of the group (in path order). */
  example: string;
  /** Its sentence, as a person reads it. */
  exampleMessage: string;
}

export interface LedgerSummary {
  documents: number;
  byState: Record<'clean' | 'failed_checks' | 'errors', number>;
  byFormat: Record<string, number>;
  byTemplate: Record<string, number>;
  topReasons: Reason[];
  lastProcessed: string | null;
}

/** "corpus/bad/x.pdf: timeout: not finished within 130000 ms" -> "timeout: not finished within N ms". */
export function reasonOf(message: string, path: string): string {
  let m = message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
  m = m.replace(/"[^"]*"/g, '"…"').replace(/(?<![A-Za-z])\d+(\.\d+)?/g, 'N');
  return m.length > 160 ? `${m.slice(0, 157)}…` : m;
}

export async function ledger(store: Store, top = 10): Promise<LedgerSummary> {
  const count = async (sql: string) => Object.fromEntries((await store.query<{ k: string; n: number }>(sql)).map((r) => [r.k, Number(r.n)]));
  const states = await count(
    `SELECT CASE WHEN n_errors > 0 THEN 'errors' WHEN n_checks_failed > 0 THEN 'failed_checks' ELSE 'clean' END k, count(*) n FROM reports GROUP BY k`,
  );
  const groups = new Map<string, Reason>();
  const rows = await store.query<{ code: string | null; message: string; path: string }>(
    `SELECT e.code, e.message, r.path FROM errors e JOIN reports r USING (report_id) ORDER BY r.path, e.seq`,
  );
  for (const r of rows) {
    const reason = r.code ?? reasonOf(r.message, r.path);
    // A code and a sentence that happen to read alike are still two groups.
    const k = `${r.code === null ? 'sentence' : 'code'}:${reason}`;
    const g = groups.get(k) ?? { code: r.code, reason, count: 0, example: r.path, exampleMessage: r.message };
    g.count++;
    groups.set(k, g);
  }
  return {
    documents: Number((await store.query<{ n: number }>(`SELECT count(*) n FROM reports`))[0].n),
    byState: { clean: states.clean ?? 0, failed_checks: states.failed_checks ?? 0, errors: states.errors ?? 0 },
    byFormat: await count(`SELECT format k, count(*) n FROM reports GROUP BY format ORDER BY n DESC`),
    byTemplate: await count(`SELECT template k, count(*) n FROM reports GROUP BY template ORDER BY n DESC`),
    topReasons: [...groups.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)).slice(0, top),
    lastProcessed: (await store.query<{ t: string | null }>(`SELECT max(processed_at) t FROM reports`))[0].t,
  };
}

/**
 * A reason as `nianbao status` prints it: "    12 × timeout  (e.g. corpus/bad/x.pdf: timeout: not
 * finished within 130000 ms)". The example names its file, which the sentence usually does already.
 */
export function reasonLine(r: Reason): string {
  let example = r.exampleMessage.includes(r.example) ? r.exampleMessage : `${r.example}: ${r.exampleMessage}`;
  if (example.length > 240) example = `${example.slice(0, 239)}…`;
  return `${String(r.count).padStart(6)} × ${r.reason}  (e.g. ${example})`;
}
