/** `nianbao extract`: every document under the inputs into the dataset in --out, then the exports. */
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { exportFiles } from '../dataset/export.js';
import { Dataset } from '../dataset/sqlite.js';
import type { ReportRecord } from '../model/record.js';
import { processFile, type ProcessOptions } from '../pipeline/process.js';
import { collectFiles } from './files.js';

export interface ExtractOptions extends ProcessOptions {
  out: string;
  quiet?: boolean;
  log?: (line: string) => void;
}

export interface ExtractSummary {
  documents: number;
  withErrors: number;
  templates: Record<string, number>;
  checksFailed: number;
  values: number;
}

export async function runExtract(inputs: string[], opts: ExtractOptions): Promise<ExtractSummary> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const files = await collectFiles(inputs);
  await mkdir(opts.out, { recursive: true });
  const ds = new Dataset(join(opts.out, 'nianbao.sqlite'));
  const summary: ExtractSummary = { documents: 0, withErrors: 0, templates: {}, checksFailed: 0, values: 0 };
  try {
    for (const [n, file] of files.entries()) {
      const rec: ReportRecord = await processFile(file, opts);
      ds.put(rec, (await stat(file)).mtimeMs);
      summary.documents++;
      if (rec.errors.length) summary.withErrors++;
      summary.templates[rec.template] = (summary.templates[rec.template] ?? 0) + 1;
      const failed = rec.checks.filter((c) => c.status === 'fail').length;
      summary.checksFailed += failed;
      if (!opts.quiet) {
        const what = rec.errors.length ? `ERROR ${rec.errors[0]}` : `${rec.template} ${rec.issuer.name ?? '?'} ${rec.year ?? '?'}${failed ? `, ${failed} checks failed` : ''}`;
        log(`[${n + 1}/${files.length}] ${file}: ${what}`);
      }
    }
    const written = await exportFiles(ds, opts.out);
    summary.values = written.values;
  } finally {
    ds.close();
  }
  return summary;
}
