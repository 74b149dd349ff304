/** A worker's task: one document in, its validated record out (in a worker process, or in this one with one job). */
import type { ReportRecord } from '../model/record.js';
import { DEFAULT_MAX_BYTES, processBytes, processFile, type ProcessOptions } from '../pipeline/process.js';

export interface Task extends ProcessOptions {
  path: string;
  /** The file's bytes and hash when the incremental check has read them already. */
  bytes?: Uint8Array;
  sha256?: string;
}

export default async function run(task: Task): Promise<ReportRecord> {
  // Over the size limit, processFile writes the record that says so.
  const fits = task.bytes && task.bytes.length <= (task.maxBytes ?? DEFAULT_MAX_BYTES);
  return fits ? processBytes(task.bytes!, task.path, task, task.sha256) : processFile(task.path, task);
}
