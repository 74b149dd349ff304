/**
 * Real crawler dumps of one portal's reports (corpus/real/portal-dumps, see its SOURCES.md): the whole
 * body on one line, tables flattened, digits glued. Scored against values typed by eye, with the
 * targets of the issue: at least 90% of cells right, at most 0.5% wrong, and no wrong or missing
 * value without a mark (a failed check, an unreadable cell or an error about its row).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadExpected, type Expected } from '../src/evaluate/compare.js';
import type { ReportRecord } from '../src/model/record.js';
import { processBytes } from '../src/pipeline/process.js';

const DIR = 'corpus/real/portal-dumps';
const files = readdirSync(DIR).filter((f) => f.endsWith('.expected.json')).sort();
const docs: { exp: Expected; rec: ReportRecord }[] = [];

beforeAll(async () => {
  for (const f of files) {
    const exp = loadExpected(join(DIR, f));
    docs.push({ exp, rec: await processBytes(new Uint8Array(readFileSync(join(DIR, exp.file))), join(DIR, exp.file)) });
  }
}, 120_000);

type Outcome = 'right' | 'wrong' | 'missed';

function outcomes({ exp, rec }: { exp: Expected; rec: ReportRecord }): { key: string; outcome: Outcome; marked: boolean }[] {
  const status = new Map(rec.cells.map((c) => [c.key, c.status]));
  const failedKeys = new Set(rec.checks.filter((c) => c.status === 'fail').flatMap((c) => c.detail.split(/[^\w.]+/)));
  const errorRows = rec.issues.filter((m) => m.level === 'error' && m.key).map((m) => m.key!);
  const anyFailed = rec.checks.some((c) => c.status === 'fail');
  return Object.entries(exp.values ?? {}).map(([key, want]) => {
    const got = rec.values[key] ?? null;
    const undetermined = key in (exp.undetermined ?? {});
    const outcome: Outcome =
      undetermined ? (got === null ? 'right' : 'wrong') : got === want || (got !== null && want !== null && Math.abs(got - want) < 1e-6) ? 'right' : got === null ? 'missed' : 'wrong';
    const marked = status.get(key) === 'unreadable' || errorRows.some((r) => key === r || key.startsWith(`${r}.`)) || failedKeys.has(key) || anyFailed;
    return { key, outcome, marked };
  });
}

describe('real portal dumps (one-line bodies, glued digits)', () => {
  it('reads at least 90% of the cells right and at most 0.5% wrong, every miss and every wrong value marked', () => {
    const all = docs.flatMap((d) => outcomes(d).map((o) => ({ ...o, file: d.exp.file })));
    const n = (o: Outcome) => all.filter((x) => x.outcome === o).length;
    expect(all.length).toBeGreaterThan(4500);
    expect(n('right') / all.length).toBeGreaterThanOrEqual(0.9);
    expect(n('wrong') / all.length).toBeLessThanOrEqual(0.005);
    expect(all.filter((x) => x.outcome !== 'right' && !x.marked).map((x) => `${x.file} ${x.key}`)).toEqual([]);
  });

  it.each(files.map((f) => [f]))('%s: year, template, issuer and the checks the document itself fails', (f) => {
    const { exp, rec } = docs.find((d) => `${d.exp.file.replace(/\.\w+$/, '')}.expected.json` === f)!;
    expect(rec.year).toBe(exp.year);
    expect(rec.template).toBe(exp.template);
    expect(rec.issuer.name).toBe(exp.issuer?.name);
    const failing = rec.checks.filter((c) => c.status === 'fail' && c.severity !== 'warning').map((c) => c.rule).sort();
    expect(failing).toEqual([...(exp.failing_checks ?? [])].sort());
    // Every value the digits alone settle is right: what is not right is left without a number.
    for (const o of outcomes({ exp, rec })) expect(o.outcome === 'wrong' ? `${o.key} wrong` : 'ok').toBe('ok');
  });

  it('keeps the page address from the crawler header in the record', () => {
    const { rec } = docs.find((d) => d.exp.file.startsWith('013_'))!;
    expect(rec.source.url).toBe('https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/ptzhsyqhzs/zfxxgknb/202301/t20230109_80621.htm');
    expect(rec.source.published).toBe('2023-01-09 16:22');
  });
});
