/**
 * One entry of the folder walk, as `extract` takes it: the incremental check, then the reader, and a
 * record whatever happens. An entry the walk found wrong, or one that is gone or unreadable by the time
 * it is read, gets a record with the walk's error (codebook §6) instead of stopping the batch; such a
 * record is written again only when it says something new, so a second run over the same folder reads
 * nothing and writes nothing.
 */
import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Store } from '../dataset/store.js';
import { error, type Message, type MessageCode } from '../model/messages.js';
import { ReportRecord } from '../model/record.js';
import { entryRecord, type ProcessOptions } from '../pipeline/process.js';
import { entryProblem, nameNotUtf8, pathBytesHex, type WalkEntry } from './files.js';
import { seenBefore } from './incremental.js';
import type { Task } from './task.js';

export type Outcome = { unchanged: true } | { unchanged: false; rec: ReportRecord; mtimeMs: number };

/** The codes of an entry that has no content to read. */
const ENTRY_CODES: ReadonlySet<MessageCode> = new Set<MessageCode>(['link_broken', 'link_loop', 'not_a_file', 'unreadable', 'vanished']);

/**
 * The modification time stored with an entry record: no file's, so a file that appears at that path
 * later (a link repaired, permissions granted) is never taken for unchanged.
 */
const NO_MTIME = -1;

export const isEntryRecord = (rec: ReportRecord): boolean => rec.issues.some((m) => m.level === 'error' && ENTRY_CODES.has(m.code));

/** The record of a file whose name is not UTF-8: its raw path in `source.path_bytes` and a `name_not_utf8` warning. */
export function withPathBytes(rec: ReportRecord, pathBytes: Uint8Array): ReportRecord {
  if (rec.source.path_bytes) return rec;
  const w = nameNotUtf8(rec.source.path);
  return ReportRecord.parse({ ...rec, source: { ...rec.source, path_bytes: pathBytesHex(pathBytes) }, issues: [...rec.issues, w], warnings: [...rec.warnings, w.message] });
}

/** Does the dataset hold this entry record already, saying the same, from this parser version? */
async function sameEntry(ds: Store, rec: ReportRecord): Promise<boolean> {
  const old = await ds.recordFor(rec.source.path);
  return (
    old !== undefined &&
    old.source.sha256 === rec.source.sha256 &&
    old.parser.version === rec.parser.version &&
    JSON.stringify(old.issues) === JSON.stringify(rec.issues)
  );
}

/**
 * `runner` reads the file (in a worker process, or in this one); `reading` goes into its task. With
 * `force`, every entry is read and written again.
 */
export async function readEntry(
  entry: WalkEntry,
  ds: Store,
  runner: { run(task: Task): Promise<ReportRecord> },
  reading: ProcessOptions & { force?: boolean },
): Promise<Outcome> {
  const { force, ...opts } = reading;
  const file = entry.pathBytes ?? entry.path;
  const done = async (record: ReportRecord, mtimeMs: number): Promise<Outcome> => {
    const rec = entry.pathBytes ? withPathBytes(record, entry.pathBytes) : record;
    if (!isEntryRecord(rec)) return { unchanged: false, rec, mtimeMs };
    if (!force && (await sameEntry(ds, rec))) return { unchanged: true };
    return { unchanged: false, rec, mtimeMs: NO_MTIME };
  };
  const problem = (m: Message) => done(entryRecord(entry.path, m.code, m.message), NO_MTIME);
  /** An error of the file system about this entry becomes its record; any other is thrown on. */
  const fsError = (e: unknown) => {
    const p = entryProblem(entry.path, e, true);
    if (!p) throw e;
    return problem(p);
  };

  if (entry.problem) return problem(entry.problem);
  let st: Stats;
  try {
    st = await stat(file);
  } catch (e) {
    return fsError(e);
  }
  if (!st.isFile()) return problem(error('vanished', `${entry.path}: a file when the folder was walked, no longer a file now`));
  let seen: Awaited<ReturnType<typeof seenBefore>> | undefined;
  try {
    seen = force ? undefined : await seenBefore(ds, entry.path, st, file);
  } catch (e) {
    return fsError(e);
  }
  if (seen?.known) return { unchanged: true };
  if (seen?.bytes && seen.bytes.length !== st.size) {
    return problem(error('vanished', `${entry.path}: changed while it was read (${st.size} bytes, then ${seen.bytes.length}); it is read again on the next run`));
  }
  const rec = await runner.run({ ...opts, path: entry.path, pathBytes: entry.pathBytes, bytes: seen?.bytes, sha256: seen?.sha256 });
  return done(rec, st.mtimeMs);
}
