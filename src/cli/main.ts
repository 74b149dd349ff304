/** The `nianbao` command line. */
import { Command, InvalidArgumentError } from 'commander';
import { PARSER } from '../pipeline/version.js';
import { relative } from 'node:path';
import { runExtract } from './extract.js';
import { runScore } from './score.js';

const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number');
  return n;
};

const program = new Command()
  .name('nianbao')
  .description('Turn 政府信息公开工作年度报告 into a checked dataset with every value traced to its source.')
  .version(PARSER.version);

program
  .command('extract')
  .description('read every report under the given files or folders and write the dataset')
  .argument('<inputs...>', 'files or folders (searched recursively)')
  .option('-o, --out <dir>', 'output folder', 'output')
  .option('--timeout <ms>', 'per-document time limit in milliseconds', int, 120_000)
  .option('--max-bytes <n>', 'skip (with an error record) files larger than this', int, 512 * 1024 * 1024)
  .option('-q, --quiet', 'no per-document lines')
  .action(async (inputs: string[], o: { out: string; timeout: number; maxBytes: number; quiet?: boolean }) => {
    const s = await runExtract(inputs, { out: o.out, timeoutMs: o.timeout, maxBytes: o.maxBytes, quiet: o.quiet });
    const templates = Object.entries(s.templates).map(([t, n]) => `${t}: ${n}`).join(', ');
    console.log(
      `${s.documents} documents (${templates || 'none'}); ${s.withErrors} with errors; ${s.checksFailed} failed checks; ${s.values} values -> ${o.out}/`,
    );
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
