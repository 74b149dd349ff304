/** A worker process: tasks in and records out over its channel to the pool (see pool.ts). */
import workerpool from 'workerpool';
import { releaseReaders } from '../ingest/index.js';
import { DEFAULT_MAX_MEMORY_MB } from './memory.js';
import run, { type Task } from './task.js';

/** Past half the memory ceiling after a document, the readers let go of what they keep (OCR workers). */
const RELEASE_AT = ((Number(process.env.NIANBAO_MAX_MEMORY_MB) || DEFAULT_MAX_MEMORY_MB) * 2 ** 20) / 2;

workerpool.worker({
  run: async (task: Task) => {
    // Tells the pool which process holds this document, so its memory can be watched (memory.ts).
    workerpool.workerEmit({ pid: process.pid });
    try {
      return await run(task);
    } finally {
      if (process.memoryUsage.rss() > RELEASE_AT) await releaseReaders();
    }
  },
});
