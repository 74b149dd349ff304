/**
 * What the pipeline needs from a dataset, whichever database holds it: embedded SQLite by default,
 * PostgreSQL when many machines share the work. Both keep the same tables (described in tables.ts), so the
 * portable SQL of the ledger and the dataset-level checks runs on either through `query`.
 */
import type { ReportRecord } from '../model/record.js';

export interface Store {
  /** Replaces everything known about this document (by content hash) in one transaction. */
  put(rec: ReportRecord, mtimeMs?: number): Promise<void>;
  /** Is this file, as last seen (size and mtime), already in the dataset from this parser version? */
  isUnchanged(path: string, bytes: number, mtimeMs: number, parserVersion: string): Promise<boolean>;
  /** Is this content already there from this parser version (a copy or a moved file)? Then only its path is recorded. */
  adoptCopy(reportId: string, path: string, bytes: number, mtimeMs: number, parserVersion: string): Promise<boolean>;
  /** The record of the document at this path (copies of one content share a record). */
  recordFor(path: string): Promise<ReportRecord | undefined>;
  /** Every record, ordered by source path. */
  records(): AsyncIterable<ReportRecord>;
  /** Portable SQL with `?` placeholders; a statement that returns no rows (an INSERT) gives []. */
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}
