/**
 * Rebuilds data/gazetteer/gazetteer.json from yescallop/areacodes' result.csv.
 *
 *   npx tsx scripts/build-gazetteer.ts ../shared/data/areacodes/result.csv [out-dir]
 *
 * The output is a compact, deterministic derivative (same input -> byte-identical output) so a
 * newer result.csv shows up in review as a plain diff. Nothing is dropped: every CSV record becomes
 * one row, including retired (弃用) and renamed (变更) ones, because a report is resolved against
 * the code list *of its own year*.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

/** Column order of every row in gazetteer.json (kept in the file itself, so it is self-describing). */
export const GAZETTEER_COLUMNS = ['code', 'name', 'level', 'province', 'city', 'from', 'to', 'successors'] as const;

const LEVELS: Record<string, 'province' | 'prefecture' | 'county'> = { 省级: 'province', 地级: 'prefecture', 县级: 'county' };

type Row = [string, string, string, string, string | null, number, number | null, string[]];

export function buildRows(csvText: string): Row[] {
  const records: Record<string, string>[] = parse(csvText, { columns: true, bom: true, skip_empty_lines: true, trim: true });
  return records.map((r, i) => {
    const code = r['代码'];
    const level = LEVELS[r['级别']];
    const from = Number(r['启用时间']);
    const toRaw = r['变更/弃用时间'];
    if (!/^\d{6}$/.test(code) || !level || !Number.isInteger(from)) {
      throw new Error(`result.csv record ${i + 2} is not in the expected shape: ${JSON.stringify(r)}`);
    }
    // "直辖" = directly under the province (municipality districts, 省直辖县级市): no prefecture.
    const city = level === 'province' ? null : r['二级行政区'] === '直辖' || !r['二级行政区'] ? null : r['二级行政区'];
    const successors = r['新代码'] ? r['新代码'].split(';').map((s) => s.trim()).filter(Boolean) : [];
    return [code, r['名称'], level, r['一级行政区'], city, from, toRaw ? Number(toRaw) : null, successors];
  });
}

/** The exact text written to gazetteer.json (exported so a test can compare it with the shipped file). */
export function renderGazetteer(rows: Row[]): string {
  // One row per line: diffable, still compact (~0.5 MB).
  const body = rows.map((r) => JSON.stringify(r)).join(',\n');
  return `{"columns":${JSON.stringify(GAZETTEER_COLUMNS)},\n"rows":[\n${body}\n]}\n`;
}

function main(argv: string[]): void {
  const here = dirname(fileURLToPath(import.meta.url));
  const csvPath = resolve(argv[0] ?? join(here, '../../shared/data/areacodes/result.csv'));
  const outDir = resolve(argv[1] ?? join(here, '../data/gazetteer'));
  const rows = buildRows(readFileSync(csvPath, 'utf8'));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'gazetteer.json'), renderGazetteer(rows));
  const license = join(dirname(csvPath), 'LICENSE');
  // Written (not copied) so a read-only source file does not make the copy read-only.
  if (existsSync(license)) writeFileSync(join(outDir, 'LICENSE'), readFileSync(license));
  process.stdout.write(`gazetteer: ${rows.length} records from ${csvPath} -> ${join(outDir, 'gazetteer.json')}\n`);
}

// Run only as a script, not when a test imports buildRows.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
