/** A worker thread's task: one document in, its validated record out. */
import type { ReportRecord } from '../model/record.js';
import { processFile, type ProcessOptions } from '../pipeline/process.js';

export interface Task extends ProcessOptions {
  path: string;
}

export default async function run(task: Task): Promise<ReportRecord> {
  return processFile(task.path, task);
}
