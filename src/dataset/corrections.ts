/**
 * The hand corrections' table (tables.ts CORRECTIONS) as the dataset keeps it: reading its rows, and
 * flagging the corrections a re-read has overtaken. Here, below serve and the CLI, because both
 * `extract` (after it has stored the documents) and `serve` (at start) flag them; making and listing
 * corrections is src/serve/corrections.ts.
 */
import { createTables, type Dialect } from './ddl.js';
import type { Store } from './store.js';
import { CORRECTIONS, type RowOf } from './tables.js';

export type Correction = Omit<RowOf<typeof CORRECTIONS>, 'needs_review'> & { needs_review: boolean };

/** Both stores create the table on open; a PostgreSQL dataset opened read-only (mustExist) from before it existed does not, so it is made here. */
const PORTABLE: Dialect = {
  type: (c) => (c.type === 'real' ? 'DOUBLE PRECISION' : c.type === 'text' ? 'TEXT' : 'INTEGER'),
  table: (t) => t.name,
};
const ready = new WeakSet<Store>();
export async function ensureCorrectionsTable(store: Store): Promise<void> {
  if (ready.has(store)) return;
  await store.query(createTables(PORTABLE, [CORRECTIONS]).trim().replace(/;$/, ''));
  ready.add(store);
}

export const COLUMNS = CORRECTIONS.columns.map((c) => c.name).join(', ');

/** Booleans come back as 0/1 from both stores. */
export function fromRow(r: Record<string, unknown>): Correction {
  const picked = Object.fromEntries(CORRECTIONS.columns.map((c) => [c.name, r[c.name] ?? null])) as Omit<Correction, 'needs_review'>;
  return { ...picked, needs_review: Number(r.needs_review) === 1 };
}

/**
 * After a re-read: a current correction whose report no longer extracts the value it was made
 * against (the value changed, or the report or key is gone) is flagged needs_review. The flag stays
 * until a new correction supersedes it: the person who corrected should look again, whichever way it
 * went. Called by `extract` when it has stored the documents, and by `serve` at start.
 */
export async function reviewCorrections(store: Store): Promise<Correction[]> {
  await ensureCorrectionsTable(store);
  const rows = await store.query<Record<string, unknown> & { current: number | null; present: number | null }>(
    `SELECT ${CORRECTIONS.columns.map((c) => `c.${c.name}`).join(', ')}, v.value AS current, CASE WHEN v.key IS NULL THEN NULL ELSE 1 END AS present
       FROM corrections c LEFT JOIN report_values v ON v.report_id = c.report_id AND v.key = c.key
      WHERE c.superseded_by IS NULL AND c.needs_review = 0`,
  );
  const flagged: Correction[] = [];
  for (const r of rows) {
    const c = fromRow(r);
    const same = r.present !== null && (r.current === null ? c.extracted_value === null : c.extracted_value !== null && Math.abs(r.current - c.extracted_value) < 1e-9);
    if (same) continue;
    await store.query(`UPDATE corrections SET needs_review = 1 WHERE id = ?`, [c.id]);
    flagged.push({ ...c, needs_review: true });
  }
  return flagged;
}
