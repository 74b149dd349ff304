/**
 * The failure ledger: what state every document is in, and why the failed ones failed. Errors are
 * grouped by reason with file names and numbers taken out, so "20 × truncated PDF" reads as one line.
 */
import type { Store } from './store.js';

export interface LedgerSummary {
  documents: number;
  byState: Record<'clean' | 'failed_checks' | 'errors', number>;
  byFormat: Record<string, number>;
  byTemplate: Record<string, number>;
  topReasons: { reason: string; count: number; example: string }[];
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
  const reasons = new Map<string, { count: number; example: string }>();
  for (const r of await store.query<{ message: string; path: string }>(`SELECT e.message, r.path FROM errors e JOIN reports r USING (report_id) ORDER BY r.path, e.seq`)) {
    const k = reasonOf(r.message, r.path);
    const cur = reasons.get(k) ?? { count: 0, example: r.path };
    cur.count++;
    reasons.set(k, cur);
  }
  return {
    documents: Number((await store.query<{ n: number }>(`SELECT count(*) n FROM reports`))[0].n),
    byState: { clean: states.clean ?? 0, failed_checks: states.failed_checks ?? 0, errors: states.errors ?? 0 },
    byFormat: await count(`SELECT format k, count(*) n FROM reports GROUP BY format ORDER BY n DESC`),
    byTemplate: await count(`SELECT template k, count(*) n FROM reports GROUP BY template ORDER BY n DESC`),
    topReasons: [...reasons]
      .map(([reason, v]) => ({ reason, ...v }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason))
      .slice(0, top),
    lastProcessed: (await store.query<{ t: string | null }>(`SELECT max(processed_at) t FROM reports`))[0].t,
  };
}
