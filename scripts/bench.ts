/**
 * `npm run bench`: throughput of the whole extract on a generated archive mixed across formats.
 * Prints documents/s and pages/s per format, the speed-up from 1 worker to all cores, peak RSS,
 * the incremental re-run's time as a share of the first run, pdf.js's own share of PDF time, and
 * poppler's `pdftotext -layout` on the same PDFs as a reference, then each hostile file of scripts/hostile.ts
 * alone (its error code, the worker's peak RSS, seconds), the crawl (bench-crawl.ts) and the comparison
 * API on a national dataset (bench-serve.ts). BENCH_COPIES sets the archive size
 * (copies of each corpus PDF; five times as many of the faster formats).
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_MAX_MEMORY_MB } from '../src/batch/memory.js';
import { projectRoot } from '../src/util/paths.js';

const root = projectRoot();
const COPIES = Number(process.env.BENCH_COPIES ?? 20);
const CORES = availableParallelism();
const child = join(root, 'dist', 'scripts', 'bench-child.js');

interface Run {
  seconds: number;
  maxRssMb: number;
  workerPeakRssMb?: number;
  documents?: number;
  unchanged?: number;
  pages?: number;
}

function measure(args: string[]): Run & { heapMbAfterEachPass?: number[] } {
  const out = execFileSync('node', ['--expose-gc', child, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split('\n').pop()!) as Run;
}

/** The corpus's readable reports (bad files left out), each copied COPIES times under its format's folder. */
function buildArchive(): Record<string, string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-bench-'));
  const sources = ['corpus/real', 'corpus/generated/html', 'corpus/generated/docx', 'corpus/generated/pdf', 'corpus/generated/txt', 'corpus/generated/legacy']
    .flatMap((d) => readdirSync(join(root, d)).map((f) => join(root, d, f)))
    .filter((f) => /\.(pdf|html|docx|txt)$/.test(f));
  const byFormat: Record<string, string[]> = {};
  for (const src of sources) {
    const fmt = extname(src).slice(1);
    mkdirSync(join(dir, fmt), { recursive: true });
    // Fast formats get more copies so their runs last long enough to measure.
    for (let i = 0; i < (fmt === 'pdf' ? COPIES : COPIES * 5); i++) {
      const dst = join(dir, fmt, `${i}_${basename(src)}`);
      copyFileSync(src, dst);
      (byFormat[fmt] ??= []).push(dst);
    }
  }
  return byFormat;
}

