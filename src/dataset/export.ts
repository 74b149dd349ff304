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
import { CORRECTIONS } from './tables.js';

/** A CSV row of the named fields of a table row; empty for null. */
const csvRow = (fields: { name: string }[], row: object) => fields.map((f) => (row as Record<string, unknown>)[f.name] ?? '');

/** A plain number as text ("-3", "-1.5", "12"): a spreadsheet reads it as the number it is, nothing to neutralise. */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * A cell of a file meant for a spreadsheet (values.excel.csv): text a spreadsheet would take for a
 * formula (starting with =, +, -, @, a tab or a carriage return) gets a leading ' so that it shows as
 * text and never runs (OWASP, "CSV injection"); plain numbers such as -3 stay as they are. values.csv
 * is never touched: it is data, byte for byte.
 */
export function excelCell<T>(cell: T): T | string {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}

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
 * values.csv's columns after the long table's: the current hand correction of the value (the
 * `corrections` table, made on the comparison page or by `nianbao correct`). `value` stays what was
 * extracted; a correction to "no number" has an empty corrected_value and a reason.
 */
export const CORRECTION_COLUMNS = ['corrected_value', 'correction_reason'] as const;

/** The descriptions of those columns, for datapackage.json, from the corrections table's. */
const CORRECTION_FIELDS = [
  { name: 'corrected_value', type: 'number', description: CORRECTIONS.columns.find((c) => c.name === 'corrected_value')!.meaning + ' (the current correction of this value; empty when there is none)' },
  { name: 'correction_reason', type: 'string', description: 'why it was corrected; empty when the value has no correction' },
];

/** Current corrections by `report_id key`. A PostgreSQL dataset opened read-only from before the table existed has none. */
async function currentCorrections(ds: Store): Promise<Map<string, { corrected_value: number | null; reason: string }>> {
  let rows: { report_id: string; key: string; corrected_value: number | null; reason: string }[];
  try {
    rows = await ds.query(`SELECT report_id, key, corrected_value, reason FROM corrections WHERE superseded_by IS NULL`);
  } catch (e) {
    const m = (e as Error).message;
    if (/corrections/.test(m) && /no such table|does not exist/.test(m)) return new Map();
    throw e;
  }
  return new Map(rows.map((r) => [`${r.report_id} ${r.key}`, r]));
}

/**
 * reports.jsonl, values.csv and values.excel.csv in one pass over the records; `each` sees every
 * record too, for the exports that add to these. values.excel.csv is values.csv with a BOM and its
 * cells neutralised for a spreadsheet (excelCell).
 */
export async function exportFiles(ds: Store, outDir: string, each?: (rec: ReportRecord) => void): Promise<{ reports: number; values: number }> {
  let reports = 0;
  let values = 0;
  const names = ['reports.jsonl', 'values.csv', 'values.excel.csv'].map((f) => join(outDir, f));
  const corrections = await currentCorrections(ds);
  await writeAll(names, async ([jsonl, csv, excel]) => {
    const header = stringify([[...LONG_COLUMNS, ...CORRECTION_COLUMNS]]);
    await csv.put(header);
    await excel.put('\ufeff' + header);
    for await (const rec of ds.records()) {
      await jsonl.put(JSON.stringify(ReportRecord.parse(rec)) + '\n');
      reports++;
      const rows = longRows(rec).map((r) => {
        const c = corrections.get(`${r.report_id} ${r.key}`);
        return [...LONG_COLUMNS.map((col) => r[col] ?? ''), c?.corrected_value ?? '', c?.reason ?? ''];
      });
      const text = stringify(rows);
      await csv.put(text);
      // Stringified again only in the rare record that has a cell to neutralise.
      const neutral = rows.map((r) => r.map(excelCell));
      await excel.put(neutral.some((r, i) => r.some((c, j) => c !== rows[i][j])) ? stringify(neutral) : text);
      values += rows.length;
      each?.(rec);
    }
  });
  return { reports, values };
}

/** values.csv in datapackage.json gets the correction columns after the long table's (values.parquet stays the extraction alone). */
function withCorrectionFields(pkg: object): object {
  const p = pkg as { resources: { name: string; schema?: { fields: object[] } }[] };
  for (const r of p.resources) if (r.name === 'values' && r.schema) r.schema.fields = [...r.schema.fields, ...CORRECTION_FIELDS];
  return pkg;
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
    ['datapackage.json', JSON.stringify(withCorrectionFields(dataPackage({ values: true, parquet: true })), null, 2) + '\n'],
  ];
  await writeAll(
    contents.map(([f]) => join(outDir, f)),
    async (out) => {
      for (const [i, [, data]] of contents.entries()) await out[i].put(data);
    },
  );
  return counts;
}
