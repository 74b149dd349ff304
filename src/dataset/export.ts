/**
 * Files written from the dataset: reports.jsonl, values.csv and values.excel.csv. Each is written to
 * a temporary file and renamed into place, so a reader never sees half a file.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { ReportRecord } from '../model/record.js';
import { LONG_COLUMNS, longRows } from './long.js';
import type { Dataset } from './sqlite.js';

export async function writeAtomic(file: string, write: (put: (chunk: string) => Promise<void>) => Promise<void>): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  const out = createWriteStream(tmp, { encoding: 'utf8' });
  const put = (chunk: string) =>
    new Promise<void>((resolve, reject) => {
      if (out.write(chunk)) resolve();
      else out.once('drain', resolve).once('error', reject);
    });
  try {
    await write(put);
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    await rename(tmp, file);
  } catch (e) {
    out.destroy();
    await rm(tmp, { force: true });
    throw e;
  }
}

export async function exportFiles(ds: Dataset, outDir: string): Promise<{ reports: number; values: number }> {
  let reports = 0;
  let values = 0;
  await writeAtomic(join(outDir, 'reports.jsonl'), async (put) => {
    for (const rec of ds.records()) {
      await put(JSON.stringify(ReportRecord.parse(rec)) + '\n');
      reports++;
    }
  });
  const csv = async (file: string, bom: boolean) =>
    writeAtomic(join(outDir, file), async (put) => {
      await put((bom ? '\ufeff' : '') + stringify([[...LONG_COLUMNS]]));
      values = 0;
      for (const rec of ds.records()) {
        const rows = longRows(rec).map((r) => LONG_COLUMNS.map((c) => r[c] ?? ''));
        await put(stringify(rows));
        values += rows.length;
      }
    });
  await csv('values.csv', false);
  await csv('values.excel.csv', true);
  return { reports, values };
}