async function measureAsync(args: string[]): Promise<Run> {
  const { stdout } = await promisify(execFile)('node', ['--expose-gc', child, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Run;
}

function pagesIn(out: string): number {
  const db = new Database(join(out, 'nianbao.sqlite'), { readonly: true });
  const n = (db.prepare(`SELECT sum(r.pages) n FROM sources s JOIN reports r USING (report_id)`).get() as { n: number }).n;
  db.close();
  return n;
}

const fresh = () => mkdtempSync(join(tmpdir(), 'nianbao-bench-out-'));
const rate = (n: number, s: number) => (n / s).toFixed(1);

const byFormat = buildArchive();
const all = Object.values(byFormat).flat();
console.log(`archive: ${all.length} documents (${Object.entries(byFormat).map(([f, l]) => `${f} ${l.length}`).join(', ')}); ${CORES} cores\n`);

// What the machine itself gives: the same pure-CPU work once, then once per core at the same time
// (each child times its own loop, so process start-up is left out).
const spinOne = measure(['spin']).seconds;
const spinAll = await Promise.all(Array.from({ length: CORES }, () => measureAsync(['spin'])));
const cpuCeiling = (CORES * spinOne) / Math.max(...spinAll.map((r) => r.seconds));
console.log(`machine: ${CORES} cores give ${cpuCeiling.toFixed(2)}x the throughput of one on a pure CPU loop\n`);

console.log(`per format: documents/s (pages/s) with 1 worker | with ${CORES} workers; peak RSS of the worker process | of the largest of the ${CORES} worker processes`);
for (const [fmt, files] of Object.entries(byFormat)) {
  const out = fresh();
  const r = measure(['extract', out, '1', '1', ...files]);
  const rN = measure(['extract', fresh(), String(CORES), '1', ...files]);
  const pages = pagesIn(out);
  console.log(
    `  ${fmt.padEnd(5)} ${rate(files.length, r.seconds).padStart(7)} (${rate(pages, r.seconds)}) | ${rate(files.length, rN.seconds).padStart(7)} (${rate(pages, rN.seconds)})   peak RSS ${r.workerPeakRssMb!.toFixed(0)} | ${rN.workerPeakRssMb!.toFixed(0)} MB`,
  );
}

console.log('\nwhole archive:');
const out1 = fresh();
const one = measure(['extract', out1, '1', '1', ...all]);
const outN = fresh();
const many = measure(['extract', outN, String(CORES), '1', ...all]);
console.log(`  1 worker:   ${rate(all.length, one.seconds)} documents/s, ${one.seconds.toFixed(2)} s, peak RSS ${one.workerPeakRssMb!.toFixed(0)} MB in the worker, ${one.maxRssMb.toFixed(0)} MB in the main process`);
console.log(
  `  ${CORES} workers:  ${rate(all.length, many.seconds)} documents/s, ${many.seconds.toFixed(2)} s, peak RSS ${many.workerPeakRssMb!.toFixed(0)} MB in the largest worker, ${many.maxRssMb.toFixed(0)} MB in the main process`,
);
// The ceiling for this work: the archive dealt out to independent 1-worker processes, all at once.
const parts = await Promise.all(
  Array.from({ length: CORES }, (_, k) => measureAsync(['extract', fresh(), '1', '1', ...all.filter((_, i) => i % CORES === k)])),
);
const workCeiling = one.seconds / Math.max(...parts.map((r) => r.seconds));
console.log(`  speed-up:   ${(one.seconds / many.seconds).toFixed(2)}x`);
console.log(`  ceiling:    ${workCeiling.toFixed(2)}x for the same documents dealt out to ${CORES} independent 1-worker processes (pure CPU loop: ${cpuCeiling.toFixed(2)}x)`);
const again = measure(['extract', outN, String(CORES), '0', ...all]);
console.log(`  re-run, unchanged: ${again.seconds.toFixed(2)} s = ${((100 * again.seconds) / many.seconds).toFixed(1)}% of the first run (${again.unchanged} skipped)`);

const mem = measure(['memory', ...all.filter((_, i) => i % 4 === 0)]);
console.log(`  memory: live heap after each of 3 passes over ${mem.documents! / 3} documents: ${mem.heapMbAfterEachPass!.join(' / ')} MB (flat = no per-document growth)`);

console.log('\nPDF:');
const pdfs = byFormat.pdf ?? [];
const pdfOut = fresh();
const whole = measure(['extract', pdfOut, '1', '1', ...pdfs]);
const own = measure(['pdfjs', ...pdfs]);
console.log(`  whole extract: ${whole.seconds.toFixed(2)} s; pdf.js alone (open, text, operator lists): ${own.seconds.toFixed(2)} s for ${own.pages} pages`);
console.log(`  extract / pdf.js = ${(whole.seconds / own.seconds).toFixed(2)}x  (pdf.js's share of PDF time: ${((100 * own.seconds) / whole.seconds).toFixed(0)}%)`);
const poppler = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
if (poppler.error) console.log('  pdftotext: not installed (apt-get install poppler-utils) — no reference');
else {
  const t = performance.now();
  for (const f of pdfs) spawnSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const s = (performance.now() - t) / 1000;
  console.log(`  reference: pdftotext -layout on the same files: ${s.toFixed(2)} s (${rate(own.pages!, s)} pages/s; text only, no tables)`);
}

// Hostile files (issue 14), one at a time, as `extract` reads them: each in a worker process under the
// default memory ceiling; the peak is next to the normal corpus's (the largest worker of the 1-worker whole-archive run above).
{
  const { writeHostileSet } = await import('./hostile.js');
  const set = await writeHostileSet(mkdtempSync(join(tmpdir(), 'nianbao-bench-hostile-')));
  console.log(`\nhostile files (scripts/hostile.ts), each alone in one worker, memory ceiling ${DEFAULT_MAX_MEMORY_MB} MB; the normal archive's worker peaked at ${one.workerPeakRssMb!.toFixed(0)} MB:`);
  console.log(`  ${'file'.padEnd(28)} ${'size'.padStart(9)}  ${'error code'.padEnd(20)} ${'peak RSS'.padStart(9)} ${'seconds'.padStart(8)}`);
  let worst = 0;
  for (const h of set) {
    const out = fresh();
    const r = measure(['extract', out, '1', '1', h.path]);
    const rec = JSON.parse(readFileSync(join(out, 'reports.jsonl'), 'utf8').split('\n')[0]) as { issues: { level: string; code: string }[] };
    const code = rec.issues.find((i) => i.level === 'error')?.code ?? '-';
    worst = Math.max(worst, r.workerPeakRssMb!);
    const size = h.bytes >= 2 ** 20 ? `${(h.bytes / 2 ** 20).toFixed(0)} MB` : h.bytes >= 1024 ? `${(h.bytes / 1024).toFixed(0)} kB` : `${h.bytes} B`;
    const flag = h.code && code !== h.code ? `  (expected ${h.code})` : '';
    console.log(`  ${h.name.padEnd(28)} ${size.padStart(9)}  ${code.padEnd(20)} ${`${r.workerPeakRssMb!.toFixed(0)} MB`.padStart(9)} ${r.seconds.toFixed(2).padStart(8)}${flag}`);
  }
  console.log(`  largest worker over the hostile set: ${worst.toFixed(0)} MB (normal archive: ${one.workerPeakRssMb!.toFixed(0)} MB)`);
}

await (await import('./bench-crawl.js')).benchCrawl();
await (await import('./bench-serve.js')).benchServe();
