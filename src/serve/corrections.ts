/**
 * Hand corrections of extracted values, kept in the `corrections` table (tables.ts) beside the
 * extraction, never over it: report_values keeps what was read, so the correction and the reading can
 * both be shown and a re-read cannot silently undo a correction. Versioned: a new correction of a
 * (report, key) supersedes the current one (superseded_by), the history stays.
 *
 * Used by the web API (app.ts) and the `correct` / `corrections` commands, through Store.query only,
 * so SQLite and PostgreSQL behave alike.
 */
import { COLUMNS, ensureCorrectionsTable, fromRow, type Correction } from '../dataset/corrections.js';
import type { Store } from '../dataset/store.js';
import { CORRECTIONS } from '../dataset/tables.js';

export { ensureCorrectionsTable, reviewCorrections, type Correction } from '../dataset/corrections.js';

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
  // A range on the primary key, not LIKE (which no index serves in SQLite): ids are lower-case hex, and 'g' sorts after every hex digit.
  const rows = await store.query<{ report_id: string }>(`SELECT report_id FROM reports WHERE report_id >= ? AND report_id < ? ORDER BY report_id LIMIT 2`, [lower, `${lower}g`]);
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
