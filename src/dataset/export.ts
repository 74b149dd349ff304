/**
 * Files written from the dataset: reports.jsonl, values.csv and values.excel.csv. Each is written to
 * a temporary file and renamed into place, so a reader never sees half a file.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { ReportRecord } from '../model/record.js';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { CHECK_FIELDS, dataPackage, NARRATIVE_FIELDS, PROVENANCE_FIELDS, VALUE_FIELDS } from './datapackage.js';
import { LONG_COLUMNS, longRows, type LongRow } from './long.js';
import type { Store } from './store.js';

export async function writeAtomic(file: string, write: (put: (chunk: string) => Promise<void>) => Promise<void>): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  const out = createWriteStream(tmp, { encoding: 'utf8' });
  const put = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
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

export async function exportFiles(ds: Store, outDir: string): Promise<{ reports: number; values: number }> {
  let reports = 0;
  let values = 0;
  await writeAtomic(join(outDir, 'reports.jsonl'), async (put) => {
    for await (const rec of ds.records()) {
      await put(JSON.stringify(ReportRecord.parse(rec)) + '\n');
      reports++;
    }
  });
  const csv = async (file: string, bom: boolean) =>
    writeAtomic(join(outDir, file), async (put) => {
      await put((bom ? '\ufeff' : '') + stringify([[...LONG_COLUMNS]]));
      values = 0;
      for await (const rec of ds.records()) {
        const rows = longRows(rec).map((r) => LONG_COLUMNS.map((c) => r[c] ?? ''));
        await put(stringify(rows));
        values += rows.length;
      }
    });
  await csv('values.csv', false);
  await csv('values.excel.csv', true);
  return { reports, values };
}

/** Writes a whole buffer atomically (temp file + rename). */
async function writeBufferAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** `nianbao export`: the basic files plus Parquet, checks.csv, narrative.csv and datapackage.json. */
export async function exportAll(ds: Store, outDir: string): Promise<{ reports: number; values: number }> {
  const counts = await exportFiles(ds, outDir);
  const rows: LongRow[] = [];
  const checks: unknown[][] = [];
  const narrative: unknown[][] = [];
  for await (const rec of ds.records()) {
    rows.push(...longRows(rec));
    for (const c of rec.checks) checks.push([rec.source.sha256, c.rule, c.status, c.detail, c.severity ?? '']);
    for (const n of rec.narrative) narrative.push([rec.source.sha256, n.metric, n.value, n.qualifier, n.unit ?? '', n.text, n.page ?? '']);
  }
  const INT = new Set(['year', 'page', 'line']);
  const NUM = new Set(['value', 'confidence']);
  const columnData = [...VALUE_FIELDS, ...PROVENANCE_FIELDS].map((f) => ({
    name: f.name,
    data: rows.map((r) => r[f.name as keyof LongRow] ?? null),
    type: INT.has(f.name) ? ('INT32' as const) : NUM.has(f.name) ? ('DOUBLE' as const) : ('STRING' as const),
  }));
  await writeBufferAtomic(join(outDir, 'values.parquet'), new Uint8Array(parquetWriteBuffer({ columnData })));
  await writeBufferAtomic(join(outDir, 'checks.csv'), stringify([CHECK_FIELDS.map((f) => f.name), ...checks]));
  await writeBufferAtomic(join(outDir, 'narrative.csv'), stringify([NARRATIVE_FIELDS.map((f) => f.name), ...narrative]));
  await writeBufferAtomic(join(outDir, 'datapackage.json'), JSON.stringify(dataPackage({ values: true, parquet: true }), null, 2) + '\n');
  return counts;
}
