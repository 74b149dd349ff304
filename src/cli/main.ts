/** The `nianbao` command line. */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { defaultJobs } from '../batch/pool.js';
import { exportAll } from '../dataset/export.js';
import { ledger } from '../dataset/ledger.js';
import { openStore } from '../dataset/open.js';
import { PARSER } from '../pipeline/version.js';
import { crossYearCarry } from '../validate/cross-year.js';
import { runExtract } from './extract.js';
import { runScore } from './score.js';

const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
};

const openDataset = (out: string) => openStore({ out }, { mustExist: true });

const program = new Command()
  .name('nianbao')
  .description('Turn 政府信息公开工作年度报告 into a checked dataset with every value traced to its source.')
  .version(PARSER.version);

program
  .command('extract')
  .description('read every report under the given files or folders into the dataset in --out')
  .argument('<inputs...>', 'files or folders (searched recursively)')
  .option('-o, --out <dir>', 'output folder', 'output')
  .option('-j, --jobs <n>', 'documents read in parallel (worker threads)', int, defaultJobs())
  .option('--timeout <ms>', 'per-document time limit in milliseconds', int, 120_000)
  .option('--max-bytes <n>', 'skip (with an error record) files larger than this', int, 512 * 1024 * 1024)
  .option('--force', 'read every document again, even unchanged ones')
  .option('-q, --quiet', 'no progress and no per-document errors on stderr')
  .action(async (inputs: string[], o: { out: string; jobs: number; timeout: number; maxBytes: number; force?: boolean; quiet?: boolean }) => {
    for (const i of inputs) if (!existsSync(i)) throw new Error(`no such file or folder: ${i}`);
    // First Ctrl-C: finish the documents under way, write the exports, stop. Second: stop now.
    const stop = new AbortController();
    process.once('SIGINT', () => {
      process.stderr.write('\nstopping after the documents under way (Ctrl-C again to stop now)\n');
      stop.abort();
      process.once('SIGINT', () => process.exit(130));
    });
    process.once('SIGTERM', () => stop.abort());
    const s = await runExtract(inputs, { out: o.out, jobs: o.jobs, timeoutMs: o.timeout, maxBytes: o.maxBytes, force: o.force, quiet: o.quiet, signal: stop.signal });
    const templates = Object.entries(s.templates).map(([t, n]) => `${t}: ${n}`).join(', ');
    console.log(
      `${s.documents} documents read (${templates || 'none'}), ${s.unchanged} unchanged; ${s.withErrors} with errors; ` +
        `${s.checksFailed} failed checks; ${s.carryMismatches} cross-year carry mismatches; ${s.values} values -> ${o.out}/ in ${s.seconds.toFixed(1)} s`,
    );
    if (s.interrupted) {
      console.log('interrupted: run the same command again to resume');
      process.exitCode = 130;
    }
  });

program
  .command('export')
  .description('write CSV, Excel-CSV, JSONL, Parquet and datapackage.json from the dataset in --out')
  .option('-o, --out <dir>', 'output folder holding nianbao.sqlite', 'output')
  .action(async (o: { out: string }) => {
    const ds = await openDataset(o.out);
    try {
      const n = await exportAll(ds, o.out);
      console.log(`${n.reports} reports, ${n.values} values -> ${o.out}/ (reports.jsonl, values.csv, values.excel.csv, values.parquet, checks.csv, narrative.csv, datapackage.json)`);
    } finally {
      await ds.close();
    }
  });

program
  .command('status')
  .description('documents by state, format and template, and the most frequent reasons for failure')
  .option('-o, --out <dir>', 'output folder holding nianbao.sqlite', 'output')
  .option('--top <n>', 'how many reasons to list', int, 10)
  .action(async (o: { out: string; top: number }) => {
    const ds = await openDataset(o.out);
    const l = await ledger(ds, o.top);
    await ds.close();
    const fmt = (r: Record<string, number>) => Object.entries(r).map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(`${l.documents} documents (last processed ${l.lastProcessed ?? 'never'})`);
    console.log(`state:    clean ${l.byState.clean}, failed checks ${l.byState.failed_checks}, errors ${l.byState.errors}`);
    console.log(`format:   ${fmt(l.byFormat)}`);
    console.log(`template: ${fmt(l.byTemplate)}`);
    if (l.topReasons.length) console.log('top reasons:');
    for (const r of l.topReasons) console.log(`${String(r.count).padStart(6)}  ${r.reason}  (e.g. ${r.example})`);
  });

program
  .command('checks')
  .description('dataset-level checks: cross_year.carry (carried forward in Y = carried over in Y+1, same issuer)')
  .option('-o, --out <dir>', 'output folder holding nianbao.sqlite', 'output')
  .option('--all', 'list passing comparisons too')
  .action(async (o: { out: string; all?: boolean }) => {
    const ds = await openDataset(o.out);
    const checks = await crossYearCarry(ds);
    await ds.close();
    for (const c of checks.filter((x) => o.all || x.status === 'fail')) {
      console.log(
        `${c.status.toUpperCase()} cross_year.carry ${c.issuer} (${c.region_code ?? '?'}) ${c.year}->${c.year + 1} ${c.column}: ` +
          `carried forward ${c.carried_forward ?? 'blank'}, carried over next year ${c.next_carried_over ?? 'blank'}`,
      );
    }
    const failed = checks.filter((c) => c.status === 'fail').length;
    console.log(`${checks.length} comparisons, ${failed} mismatches`);
  });

program
  .command('score')
  .description('compare the dataset in --out with the expected values (*.expected.json) under a corpus folder')
  .argument('[corpus]', 'corpus folder', 'corpus')
  .option('-o, --out <dir>', 'output folder holding nianbao.sqlite', 'output')
  .option('-v, --verbose', 'list every mismatch')
  .action(async (corpus: string, o: { out: string; verbose?: boolean }) => {
    const scores = await runScore(corpus, o.out);
    let ok = 0;
    let all = 0;
    let clean = 0;
    for (const s of scores) {
      ok += s.valuesCorrect;
      all += s.valuesExpected;
      if (!s.mismatches.length) clean++;
      const extra = s.mismatches.length ? `  ${s.mismatches.length} mismatches${o.verbose ? '' : ` (first: ${s.mismatches[0]})`}` : '';
      console.log(`${String(s.valuesCorrect).padStart(4)}/${String(s.valuesExpected).padEnd(4)} ${relative(process.cwd(), s.file)}${extra}`);
      if (o.verbose) for (const m of s.mismatches) console.log(`          - ${m}`);
    }
    console.log(`${ok}/${all} values correct; ${clean}/${scores.length} documents fully right`);
    if (clean < scores.length) process.exitCode = 1;
  });

program.parseAsync().catch((e: Error) => {
  console.error(`nianbao: ${e.message}`);
  process.exit(2);
});
