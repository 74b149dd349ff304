import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/dataset/sqlite.js';
import { processFile } from '../src/pipeline/process.js';
import { crossYearCarry } from '../src/dataset/cross-year.js';

describe('cross_year.carry', () => {
  it('compares carried forward in Y with carried over in Y+1 for the same issuer, column by column', async () => {
    const ds = new SqliteStore(join(mkdtempSync(join(tmpdir(), 'nianbao-xy-')), 'nianbao.sqlite'));
    const y2020 = await processFile('corpus/real/changle_2020.txt');
    // changle 2020 carried 0 forward in every column; a 2021 report of the same issuer claiming 1 carried over (自然人, 总计).
    const y2021 = structuredClone(y2020);
    y2021.year = 2021;
    y2021.source = { ...y2021.source, path: 'changle_2021.txt', sha256: 'f'.repeat(64) };
    y2021.values['requests.carried_over.natural_person'] = 1;
    y2021.values['requests.carried_over.total'] = 1;
    // Another issuer in 2021 must not be compared with changle.
    const other = structuredClone(y2021);
    other.issuer = { ...other.issuer, name: '寿光市人民政府', region_code: '370783' };
    other.source = { ...other.source, path: 'shouguang_2021.txt', sha256: 'e'.repeat(64) };
    for (const r of [y2020, y2021, other]) await ds.put(r);

    const checks = await crossYearCarry(ds);
    await ds.close();
    expect(checks).toHaveLength(7);
    expect(checks.every((c) => c.issuer === '昌乐县人民政府' && c.year === 2020)).toBe(true);
    const failed = checks.filter((c) => c.status === 'fail');
    expect(failed.map((c) => [c.column, c.carried_forward, c.next_carried_over])).toEqual([
      ['natural_person', 0, 1],
      ['total', 0, 1],
    ]);
  });
});
