/**
 * Hand corrections of extracted values, kept in the `corrections` table (tables.ts) beside the
 * extraction, never over it: report_values keeps what was read, so the correction and the reading can
 * both be shown and a re-read cannot silently undo a correction. Versioned: a new correction of a
 * (report, key) supersedes the current one (superseded_by), the history stays.
 *
 * Used by the web API (app.ts) and the `correct` / `corrections` commands, through Store.query only,
 * so SQLite and PostgreSQL behave alike.
 */
import { createTables, type Dialect } from '../dataset/ddl.js';
import type { Store } from '../dataset/store.js';
import { CORRECTIONS, type RowOf } from '../dataset/tables.js';

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

const COLUMNS = CORRECTIONS.columns.map((c) => c.name).join(', ');

/** Booleans come back as 0/1 from both stores. */
function fromRow(r: Record<string, unknown>): Correction {
  const picked = Object.fromEntries(CORRECTIONS.columns.map((c) => [c.name, r[c.name] ?? null])) as Omit<Correction, 'needs_review'>;
  return { ...picked, needs_review: Number(r.needs_review) === 1 };
}

export async function listCorrections(store: Store, opts: { reportId?: string; all?: boolean } = {}): Promise<Correction[]> {
  await ensureCorrectionsTable(store);
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.reportId) {
    where.push('report_id = ?');
    params.push(opts.reportId);
  }
  if (!opts.all) where.push('superseded_by IS NULL');
  const sql = `SELECT ${COLUMNS} FROM corrections${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY report_id, key, id`;
  return (await store.query<Record<string, unknown>>(sql, params)).map(fromRow);
}

/** Current corrections of these reports, by `report_id key`. */
export async function currentCorrections(store: Store, reportIds: readonly string[]): Promise<Map<string, Correction>> {
  await ensureCorrectionsTable(store);
  const out = new Map<string, Correction>();
  for (let i = 0; i < reportIds.length; i += 500) {
    const ids = reportIds.slice(i, i + 500);
    if (!ids.length) break;
    const rows = await store.query<Record<string, unknown>>(
      `SELECT ${COLUMNS} FROM corrections WHERE superseded_by IS NULL AND report_id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    for (const r of rows.map(fromRow)) out.set(`${r.report_id} ${r.key}`, r);
  }
  return out;
}

export class CorrectionError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

/** A full report id, or a unique prefix of at least 8 hex digits (the CLI shows 16). */
export async function resolveReportId(store: Store, id: string): Promise<string> {
  const lower = id.toLowerCase();
  if (!/^[0-9a-f]{8,64}$/.test(lower)) throw new CorrectionError(400, `report id "${id}": expected 8 to 64 hex digits`);
  const rows = await store.query<{ report_id: string }>(`SELECT report_id FROM reports WHERE report_id LIKE ? ORDER BY report_id LIMIT 2`, [`${lower}%`]);
  if (!rows.length) throw new CorrectionError(404, `no report ${id} in the dataset`);
  if (rows.length > 1) throw new CorrectionError(409, `report id ${id} is ambiguous: give more digits`);
  return rows[0].report_id;
}

export interface NewCorrection {
  report_id: string;
  key: string;
  /** null: the correct reading is no number (a blank the extraction read as one). */
  value: number | null;
  reason: string;
  who: string;
}

/** Writes are serialised within the process so that ids and supersession do not race. */
let queue: Promise<unknown> = Promise.resolve();
const serially = <T>(f: () => Promise<T>): Promise<T> => {
  const run = queue.then(f, f);
  queue = run.catch(() => undefined);
  return run;
};

/**
 * Stores a correction against the value extracted now, and makes it the current one for its report
 * and key. The key must be one the report has (a value of its template), so a typo does not create a
 * correction nothing shows.
 */
export function addCorrection(store: Store, c: NewCorrection, now = new Date()): Promise<Correction> {
  return serially(async () => {
    await ensureCorrectionsTable(store);
    const reportId = await resolveReportId(store, c.report_id);
    const cur = await store.query<{ value: number | null }>(`SELECT value FROM report_values WHERE report_id = ? AND key = ?`, [reportId, c.key]);
    if (!cur.length) throw new CorrectionError(404, `report ${reportId.slice(0, 16)} has no value ${c.key}`);
    if (!c.reason.trim()) throw new CorrectionError(400, 'a correction needs a reason');
    if (!c.who.trim()) throw new CorrectionError(400, 'a correction needs the name of who made it');
    if (c.value !== null && !Number.isFinite(c.value)) throw new CorrectionError(400, 'the corrected value must be a finite number or null');
    // max(id) + 1 under the in-process lock; another process writing at once fails on the primary key instead of duplicating.
    const [{ next }] = await store.query<{ next: number }>(`SELECT coalesce(max(id), 0) + 1 AS next FROM corrections`);
    const row: Correction = {
      id: Number(next), report_id: reportId, key: c.key, extracted_value: cur[0].value, corrected_value: c.value,
      reason: c.reason.trim(), who: c.who.trim(), created_at: now.toISOString(), superseded_by: null, needs_review: false,
    };
    await store.query(`INSERT INTO corrections (${COLUMNS}) VALUES (${CORRECTIONS.columns.map(() => '?').join(', ')})`, [
      row.id, row.report_id, row.key, row.extracted_value, row.corrected_value, row.reason, row.who, row.created_at, null, 0,
    ]);
    await store.query(`UPDATE corrections SET superseded_by = ? WHERE report_id = ? AND key = ? AND superseded_by IS NULL AND id <> ?`, [
      row.id, reportId, c.key, row.id,
    ]);
    return row;
  });
}

/**
 * After a re-read: a current correction whose report no longer extracts the value it was made
 * against (the value changed, or the report or key is gone) is flagged needs_review. The flag stays
 * until a new correction supersedes it: the person who corrected should look again, whichever way it
 * went. Called by `serve` at start; exported for `extract` to call after a run.
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
