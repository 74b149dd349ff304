/** A worker process: tasks in and records out over its channel to the pool (see pool.ts). */
import workerpool from 'workerpool';
import run from './task.js';

workerpool.worker({ run });
