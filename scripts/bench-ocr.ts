/**
 * OCR benchmark over the scanned corpus (corpus/generated/scans): per variant, seconds per page
 * (tables only, and tables + the text pass over whole pages) and cell accuracy (values of the
 * expected file read right); and, on the same page images, the time Debian's `tesseract` CLI takes
 * for a whole-page chi_sim read (PSM 3), as a reference, when it is installed.
 *
 * Usage: npx tsx scripts/bench-ocr.ts [FILE.pdf ...]      (default: every scanned PDF but the mixed
 * text/scan one, whose text pages the dispatcher never sends to OCR)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractTables } from '../src/extractors/tables/index.js';
import { readOcrPdf, readOcrImage, shutdownOcr } from '../src/ingest/ocr/index.js';
import { toPGM } from '../src/ingest/ocr/image.js';
import { ocrPool } from '../src/ingest/ocr/pool.js';
import { openForRender } from '../src/ingest/ocr/render.js';

const SCANS = path.resolve(import.meta.dirname, '../corpus/generated/scans');

function tesseractCli(): { version: string; lang: string } | undefined {
  const v = spawnSync('tesseract', ['--version'], { encoding: 'utf8' });
  if (v.status !== 0) return undefined;
  const langs = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' }).stdout;
  return { version: (v.stdout || v.stderr).split('\n')[0], lang: /\bchi_sim\b/.test(langs) ? 'chi_sim' : 'eng' };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const files = args.length ? args : readdirSync(SCANS).filter((f) => f.endsWith('.pdf') && !f.includes('.mixed.')).map((f) => path.join(SCANS, f)).sort();
  const pool = ocrPool();
  const cli = tesseractCli();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-ocr-'));
  console.log(`${os.availableParallelism()} cores; OCR pool of ${pool.size} tesseract.js workers (eng digits, chi_sim text), models 4.0.0_best_int`);
  console.log(cli ? `reference: ${cli.version}, -l ${cli.lang} --psm 3, whole page (its own threading)` : 'reference: Debian tesseract CLI not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim); no reference times');

  // Warm-up: the workers start (model load) outside the timings.
  await readOcrImage(new Uint8Array(readFileSync(path.join(SCANS, 'a_county_2021.t3img.t3.png'))), { path: 'warm-up', text: false });

  const rows: string[][] = [['variant', 'pages', 'dpi', 's/page tables', 's/page all', 'cells right', 'CLI s/page']];
  let right = 0;
  let all = 0;
  for (const file of files) {
    const data = new Uint8Array(readFileSync(file));
    const exp = JSON.parse(readFileSync(file.replace(/\.pdf$/, '.expected.json'), 'utf8')) as { values: Record<string, number | null> };
    let t0 = performance.now();
    await readOcrPdf(data, { path: file, text: false });
    const tablesOnly = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const doc = await readOcrPdf(data, { path: file });
    const full = (performance.now() - t0) / 1000;
    const values = extractTables(doc).values;
    const keys = Object.keys(exp.values);
    const ok = keys.filter((k) => values[k] === exp.values[k] || (values[k] != null && exp.values[k] != null && Math.abs(values[k]! - exp.values[k]!) < 1e-6)).length;
    right += ok;
    all += keys.length;

    let cliPerPage = '-';
    const pdf = await openForRender(data, file);
    let dpi = 0;
    try {
      if (cli) {
        let cliSecs = 0;
        for (let n = 1; n <= pdf.numPages; n++) {
          const page = await pdf.render(n);
          dpi = page.dpi;
          const img = path.join(tmp, `p${n}.pgm`);
          writeFileSync(img, toPGM(page.img));
          const s = performance.now();
          execFileSync('tesseract', [img, '-', '-l', cli.lang, '--psm', '3', '--dpi', String(Math.round(page.dpi))], { stdio: ['ignore', 'ignore', 'ignore'] });
          cliSecs += (performance.now() - s) / 1000;
        }
        cliPerPage = (cliSecs / pdf.numPages).toFixed(2);
      } else dpi = (await pdf.render(1)).dpi;
    } finally {
      await pdf.close();
    }
    rows.push([
      path.basename(file),
      String(doc.pages),
      String(Math.round(dpi)),
      (tablesOnly / doc.pages).toFixed(2),
      (full / doc.pages).toFixed(2),
      `${ok}/${keys.length} (${((100 * ok) / keys.length).toFixed(1)}%)`,
      cliPerPage,
    ]);
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  console.log(`all variants: ${right}/${all} cells right (${((100 * right) / all).toFixed(2)}%)`);
  console.log('dpi: the resolution pages are rendered at (the scan\'s own, raised to at least 200); s/page: wall clock with the whole pool on one document.');
  rmSync(tmp, { recursive: true, force: true });
  await shutdownOcr();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
