/** A worker's task: one document in, its validated record out (in a worker process, or in this one with one job). */
import type { ReportRecord } from '../model/record.js';
import { DEFAULT_MAX_BYTES, entryRecord, processBytes, processFile, type ProcessOptions } from '../pipeline/process.js';
import { entryProblem } from './files.js';

export interface Task extends ProcessOptions {
  path: string;
  /** The file's bytes and hash when the incremental check has read them already. */
  bytes?: Uint8Array;
  sha256?: string;
  /** The path's real bytes when its name is not UTF-8 (`path` is then its readable form): the file is opened by these. */
  pathBytes?: Uint8Array;
}

export default async function run(task: Task): Promise<ReportRecord> {
  // Over the size limit, processFile writes the record that says so.
  const fits = task.bytes && task.bytes.length <= (task.maxBytes ?? DEFAULT_MAX_BYTES);
  if (fits) return processBytes(task.bytes!, task.path, task, task.sha256);
  const file = task.pathBytes ? Buffer.from(task.pathBytes.buffer, task.pathBytes.byteOffset, task.pathBytes.byteLength) : task.path;
  try {
    return await processFile(task.path, task, file);
  } catch (e) {
    // Gone or unreadable since the walk saw it: a record that says so, not a failed batch.
    const problem = entryProblem(task.path, e, true);
    if (!problem) throw e;
    return entryRecord(task.path, problem.code, problem.message);
  }
}
