/** A worker process: tasks in and records out over its channel to the pool (see pool.ts). */
import workerpool from 'workerpool';
import run, { type Task } from './task.js';

workerpool.worker({
  run: (task: Task) => {
    // Tells the pool which process holds this document, so its memory can be watched (memory.ts).
    workerpool.workerEmit({ pid: process.pid });
    return run(task);
  },
});
