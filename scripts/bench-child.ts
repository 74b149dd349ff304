/**
 * One measured run, in its own process so its peak RSS is its own. Prints one JSON line.
 *   extract <outDir> <jobs> <force 0|1> <files…>   the whole pipeline, as `nianbao extract`
 *   pdfjs <files…>                                  pdf.js alone: open, text and operator list of every page
 *   spin                                            a fixed amount of pure CPU work (the machine's own scaling)
 *   memory <files…>                                 the files three times over; live heap after each pass
 */
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { runExtract } from '../src/cli/extract.js';
import { openPdf } from '../src/ingest/pdf/load.js';
import { processFile } from '../src/pipeline/process.js';

const [mode, ...args] = process.argv.slice(2);

/** Peak RSS (kB) of each child process of this one, from /proc/<pid>/status. */
function childPeaksKb(): number[] {
  const peaks: number[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== process.pid) continue;
      const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) peaks.push(Number(hwm[1]));
    } catch {
      // the process ended between the listing and the read
    }
  }
  return peaks;
}
const t0 = performance.now();
let result: Record<string, unknown> = {};

if (mode === 'extract') {
  const [out, jobs, force, ...files] = args;
  // The workers are processes of their own: their peak RSS (VmHWM) is read from /proc while they run.
  let workerPeakKb = 0;
  const sample = setInterval(() => (workerPeakKb = Math.max(workerPeakKb, ...childPeaksKb())), 100);
  // isolate: as the CLI reads, in worker processes even with one job.
  const s = await runExtract(files, { out, jobs: Number(jobs), force: force === '1', quiet: true, isolate: true });
  clearInterval(sample);
  result = { documents: s.documents, unchanged: s.unchanged, withErrors: s.withErrors, workerPeakRssMb: workerPeakKb / 1024 };
} else if (mode === 'memory') {
  // The same documents three times over, in this thread: live heap after each pass should not grow.
  const heap: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    for (const f of args) await processFile(f);
    (globalThis as { gc?: () => void }).gc?.();
    heap.push(Math.round(process.memoryUsage().heapUsed / 1e6));
  }
  result = { heapMbAfterEachPass: heap, documents: 3 * args.length };
} else if (mode === 'spin') {
  // A fixed amount of pure CPU work: run once, then once per core at the same time, to see what the machine gives.
  let x = 0;
  for (let i = 0; i < 1e9; i++) x += i % 7;
  result = { x };
} else if (mode === 'pdfjs') {
  let pages = 0;
  for (const f of args) {
    const pdf = openPdf(new Uint8Array(await readFile(f)), f);
    try {
      const doc = await pdf.ready;
      for (let p = 1; p <= doc.numPages; p++) {
        const page = await doc.getPage(p);
        await page.getTextContent();
        await page.getOperatorList();
        pages++;
      }
    } finally {
      await pdf.close();
    }
  }
  result = { pages };
}
console.log(JSON.stringify({ ...result, seconds: (performance.now() - t0) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
