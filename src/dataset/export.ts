/**
 * Files written from the dataset. `extract` writes reports.jsonl, values.csv and values.excel.csv;
 * `export` adds values.parquet, checks.csv, narrative.csv and datapackage.json. The records are read
 * once for all of them. Each file is written to a temporary name and renamed into place only when
 * every file is complete, so a reader never sees half a file.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { ReportRecord } from '../model/record.js';
import { CHECK_FIELDS, dataPackage, NARRATIVE_FIELDS, PROVENANCE_FIELDS, VALUE_FIELDS } from './datapackage.js';
import { LONG_COLUMNS, longRows, type LongRow } from './long.js';
import { checkRow, narrativeRows } from './rows.js';
import type { Store } from './store.js';

/** A CSV row of the named fields of a table row; empty for null. */
const csvRow = (fields: { name: string }[], row: object) => fields.map((f) => (row as Record<string, unknown>)[f.name] ?? '');

/** A file written under a temporary name: `commit` renames it into place, `abort` removes it. */
class AtomicFile {
  private readonly tmp: string;
  private readonly out: WriteStream;

  constructor(readonly file: string) {
    this.tmp = `${file}.tmp-${process.pid}`;
    this.out = createWriteStream(this.tmp);
  }

  async put(chunk: string | Uint8Array): Promise<void> {
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }

  async commit(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.out.end((e?: Error | null) => (e ? reject(e) : resolve())));
    await rename(this.tmp, this.file);
  }

  async abort(): Promise<void> {
    this.out.destroy();
    await rm(this.tmp, { force: true });
  }
}

/** Opens the files, lets `write` fill them, then renames all into place, or removes all on failure. */
async function writeAll(files: string[], write: (out: AtomicFile[]) => Promise<void>): Promise<void> {
  const out = files.map((f) => new AtomicFile(f));
  try {
    await write(out);
    for (const f of out) await f.commit();
  } catch (e) {
    await Promise.all(out.map((f) => f.abort()));
    throw e;
  }
}

/**
 * reports.jsonl, values.csv and values.excel.csv in one pass over the records; `each` sees every
 * record too, for the exports that add to these.
 */
export async function exportFiles(ds: Store, outDir: string, each?: (rec: ReportRecord) => void): Promise<{ reports: number; values: number }> {
  let reports = 0;
  let values = 0;
  const names = ['reports.jsonl', 'values.csv', 'values.excel.csv'].map((f) => join(outDir, f));
  await writeAll(names, async ([jsonl, csv, excel]) => {
    const header = stringify([[...LONG_COLUMNS]]);
    await csv.put(header);
    await excel.put('\ufeff' + header);
    for await (const rec of ds.records()) {
      await jsonl.put(JSON.stringify(ReportRecord.parse(rec)) + '\n');
      reports++;
      const rows = longRows(rec).map((r) => LONG_COLUMNS.map((c) => r[c] ?? ''));
      const text = stringify(rows);
      await csv.put(text);
      await excel.put(text);
      values += rows.length;
      each?.(rec);
    }
  });
  return { reports, values };
}

/** `nianbao export`: the basic files plus Parquet, checks.csv, narrative.csv and datapackage.json. */
export async function exportAll(ds: Store, outDir: string): Promise<{ reports: number; values: number }> {
  const rows: LongRow[] = [];
  const checks: unknown[][] = [];
  const narrative: unknown[][] = [];
  const counts = await exportFiles(ds, outDir, (rec) => {
    rows.push(...longRows(rec));
    // checks.csv has every check as the record lists it; the checks table keeps one per rule.
    for (const c of rec.checks) checks.push(csvRow(CHECK_FIELDS, checkRow(rec, c)));
    for (const n of narrativeRows(rec)) narrative.push(csvRow(NARRATIVE_FIELDS, n));
  });
  const columnData = [...VALUE_FIELDS, ...PROVENANCE_FIELDS].map((f) => ({
    name: f.name,
    data: rows.map((r) => r[f.name as keyof LongRow] ?? null),
    type: f.type === 'integer' ? ('INT32' as const) : f.type === 'number' ? ('DOUBLE' as const) : ('STRING' as const),
  }));
  const contents: [string, string | Uint8Array][] = [
    ['values.parquet', new Uint8Array(parquetWriteBuffer({ columnData }))],
    ['checks.csv', stringify([CHECK_FIELDS.map((f) => f.name), ...checks])],
    ['narrative.csv', stringify([NARRATIVE_FIELDS.map((f) => f.name), ...narrative])],
    ['datapackage.json', JSON.stringify(dataPackage({ values: true, parquet: true }), null, 2) + '\n'],
  ];
  await writeAll(
    contents.map(([f]) => join(outDir, f)),
    async (out) => {
      for (const [i, [, data]] of contents.entries()) await out[i].put(data);
    },
  );
  return counts;
}
